#pragma once
// The state file format, version 4 (all integers little-endian):
//
//   offset  size  field
//   0       4     magic "TPST"
//   4       4     u32 format version (4; README.md lists what each version added)
//   8       8     u64 payload length in bytes
//   16      4     u32 CRC-32 of the payload
//   20      4     u32 reserved, 0
//   24      ...   payload: sections, each {u32 kind, u64 length, length bytes}
//
// The payload holds the ten sections of a models::StateImage, each exactly once
// and in this order: strings, models, entities, values, users, sessions,
// alerts, sets, refs, new_counts. A section is a u64 record count followed by
// fixed-size records (strings: u32 length + bytes). Strings are stored, not
// ids, so a reload re-interns them.

#include <string>
#include <string_view>

#include "models/state_image.h"
#include "state/state_frame.h"
#include "state/state_result.h"

namespace trailproof::state {

inline constexpr std::string_view k_state_magic = "TPST";
// 3: per (entity, model) distinct days; 4: a model record says whether its values carry times
inline constexpr std::uint32_t k_state_version = 4;
inline constexpr std::size_t k_state_header_size = k_frame_header_size;

// The whole file for `image`.
[[nodiscard]] std::string encode_image(const models::StateImage& image);

// Parses a whole file into `image` (views into `bytes`). `name` prefixes messages.
[[nodiscard]] StateResult decode_image(std::string_view bytes, std::string_view name, models::StateImage& image);

} // namespace trailproof::state
