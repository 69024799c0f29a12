// `trailproof explain` (why a rule did or did not fire on one event, the model
// verdict with and without learned state, the "produced by no parser" hint, and
// validate's warning for the same typo) and `trailproof new-rule` (a scaffold
// that fails validate and replay until its TODOs are filled in).
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <string>

#include "cli_run.h"
#include "temp_tree.h"

namespace fs = std::filesystem;
using namespace trailproof::harness::test;

namespace {

const char* k_new_address_rule = R"(title: Console login from a new address
id: R-IP-F
logsource: {product: aws, service: cloudtrail}
detection:
  sel:
    eventName: ConsoleLogin
    userIdentity.typee: IAMUser
  condition: sel
model: {ref: M-IP, trigger: first_time}
level: medium
)";

std::string login(int hour, const std::string& ip, int day = 1) {
    char time[32];
    std::snprintf(time, sizeof time, "2024-03-%02dT%02d:00:00Z", day, hour);
    return std::string(R"({"eventVersion":"1.09","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","eventTime":")") +
           time + R"(","sourceIPAddress":")" + ip +
           R"(","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333"}})" "\n";
}

// A pack with one model (source IPs per user) and one rule bound to it, ten
// logins of alice from one address as history, and a login from a new one.
struct ModelPack : TempTree {
    ModelPack() : TempTree("explain") {
        write("content/p/pack.yml", "id: p\ntitle: P\n");
        write("content/p/models/m.yml", "models:\n  - id: M-IP\n    description: Source IPs per user\n"
                                        "    scope: user\n    feature: sourceIPAddress\n");
        write("content/p/rules/r.yml", k_new_address_rule);
        std::string history;
        // One login a day on ten days: enough observations over enough days (min_days 7).
        for (int d = 1; d <= 10; ++d) history += login(10, "198.51.100.1", d);
        write("history.jsonl", history);
        write("event.json", login(10, "203.0.113.9", 11));
    }
    Run run(const std::string& args) const { return run_cli(args, "/dev/null", path()); }
};

const std::string k_head = "event event.json:1 (1 record in the input)\n"
                           "\n"
                           "pack p\n"
                           "  parsers:\n"
                           "    cloudtrail-json: claimed it (first parser whose format fits and whose conditions all occur)\n"
                           "  parsed by cloudtrail-json, activity type 'app-activity'\n"
                           "  fields:\n"
                           "    user = arn:aws:iam::111122223333:user/alice\n"
                           "    userIdentity.arn = arn:aws:iam::111122223333:user/alice\n"
                           "    user_type = IAMUser\n"
                           "    userIdentity.type = IAMUser\n"
                           "    src_ip = 203.0.113.9\n"
                           "    sourceIPAddress = 203.0.113.9\n"
                           "    operation = ConsoleLogin\n"
                           "    eventName = ConsoleLogin\n"
                           "    service = signin.amazonaws.com\n"
                           "    eventSource = signin.amazonaws.com\n"
                           "    eventTime = 2024-03-11T10:00:00Z\n"
                           "    activity_type = app-activity\n"
                           "    userIdentity.accountId = 111122223333\n"
                           "    principal_type = iam-user\n";

} // namespace

BOOST_AUTO_TEST_SUITE(explain_and_new_rule)

