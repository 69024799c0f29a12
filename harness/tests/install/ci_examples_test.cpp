// ci/examples/: the GitHub Actions workflow and the GitLab CI job parse (through
// engine/yaml, as all YAML here), their reports are wired to the right files
// (upload-sarif reads what validate --sarif writes, the junit report is what
// replay --junit writes), and their trailproof commands, run as written with the
// installed binary in a sample content repository, pass on good content and fail
// on a broken rule, a broken scenario and a content warning.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "install_run.h"
#include "yaml/yaml_tree.h"

using namespace trailproof::harness::test;
using trailproof::yaml::YamlEntry;
using trailproof::yaml::YamlKind;
using trailproof::yaml::YamlNode;
namespace fs = std::filesystem;

namespace {

YamlNode read_example(const std::string& name) {
    const std::string text = slurp(k_source_root + "/ci/examples/" + name);
    BOOST_TEST_REQUIRE(!text.empty(), name);
    auto read = trailproof::yaml::read_yaml_documents(text);
    BOOST_TEST_REQUIRE(!read.failed, name << ":" << read.error_pos.line << ": " << read.error);
    BOOST_TEST_REQUIRE(read.documents.size() == 1u, name);
    BOOST_TEST_REQUIRE((read.documents[0].root.kind == YamlKind::Map), name);
    return std::move(read.documents[0].root);
}

const YamlNode& at(const YamlNode& map, std::string_view key) {
    const YamlEntry* entry = map.find(key);
    BOOST_TEST_REQUIRE(entry != nullptr, "no key '" << key << "'");
    return entry->value;
}

// The shell lines of a run:/script: text that call trailproof itself (installing
// it is the runner's business, not this machine's).
void collect_trailproof_lines(std::string_view text, std::vector<std::string>& out) {
    while (!text.empty()) {
        const auto nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
        while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
        if (line.starts_with("trailproof ") && !line.starts_with("trailproof version")) out.emplace_back(line);
    }
}

// The value of `--flag VALUE` in a command line.
std::string flag_value(const std::string& command, const std::string& flag) {
    const auto at_flag = command.find(flag + " ");
    if (at_flag == std::string::npos) return "";
    const auto start = at_flag + flag.size() + 1;
    return command.substr(start, command.find(' ', start) - start);
}

struct Example {
    std::vector<std::string> commands; // trailproof lines, in order
    std::string sarif_upload;          // the file the CI uploads as SARIF
    std::string junit_report;          // the file the CI reads as JUnit
};

Example github_example() {
    const YamlNode root = read_example("github-actions.yml");
    Example ex;
    const YamlNode& jobs = at(root, "jobs");
    BOOST_TEST_REQUIRE(jobs.entries.size() == 1u);
    const YamlNode& steps = at(jobs.entries[0].value, "steps");
    BOOST_TEST_REQUIRE((steps.kind == YamlKind::Sequence));
    for (const YamlNode& step : steps.items) {
        if (const YamlEntry* run = step.find("run")) collect_trailproof_lines(run->value.text, ex.commands);
        if (const YamlEntry* uses = step.find("uses")) {
            if (uses->value.text.starts_with("github/codeql-action/upload-sarif@"))
                ex.sarif_upload = at(at(step, "with"), "sarif_file").text;
            if (uses->value.text.starts_with("actions/upload-artifact@"))
                ex.junit_report = at(at(step, "with"), "path").text; // the file list; checked below
        }
    }
    return ex;
}

Example gitlab_example() {
    const YamlNode root = read_example("gitlab-ci.yml");
    Example ex;
    const YamlNode& job = at(root, "trailproof");
    const YamlNode& script = at(job, "script");
    BOOST_TEST_REQUIRE((script.kind == YamlKind::Sequence));
    for (const YamlNode& line : script.items) collect_trailproof_lines(line.text, ex.commands);
    ex.junit_report = at(at(at(job, "artifacts"), "reports"), "junit").text;
    BOOST_TEST(at(at(job, "artifacts"), "when").text == "always"); // reports of a failed run too
    return ex;
}

// Runs each command in `repo`; returns the exit code of the first that fails, or 0.
int run_commands(const Example& ex, const TempTree& repo, std::string& log) {
    for (const std::string& command : ex.commands) {
        const ShellRun r = run_shell(command + "\n", repo.path(), Installed::get().bin());
        log += "$ " + command + "\n" + r.out + r.err;
        if (r.code != 0) return r.code;
    }
    return 0;
}

void replace_in(const TempTree& repo, const std::string& file, const std::string& from, const std::string& to) {
    std::string text = slurp(repo.path(file));
    const auto at_from = text.find(from);
    BOOST_TEST_REQUIRE(at_from != std::string::npos, file << " has no '" << from << "'");
    repo.write(file, text.replace(at_from, from.size(), to));
}

// The example's commands pass on the sample repository, write the reports its CI
// reads, and fail on a validate error, a replay failure and a content warning.
void check_example(const Example& ex) {
    BOOST_TEST_REQUIRE(Installed::get().ok(), Installed::get().install_output());
    BOOST_TEST_REQUIRE(ex.commands.size() == 2u);
    BOOST_TEST(ex.commands[0].starts_with("trailproof validate "), ex.commands[0]);
    BOOST_TEST(ex.commands[1].starts_with("trailproof replay "), ex.commands[1]);
    const std::string sarif = flag_value(ex.commands[0], "--sarif");
    const std::string junit = flag_value(ex.commands[1], "--junit");
    BOOST_TEST(!sarif.empty());
    BOOST_TEST(!junit.empty());

    {
        TempTree repo("ci_repo");
        write_sample_repo(repo);
        std::string log;
        BOOST_TEST(run_commands(ex, repo, log) == 0, log);
        const std::string sarif_text = slurp(repo.path(sarif));
        BOOST_TEST(sarif_text.find("\"2.1.0\"") != std::string::npos, sarif_text.substr(0, 200));
        BOOST_TEST(sarif_text.find("\"runs\"") != std::string::npos, sarif_text.substr(0, 200));
        const std::string junit_text = slurp(repo.path(junit));
        BOOST_TEST(junit_text.starts_with("<?xml"), junit_text.substr(0, 200));
        BOOST_TEST(junit_text.find("<testsuites") != std::string::npos);
    }
    {   // An unknown eventName: validate fails the job (exit 1), with its finding in the SARIF.
        TempTree repo("ci_repo");
        write_sample_repo(repo);
        replace_in(repo, "content/sample/rules/cloudtrail_logging_stopped.yml", "- StopLogging\n", "- StopLoging\n");
        std::string log;
        BOOST_TEST(run_commands(ex, repo, log) == 1, log);
        BOOST_TEST(slurp(repo.path(sarif)).find("validate.unknown_event_name") != std::string::npos);
    }
    {   // A warning (a tactic that fits none of the rule's techniques) fails it too.
        TempTree repo("ci_repo");
        write_sample_repo(repo);
        replace_in(repo, "content/sample/rules/cloudtrail_logging_stopped.yml", "attack.defense-evasion",
                   "attack.persistence");
        std::string log;
        BOOST_TEST(run_commands(ex, repo, log) == 1, log);
        BOOST_TEST(log.find("error[validate.tactic_mismatch]") != std::string::npos, log);
    }
    {   // A scenario that expects an alert that does not come: replay fails the job.
        TempTree repo("ci_repo");
        write_sample_repo(repo);
        replace_in(repo, "fixtures/sample/sample.yml", "count: 1", "count: 2");
        std::string log;
        BOOST_TEST(run_commands(ex, repo, log) == 1, log);
        const std::string junit_text = slurp(repo.path(junit));
        BOOST_TEST(junit_text.find("<failure") != std::string::npos, junit_text.substr(0, 400));
    }
}

} // namespace

BOOST_AUTO_TEST_SUITE(ci_examples)

BOOST_AUTO_TEST_CASE(github_actions_workflow) {
    const Example ex = github_example();
    check_example(ex);
    // upload-sarif reads the file validate writes; the artifact holds the JUnit file.
    BOOST_TEST(ex.sarif_upload == flag_value(ex.commands.at(0), "--sarif"));
    BOOST_TEST(ex.junit_report.find(flag_value(ex.commands.at(1), "--junit") + "\n") != std::string::npos,
               ex.junit_report);
}

BOOST_AUTO_TEST_CASE(gitlab_ci_job) {
    const Example ex = gitlab_example();
    check_example(ex);
    BOOST_TEST(ex.junit_report == flag_value(ex.commands.at(1), "--junit"));
}

BOOST_AUTO_TEST_SUITE_END()
