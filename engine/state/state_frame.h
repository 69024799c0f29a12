#pragma once
// The 24-byte frame both state files put around their payload (the model
// state "TPST", the bundle of stage sections "TPRB"): 4-byte magic, u32
// version, u64 payload length, u32 CRC-32 of the payload, u32 reserved (0),
// then the payload. Each decoder checks the frame itself, with its own messages.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace trailproof::state {

inline constexpr std::size_t k_frame_header_size = 24;

// `payload` framed: the file's whole bytes. `magic` is 4 bytes.
[[nodiscard]] std::string frame_payload(std::string_view magic, std::uint32_t version, std::string_view payload);

} // namespace trailproof::state
