#pragma once
// The 24-byte frame both state files put around their payload (the model
// state "TPST", the bundle of stage sections "TPRB"): 4-byte magic, u32
// version, u64 payload length, u32 CRC-32 of the payload, u32 reserved (0),
// then the payload. Both decoders check the frame through read_frame, so both
// files fail with the same messages (engine/state/README.md lists them).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "state/state_result.h"

namespace trailproof::state {

inline constexpr std::size_t k_frame_header_size = 24;

// `payload` framed: the file's whole bytes. `magic` is 4 bytes.
[[nodiscard]] std::string frame_payload(std::string_view magic, std::uint32_t version, std::string_view payload);

// Checks every byte of the frame of `bytes` (magic, version, payload length
// against the file size, reserved bytes zero, CRC-32) and points `payload` into
// `bytes`. On failure the result names `name` and what is wrong, with the
// messages of engine/state/README.md.
[[nodiscard]] StateResult read_frame(std::string_view bytes, std::string_view magic, std::uint32_t version,
                                     std::string_view name, std::string_view& payload);

} // namespace trailproof::state
