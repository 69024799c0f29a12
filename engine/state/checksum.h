#pragma once
// The state file's payload checksum: CRC-32 (IEEE 802.3, as zlib and gzip
// compute it). It catches every single-bit flip and every burst up to 32 bits,
// which is what a torn or damaged file looks like.

#include <cstdint>
#include <string_view>

namespace trailproof::state {

[[nodiscard]] std::uint32_t crc32(std::string_view bytes) noexcept;

} // namespace trailproof::state
