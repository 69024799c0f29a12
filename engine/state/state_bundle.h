#pragma once
// `--state FILE` for a whole run: one file holding named sections, each the
// self-checked bytes of one component (a pack's model state "models/<pack>", a
// pack's correlation windows "correlate/<pack>"). Layout (little-endian):
//
//   0   4  magic "TPRB"        4   4  u32 version (1)
//   8   8  u64 payload length  16  4  u32 CRC-32 of the payload   20  4  reserved 0
//   24  .. payload: u32 section count, then per section
//          u32 name length, name bytes, u64 length, bytes
//
// Written atomically (write_state_file); every damaged form is an error naming
// the file, never an empty state.

#include <string>
#include <string_view>
#include <vector>

#include "state/state_file.h"
#include "state/state_result.h"

namespace trailproof::state {

struct StateSection {
    std::string name;
    std::string bytes;
};

[[nodiscard]] std::string encode_bundle(const std::vector<StateSection>& sections);
// Replaces `out` with the sections of `bytes`; `name` (the file) prefixes messages.
[[nodiscard]] StateResult decode_bundle(std::string_view bytes, std::string_view name, std::vector<StateSection>& out);

[[nodiscard]] StateResult save_bundle(const std::vector<StateSection>& sections, const std::string& path,
                                      const SaveOptions& options = {});
[[nodiscard]] StateResult load_bundle(const std::string& path, std::vector<StateSection>& out);

} // namespace trailproof::state
