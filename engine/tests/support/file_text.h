#pragma once
// A whole file's bytes, for tests that compare outputs and saved state files.

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace trailproof::test {

inline std::string file_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

} // namespace trailproof::test