BOOST_AUTO_TEST_CASE(explain_shows_the_deciding_item_the_typo_hint_and_the_model_verdict) {
    ModelPack p;
    const Run history = p.run("detect -q --state s.state --content content history.jsonl");
    BOOST_TEST_REQUIRE(history.code == 0, history.err);
    const std::string state_before = slurp(p.path("s.state"));
    const Run typo = p.run("explain --content content --state s.state --rule R-IP-F event.json");
    BOOST_TEST(typo.code == 0, typo.err);
    BOOST_TEST(typo.err == "");
    BOOST_TEST(typo.out ==
               k_head +
                   "  rule R-IP-F (Console login from a new address): no match\n"
                   "    sel: not matched\n"
                   "      yes eventName: ConsoleLogin  <- event: ConsoleLogin\n"
                   "      no  userIdentity.typee: IAMUser  <- event: (absent)\n"
                   "          hint: field 'userIdentity.typee' is produced by no parser, field map or enrichment, and is "
                   "no CloudTrail record field; did you mean 'userIdentity.type'?\n"
                   "    condition 'sel': false\n"
                   "    model M-IP (first_time) for entity 'arn:aws:iam::111122223333:user/alice': 10 observations on 10 "
                   "days, 1 distinct values, confidence 0.900 (needs 0.800, 10 observations and 7 days): converged\n"
                   "    value '203.0.113.9': never seen\n"
                   "    verdict: fires: the value was never seen\n");
    BOOST_TEST(slurp(p.path("s.state")) == state_before); // read, never written

    // validate says the same about the rule file.
    const std::string tables =
        " --attack '" + k_source_root + "/content/attack' --aws '" + k_source_root + "/content/aws' ";
    const Run validate = p.run("validate" + tables + "content/p/rules/r.yml");
    BOOST_TEST(validate.code == 0, validate.out << validate.err);
    BOOST_TEST(validate.out.find("content/p/rules/r.yml:7:5: warning[validate.unproduced_field]: field "
                                 "'userIdentity.typee' is produced by no parser, field map or enrichment, and is no "
                                 "CloudTrail record field; did you mean 'userIdentity.type'?\n"
                                 "  |     userIdentity.typee: IAMUser\n"
                                 "  |     ^\n") != std::string::npos,
               validate.out);
    const Run strict = p.run("validate --warnings-as-errors" + tables + "content/p/rules/r.yml");
    BOOST_TEST(strict.code == 1);

    // Fixed, the rule matches; with the learned state it fires, on a fresh one it cannot.
    p.write("content/p/rules/r.yml", std::string(k_new_address_rule).replace(std::string(k_new_address_rule).find("typee"), 5, "type"));
    const std::string fixed_rule = "  rule R-IP-F (Console login from a new address): FIRES\n"
                                   "    sel: matched\n"
                                   "      yes eventName: ConsoleLogin  <- event: ConsoleLogin\n"
                                   "      yes userIdentity.type: IAMUser  <- event: IAMUser\n"
                                   "    condition 'sel': true\n";
    const Run learned = p.run("explain --content content --state s.state --rule R-IP-F event.json");
    BOOST_TEST(learned.out.find(fixed_rule) != std::string::npos, learned.out);
    const Run fresh = p.run("explain --content content --rule R-IP-F event.json");
    BOOST_TEST(fresh.code == 0);
    BOOST_TEST(fresh.out.substr(fresh.out.find("    model ")) ==
               "    model M-IP (first_time) for entity 'arn:aws:iam::111122223333:user/alice': no history for this entity\n"
               "    value '203.0.113.9': never seen\n"
               "    verdict: silent: the model has not converged for this entity\n");
    BOOST_TEST(fresh.out.find("): matches, but its behavioural condition does not hold: no alert\n") != std::string::npos,
               fresh.out);
}

BOOST_AUTO_TEST_CASE(explain_usage_errors_exit_2) {
    ModelPack p;
    const Run unknown = p.run("explain --content content --rule R-IP-G event.json");
    BOOST_TEST(unknown.code == 2);
    BOOST_TEST(unknown.err == "trailproof explain: --rule: no rule 'R-IP-G' in the content; did you mean 'R-IP-F'?\n");
    const Run no_state = p.run("explain --content content --state none.state event.json");
    BOOST_TEST(no_state.code == 2);
    BOOST_TEST(no_state.err == "trailproof explain: --state: none.state: state file does not exist\n");
    const Run no_event = p.run("explain --content content");
    BOOST_TEST(no_event.code == 2);
    BOOST_TEST(no_event.err == "trailproof explain: expected one EVENT (a file or - for stdin)\n");
    p.write("empty.json", "");
    const Run empty = p.run("explain --content content empty.json");
    BOOST_TEST(empty.code == 2);
    BOOST_TEST(empty.err == "trailproof explain: empty.json: the input holds no record\n");
    // stdin works like a file.
    const Run stdin_run = run_cli("explain --content content --rule R-IP-F -", p.path("event.json"), p.path());
    BOOST_TEST(stdin_run.code == 0, stdin_run.err);
    BOOST_TEST(stdin_run.out.rfind("event -:1 (1 record in the input)\n", 0) == 0u, stdin_run.out);
}

BOOST_AUTO_TEST_CASE(explain_says_why_a_parser_did_not_claim_the_record) {
    const Run r = run_cli("explain -q --content content/exabeam-cim2-aws-cloudtrail --rule AC-LocUA-A -",
                          k_source_root + "/fixtures/sample/detect/a-delivery.json");
    BOOST_TEST(r.code == 0, r.err);
    BOOST_TEST(r.out.find("skipped: condition '") != std::string::npos, r.out);
    BOOST_TEST(r.out.find(": claimed it (first parser whose format fits and whose conditions all occur)\n") !=
                   std::string::npos,
               r.out);
}

