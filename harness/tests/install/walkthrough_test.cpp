// README.md "Your first rule": the commands of the block marked
// `<!-- walkthrough -->`, exactly as written, run one after another in one shell
// with HOME in a temporary folder (so `~/.local` and `~/detections` are the
// test's) from a folder whose `build` is this build tree. Each must succeed, and
// the rule must validate, fire in explain and pass replay.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "install_run.h"

using namespace trailproof::harness::test;
namespace fs = std::filesystem;

namespace {

// The shell commands of the walkthrough block: a line, with the lines it continues
// onto (a trailing backslash) and a here-document's body; comment lines dropped.
std::vector<std::string> walkthrough_commands(const std::string& readme) {
    const std::string_view open = "<!-- walkthrough -->\n```sh\n";
    const auto start = readme.find(open);
    BOOST_TEST_REQUIRE(start != std::string::npos, "README.md has no '<!-- walkthrough -->' ```sh block");
    const auto body = start + open.size();
    const auto end = readme.find("\n```\n", body);
    BOOST_TEST_REQUIRE(end != std::string::npos);
    std::vector<std::string> lines;
    std::string_view text = std::string_view(readme).substr(body, end + 1 - body);
    while (!text.empty()) {
        const auto nl = text.find('\n');
        lines.emplace_back(text.substr(0, nl));
        text.remove_prefix(nl + 1);
    }
    std::vector<std::string> commands;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (lines[i].empty() || lines[i].starts_with("#")) continue;
        std::string command = lines[i];
        while (command.ends_with("\\") && i + 1 < lines.size()) command += "\n" + lines[++i];
        if (command.find("<<'EOF'") != std::string::npos) {
            while (i + 1 < lines.size() && lines[i] != "EOF") command += "\n" + lines[++i];
            BOOST_TEST_REQUIRE(lines[i] == "EOF", "unterminated here-document in: " << command);
        }
        commands.push_back(command);
    }
    return commands;
}

struct Step {
    std::string command;
    std::string out;
};

} // namespace

BOOST_AUTO_TEST_SUITE(readme_walkthrough)

BOOST_AUTO_TEST_CASE(every_command_of_the_walkthrough_succeeds) {
    const std::vector<std::string> commands = walkthrough_commands(slurp(k_source_root + "/README.md"));
    // install, new-rule, edit, validate, explain, replay: in that order.
    std::vector<std::string> trailproof;
    for (const auto& c : commands)
        if (c.starts_with("trailproof ")) trailproof.push_back(c.substr(0, c.find(' ', 11)));
    BOOST_TEST(commands.front().starts_with("cmake --install build --prefix ~/.local"), commands.front());
    BOOST_TEST(trailproof == (std::vector<std::string>{"trailproof new-rule", "trailproof validate",
                                                       "trailproof explain", "trailproof replay"}),
               boost::test_tools::per_element());

    TempTree dir("walkthrough");
    fs::create_directories(dir.path("home"));
    fs::create_directories(dir.path("checkout"));
    fs::create_directory_symlink(TRAILPROOF_BUILD_DIR, dir.path("checkout/build"));
    // One shell, so `export` and `cd` carry over; a marker line before each command
    // splits the output, and the first failing command stops the run with its index.
    std::string script = "set -o pipefail\n";
    for (std::size_t i = 0; i < commands.size(); ++i) {
        script += "echo '@@@ " + std::to_string(i) + "'\n" + commands[i] + "\n";
        script += "rc=$?; if [ $rc -ne 0 ]; then echo \"@@@ failed " + std::to_string(i) +
                  " with exit $rc\" >&2; exit $rc; fi\n";
    }
    const ShellRun r = run_shell(script, dir.path("checkout"), "/nonexistent", dir.path("home"));
    BOOST_TEST_REQUIRE(r.code == 0, r.err << "\n" << r.out);
    BOOST_TEST(r.err.empty(), r.err);

    std::vector<Step> steps;
    std::string_view out = r.out;
    for (std::size_t i = 0; i < commands.size(); ++i) {
        const std::string marker = "@@@ " + std::to_string(i) + "\n";
        const std::string next = "@@@ " + std::to_string(i + 1) + "\n";
        const auto at = out.find(marker);
        BOOST_TEST_REQUIRE(at != std::string::npos, marker);
        const auto stop = out.find(next, at);
        steps.push_back({commands[i], std::string(out.substr(at + marker.size(), stop - at - marker.size()))});
    }
    for (const Step& step : steps) {
        if (step.command.starts_with("cmake --install"))
            BOOST_TEST(fs::is_regular_file(dir.path("home/.local/bin/trailproof")));
        if (step.command.starts_with("trailproof new-rule")) {
            BOOST_TEST(step.out.starts_with("rule "), step.out);
            BOOST_TEST(step.out.ends_with("  content/mypack/rules/access-key-created-for-root.yml\n"
                                          "  fixtures/mypack/access-key-created-for-root.yml (scenarios "
                                          "access-key-created-for-root-fires, access-key-created-for-root-near-miss)\n"
                                          "Fill in the TODOs; until then validate and replay fail.\n"),
                       step.out);
        }
        if (step.command.starts_with("trailproof validate"))
            BOOST_TEST(step.out.ends_with("  0 errors, 0 warnings\n\nvalidate: 1 pack, 0 errors, 0 warnings\n"),
                       step.out);
        if (step.command.starts_with("trailproof explain")) {
            BOOST_TEST(step.out.find("(Access key created for root): FIRES\n"
                                     "    selection: matched\n"
                                     "      yes eventSource: iam.amazonaws.com  <- event: iam.amazonaws.com\n"
                                     "      yes eventName: CreateAccessKey  <- event: CreateAccessKey\n"
                                     "      yes userIdentity.type: Root  <- event: Root\n") != std::string::npos,
                       step.out);
        }
        if (step.command.starts_with("trailproof replay"))
            BOOST_TEST(step.out ==
                           "pack                              rules +/-/all   models   parsers   baseline  "
                           "scenarios ok/fail  result\n"
                           "mypack                            1/1/1           0/0      0/0       0         "
                           "3/0                PASS\n",
                       step.out);
    }
}

BOOST_AUTO_TEST_SUITE_END()
