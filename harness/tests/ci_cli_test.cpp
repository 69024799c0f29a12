// What keeps content CI honest (issue 16): a filter that selects nothing, a
// fixture naming an unknown pack or rule, a misspelled key, a rule file given on
// its own, an unreadable input: each is said, with its exit code, never a green
// run of nothing. The real binary runs on a tiny pack written by each test.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <string>

#include "cli_run.h"
#include "mini_pack.h"
#include "temp_tree.h"

namespace fs = std::filesystem;
using namespace trailproof::harness::test;

namespace {

const char* k_stop_rule = k_stop_logging_rule;

const char* k_delete_rule = R"(title: Trail deleted
id: 22222222-2222-4222-8222-222222222222
logsource: {product: aws, service: cloudtrail}
tags: [attack.defense-evasion, attack.t1562.008]
detection:
  selection:
    eventSource: cloudtrail.amazonaws.com
    eventName: DeleteTrail
  condition: selection
level: high
)";

const std::string k_ci_fixture = std::string(k_mini_fixture_head) + R"(  - name: stop-fires
    kind: positive
    events: [{eventName: StopLogging}]
    expect:
      alerts: [{rule: 11111111-1111-4111-8111-111111111111}]
  - name: stop-quiet
    kind: negative
    covers: {rules: [11111111-1111-4111-8111-111111111111]}
    events: [{eventName: StartLogging}]
    expect: {alerts: []}
  - name: delete-fires
    kind: positive
    events: [{eventName: DeleteTrail}]
    expect:
      alerts: [{rule: 22222222-2222-4222-8222-222222222222}]
  - name: delete-quiet
    kind: negative
    covers: {rules: [22222222-2222-4222-8222-222222222222]}
    events: [{eventName: DescribeTrails}]
    expect: {alerts: []}
  - name: benign
    kind: baseline
    events: [{eventName: LookupEvents}]
    expect: {alerts: []}
)";

// content/mini (two rules) and fixtures/mini/s.yml.
struct Mini : TempTree {
    explicit Mini(const std::string& fixture = k_ci_fixture) : TempTree("ci_cli") {
        write("content/mini/pack.yml", "id: mini\ntitle: Mini\nsigma: true\n");
        write("content/mini/rules/stop.yml", k_stop_rule);
        write("content/mini/rules/delete.yml", k_delete_rule);
        write("fixtures/mini/s.yml", fixture);
    }
    Run replay(const std::string& flags) const { return run_cli("replay " + flags + " content fixtures", "/dev/null", path()); }
};

std::string replace_once(std::string text, const std::string& from, const std::string& to) {
    const auto pos = text.find(from);
    BOOST_REQUIRE(pos != std::string::npos);
    return text.replace(pos, from.size(), to);
}

} // namespace

BOOST_AUTO_TEST_SUITE(ci_cli)

BOOST_AUTO_TEST_CASE(the_mini_pack_passes) {
    Mini m;
    const Run r = m.replay("");
    BOOST_TEST(r.code == 0, r.out << r.err);
    BOOST_TEST(r.err == "");
    BOOST_TEST(r.out.find("mini  ") != std::string::npos, r.out);
    BOOST_TEST(r.out.find("5/0") != std::string::npos, r.out);
}

BOOST_AUTO_TEST_CASE(a_rule_filter_that_matches_nothing_is_a_usage_error) {
    Mini m;
    const Run none = m.replay("--rule 11111111-1111-4111-8111-11111111111");
    BOOST_TEST(none.code == 2);
    BOOST_TEST(none.out == "");
    BOOST_TEST(none.err == "trailproof replay: --rule: no rule '11111111-1111-4111-8111-11111111111' in content; "
                           "did you mean '11111111-1111-4111-8111-111111111111'?\n");
    const Run far = m.replay("--rule nothing-like-it");
    BOOST_TEST(far.code == 2);
    BOOST_TEST(far.err == "trailproof replay: --rule: no rule 'nothing-like-it' in content\n");
}

