// Exact rendered diagnostics (STYLE.md §5: the whole text, file:line:col,
// message, snippet and caret). One bad-rule kind per golden file pair in
// errors/: <case>.yml is the rule, loaded as "rule.yml" of pack "aws", and
// <case>.expected the exact text LoadResult renders for it; no rule of a
// golden case may compile. Then a file with several bad rules whose
// diagnostics must all come out, in order, in one run, and the cases that
// check more than the text.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>

#include "rules_fixture.h"

using namespace trailproof;
using namespace trailproof::rules;
using namespace trailproof::rules::test;

namespace {

namespace fs = std::filesystem;

const fs::path k_rules_tests = fs::path(TRAILPROOF_SOURCE_DIR) / "engine" / "tests" / "rules";

// Everything a load reported (errors, then warnings), as LoadResult renders it.
std::string diagnostics_of(RulesFixture& f, const std::string& text) {
    (void)f.load(text, "rule.yml", "aws");
    return f.result.render_text();
}

std::string read_text(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    BOOST_TEST_REQUIRE(in.good(), "cannot read " << file.string());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// "errors/<case>" for every errors/<case>.yml, sorted: the name a failure reports.
std::vector<std::string> golden_cases() {
    std::vector<std::string> out;
    for (const auto& entry : fs::directory_iterator(k_rules_tests / "errors"))
        if (entry.path().extension() == ".yml") out.push_back("errors/" + entry.path().stem().string());
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(rule_errors, RulesFixture)

// A golden case that vanished would not fail: the set must be there, and complete.
BOOST_AUTO_TEST_CASE(golden_files_come_in_pairs) {
    const std::vector<std::string> cases = golden_cases();
    BOOST_TEST(!cases.empty());
    std::size_t expected = 0;
    for (const auto& entry : fs::directory_iterator(k_rules_tests / "errors")) {
        if (entry.path().extension() != ".expected") continue;
        ++expected;
        BOOST_TEST(fs::exists(fs::path(entry.path()).replace_extension(".yml")), entry.path().string());
    }
    BOOST_TEST(expected == cases.size());
}

// A failure names its case in the context line: "golden = errors/<case>".
BOOST_DATA_TEST_CASE(golden, boost::unit_test::data::make(golden_cases()), golden) {
    const std::string text = read_text(k_rules_tests / (golden + ".yml"));
    const std::string expected = read_text(k_rules_tests / (golden + ".expected"));
    BOOST_TEST(diagnostics_of(*this, text) == expected);
    BOOST_TEST(set.size() == 0u);
}

// STYLE.md §5: one pack with several bad rules; every diagnostic, in order, in one
// run, and the good rule still compiles.
BOOST_AUTO_TEST_CASE(multi_error_file_reports_everything_in_order) {
    const std::string text = R"YAML(title: Good rule
id: good-1
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventSource: iam.amazonaws.com
    eventName: CreateAccessKey
  condition: selection
---
title: Unknown modifier and bad regex in one rule
id: bad-1
logsource:
  product: aws
detection:
  selection:
    eventName|startwith: Put
    userAgent|re: '[unclosed'
  condition: selection
---
title: Pipe aggregation
id: bad-2
status: production
logsource:
  product: aws
detection:
  selection:
    eventName: GetSecretValue
  condition: selection | count() by userIdentity.arn > 20
---
title: Undefined identifier inside a folded condition
id: bad-3
logsource:
  product: aws
detection:
  selection:
    eventName: DeleteTrail
  condition: >
    selection and
    not 1 of filter*
---
title: Duplicate id
id: good-1
logsource:
  product: aws
detection:
  selection:
    eventName: StopLogging
  condition: selection
---
title: Host bits
id: bad-5
logsource:
  product: aws
detection:
  selection:
    eventName: ConsoleLogin
    sourceIPAddress|cidr: 10.1.2.3/16
  condition: selection
)YAML";
    (void)load(text, "rules/mixed.yml", "aws");
    BOOST_TEST(
        result.render_text() ==
        R"EXP(rules/mixed.yml:18:15: error[rule.unknown_modifier]: unknown modifier 'startwith'; did you mean 'startswith'?
  |     eventName|startwith: Put
  |               ^
rules/mixed.yml:19:19: error[rule.bad_regex]: invalid regular expression: missing ]: [unclosed
  |     userAgent|re: '[unclosed'
  |                   ^
rules/mixed.yml:24:9: error[rule.bad_status]: status 'production' is not one of stable, test, experimental, deprecated, unsupported
  | status: production
  |         ^
rules/mixed.yml:30:24: error[rule.deprecated_aggregation]: the pipe syntax in conditions ('| count() by ...') is deprecated; write a correlation rule (correlation: type: event_count) instead
  |   condition: selection | count() by userIdentity.arn > 20
  |                        ^
rules/mixed.yml:41:14: error[rule.empty_pattern]: 'filter*' matches no detection identifier
  |     not 1 of filter*
  |              ^
rules/mixed.yml:44:5: error[load.duplicate_id]: id 'good-1' is already used by the rule at rules/mixed.yml:1
  | id: good-1
  |     ^
rules/mixed.yml:59:27: error[rule.bad_cidr]: invalid CIDR '10.1.2.3/16': host bits are set in '10.1.2.3/16'
  |     sourceIPAddress|cidr: 10.1.2.3/16
  |                           ^
)EXP");
    std::vector<std::string> codes;
    for (const auto& d : result.errors()) codes.push_back(d.code);
    BOOST_TEST(codes == (std::vector<std::string>{"rule.unknown_modifier", "rule.bad_regex", "rule.bad_status",
                                                  "rule.deprecated_aggregation", "rule.empty_pattern",
                                                  "load.duplicate_id", "rule.bad_cidr"}));
    BOOST_TEST(!result.has_warnings());
    BOOST_REQUIRE(set.size() == 1u);
    BOOST_TEST(set.meta(0).id == "good-1");
    // The record carries the item and the context chain, outside-in.
    const Diagnostic& regex = result.errors()[1];
    BOOST_TEST(regex.item_kind == "rule");
    BOOST_TEST(regex.item_id == "bad-1");
    BOOST_TEST(regex.context_chain == (std::vector<std::string>{"pack 'aws'", "rule 'bad-1'", "detection 'selection'",
                                                                "field 'userAgent|re'"}));
}

BOOST_AUTO_TEST_CASE(errors_of_several_files_in_one_run) {
    (void)load_many({{"a.yml", rule_with("    sel:\n      a|contain: x\n"), "p"},
                     {"b.yml", rule_with("    sel:\n      a: x\n", "sel or nope", "r2"), "p"},
                     {"c.yml", rule_with("    sel:\n      eventName: x\n", "sel", "r3"), "p"}});
    BOOST_TEST(result.render_text() ==
               R"EXP(a.yml:8:9: error[rule.unknown_modifier]: unknown modifier 'contain'; did you mean 'contains'?
  |       a|contain: x
  |         ^
b.yml:9:23: error[rule.undefined_identifier]: detection 'nope' is not defined (sel is defined)
  |     condition: sel or nope
  |                       ^
)EXP");
    BOOST_TEST(set.size() == 1u);
}

// A YAML syntax error stops the file there, but the documents before it still load.
BOOST_AUTO_TEST_CASE(yaml_error_keeps_earlier_documents) {
    (void)load(rule_with("    sel:\n      eventName: x\n") + "---\ntitle: [broken\n", "f.yml");
    BOOST_REQUIRE(result.errors().size() == 1u);
    BOOST_TEST(result.errors()[0].code == "load.yaml_parse");
    BOOST_TEST(set.size() == 1u);
}

BOOST_AUTO_TEST_CASE(plain_sigma_packs_need_uuid_ids) {
    options.require_uuid_ids = true;
    const std::string text = rule_with("    sel:\n      eventName: x\n", "sel", "CS-Admin-Activty-F");
    BOOST_TEST(diagnostics_of(*this, text) ==
               R"EXP(rule.yml:2:5: error[rule.bad_id]: id 'CS-Admin-Activty-F' is not a UUID (this pack is plain Sigma)
  | id: CS-Admin-Activty-F
  |     ^
)EXP");
    (void)load(rule_with("    sel:\n      eventName: x\n", "sel", "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"));
    BOOST_TEST(result.successful());
    options.require_uuid_ids = false; // vendor packs keep their ids verbatim
    (void)load(rule_with("    sel:\n      eventName: x\n", "sel", "CS-Admin-Activty-F"));
    BOOST_TEST(result.successful());
}

BOOST_AUTO_TEST_CASE(warnings_for_legacy_content_render_exactly) {
    const std::string text = R"YAML(title: AWS Root Credentials
id: 8ad1600d-e9dc-4251-b0ee-a65268f29add
status: test
date: 2020/01/21
modified: 2022/10/09
tags:
  - attack.privilege_escalation
  - attack.t1078.004
logsource:
  product: aws
  service: cloudtrail
detection:
  selection_usertype:
    userIdentity.type: Root
  selection_eventtype:
    eventType: AwsServiceEvent
  condition: selection_usertype and not selection_eventtype
  timeframe: 1h
level: medium
)YAML";
    BOOST_TEST(
        diagnostics_of(*this, text) ==
        R"EXP(rule.yml:4:7: warning[rule.legacy_date]: date '2020/01/21' uses the v1 format YYYY/MM/DD; write 2020-01-21
  | date: 2020/01/21
  |       ^
rule.yml:5:11: warning[rule.legacy_date]: modified '2022/10/09' uses the v1 format YYYY/MM/DD; write 2022-10-09
  | modified: 2022/10/09
  |           ^
rule.yml:7:5: warning[rule.v1_tactic]: tag 'attack.privilege_escalation' uses the v1 underscore form; Sigma v2 writes 'attack.privilege-escalation'
  |   - attack.privilege_escalation
  |     ^
rule.yml:17:14: warning[rule.unindexed]: the condition does not name an eventName, so the rule is checked against every event
  |   condition: selection_usertype and not selection_eventtype
  |              ^
rule.yml:18:3: warning[rule.deprecated_timeframe]: 'timeframe' is a v1 aggregation key and is ignored; use a correlation rule's timespan
  |   timeframe: 1h
  |   ^
)EXP");
    BOOST_TEST(set.size() == 1u);
}

BOOST_AUTO_TEST_CASE(duplicate_modifier_is_a_warning) {
    (void)load(rule_with("    sel:\n      eventName|contains|contains: Get\n"));
    BOOST_TEST(result.successful());
    BOOST_TEST(result.render_text() ==
               R"EXP(test.yml:8:26: warning[rule.duplicate_modifier]: modifier 'contains' is repeated
  |       eventName|contains|contains: Get
  |                          ^
)EXP");
}

BOOST_AUTO_TEST_SUITE_END()
