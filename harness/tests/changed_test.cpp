// `replay --changed REV` in a temporary git repository: only the scenarios that
// what changed since REV can affect run; a change nothing depends on says so and
// passes; a revision git does not know is a usage error.
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <string>

#include "cli_run.h"
#include "mini_pack.h"
#include "temp_tree.h"

using namespace trailproof::harness::test;

namespace {

std::string rule(const std::string& id, const std::string& name, const std::string& extra = "") {
    return "title: " + name + "\nid: " + id + "\nlogsource: {product: aws, service: cloudtrail}\n"
           "detection:\n  sel:\n    eventName: " + name + "\n  condition: sel\nlevel: high\n" + extra;
}

const std::string k_changed_fixture = std::string(k_mini_fixture_head) + R"(  - name: stop-fires
    events: [{eventName: StopLogging}]
    expect: {alerts: [{rule: R-STOP}]}
  - name: stop-quiet
    kind: negative
    covers: {rules: [R-STOP]}
    events: [{eventName: StartLogging}]
    expect: {alerts: []}
  - name: delete-fires
    events: [{eventName: DeleteTrail}]
    expect: {alerts: [{rule: R-DELETE}]}
  - name: login-new-ip-quiet-on-a-fresh-model
    kind: negative
    covers: {rules: [R-LOGIN]}
    events: [{eventName: ConsoleLogin, sourceIPAddress: 203.0.113.9}]
    expect: {alerts: []}
)";

struct Repo : TempTree {
    Repo() : TempTree("changed") {
        write("content/mini/pack.yml", "id: mini\ntitle: Mini\n");
        write("content/mini/rules/stop.yml", rule("R-STOP", "StopLogging"));
        write("content/mini/rules/delete.yml", rule("R-DELETE", "DeleteTrail"));
        write("content/mini/rules/login.yml", rule("R-LOGIN", "ConsoleLogin", "model: {ref: M-IP, trigger: first_time}\n"));
        write("content/mini/models/m.yml", "models:\n  - id: M-IP\n    description: IPs per user\n    scope: user\n"
                                           "    feature: sourceIPAddress\n");
        write("content/README.md", "# content\n");
        write("fixtures/mini/s.yml", k_changed_fixture);
        write("fixtures/mini/other.yml", "pack: mini\nscenarios:\n  - name: other\n    events: [{eventVersion: \"1.09\", "
                                         "eventTime: \"2024-03-01T10:00:00Z\", eventSource: cloudtrail.amazonaws.com, eventName: StopLogging, userIdentity: "
                                         "{type: Root, arn: \"arn:aws:iam::111122223333:root\"}}]\n"
                                         "    expect: {alerts: [{rule: R-STOP}]}\n");
        git("init -q && git add -A && git -c user.name=t -c user.email=t@example.com commit -qm base");
    }
    void git(const std::string& command) const {
        const std::string cmd = "cd '" + path() + "' && git " + command + " >/dev/null 2>&1";
        BOOST_REQUIRE(std::system(cmd.c_str()) == 0);
    }
    Run replay(const std::string& rev) const {
        return run_cli("replay -q --changed " + rev + " content fixtures", "/dev/null", path());
    }
};

// "mini ... N/0 PASS": the scenario count of a passing one-pack table.
bool ran(const Run& r, int scenarios) {
    return r.code == 0 && r.out.find(" " + std::to_string(scenarios) + "/0 ") != std::string::npos &&
           r.out.find("PASS") != std::string::npos;
}

} // namespace

BOOST_AUTO_TEST_SUITE(replay_changed)

BOOST_AUTO_TEST_CASE(nothing_changed_is_said_and_passes) {
    Repo repo;
    const Run r = repo.replay("HEAD");
    BOOST_TEST(r.code == 0, r.err);
    BOOST_TEST(r.out == "nothing changed since HEAD that a scenario depends on (0 files changed)\n");
    repo.write("content/README.md", "# content, reworded\n");
    const Run readme = repo.replay("HEAD");
    BOOST_TEST(readme.out == "nothing changed since HEAD that a scenario depends on (1 file changed)\n");
}

BOOST_AUTO_TEST_CASE(a_changed_rule_reruns_its_scenarios) {
    Repo repo;
    repo.write("content/mini/rules/delete.yml", rule("R-DELETE", "DeleteTrail") + "description: reworded\n");
    const Run r = repo.replay("HEAD");
    BOOST_TEST(ran(r, 1), r.out << r.err); // delete-fires
}

BOOST_AUTO_TEST_CASE(a_changed_model_reruns_the_scenarios_of_its_rules) {
    Repo repo;
    repo.write("content/mini/models/m.yml", "models:\n  - id: M-IP\n    description: Source IPs per user\n"
                                            "    scope: user\n    feature: sourceIPAddress\n");
    const Run r = repo.replay("HEAD");
    BOOST_TEST(ran(r, 1), r.out << r.err); // login-new-ip-quiet-on-a-fresh-model
}

BOOST_AUTO_TEST_CASE(a_changed_fixture_file_reruns_its_scenarios) {
    Repo repo;
    repo.write("fixtures/mini/other.yml", slurp(repo.path("fixtures/mini/other.yml")) + "# touched\n");
    const Run r = repo.replay("HEAD");
    BOOST_TEST(ran(r, 1), r.out << r.err);
}

BOOST_AUTO_TEST_CASE(a_changed_pack_yml_or_a_new_file_reruns_the_pack) {
    Repo repo;
    repo.write("content/mini/pack.yml", "id: mini\ntitle: Mini pack\n");
    const Run r = repo.replay("HEAD");
    BOOST_TEST(ran(r, 5), r.out << r.err);
    repo.git("add -A && git -c user.name=t -c user.email=t@example.com commit -qm title");
    // An untracked (new, not yet added) rule counts as changed: the scaffolded rule case.
    repo.write("content/mini/rules/stop2.yml", rule("R-STOP2", "DeleteEventDataStore"));
    repo.write("fixtures/mini/stop2.yml", "pack: mini\nscenarios:\n  - name: stop2\n    events: [{eventVersion: \"1.09\", "
                                          "eventTime: \"2024-03-01T10:00:00Z\", eventSource: cloudtrail.amazonaws.com, "
                                          "eventName: DeleteEventDataStore, userIdentity: {type: Root, arn: "
                                          "\"arn:aws:iam::111122223333:root\"}}]\n"
                                          "    expect: {alerts: [{rule: R-STOP2}]}\n");
    const Run added = repo.replay("HEAD");
    BOOST_TEST(ran(added, 1), added.out << added.err);
    // Against the first commit, both changes count.
    const Run both = repo.replay("HEAD~1");
    BOOST_TEST(ran(both, 6), both.out << both.err);
}

BOOST_AUTO_TEST_CASE(an_unknown_revision_is_a_usage_error) {
    Repo repo;
    const Run r = repo.replay("no-such-rev");
    BOOST_TEST(r.code == 2);
    BOOST_TEST(r.out == "");
    BOOST_TEST(r.err == "trailproof replay: --changed: git does not know revision 'no-such-rev'\n");
    const Run outside = run_cli("replay -q --changed HEAD content fixtures", "/dev/null",
                                repo.path("content")); // no content/ below content/: CONTENT holds nothing
    BOOST_TEST(outside.code == 2);
}

BOOST_AUTO_TEST_SUITE_END()
