#include "changed_scenarios.h"

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <filesystem>
#include <sys/wait.h>
#include <unistd.h>

namespace trailproof::harness {

namespace fs = std::filesystem;

namespace {

// Runs `argv` (no shell) and collects its stdout; stderr goes to /dev/null.
// Returns the exit status, or -1 when it could not run.
int run_capture(const std::vector<std::string>& argv, std::string& out) {
    int pipe_fds[2];
    if (::pipe(pipe_fds) != 0) return -1;
    const pid_t pid = ::fork();
    if (pid < 0) {
        ::close(pipe_fds[0]);
        ::close(pipe_fds[1]);
        return -1;
    }
    if (pid == 0) {
        ::dup2(pipe_fds[1], STDOUT_FILENO);
        const int null_fd = ::open("/dev/null", O_RDWR);
        if (null_fd >= 0) {
            ::dup2(null_fd, STDERR_FILENO);
            ::dup2(null_fd, STDIN_FILENO);
        }
        ::close(pipe_fds[0]);
        std::vector<char*> args;
        for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        ::execvp(args[0], args.data());
        ::_exit(127);
    }
    ::close(pipe_fds[1]);
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::read(pipe_fds[0], buffer, sizeof buffer);
        if (n > 0) out.append(buffer, static_cast<std::size_t>(n));
        else if (n == 0 || errno != EINTR) break;
    }
    ::close(pipe_fds[0]);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        if (end > start) out.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

bool is_under(const std::string& file, const std::string& dir) {
    if (dir.empty()) return false;
    return file.size() > dir.size() && file.compare(0, dir.size(), dir) == 0 && file[dir.size()] == '/';
}

} // namespace

std::string normal_path(const std::string& path) {
    std::error_code ec;
    fs::path p = fs::weakly_canonical(fs::absolute(path, ec), ec);
    if (ec) p = fs::absolute(path, ec).lexically_normal();
    std::string out = p.string();
    while (out.size() > 1 && out.back() == '/') out.pop_back();
    return out;
}

ChangedFiles git_changed_files(const std::string& dir, const std::string& rev) {
    ChangedFiles out;
    std::string top;
    const std::string git_dir = dir.empty() ? "." : dir;
    const int found = run_capture({"git", "-C", git_dir, "rev-parse", "--show-toplevel"}, top);
    if (found < 0 || found == 127) {
        out.error = "cannot run git";
        return out;
    }
    if (found != 0 || lines_of(top).empty()) {
        out.error = git_dir + " is not in a git repository";
        return out;
    }
    const std::string root = lines_of(top).front();
    std::string ignored;
    // "--end-of-options" keeps a revision starting with '-' from reading as an option.
    if (run_capture({"git", "-C", root, "rev-parse", "--verify", "--quiet", "--end-of-options", rev + "^{commit}"},
                    ignored) != 0) {
        out.error = "git does not know revision '" + rev + "'";
        return out;
    }
    std::string diff, untracked;
    if (run_capture({"git", "-C", root, "diff", "--name-only", "--no-renames", rev, "--"}, diff) != 0 ||
        run_capture({"git", "-C", root, "ls-files", "--others", "--exclude-standard"}, untracked) != 0) {
        out.error = "git diff --name-only " + rev + " failed";
        return out;
    }
    for (const std::string* list : {&diff, &untracked})
        for (const auto& name : lines_of(*list)) out.files.push_back(normal_path(root + "/" + name));
    std::sort(out.files.begin(), out.files.end());
    out.files.erase(std::unique(out.files.begin(), out.files.end()), out.files.end());
    out.ok = true;
    return out;
}

std::set<std::pair<std::string, int>> affected_scenarios(const load::Content& content,
                                                         const std::vector<Scenario>& scenarios,
                                                         const std::vector<std::string>& changed,
                                                         const std::string& fixtures_dir) {
    const std::set<std::string> files(changed.begin(), changed.end());
    auto changed_file = [&](const std::string& file) { return !file.empty() && files.count(normal_path(file)) > 0; };

    std::set<std::string> whole_packs;                      // pack ids
    std::set<std::pair<std::string, std::string>> ids;      // (pack, rule or model id)
    for (const auto& pack_ptr : content.packs) {
        const load::CompiledPack& pack = *pack_ptr;
        const load::PackInfo& info = pack.info;
        const std::string dir = normal_path(info.dir);
        bool whole = changed_file(info.dir + "/pack.yml");
        for (const auto& f : info.parser_files) whole = whole || changed_file(f);
        if (!info.context_dir.empty()) {
            const std::string context = normal_path(info.context_dir);
            for (const auto& f : files) whole = whole || is_under(f, context);
        }
        if (whole) {
            whole_packs.insert(info.id);
            continue;
        }
        std::set<std::string> models;
        for (std::uint32_t m = 0; m < pack.models.size(); ++m)
            if (changed_file(pack.models.model(m).file)) {
                models.insert(pack.models.model(m).id);
                ids.emplace(info.id, pack.models.model(m).id);
            }
        std::set<std::string> rules;
        for (std::uint32_t r = 0; r < pack.rules.size(); ++r) {
            const auto& meta = pack.rules.meta(r);
            if (changed_file(meta.file) || (!meta.model_ref.empty() && models.count(meta.model_ref)))
                rules.insert(meta.id);
        }
        for (const auto& c : pack.rules.correlations()) {
            bool hit = changed_file(c.file);
            for (const auto& r : c.rules) hit = hit || rules.count(r);
            if (hit) rules.insert(c.id);
        }
        for (const auto& r : rules) ids.emplace(info.id, r);
    }
    const bool everything = changed_file(fixtures_dir + "/replay.yml");

    std::set<std::pair<std::string, int>> out;
    for (const auto& s : scenarios) {
        bool hit = everything || whole_packs.count(s.pack) || changed_file(s.file);
        for (const auto& ref : s.references)
            hit = hit || ((ref.kind == "rule" || ref.kind == "model") && ids.count({s.pack, ref.id}));
        if (hit) out.emplace(s.file, s.line);
    }
    return out;
}

} // namespace trailproof::harness
