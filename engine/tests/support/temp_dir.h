#pragma once
// A fresh folder in the temp directory (mkdtemp: unique per process and call),
// removed with everything in it when the test's object goes away.

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

namespace trailproof::test {

class TempDir {
public:
    // `prefix` names the folder: <temp>/<prefix>-XXXXXX.
    explicit TempDir(std::string_view prefix) {
        std::string templ = (std::filesystem::temp_directory_path() / (std::string(prefix) + "-XXXXXX")).string();
        if (!::mkdtemp(templ.data())) throw std::runtime_error("mkdtemp " + templ);
        m_path = templ;
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }

    [[nodiscard]] const std::filesystem::path& path() const noexcept { return m_path; }

private:
    std::filesystem::path m_path;
};

} // namespace trailproof::test
