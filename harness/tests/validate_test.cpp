// `trailproof validate` must catch what it exists to catch. Each seeded-defect pack
// under data/validate/ is a copy of data/validate/base with one defect; every test
// compares the whole list of findings (location, severity, code and message), so a
// lost, extra or reworded finding fails it.
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <vector>

#include "core/diagnostic_codes.h"
#include "core/edit_distance.h"
#include "cli_run.h"
#include "validate.h"
#include "validate_report.h"
#include "validate_tables.h"
#include "version.h"

namespace fs = std::filesystem;
using namespace trailproof;
using namespace trailproof::harness;

namespace {

const std::string k_validate_root = TRAILPROOF_SOURCE_DIR;
const std::string k_data = "harness/tests/data/validate/";

// Paths in findings are as given; run from the source root so they read like a
// user's (and like CI annotations): harness/tests/data/validate/<pack>/...
struct InSourceRoot {
    fs::path previous = fs::current_path();
    InSourceRoot() { fs::current_path(k_validate_root); }
    ~InSourceRoot() { fs::current_path(previous); }
};

ValidateReport validate_fixture(const std::string& name, bool strict = false) {
    ValidateOptions options;
    options.attack_dir = "content/attack";
    options.aws_dir = "content/aws";
    options.strict = strict;
    return validate_packs({k_data + name}, options);
}

// The first line of every rendered finding (file:line:col: severity[code]: message),
// errors then warnings, each in file order: what a user reads first.
std::vector<std::string> headlines(const ValidateReport& report) {
    std::vector<std::string> out;
    std::string text = report.general.render_text();
    for (const auto& pack : report.packs) text += pack.diagnostics.render_text();
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("  |", 0) != 0) out.push_back(line);
    return out;
}

std::vector<std::string> expect(const std::string& pack, std::vector<std::string> lines) {
    for (auto& l : lines) l = k_data + pack + "/" + l;
    return lines;
}

using test::Run;
using test::run_cli;

const CountRow* row(const PackReport& pack, const std::string& figure) {
    for (const auto& r : pack.counts)
        if (r.figure == figure) return &r;
    return nullptr;
}

} // namespace

BOOST_AUTO_TEST_SUITE(validate)

BOOST_AUTO_TEST_CASE(base_pack_is_clean_with_counts_side_by_side) {
    InSourceRoot here;
    ValidateReport report = validate_fixture("base");
    BOOST_TEST(headlines(report).empty());
    BOOST_TEST(report.exit_code() == 0);
    BOOST_REQUIRE(report.packs.size() == 1u);
    const std::string table = render_validate_table(report);
    BOOST_TEST(table == "pack mini  harness/tests/data/validate/base\n"
                        "  figure          documented  derived  status\n"
                        "  rules                    4        4  ok\n"
                        "  models                   1        1  ok\n"
                        "  mitre_ttps               4        4  ok\n"
                        "  activity_types           3        3  ok\n"
                        "  parsers                  1        1  ok\n"
                        "  unable_to_fire           -        0\n"
                        "  0 errors, 0 warnings\n"
                        "\n"
                        "validate: 1 pack, 0 errors, 0 warnings\n");
}

BOOST_AUTO_TEST_CASE(duplicate_id_with_snippet_and_caret) {
    InSourceRoot here;
    ValidateReport report = validate_fixture("duplicate-id");
    BOOST_REQUIRE(report.packs.size() == 1u);
    BOOST_TEST(report.packs[0].diagnostics.render_text() ==
               "harness/tests/data/validate/duplicate-id/rules/MINI-LOGIN.yml:2:5: error[load.duplicate_id]: id "
               "'MINI-LOGIN' is already used by the rule at "
               "harness/tests/data/validate/duplicate-id/rules/MINI-LOGIN-copy.yml:1\n"
               "  | id: MINI-LOGIN\n"
               "  |     ^\n");
    BOOST_TEST(report.exit_code() == 1);
}