BOOST_AUTO_TEST_CASE(a_rule_without_scenarios_is_a_usage_error) {
    Mini m;
    m.write("fixtures/mini/s.yml", replace_once(replace_once(k_ci_fixture, "covers: {rules: [22222222-2222-4222-8222-222222222222]}",
                                                   "covers: {}"),
                                           "alerts: [{rule: 22222222-2222-4222-8222-222222222222}]", "only: false"));
    const Run r = m.replay("--rule 22222222-2222-4222-8222-222222222222");
    BOOST_TEST(r.code == 2);
    BOOST_TEST(r.err == "trailproof replay: --rule: no scenario covers or expects rule "
                        "'22222222-2222-4222-8222-222222222222' in fixtures\n");
}

BOOST_AUTO_TEST_CASE(repeated_rule_filters_accumulate) {
    Mini m;
    const Run one = m.replay("--rule 11111111-1111-4111-8111-111111111111");
    BOOST_TEST(one.code == 0, one.out << one.err);
    BOOST_TEST(one.out.find(" 2/0 ") != std::string::npos, one.out);
    const Run both = m.replay("--rule 11111111-1111-4111-8111-111111111111 --rule 22222222-2222-4222-8222-222222222222");
    BOOST_TEST(both.code == 0, both.out << both.err);
    BOOST_TEST(both.out.find(" 4/0 ") != std::string::npos, both.out);
}

BOOST_AUTO_TEST_CASE(a_pack_filter_that_matches_nothing_is_a_usage_error) {
    Mini m;
    const Run typo = m.replay("--pack mini --pack minj");
    BOOST_TEST(typo.code == 2);
    BOOST_TEST(typo.err == "trailproof replay: --pack: no pack 'minj' in content; did you mean 'mini'?\n");
    m.write("content/other/pack.yml", "id: other\ntitle: Other\n");
    m.write("content/other/rules/stop.yml", replace_once(k_stop_rule, "11111111-1111-4111-8111-111111111111", "O-1"));
    const Run empty = m.replay("--pack other");
    BOOST_TEST(empty.code == 2);
    BOOST_TEST(empty.err == "trailproof replay: --pack: pack 'other' has no scenario in fixtures\n");
}

BOOST_AUTO_TEST_CASE(content_or_fixtures_holding_nothing_is_a_usage_error) {
    Mini m;
    fs::create_directories(m.path("nothing"));
    const Run no_content = run_cli("replay nothing fixtures", "/dev/null", m.path());
    BOOST_TEST(no_content.code == 2);
    BOOST_TEST(no_content.err == "trailproof replay: CONTENT: no rule, model or parser in nothing\n");
    const Run no_fixtures = run_cli("replay content nothing", "/dev/null", m.path());
    BOOST_TEST(no_fixtures.code == 2);
    BOOST_TEST(no_fixtures.err == "trailproof replay: FIXTURES: no scenario in nothing\n");
}

BOOST_AUTO_TEST_CASE(a_fixture_naming_an_unknown_pack_is_an_error_at_its_line) {
    Mini m;
    m.write("fixtures/mini/typo.yml", "# a typo in the pack id\npack: mni\nscenarios:\n  - name: x\n    events: [{eventName: StopLogging}]\n");
    const Run r = m.replay("");
    BOOST_TEST(r.code == 2);
    BOOST_TEST(r.out == "");
    BOOST_TEST(r.err == "fixtures/mini/typo.yml:2:7: error[replay.unknown_pack]: fixture names pack 'mni', which is "
                        "not loaded; did you mean 'mini'?\n"
                        "  | pack: mni\n"
                        "  |       ^\n");
}

BOOST_AUTO_TEST_CASE(a_scenario_naming_an_unknown_rule_is_an_error_at_its_line) {
    Mini m(replace_once(k_ci_fixture, "alerts: [{rule: 22222222-2222-4222-8222-222222222222}]",
                   "alerts: [{rule: 22222222-2222-4222-8222-22222222222}]"));
    const Run r = m.replay("");
    BOOST_TEST(r.code == 2);
    BOOST_TEST(r.err == "fixtures/mini/s.yml:22:23: error[replay.unknown_rule]: scenario 'delete-fires' names rule "
                        "'22222222-2222-4222-8222-22222222222', which pack 'mini' does not have; did you mean "
                        "'22222222-2222-4222-8222-222222222222'?\n"
                        "  |       alerts: [{rule: 22222222-2222-4222-8222-22222222222}]\n"
                        "  |                       ^\n");
}