BOOST_AUTO_TEST_CASE(new_rule_scaffolds_a_rule_and_scenarios_that_fail_until_filled_in) {
    TempTree t("new_rule");
    t.write("content/mini/pack.yml", "id: mini\ntitle: Mini\nsigma: true\n");
    t.write("fixtures/mini/.keep", "");
    const Run r = run_cli("new-rule content/mini --title 'Access key created for root' --mitre t1098.001 --mitre T1078",
                          "/dev/null", t.path());
    BOOST_TEST_REQUIRE(r.code == 0, r.err);
    const std::string rule = slurp(t.path("content/mini/rules/access-key-created-for-root.yml"));
    const std::string fixture = slurp(t.path("fixtures/mini/access-key-created-for-root.yml"));
    const std::string id = rule.substr(rule.find("\nid: ") + 5, 36);
    BOOST_TEST(id.size() == 36u);
    BOOST_TEST(id[14] == '4'); // a version 4 UUID, as the plain-Sigma pack wants
    BOOST_TEST(r.out == "rule " + id + "\n  content/mini/rules/access-key-created-for-root.yml\n"
                        "  fixtures/mini/access-key-created-for-root.yml (scenarios access-key-created-for-root-fires, "
                        "access-key-created-for-root-near-miss)\nFill in the TODOs; until then validate and replay fail.\n");
    BOOST_TEST(rule.find("tags:\n  - attack.t1098.001\n  - attack.t1078\n") != std::string::npos, rule);
    BOOST_TEST(fixture.find("- {rule: " + id + ", count: 1, mitre: [T1098.001, T1078]}") != std::string::npos, fixture);

    // Forgotten, the scaffold turns CI red: replay fails both scenarios, validate the eventSource.
    const Run replay = run_cli("replay -q content fixtures", "/dev/null", t.path());
    BOOST_TEST(replay.code == 1, replay.out << replay.err);
    BOOST_TEST(replay.out.find("expected 1 alert of " + id + " \"Access key created for root\", got 0") != std::string::npos, replay.out);
    BOOST_TEST(replay.out.find("expected 0 rejected records, got 1") != std::string::npos, replay.out);
    const std::string tables =
        " --attack '" + k_source_root + "/content/attack' --aws '" + k_source_root + "/content/aws' ";
    const Run validate = run_cli("validate" + tables + "content/mini", "/dev/null", t.path());
    BOOST_TEST(validate.code == 1, validate.out);
    BOOST_TEST(validate.out.find("error[validate.unknown_event_source]") != std::string::npos, validate.out);

    // Filled in, it passes.
    std::string filled = rule;
    filled.replace(filled.find("TODO.amazonaws.com"), 18, "iam.amazonaws.com");
    filled.replace(filled.find("eventName: TODO"), 15, "eventName: CreateAccessKey");
    t.write("content/mini/rules/access-key-created-for-root.yml", filled);
    const std::string event = R"({eventVersion: "1.09", eventTime: "2024-03-01T10:00:00Z", eventSource: iam.amazonaws.com, )"
                              R"(userIdentity: {type: Root, arn: "arn:aws:iam::111122223333:root", accountId: "111122223333"}, )";
    std::string scenarios = fixture;
    scenarios.replace(scenarios.find("\"TODO: a CloudTrail event this rule must fire on\""), 49,
                      event + "eventName: CreateAccessKey}");
    const std::string near = "\"TODO: a CloudTrail event that comes close but must not fire (another eventName, a "
                             "read-only call)\"";
    scenarios.replace(scenarios.find(near), near.size(), event + "eventName: ListAccessKeys}");
    t.write("fixtures/mini/access-key-created-for-root.yml", scenarios);
    t.write("fixtures/mini/baseline.yml", "pack: mini\nscenarios:\n  - name: benign\n    kind: baseline\n    events:\n"
                                          "      - " + event + "eventName: ListUsers}\n    expect: {alerts: []}\n");
    const Run passing = run_cli("replay -q content fixtures", "/dev/null", t.path());
    BOOST_TEST(passing.code == 0, passing.out << passing.err);

    // The pack's convention decides the id: vendor ids need --id; a taken id or file is refused.
    t.write("content/vendor/pack.yml", "id: vendor\ntitle: Vendor\n");
    t.write("content/vendor/rules/a.yml", "title: A\nid: V-1\nlogsource: {product: aws}\ndetection:\n  s:\n"
                                          "    eventName: X\n  condition: s\n");
    const Run no_id = run_cli("new-rule content/vendor --title T --mitre T1078", "/dev/null", t.path());
    BOOST_TEST(no_id.code == 2);
    BOOST_TEST(no_id.err == "trailproof new-rule: pack 'vendor' does not use UUIDs for its rule ids (e.g. 'V-1'): give --id ID\n");
    const Run taken = run_cli("new-rule content/vendor --title T --mitre T1078 --id V-1", "/dev/null", t.path());
    BOOST_TEST(taken.code == 2);
    BOOST_TEST(taken.err == "trailproof new-rule: --id: pack 'vendor' already has a rule 'V-1'\n");
    const Run again = run_cli("new-rule content/mini --title 'Access key created for root' --mitre T1098",
                              "/dev/null", t.path());
    BOOST_TEST(again.code == 2);
    BOOST_TEST(again.err == "trailproof new-rule: content/mini/rules/access-key-created-for-root.yml exists; choose "
                            "another --title\n");
    const Run bad_mitre = run_cli("new-rule content/mini --title X --mitre TA0001", "/dev/null", t.path());
    BOOST_TEST(bad_mitre.code == 2);
    BOOST_TEST(bad_mitre.err ==
               "trailproof new-rule: --mitre: 'TA0001' is no ATT&CK technique id (T1234 or T1234.001)\n");
}

BOOST_AUTO_TEST_SUITE_END()