BOOST_AUTO_TEST_CASE(unknown_technique) {
    InSourceRoot here;
    BOOST_TEST(headlines(validate_fixture("unknown-technique")) ==
                   expect("unknown-technique",
                          {
                              "pack.yml:13:12: error[validate.documented_mismatch]: documented technique T1578 is "
                              "tagged by no rule of the pack",
                              "rules/MINI-VPC.yml:2:5: error[validate.documented_mismatch]: rule 'MINI-VPC' has MITRE "
                              "techniques T1579; documented: T1578",
                              "rules/MINI-VPC.yml:2:5: error[validate.documented_mismatch]: technique T1579 (tagged by "
                              "rule 'MINI-VPC') is not in the documented MITRE list",
                              "rules/MINI-VPC.yml:5:5: error[validate.unknown_technique]: unknown ATT&CK technique "
                              "T1579 (not in ATT&CK v18.1)",
                          }),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(revoked_technique_names_its_replacement) {
    InSourceRoot here;
    const std::string revoked = "error[validate.revoked_technique]: ATT&CK technique T1527 'Application Access Token' "
                                "is revoked by T1550.001; use T1550.001 'Use Alternate Authentication Material: "
                                "Application Access Token'";
    BOOST_TEST(headlines(validate_fixture("revoked-technique")) ==
                   expect("revoked-technique",
                          {
                              "pack.yml:10:12: " + revoked,
                              "pack.yml:16:65: " + revoked,
                              "rules/MINI-LOGIN.yml:5:5: " + revoked,
                              "rules/MINI-LOGIN.yml:6:5: warning[validate.tactic_mismatch]: tactic 'initial-access' "
                              "fits none of the rule's techniques: T1550.001 (defense-evasion, lateral-movement)",
                          }),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(wrong_technique_name) {
    InSourceRoot here;
    BOOST_TEST(headlines(validate_fixture("wrong-technique-name")) ==
                   expect("wrong-technique-name",
                          {
                              "pack.yml:10:29: error[validate.wrong_technique_name]: documented name 'Valid Accounts: "
                              "Cloud Account' of T1078.004 is wrong: ATT&CK v18.1 names it 'Valid Accounts: Cloud "
                              "Accounts'",
                          }),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(old_technique_name_is_a_warning_naming_the_version) {
    InSourceRoot here;
    ValidateReport report = validate_fixture("old-technique-name");
    BOOST_TEST(headlines(report) ==
                   expect("old-technique-name",
                          {
                              "pack.yml:12:29: warning[validate.old_technique_name]: documented name 'Impair Defenses: "
                              "Disable Cloud Logs' of T1562.008 was its name in ATT&CK v8.0 to v13.1; ATT&CK v18.1 "
                              "names it 'Impair Defenses: Disable or Modify Cloud Logs'",
                          }),
               boost::test_tools::per_element());
    BOOST_TEST(report.exit_code() == 0);
    // --strict turns the warning into an error.
    ValidateReport strict = validate_fixture("old-technique-name", true);
    BOOST_TEST(strict.exit_code() == 1);
    BOOST_TEST(headlines(strict).at(0).find(": error[validate.old_technique_name]: ") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(dangling_model_ref_suggests_the_model) {
    InSourceRoot here;
    BOOST_TEST(headlines(validate_fixture("dangling-model-ref")) ==
                   expect("dangling-model-ref",
                          {
                              "rules/MINI-NEW-USER.yml:8:14: error[validate.dangling_model_ref]: model 'MINI-CREATOR' "
                              "is not a model of pack 'mini'; did you mean 'MINI-CREATORS'?",
                          }),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(missing_documented_rule) {
    InSourceRoot here;
    BOOST_TEST(headlines(validate_fixture("missing-documented-rule")) ==
                   expect("missing-documented-rule",
                          {
                              "pack.yml:8:19: error[validate.count_mismatch]: rules: documented 4, derived from the "
                              "pack 3",
                              "pack.yml:8:45: error[validate.count_mismatch]: mitre_ttps: documented 4, derived from "
                              "the pack 3",
                              "pack.yml:12:12: error[validate.documented_mismatch]: documented technique T1562.008 is "
                              "tagged by no rule of the pack",
                              "pack.yml:18:12: error[validate.documented_missing]: documented rule 'MINI-TRAIL' is not "
                              "in the pack",
                          }),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(wrong_count_is_an_error_and_a_waiver_makes_it_a_warning) {
    InSourceRoot here;
    ValidateReport wrong = validate_fixture("wrong-count");
    BOOST_TEST(headlines(wrong) ==
                   expect("wrong-count",
                          {"pack.yml:8:19: error[validate.count_mismatch]: rules: documented 5, derived from the pack 4"}),
               boost::test_tools::per_element());
    BOOST_TEST(wrong.exit_code() == 1);
    BOOST_TEST(row(wrong.packs.at(0), "rules")->status == "mismatch");

    ValidateReport waived = validate_fixture("waived-count");
    BOOST_TEST(headlines(waived) ==
                   expect("waived-count",
                          {"pack.yml:8:19: warning[validate.waived]: waived: rules: documented 5, derived from the pack "
                           "4 (waiver: the vendor page counts its deprecated rule, which it no longer lists)"}),
               boost::test_tools::per_element());
    BOOST_TEST(waived.exit_code() == 0);
    BOOST_TEST(row(waived.packs.at(0), "rules")->status == "waived");
}

BOOST_AUTO_TEST_CASE(misspelled_event_name_suggests_the_real_one) {
    InSourceRoot here;
    BOOST_TEST(headlines(validate_fixture("misspelled-event-name")) ==
                   expect("misspelled-event-name",
                          {
                              "rules/MINI-VPC.yml:11:16: error[validate.unknown_event_name]: unknown eventName "
                              "'CreateVPC' for ec2.amazonaws.com; did you mean 'CreateVpc'?",
                          }),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(unknown_event_source_suggests_the_real_one) {
    InSourceRoot here;
    BOOST_TEST(headlines(validate_fixture("unknown-event-source")) ==
                   expect("unknown-event-source",
                          {
                              "rules/MINI-VPC.yml:10:18: error[validate.unknown_event_source]: unknown eventSource "
                              "'ecc2.amazonaws.com'; did you mean 'ec2.amazonaws.com'?",
                          }),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(bad_regex) {
    InSourceRoot here;
    BOOST_TEST(headlines(validate_fixture("bad-regex")) ==
                   expect("bad-regex",
                          {
                              R"(rules/MINI-LOGIN.yml:13:19: error[rule.bad_regex]: invalid regular expression: missing ): aws-cli/(2\.)",
                          }),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(yaml_syntax_error_hides_nothing_else) {
    InSourceRoot here;
    // The broken file's id still counts as present: no "missing rule" or count noise.
    BOOST_TEST(headlines(validate_fixture("yaml-syntax-error")) ==
                   expect("yaml-syntax-error",
                          {
                              "rules/MINI-TRAIL.yml:6:2: error[load.yaml_parse]: YAML syntax error: end of map not found",
                          }),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(rule_that_can_never_fire_must_be_marked) {
    InSourceRoot here;
    BOOST_TEST(headlines(validate_fixture("never-fires")) ==
                   expect("never-fires",
                          {
                              "rules/MINI-VPC.yml:12:5: error[validate.relevance_mismatch]: rule can never fire on "
                              "CloudTrail: field 'destination.ip' is produced by no parser, field map or enrichment, "
                              "and 'destination' is not a CloudTrail record key; mark it 'cloudtrail_relevance: none' "
                              "or fix it",
                          }),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(every_defect_of_a_pack_in_one_run) {
    InSourceRoot here;
    BOOST_TEST(headlines(validate_fixture("multi-defect")) ==
                   expect("multi-defect",
                          {
                              "pack.yml:10:30: error[validate.count_mismatch]: models: documented 2, derived from the "
                              "pack 1",
                              "pack.yml:13:29: error[validate.wrong_technique_name]: documented name 'Create Account: "
                              "Cloud' of T1136.003 is wrong: ATT&CK v18.1 names it 'Create Account: Cloud Account'",
                              "pack.yml:21:12: error[validate.documented_missing]: documented rule 'MINI-GONE' is not "
                              "in the pack",
                              "rules/MINI-LOGIN.yml:2:5: error[load.duplicate_id]: id 'MINI-LOGIN' is already used by "
                              "the rule at harness/tests/data/validate/multi-defect/rules/MINI-LOGIN-copy.yml:1",
                              "rules/MINI-LOGIN.yml:5:5: error[validate.revoked_technique]: ATT&CK technique T1527 "
                              "'Application Access Token' is revoked by T1550.001; use T1550.001 'Use Alternate "
                              "Authentication Material: Application Access Token'",
                              R"(rules/MINI-LOGIN.yml:13:19: error[rule.bad_regex]: invalid regular expression: missing ): aws-cli/(2\.)",
                              "rules/MINI-NEW-USER.yml:8:14: error[validate.dangling_model_ref]: model 'MINI-CREATOR' "
                              "is not a model of pack 'mini'; did you mean 'MINI-CREATORS'?",
                              "rules/MINI-NEW-USER.yml:11:18: error[validate.unknown_event_source]: unknown "
                              "eventSource 'iam.amazonaws.con'; did you mean 'iam.amazonaws.com'?",
                              "rules/MINI-TRAIL.yml:6:2: error[load.yaml_parse]: YAML syntax error: end of map not "
                              "found",
                              "rules/MINI-VPC.yml:2:5: error[validate.documented_mismatch]: rule 'MINI-VPC' has MITRE "
                              "techniques T1579; documented: T1578",
                              "rules/MINI-VPC.yml:2:5: error[validate.documented_mismatch]: technique T1579 (tagged by "
                              "rule 'MINI-VPC') is not in the documented MITRE list",
                              "rules/MINI-VPC.yml:5:5: error[validate.unknown_technique]: unknown ATT&CK technique "
                              "T1579 (not in ATT&CK v18.1)",
                              "rules/MINI-VPC.yml:11:16: error[validate.unknown_event_name]: unknown eventName "
                              "'CreateVPC' for ec2.amazonaws.com; did you mean 'CreateVpc'?",
                              "pack.yml:14:29: warning[validate.old_technique_name]: documented name 'Impair Defenses: "
                              "Disable Cloud Logs' of T1562.008 was its name in ATT&CK v8.0 to v13.1; ATT&CK v18.1 "
                              "names it 'Impair Defenses: Disable or Modify Cloud Logs'",
                              "rules/MINI-LOGIN.yml:6:5: warning[validate.tactic_mismatch]: tactic 'initial-access' "
                              "fits none of the rule's techniques: T1550.001 (defense-evasion, lateral-movement)",
                          }),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(sarif_shape_for_one_finding) {
    InSourceRoot here;
    const std::string sarif = render_validate_sarif(validate_fixture("wrong-count"));
    BOOST_TEST(sarif ==
               "{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{"
               "\"tool\":{\"driver\":{\"name\":\"trailproof\",\"version\":\"" +
                   std::string(k_version) +
                   "\",\"rules\":[{\"id\":\"validate.count_mismatch\",\"shortDescription\":{\"text\":\"documented "
                   "count differs\"},\"fullDescription\":{\"text\":\"A documented figure differs from the count "
                   "derived from the pack and no waiver explains it.\"}}]}},\"originalUriBaseIds\":{\"SRCROOT\":{"
                   "\"description\":{\"text\":\"The content root given on the command line (the folder holding the "
                   "packs).\"}}},\"taxonomies\":[{\"name\":\"mini\",\"shortDescription\":{\"text\":\"Mini pack for "
                   "the validator tests\"},\"taxa\":[{\"id\":\"MINI-LOGIN\",\"name\":\"Root console login\","
                   "\"shortDescription\":{\"text\":\"Root console login\"},\"helpUri\":\"https://attack.mitre.org/"
                   "techniques/T1078/004/\"},{\"id\":\"MINI-NEW-USER\",\"name\":\"First user creation by a "
                   "principal\",\"shortDescription\":{\"text\":\"First user creation by a principal\"},\"helpUri\":"
                   "\"https://attack.mitre.org/techniques/T1136/003/\"},{\"id\":\"MINI-TRAIL\",\"name\":\"CloudTrail "
                   "logging stopped\",\"shortDescription\":{\"text\":\"CloudTrail logging stopped\"},\"helpUri\":"
                   "\"https://attack.mitre.org/techniques/T1562/008/\"},{\"id\":\"MINI-VPC\",\"name\":\"VPC "
                   "created\",\"shortDescription\":{\"text\":\"VPC created\"},\"helpUri\":\"https://attack.mitre.org/"
                   "techniques/T1578/\"}]}],\"results\":[{\"ruleId\":\"validate.count_mismatch\",\"ruleIndex\":0,"
                   "\"level\":\"error\",\"message\":{\"text\":\"rules: documented 5, derived from the pack 4\"},"
                   "\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"wrong-count/pack.yml\","
                   "\"uriBaseId\":\"SRCROOT\"},\"region\":{\"startLine\":8,\"startColumn\":19}}}]}]}]}\n");
}

BOOST_AUTO_TEST_CASE(json_holds_counts_and_diagnostics) {
    InSourceRoot here;
    const std::string json = render_validate_json(validate_fixture("wrong-count"));
    BOOST_TEST(json.rfind("{\"packs\":[{\"id\":\"mini\",\"title\":\"Mini pack for the validator tests\",\"dir\":"
                          "\"harness/tests/data/validate/wrong-count\",\"counts\":[{\"figure\":\"rules\",\"documented\":"
                          "5,\"derived\":4,\"status\":\"mismatch\"},",
                          0) == 0,
               json);
    BOOST_TEST(json.find("],\"errors\":1,\"warnings\":0,\"diagnostics\":{\"errors\":[{\"severity\":\"error\",\"code\":"
                         "\"validate.count_mismatch\"") != std::string::npos,
               json);
}

BOOST_AUTO_TEST_CASE(sekoia_unable_to_fire_matches_its_documented_twenty) {
    InSourceRoot here;
    ValidateReport report = validate_packs({"content/sekoia-aws-cloudtrail"}, {});
    BOOST_REQUIRE(report.packs.size() == 1u);
    const CountRow* unable = row(report.packs[0], "unable_to_fire");
    BOOST_REQUIRE(unable);
    BOOST_TEST(unable->documented.value_or(-1) == 20);
    BOOST_TEST(unable->derived.value_or(-1) == 20);
    BOOST_TEST(unable->status == "ok");
}

BOOST_AUTO_TEST_CASE(reference_tables) {
    InSourceRoot here;
    AttackTables attack;
    BOOST_TEST(attack.read("content/attack").successful());
    // Revocation chains are followed to the end (content/attack/README.md).
    BOOST_TEST(attack.replacement_chain("T1073") == (std::vector<std::string>{"T1574.002", "T1574.001"}),
               boost::test_tools::per_element());
    BOOST_TEST(attack.replacement_chain("T1078").empty());
    BOOST_TEST(attack.version() == "18.1");
    AwsTables aws;
    BOOST_TEST(aws.read("content/aws").successful());
    BOOST_TEST(aws.known_pair("ec2.amazonaws.com", "CreateVpc"));
    BOOST_TEST(!aws.known_pair("ec2.amazonaws.com", "CreateVPC"));
    BOOST_TEST(aws.known_pair("lambda.amazonaws.com", "UpdateFunctionCode20150331v2"));
    BOOST_TEST(aws.suggest_name("CreateVPC", {"ec2.amazonaws.com"}) == "CreateVpc");
    BOOST_TEST(aws.suggest_name("CreateFunction", {"lambda.amazonaws.com"}) == "CreateFunction20150331");
    BOOST_TEST(aws.suggest_source("ecc2.amazonaws.com") == "ec2.amazonaws.com");
    BOOST_TEST(edit_distance("CreateVPC", "CreateVpc", false) == 2u);
    BOOST_TEST(edit_distance("CreateVPC", "CreateVpc", true) == 0u);
}

BOOST_AUTO_TEST_CASE(cli_exit_codes) {
    // The bundled sample pack validates clean.
    Run sample = run_cli("validate content/sample");
    BOOST_TEST(sample.code == 0, sample.out << sample.err);
    BOOST_TEST(sample.out.find("  rules                    6        6  ok\n") != std::string::npos, sample.out);
    // Every bundled pack passes; arguments holding no pack are skipped (content/*).
    Run all = run_cli("validate content/*");
    BOOST_TEST(all.code == 0, all.out << all.err);
    BOOST_TEST(all.err.find("trailproof validate: skipping content/attack (no pack)\n") != std::string::npos, all.err);
    // A finding of severity error fails the run.
    Run wrong = run_cli("validate --attack content/attack --aws content/aws " + k_data + "wrong-count");
    BOOST_TEST(wrong.code == 1);
    // Warnings fail it only with --strict.
    Run old_name = run_cli("validate --attack content/attack --aws content/aws " + k_data + "old-technique-name");
    BOOST_TEST(old_name.code == 0);
    Run strict = run_cli("validate --strict --attack content/attack --aws content/aws " + k_data + "old-technique-name");
    BOOST_TEST(strict.code == 1);
    // Usage errors and unreadable paths exit 2 and name the problem.
    Run missing = run_cli("validate content/no-such-pack");
    BOOST_TEST(missing.code == 2);
    BOOST_TEST(missing.out.find("content/no-such-pack: error[load.unreadable]: no such file or folder\n") !=
                   std::string::npos,
               missing.out);
    Run format = run_cli("validate --format xml content/sample");
    BOOST_TEST(format.code == 2);
    BOOST_TEST(format.err == "trailproof validate: --format: unknown format 'xml' (use table, json or sarif)\n");
    Run tables = run_cli("validate " + k_data + "base");
    BOOST_TEST(tables.code == 2); // no attack/ beside the fixtures and no --attack
    BOOST_TEST(tables.out.find("harness/tests/data/validate/attack/enterprise-techniques.tsv: "
                               "error[validate.tables_unreadable]: cannot read reference table (use --attack DIR / "
                               "--aws DIR)\n") != std::string::npos,
               tables.out);
    Run none = run_cli("validate");
    BOOST_TEST(none.code == 2);
}

// An indicator list an organization left empty is flagged: the list warns and each rule
// that reads it is refused, so validate fails instead of shipping a rule that never fires.
BOOST_AUTO_TEST_CASE(empty_indicator_list_is_flagged) {
    Run r = run_cli("validate --context " + k_data + "empty-indicator-list content/sekoia-aws-cloudtrail");
    BOOST_TEST(r.code == 1, r.out << r.err);
    for (const char* line :
         {"content/sekoia-aws-cloudtrail/rules/potential-bazar-loader-user-agents.yml:27:9: "
          "error[rule.unresolved_placeholder]: placeholder '%bazar_loader_user_agents%' has no values; the rule cannot "
          "be used without it\n",
          "content/sekoia-aws-cloudtrail/rules/potential-bazar-loader-user-agents.yml:28:9: "
          "error[rule.unresolved_placeholder]: placeholder '%bazar_loader_user_agents%' has no values; the rule cannot "
          "be used without it\n",
          "harness/tests/data/validate/empty-indicator-list/bazar_loader_user_agents.txt: warning[context.empty_table]: "
          "table 'bazar_loader_user_agents' has no entries; rules using %bazar_loader_user_agents% are rejected\n"})
        BOOST_TEST(r.out.find(line) != std::string::npos, line << "\n" << r.out);
    // The shipped list is not empty.
    Run shipped = run_cli("validate content/sekoia-aws-cloudtrail");
    BOOST_TEST(shipped.code == 0, shipped.out);
}

BOOST_AUTO_TEST_SUITE_END()
