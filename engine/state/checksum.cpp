#include "state/checksum.h"

#include <zlib.h>

#include <algorithm>

namespace trailproof::state {

std::uint32_t crc32(std::string_view bytes) noexcept {
    uLong crc = ::crc32(0L, Z_NULL, 0);
    // zlib takes uInt lengths: feed it in chunks below 4 GiB.
    constexpr std::size_t k_chunk = 1u << 30;
    for (std::size_t at = 0; at < bytes.size(); at += k_chunk) {
        const std::size_t n = std::min(k_chunk, bytes.size() - at);
        crc = ::crc32(crc, reinterpret_cast<const Bytef*>(bytes.data() + at), static_cast<uInt>(n));
    }
    return static_cast<std::uint32_t>(crc);
}

} // namespace trailproof::state
