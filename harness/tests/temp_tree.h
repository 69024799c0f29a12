#pragma once
// A folder of files in the temp directory for a test (a content folder, a
// fixtures folder, a git repository), removed at the end of the test.

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace trailproof::harness::test {

class TempTree {
public:
    explicit TempTree(const std::string& name) {
        static int counter = 0;
        m_root = std::filesystem::temp_directory_path() /
                 ("tp_" + name + "_" + std::to_string(::getpid()) + "_" + std::to_string(++counter));
        std::filesystem::remove_all(m_root);
        std::filesystem::create_directories(m_root);
    }
    TempTree(const TempTree&) = delete;
    TempTree& operator=(const TempTree&) = delete;
    ~TempTree() {
        std::error_code ec;
        std::filesystem::remove_all(m_root, ec);
    }

    void write(const std::string& path, const std::string& text) const {
        const std::filesystem::path file = m_root / path;
        std::filesystem::create_directories(file.parent_path());
        std::ofstream(file, std::ios::binary) << text;
    }
    [[nodiscard]] std::string path(const std::string& relative = "") const {
        return relative.empty() ? m_root.string() : (m_root / relative).string();
    }

private:
    std::filesystem::path m_root;
};

} // namespace trailproof::harness::test
