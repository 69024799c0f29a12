#include "data_dir.h"

#include <filesystem>
#include <system_error>

// The install layout's data folder relative to its binary folder, set by CMake
// from GNUInstallDirs (harness/CMakeLists.txt); relative on purpose.
#ifndef TRAILPROOF_DATA_FROM_BIN
#define TRAILPROOF_DATA_FROM_BIN "../share/trailproof"
#endif

namespace trailproof::harness {

namespace fs = std::filesystem;

std::optional<std::string> data_dir_of(const std::string& executable) {
    std::error_code ec;
    // The real file: a symlink to the binary (/usr/local/bin/trailproof -> ...)
    // still finds the data beside the install it points into.
    fs::path exe = fs::canonical(executable, ec);
    if (ec) return std::nullopt;
    fs::path dir = (exe.parent_path() / TRAILPROOF_DATA_FROM_BIN).lexically_normal();
    if (!fs::is_directory(dir / "content", ec)) return std::nullopt;
    return dir.string();
}

std::optional<std::string> installed_data_dir() { return data_dir_of("/proc/self/exe"); }

} // namespace trailproof::harness