BOOST_AUTO_TEST_CASE(warnings_are_printed_even_when_something_else_fails) {
    // `expects:` is no key: the scenario expects nothing and its alert is unexpected.
    Mini m(replace_once(k_ci_fixture, "    expect:\n      alerts: [{rule: 11111111", "    expects:\n      alerts: [{rule: 11111111"));
    const Run r = m.replay("");
    BOOST_TEST(r.code == 1);
    BOOST_TEST(r.err == "fixtures/mini/s.yml:11:5: warning[load.unknown_key]: unknown key 'expects' in a scenario\n"
                        "  |     expects:\n"
                        "  |     ^\n");
    BOOST_TEST(r.out.find("FAIL") != std::string::npos, r.out);
    const Run quiet = m.replay("-q");
    BOOST_TEST(quiet.code == 1);
    BOOST_TEST(quiet.err == "");
    const Run strict = m.replay("--warnings-as-errors");
    BOOST_TEST(strict.code == 2);
    BOOST_TEST(strict.out == "");
    BOOST_TEST(strict.err == "fixtures/mini/s.yml:11:5: error[load.unknown_key]: unknown key 'expects' in a scenario\n"
                             "  |     expects:\n"
                             "  |     ^\n");
}

BOOST_AUTO_TEST_CASE(content_warnings_are_printed_by_detect_too) {
    Mini m;
    // A rule that names no eventName is checked against every event: a warning.
    m.write("content/mini/rules/stop.yml", replace_once(k_stop_rule, "    eventName: StopLogging\n", ""));
    m.write("in.jsonl", R"({"eventVersion":"1.09","eventSource":"cloudtrail.amazonaws.com","eventName":"StopLogging","eventTime":"2024-03-01T10:00:00Z","userIdentity":{"type":"Root","arn":"arn:aws:iam::111122223333:root","accountId":"111122223333"}})" "\n");
    const std::string warning = "content/mini/rules/stop.yml:8:14: warning[rule.unindexed]: the condition does not "
                                "name an eventName, so the rule is checked against every event\n"
                                "  |   condition: selection\n"
                                "  |              ^\n";
    const Run r = run_cli("detect --content content in.jsonl", "/dev/null", m.path());
    BOOST_TEST(r.code == 0, r.err);
    BOOST_TEST(r.err.rfind(warning, 0) == 0, r.err);
    const Run quiet = run_cli("detect -q --content content in.jsonl", "/dev/null", m.path());
    BOOST_TEST(quiet.code == 0);
    BOOST_TEST(quiet.err == "");
    const Run strict = run_cli("detect -q --warnings-as-errors --content content in.jsonl", "/dev/null", m.path());
    BOOST_TEST(strict.code == 2);
    BOOST_TEST(strict.out == "");
    BOOST_TEST(strict.err == replace_once(warning, "warning[", "error["));
}

