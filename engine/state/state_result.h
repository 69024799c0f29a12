#pragma once
// Outcome of loading or saving a state file: a stable code plus one message
// that names the file. The CLI prints the message and exits 2 on any code but
// Ok (and may start fresh on Missing, the first run).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace trailproof::state {

// Stable codes; never renumber or reuse one. Ids are in core/diagnostic_codes.h.
enum class StateCode : std::uint8_t {
    Ok = 0,
    Missing,          // state.missing: the file does not exist
    Unreadable,       // state.unreadable: it exists but cannot be read
    Empty,            // state.empty: zero bytes
    NotState,         // state.not_state: no TPST header
    WrongVersion,     // state.wrong_version
    Truncated,        // state.truncated: shorter than its header says
    ChecksumMismatch, // state.checksum: the payload does not match its CRC-32
    Corrupt,          // state.corrupt: well-formed checksum, malformed content
    WriteFailed,      // state.write_failed: the save failed; the previous file is untouched
};

// "state.truncated", ... (codes::state_*)
[[nodiscard]] std::string_view state_code_id(StateCode code) noexcept;

struct StateResult {
    StateCode code = StateCode::Ok;
    std::string message;            // "<file>: ...", empty when Ok
    std::vector<std::string> notes; // load: models or session values dropped because content changed

    [[nodiscard]] bool ok() const noexcept { return code == StateCode::Ok; }
};

} // namespace trailproof::state
