#pragma once
// `--state FILE`: load a ModelState before a run, save it after.
//
// Saving is atomic: the bytes go to a temporary file in the same folder, which is
// fsynced, renamed over FILE, and the folder fsynced. A crash or failure at any
// point leaves the previous FILE as it was (a stray temporary file at worst).
// Loading never returns a silently empty state: an empty, truncated, damaged,
// foreign or wrong-version file is an error naming the file.

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "models/model_state.h"
#include "state/state_result.h"

namespace trailproof::state {

struct SaveOptions {
    // Fault injection for tests: once `fault_after_bytes` bytes of the temporary
    // file are written, `fault` runs; when it returns false the write fails there,
    // as a full disk would. (A test may also kill the process inside `fault`.)
    std::size_t fault_after_bytes = SIZE_MAX;
    std::function<bool()> fault;
};

// Saves `state` to `path` atomically. On failure the message names `path` and
// the step that failed, and the old file (if any) is unchanged.
[[nodiscard]] StateResult save_state(const models::ModelState& state, const std::string& path,
                                     const SaveOptions& options = {});

// Replaces `state` with the content of `path`. On any error `state` is left
// empty (cleared) and the result names the file and the problem; Missing means
// the file does not exist (a first run may start fresh). Dropped models and
// session values (content changed since the save) are listed in `notes`.
[[nodiscard]] StateResult load_state(models::ModelState& state, const std::string& path);

// Writes `bytes` to `path` atomically (temporary file, fsync, rename, fsync of
// the folder); the building block of save_state and of run-state bundles.
[[nodiscard]] StateResult write_state_file(std::string_view bytes, const std::string& path,
                                           const SaveOptions& options = {});
// Reads the whole of `path`; Missing when it does not exist.
[[nodiscard]] StateResult read_state_file(const std::string& path, std::string& bytes);

// The same in memory: the file bytes for `state`, and loading from bytes
// (`name` prefixes messages).
[[nodiscard]] std::string encode_state(const models::ModelState& state);
[[nodiscard]] StateResult decode_state(std::string_view bytes, std::string_view name, models::ModelState& state);

} // namespace trailproof::state