BOOST_AUTO_TEST_CASE(validate_of_a_rule_file_validates_it_with_its_pack) {
    Mini m;
    // A misspelled eventName the validator knows the real name of.
    m.write("content/mini/rules/delete.yml", replace_once(k_delete_rule, "eventName: DeleteTrail", "eventName: DeleteTrial"));
    fs::create_directories(m.path("content/attack"));
    const std::string tables = " --attack '" + k_source_root + "/content/attack' --aws '" + k_source_root + "/content/aws' ";
    const Run one = run_cli("validate" + tables + "content/mini/rules/delete.yml", "/dev/null", m.path());
    BOOST_TEST(one.code == 1, one.out << one.err);
    BOOST_TEST(one.err == "");
    BOOST_TEST(one.out ==
               "pack mini  content/mini  (only content/mini/rules/delete.yml)\n"
               "  1 error, 0 warnings\n"
               "\n"
               "content/mini/rules/delete.yml:8:16: error[validate.unknown_event_name]: unknown eventName "
               "'DeleteTrial' for cloudtrail.amazonaws.com; did you mean 'DeleteTrail'?\n"
               "  |     eventName: DeleteTrial\n"
               "  |                ^\n"
               "\n"
               "validate: 1 pack, 1 error, 0 warnings\n");
    // The other rule of the pack is clean; its findings alone are reported.
    const Run other = run_cli("validate" + tables + "content/mini/rules/stop.yml", "/dev/null", m.path());
    BOOST_TEST(other.code == 0, other.out << other.err);
    BOOST_TEST(other.out.find("(only content/mini/rules/stop.yml)\n  0 errors, 0 warnings\n") != std::string::npos,
               other.out);
    // --quiet counts the warnings but leaves their text out.
    m.write("content/mini/rules/stop.yml", replace_once(k_stop_rule, "    eventName: StopLogging\n", ""));
    const Run quiet = run_cli("validate -q" + tables + "content/mini/rules/stop.yml", "/dev/null", m.path());
    BOOST_TEST(quiet.code == 0, quiet.out << quiet.err);
    BOOST_TEST(quiet.out == "pack mini  content/mini  (only content/mini/rules/stop.yml)\n"
                            "  0 errors, 1 warning\n"
                            "\n"
                            "validate: 1 pack, 0 errors, 1 warning (not shown: --quiet)\n");
    const Run loud = run_cli("validate" + tables + "content/mini/rules/stop.yml", "/dev/null", m.path());
    BOOST_TEST(loud.out.find("warning[rule.unindexed]") != std::string::npos, loud.out);
    // Nothing to validate at all is no pass.
    m.write("notes.md", "# notes\n");
    const Run none = run_cli("validate notes.md", "/dev/null", m.path());
    BOOST_TEST(none.code == 2);
    BOOST_TEST(none.err == "trailproof validate: skipping notes.md (no pack)\n"
                           "trailproof validate: no pack and no rule file among the arguments\n");
}

BOOST_AUTO_TEST_CASE(an_unreadable_input_says_why_on_stderr) {
    const Run r = run_cli("detect -q --content content/sample no/such/file.json");
    BOOST_TEST(r.code == 2);
    BOOST_TEST(r.err == "trailproof detect: cannot read no/such/file.json: No such file or directory\n");
}

BOOST_AUTO_TEST_CASE(reports_are_written_with_one_flag_each_and_old_spellings_warn) {
    Mini m;
    m.write("in.jsonl", R"({"eventVersion":"1.09","eventSource":"cloudtrail.amazonaws.com","eventName":"StopLogging","eventTime":"2024-03-01T10:00:00Z","userIdentity":{"type":"Root","arn":"arn:aws:iam::111122223333:root","accountId":"111122223333"}})" "\n");
    // detect --report json x.json once wrote a file named 'json' and read x.json as input.
    const Run old = run_cli("detect -q --content content --report json x.json in.jsonl", "/dev/null", m.path());
    BOOST_TEST(old.code == 0, old.err);
    BOOST_TEST(old.err == "trailproof detect: warning: '--report json FILE' is deprecated; use '--json FILE'\n");
    BOOST_TEST(!fs::exists(m.path("json")));
    BOOST_TEST(slurp(m.path("x.json")).rfind("{\"records_read\":1,", 0) == 0u, slurp(m.path("x.json")));
    const Run one_word = run_cli("detect -q --content content --report y.json in.jsonl", "/dev/null", m.path());
    BOOST_TEST(one_word.err == "trailproof detect: warning: '--report FILE' is deprecated; use '--json FILE'\n");
    BOOST_TEST(fs::exists(m.path("y.json")));
    const Run json = run_cli("detect -q --content content --json z.json in.jsonl", "/dev/null", m.path());
    BOOST_TEST(json.err == "");
    BOOST_TEST(slurp(m.path("z.json")) == slurp(m.path("x.json")));
    const Run sarif = run_cli("detect -q --content content --report sarif s.json in.jsonl", "/dev/null", m.path());
    BOOST_TEST(sarif.code == 2);
    BOOST_TEST(sarif.err == "trailproof detect: '--report sarif' is no report format; use '--sarif FILE'\n");
    const Run no_file = run_cli("detect -q --content content in.jsonl --report json", "/dev/null", m.path());
    BOOST_TEST(no_file.code == 2);
    BOOST_TEST(no_file.err == "trailproof detect: '--report json' needs a FILE; use '--json FILE'\n");
    BOOST_TEST(!fs::exists(m.path("json")));
    // replay: --json FILE; the two-word form still works, with the warning.
    const Run replay_old = m.replay("-q --report json r1.json");
    BOOST_TEST(replay_old.code == 0, replay_old.err);
    BOOST_TEST(replay_old.err == "trailproof replay: warning: '--report json FILE' is deprecated; use '--json FILE'\n");
    const Run replay_new = m.replay("-q --json r2.json --junit r.xml --navigator layer.json");
    BOOST_TEST(replay_new.err == "");
    BOOST_TEST(slurp(m.path("r1.json")) == slurp(m.path("r2.json")));
    BOOST_TEST(slurp(m.path("r.xml")).find("<testsuites") != std::string::npos);
    BOOST_TEST(slurp(m.path("layer.json")).find("\"techniques\"") != std::string::npos);
    // validate: --json FILE and --sarif FILE; --format still prints to stdout, with the warning.
    const std::string tables = " --attack '" + k_source_root + "/content/attack' --aws '" + k_source_root + "/content/aws' ";
    const Run v = run_cli("validate" + tables + "--json v.json --sarif v.sarif content/mini", "/dev/null", m.path());
    BOOST_TEST(v.code == 0, v.out << v.err);
    BOOST_TEST(v.out.find("validate: 1 pack, 0 errors, 0 warnings\n") != std::string::npos, v.out);
    BOOST_TEST(slurp(m.path("v.json")).rfind("{\"packs\":[{\"id\":\"mini\"", 0) == 0u);
    BOOST_TEST(slurp(m.path("v.sarif")).find("\"version\":\"2.1.0\"") != std::string::npos);
    const Run v_old = run_cli("validate" + tables + "--format sarif content/mini", "/dev/null", m.path());
    BOOST_TEST(v_old.err == "trailproof validate: warning: '--format sarif' is deprecated; use '--sarif FILE'\n");
    BOOST_TEST(v_old.out == slurp(m.path("v.sarif")));
}

