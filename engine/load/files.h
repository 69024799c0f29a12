#pragma once
// Small file helpers shared by the content loader, the validator and replay.

#include <string>
#include <vector>

namespace trailproof::load {

// Reads the whole file; false when it cannot be opened.
[[nodiscard]] bool read_file(const std::string& path, std::string& out);
// Every *.yml / *.yaml file below `dir` (recursive), sorted by path; empty when `dir` is no folder.
[[nodiscard]] std::vector<std::string> yaml_files_below(const std::string& dir);

} // namespace trailproof::load
