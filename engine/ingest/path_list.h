#pragma once
// Expanding a directory input into the files it holds.

#include <filesystem>
#include <string>
#include <vector>

namespace trailproof::ingest {

struct ListedPath {
    std::filesystem::path path;
    std::string error;     // set when this directory could not be listed, or for a dangling link
    bool dangling = false; // a symbolic link whose target does not exist (error says where it points)
};

// The regular files under `dir`, recursively, sorted by path element by element (a
// depth-first walk with every folder's entries in byte order), so runs are
// deterministic. Symlinks to files are listed; symlinked directories are not followed
// (no cycles). A directory that cannot be listed is returned with its error, in its place;
// so is a symbolic link whose target does not exist (dangling), never skipped silently.
[[nodiscard]] std::vector<ListedPath> list_files(const std::filesystem::path& dir);

} // namespace trailproof::ingest