BOOST_AUTO_TEST_CASE(help_shows_value_placeholders) {
    for (const char* command : {"detect", "replay", "validate", "explain", "new-rule"}) {
        const Run r = run_cli(std::string(command) + " --help");
        BOOST_TEST(r.code == 0, command);
        BOOST_TEST(r.out.find(" arg ") == std::string::npos, command << ":\n" << r.out);
        BOOST_TEST(r.out.find("--warnings-as-errors") != std::string::npos, command);
        BOOST_TEST(r.out.find("-q, --quiet") != std::string::npos, command);
    }
    BOOST_TEST(run_cli("detect --help").out.find("--json FILE") != std::string::npos);
    BOOST_TEST(run_cli("detect --help").out.find("--threads N") != std::string::npos);
    BOOST_TEST(run_cli("replay --help").out.find("--changed REV") != std::string::npos);
    BOOST_TEST(run_cli("replay --help").out.find("--rule ID") != std::string::npos);
}

// Reports are written like detect's outputs: a failed write (here /dev/full, whose
// writes fail only when the buffer is flushed) is exit 2 with its reason, never a
// green run without its report.
BOOST_AUTO_TEST_CASE(a_report_that_cannot_be_written_fails_the_run) {
    Mini m;
    const std::string tables = " --attack '" + k_source_root + "/content/attack' --aws '" + k_source_root + "/content/aws' ";
    const Run validate = run_cli("validate -q --json /dev/full" + tables + "content/mini", "/dev/null", m.path());
    BOOST_TEST(validate.code == 2);
    BOOST_TEST(validate.err == "trailproof validate: --json: cannot write /dev/full: No space left on device\n");
    const Run replay = m.replay("-q --navigator /dev/full");
    BOOST_TEST(replay.code == 2);
    BOOST_TEST(replay.err == "trailproof replay: --navigator: cannot write /dev/full: No space left on device\n");
    const Run missing = m.replay("-q --junit no/such/dir/r.xml");
    BOOST_TEST(missing.code == 2);
    BOOST_TEST(missing.err.rfind("trailproof replay: --junit: cannot write no/such/dir/r.xml: cannot create a ", 0) == 0,
               missing.err);
}

BOOST_AUTO_TEST_SUITE_END()
