#pragma once
// Runs the real `trailproof` binary for the end-to-end tests: in a folder (the
// source root by default, so paths and origins are repo-relative), with stdin
// from a file, capturing exit code, stdout and stderr. Each test process writes
// its captures to its own temp folder.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace trailproof::harness::test {

inline const std::string k_source_root = TRAILPROOF_SOURCE_DIR;

struct Run {
    int code = -1;
    std::string out;
    std::string err;
};

inline std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// The shell command that runs `trailproof ARGS` in `cwd` with `prefix` before it,
// stdin from `stdin_file`, stdout and stderr to files. Sets the one fixed
// detection time of every CLI run of the tests (detect writes it in each alert;
// by default it is the wall clock), so runs compare byte for byte; a test of the
// default clears it in `prefix` ("TRAILPROOF_DETECTED_AT= ").
inline std::string cli_command(const std::string& args, const std::string& stdin_file, const std::string& stdout_file,
                               const std::string& stderr_file, const std::string& cwd = k_source_root,
                               const std::string& prefix = "") {
    ::setenv("TRAILPROOF_DETECTED_AT", "2024-03-02T00:00:00Z", 0);
    return "cd '" + cwd + "' && " + prefix + "'" + std::string(TRAILPROOF_CLI) + "' " + args + " <'" + stdin_file +
           "' >'" + stdout_file + "' 2>'" + stderr_file + "'";
}

// `args` is shell text (quote paths with spaces yourself). `prefix` goes before
// the command in the shell (limits, `exec`); `stdout_file` replaces the captured
// stdout (Run::out is then empty).
inline Run run_cli(const std::string& args, const std::string& stdin_file = "/dev/null",
                   const std::string& cwd = k_source_root, const std::string& prefix = "",
                   const std::string& stdout_file = "") {
    const std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("tp_cli_run_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::filesystem::path out = dir / "out", err = dir / "err";
    std::filesystem::remove(out);
    const std::string cmd =
        cli_command(args, stdin_file, stdout_file.empty() ? out.string() : stdout_file, err.string(), cwd, prefix);
    const int status = std::system(cmd.c_str());
    Run r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
}

} // namespace trailproof::harness::test
