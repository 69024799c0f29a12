#pragma once
// What the install tests share: one `cmake --install` of the build tree into a
// temporary prefix (made once per test process, removed at exit), a sample
// content repository outside the source tree, and a runner for shell text with
// the installed `trailproof` first on PATH.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

#include "../cli_run.h"
#include "../temp_tree.h"

namespace trailproof::harness::test {

struct ShellRun {
    int code = -1;
    std::string out;
    std::string err;
};

// Runs `script` with bash in `cwd`, HOME set to `home` when given (so `~` stays
// inside the test's folder), `bin_dir` first on PATH.
inline ShellRun run_shell(const std::string& script, const std::string& cwd, const std::string& bin_dir,
                          const std::string& home = "") {
    static int counter = 0;
    const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                      ("tp_install_run_" + std::to_string(::getpid()) + "_" + std::to_string(++counter));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "script.sh", std::ios::binary) << script;
    std::string cmd = "cd '" + cwd + "' && PATH='" + bin_dir + "':\"$PATH\" ";
    if (!home.empty()) cmd += "HOME='" + home + "' ";
    cmd += "bash '" + (dir / "script.sh").string() + "' </dev/null >'" + (dir / "out").string() + "' 2>'" +
           (dir / "err").string() + "'";
    const int status = std::system(cmd.c_str());
    ShellRun r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = slurp(dir / "out");
    r.err = slurp(dir / "err");
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    return r;
}

// The build tree installed into a temporary prefix, once per process.
class Installed {
public:
    static const Installed& get() {
        static const Installed installed;
        return installed;
    }
    [[nodiscard]] std::string prefix() const { return m_tree.path("prefix"); }
    [[nodiscard]] std::string bin() const { return m_tree.path("prefix/bin"); }
    [[nodiscard]] const std::string& install_output() const { return m_log; }
    [[nodiscard]] bool ok() const { return m_ok; }

private:
    Installed() : m_tree("install") {
        const ShellRun r = run_shell("'" + std::string(TRAILPROOF_CMAKE) + "' --install '" +
                                         std::string(TRAILPROOF_BUILD_DIR) + "' --prefix '" + prefix() + "'\n",
                                     m_tree.path(), "/nonexistent");
        m_ok = r.code == 0;
        m_log = r.out + r.err;
    }
    TempTree m_tree;
    bool m_ok = false;
    std::string m_log;
};

// A content repository as a detection team keeps one, outside the source tree:
// content/sample (a copy of the bundled pack, no ATT&CK or AWS tables beside
// it) and fixtures/sample (its scenarios plus a small benign baseline).
inline void write_sample_repo(const TempTree& repo) {
    namespace fs = std::filesystem;
    fs::create_directories(repo.path("content"));
    fs::copy(k_source_root + "/content/sample", repo.path("content/sample"), fs::copy_options::recursive);
    repo.write("fixtures/sample/sample.yml", slurp(k_source_root + "/fixtures/sample/scenarios/sample.yml"));
    repo.write("fixtures/sample/baseline.yml",
               "pack: sample\n"
               "scenarios:\n"
               "  - name: benign-baseline\n"
               "    kind: baseline\n"
               "    events:\n"
               "      - {eventVersion: \"1.08\", eventSource: s3.amazonaws.com, eventName: ListBuckets,\n"
               "         awsRegion: us-east-1, eventTime: \"2024-05-01T09:00:00Z\", sourceIPAddress: 198.51.100.10,\n"
               "         userIdentity: {type: IAMUser, arn: \"arn:aws:iam::111122223333:user/alice\",\n"
               "                        accountId: \"111122223333\", userName: alice}}\n"
               "    expect:\n"
               "      alerts: []\n");
}

} // namespace trailproof::harness::test
