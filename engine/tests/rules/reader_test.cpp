// The reader: metadata into RuleMeta, YAML 1.1 typing, extensions, field maps,
// correlation documents and their checks (SIGMA.md §1, §5).

#include "rules/rule_reader.h"
#include "yaml/yaml_tree.h"
#include "rules_fixture.h"

using namespace trailproof;
using namespace trailproof::rules;
using namespace trailproof::rules::test;

namespace {

DetectionValue typed(std::string_view yaml_value) {
    const YamlReadResult r = read_yaml_documents("v: " + std::string(yaml_value) + "\n");
    BOOST_REQUIRE(!r.failed);
    return typed_value(r.documents.at(0).root.entries.at(0).value);
}

using Type = DetectionValue::Type;

} // namespace

BOOST_AUTO_TEST_SUITE(yaml_typing)

// SIGMA.md §1 DECIDE: plain scalars are typed as PyYAML (YAML 1.1) types them.
BOOST_AUTO_TEST_CASE(plain_scalars_follow_yaml11) {
    BOOST_TEST((typed("0x17").type == Type::Number));
    BOOST_TEST(typed("0x17").number == 23);
    BOOST_TEST(typed("0x17").text == "23");
    BOOST_TEST(typed("010").number == 8); // octal, as PyYAML
    BOOST_TEST(typed("0b101").number == 5);
    BOOST_TEST(typed("-42").number == -42);
    BOOST_TEST(typed("1_000").number == 1000);
    BOOST_TEST(typed("4624").text == "4624");
    BOOST_TEST(typed("1.5").number == 1.5);
    BOOST_TEST(typed("1.0").text == "1.0");
    BOOST_TEST((typed("1e5").type == Type::String)); // PyYAML needs a dot in a float
    BOOST_TEST((typed("1.2.3").type == Type::String));
    BOOST_TEST((typed("yes").type == Type::Bool));
    BOOST_TEST(typed("yes").boolean);
    BOOST_TEST((typed("On").type == Type::Bool));
    BOOST_TEST(!typed("off").boolean);
    BOOST_TEST((typed("y").type == Type::String));
    BOOST_TEST((typed("null").type == Type::Null));
    BOOST_TEST((typed("~").type == Type::Null));
    BOOST_TEST((typed("2023-01-01").type == Type::String));
}

BOOST_AUTO_TEST_CASE(quoted_and_tagged_scalars_stay_strings) {
    BOOST_TEST((typed("'0x17'").type == Type::String));
    BOOST_TEST(typed("'0x17'").text == "0x17");
    BOOST_TEST((typed("\"yes\"").type == Type::String));
    BOOST_TEST((typed("!!str 5").type == Type::String));
    BOOST_TEST((typed("'null'").type == Type::String));
}

BOOST_AUTO_TEST_CASE(tree_keeps_positions_styles_and_duplicates) {
    const YamlReadResult r = read_yaml_documents("a: 1\nb: 'x'\na: |\n  block\n---\nc: d\n");
    BOOST_REQUIRE(!r.failed);
    BOOST_REQUIRE(r.documents.size() == 2u);
    const YamlNode& root = r.documents[0].root;
    BOOST_REQUIRE(root.entries.size() == 3u);
    BOOST_TEST(root.entries[2].key.text == "a"); // the duplicate is kept for the reader to report
    BOOST_TEST((root.entries[1].value.style == ScalarStyle::SingleQuoted));
    BOOST_TEST((root.entries[2].value.style == ScalarStyle::Literal));
    BOOST_TEST((root.entries[1].value.pos == SourcePos{2, 4}));
    BOOST_TEST(r.documents[1].root.entries[0].key.pos.line == 6);
}

BOOST_AUTO_TEST_CASE(scalar_positions_map_into_quoted_and_block_text) {
    const std::string file = "c: 'it''s x'\nd: >\n  first\n  second\n";
    const YamlReadResult r = read_yaml_documents(file);
    BOOST_REQUIRE(!r.failed);
    const YamlNode& quoted = r.documents[0].root.entries[0].value;
    const auto q = map_scalar_positions(file, quoted);
    BOOST_TEST(quoted.text == "it's x");
    BOOST_TEST((q[0] == SourcePos{1, 5}));
    BOOST_TEST((q[5] == SourcePos{1, 11})); // 'x' after the doubled quote
    const YamlNode& folded = r.documents[0].root.entries[1].value;
    const auto f = map_scalar_positions(file, folded);
    BOOST_TEST(folded.text == "first second\n");
    BOOST_TEST((f[6] == SourcePos{4, 3})); // 's' of second
}

BOOST_AUTO_TEST_CASE(alias_bomb_is_cut_off) {
    std::string text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    char prev = 'a';
    for (char c = 'b'; c <= 'j'; ++c, ++prev)
        text += std::string(1, c) + ": &" + c + " [*" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" +
                prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + "]\n";
    const YamlReadResult r = read_yaml_documents(text);
    BOOST_TEST(r.failed);
    // The message names the limit (engine/yaml README "Limits"); it also has a position now.
    BOOST_TEST(r.error == "aliases copy more than 1000000 nodes (an alias bomb?); the limit keeps memory bounded");
    BOOST_TEST(r.error_pos.line == 6);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(rule_reader, RulesFixture)

BOOST_AUTO_TEST_CASE(metadata_is_copied_into_rule_meta) {
    load(R"(title: IAM user created
id: 3f4b2a10-0000-4000-8000-000000000001
name: iam_user_created
description: A new IAM user.
status: Experimental
level: High
author: trailproof, someone else
date: 2024-01-02
references:
  - https://example.com
falsepositives:
  - Admins
tags:
  - attack.persistence
  - attack.t1136.003
  - attack.privilege_escalation
  - cve.2021-1234
  - detection.threat-hunting
logsource:
  product: aws
  service: cloudtrail
  category: cloud
detection:
  sel:
    eventName: CreateUser
  condition: sel
score: 25
use_cases: [Account Manipulation]
activity_types: iam-user-creation
effort: elementary
model:
  ref: M-IAM-01
  trigger: first_time
  feature: userIdentity.arn
  window: 30
custom_field: kept silently
)",
         "rules/iam.yml", "aws-pack");
    BOOST_TEST_REQUIRE(result.errors().empty(), result.render_text());
    const RuleMeta& m = set.meta(0);
    BOOST_TEST(m.id == "3f4b2a10-0000-4000-8000-000000000001");
    BOOST_TEST(m.title == "IAM user created");
    BOOST_TEST(m.name == "iam_user_created");
    BOOST_TEST(m.description == "A new IAM user.");
    BOOST_TEST(m.status == "experimental"); // compared without case (pySigma), stored lowered
    BOOST_TEST(m.level == "high");
    BOOST_TEST(m.author == "trailproof, someone else");
    BOOST_TEST(m.file == "rules/iam.yml");
    BOOST_TEST(m.pack == "aws-pack");
    BOOST_TEST(m.line == 1);
    BOOST_TEST(m.tags.size() == 5u);
    BOOST_TEST(m.techniques == std::vector<std::string>{"T1136.003"});
    BOOST_TEST(m.tactics == (std::vector<std::string>{"persistence", "privilege_escalation"}));
    BOOST_TEST(m.logsource_product == "aws");
    BOOST_TEST(m.logsource_service == "cloudtrail");
    BOOST_TEST(m.logsource_category == "cloud");
    BOOST_TEST(m.score == 25);
    BOOST_TEST(m.use_cases == std::vector<std::string>{"Account Manipulation"});
    BOOST_TEST(m.activity_types == std::vector<std::string>{"iam-user-creation"});
    BOOST_TEST(m.effort == "elementary");
    BOOST_TEST(m.model_ref == "M-IAM-01");
    BOOST_TEST(m.model_trigger == "first_time");
    BOOST_TEST(m.model_params.size() == 2u);
    BOOST_TEST(m.model_params.at("feature") == "userIdentity.arn");
    BOOST_TEST(m.model_params.at("window") == "30");
    BOOST_TEST(m.fields_used == std::vector<std::string>{"eventName"});
}

// attack.T1078 is a bad tag (uppercase): an error, so that rule is left out.
BOOST_AUTO_TEST_CASE(uppercase_attack_tag_is_an_error) {
    load(rule_with("    sel:\n      eventName: x\n") + "tags: [attack.T1078]\n");
    BOOST_REQUIRE(result.errors().size() == 1u);
    BOOST_TEST(result.errors()[0].code == "rule.bad_tag");
}

BOOST_AUTO_TEST_CASE(multi_document_file_routes_by_content) {
    load(rule_with("    sel:\n      eventName: a\n", "sel", "r1") + "---\n" +
         rule_with("    sel:\n      eventName: b\n", "sel", "r2") +
         "---\ntitle: c\nid: c1\ncorrelation:\n  type: event_count\n  rules: [r1]\n  timespan: 5m\n"
         "  condition: {gte: 3}\n---\n");
    BOOST_TEST_REQUIRE(result.successful(), result.render_text());
    BOOST_TEST(set.size() == 2u);
    BOOST_TEST(set.meta(1).id == "r2");
    BOOST_TEST(set.meta(1).line == 11);
    BOOST_TEST(set.correlations().size() == 1u);
}

BOOST_AUTO_TEST_CASE(field_map_maps_names_and_interns_ids) {
    options.map_field = [](std::string_view name) {
        if (name == "event.action") return std::string("eventName");
        if (name == "user.name") return std::string("userIdentity.userName");
        return std::string(name);
    };
    load(rule_with("    sel:\n      event.action: CreateUser\n      user.name|startswith: svc-\n"));
    BOOST_TEST_REQUIRE(result.successful(), result.render_text());
    BOOST_TEST(set.meta(0).fields_used == (std::vector<std::string>{"eventName", "userIdentity.userName"}));
    BOOST_TEST(registry.find("eventName") != k_no_field);
    BOOST_TEST(registry.find("eventSource") != k_no_field);
    BOOST_TEST(registry.find("userIdentity.userName") != k_no_field);
    BOOST_TEST(registry.find("event.action") == k_no_field);
    BOOST_TEST(!set.unindexed(0)); // the index sees the mapped eventName
    auto e = event();
    BOOST_TEST(fires(e.str("eventName", "CreateUser").str("userIdentity.userName", "svc-ci").build()));
}

BOOST_AUTO_TEST_CASE(duplicate_keys_are_found_at_any_depth) {
    load("title: t\nid: r1\nlogsource: {product: aws, product: gcp}\ndetection:\n  sel:\n    - a: x\n      a: y\n"
         "  condition: sel\ntitle: again\n");
    std::vector<std::string> messages;
    for (const auto& d : result.errors()) messages.push_back(d.code + " " + d.message);
    BOOST_TEST(messages == (std::vector<std::string>{"load.duplicate_key duplicate key 'product' (first at line 3)",
                                                     "load.duplicate_key duplicate key 'a' (first at line 6)",
                                                     "load.duplicate_key duplicate key 'title' (first at line 1)"}));
}

BOOST_AUTO_TEST_CASE(duplicate_ids_across_files) {
    load_many({{"a.yml", rule_with("    sel:\n      eventName: x\n", "sel", "same"), ""},
               {"b.yml", rule_with("    sel:\n      eventName: y\n", "sel", "same"), ""}});
    BOOST_TEST(result.render_text() ==
               "b.yml:2:5: error[load.duplicate_id]: id 'same' is already used by the rule at a.yml:1\n"
               "  | id: same\n"
               "  |     ^\n");
    BOOST_TEST(set.size() == 1u);
    BOOST_TEST(set.find("same") == 0u);
    BOOST_TEST(set.find("nope") == UINT32_MAX);
}

BOOST_AUTO_TEST_CASE(metadata_limits) {
    load("title: " + std::string(257, 'x') + "\nid: r1\nname: ''\nrelated:\n  - id: abc\n    type: cousin\n  - id: x\n"
         "logsource: {product: aws}\ndetection:\n  sel: {eventName: x}\n  condition: sel\n");
    std::vector<std::string> messages;
    for (const auto& d : result.errors()) messages.push_back(d.message);
    BOOST_TEST(messages == (std::vector<std::string>{"title is 257 characters long; at most 256 are allowed",
                                                    "name must not be empty",
                                                    "related type 'cousin' is not one of derived, obsolete, merged, "
                                                    "renamed, similar",
                                                    "each 'related' entry needs 'id' and 'type'"}));
}

BOOST_AUTO_TEST_SUITE_END()

// ------------------------------------------------------------------ correlations

BOOST_FIXTURE_TEST_SUITE(correlation_reader, RulesFixture)

namespace {
std::string base_rules() {
    return rule_with("    sel:\n      eventName: ConsoleLogin\n", "sel", "login") + "name: failed_login\n---\n" +
           rule_with("    sel:\n      eventName: CreateUser\n", "sel", "create") + "name: user_created\n";
}
} // namespace

BOOST_AUTO_TEST_CASE(correlation_fields_are_parsed) {
    load(base_rules() + R"(---
title: Many failed logins then a user
id: corr-1
name: brute_then_create
level: high
status: test
generate: true
correlation:
  type: temporal_ordered
  rules:
    - failed_login
    - create
  group-by:
    - userIdentity.arn
  timespan: 1h
  aliases:
    actor:
      failed_login: userIdentity.arn
      user_created: requestParameters.userName
---
title: Range
id: corr-2
correlation:
  type: value_count
  rules: login
  group-by: sourceIPAddress
  timespan: 2d
  generate: true
  condition:
    field: userIdentity.userName
    gt: 10
    lte: 200
)",
         "c.yml");
    BOOST_TEST_REQUIRE(result.successful(), result.render_text());
    BOOST_REQUIRE(set.correlations().size() == 2u);
    const CorrelationRule& t = set.correlations()[0];
    BOOST_TEST(t.title == "Many failed logins then a user");
    BOOST_TEST(t.id == "corr-1");
    BOOST_TEST(t.name == "brute_then_create");
    BOOST_TEST(t.level == "high");
    BOOST_TEST((t.type == CorrelationType::TemporalOrdered));
    BOOST_TEST(t.type_name == "temporal_ordered");
    BOOST_TEST(t.rules == (std::vector<std::string>{"failed_login", "create"}));
    BOOST_REQUIRE(t.refs.size() == 2u);
    BOOST_TEST(t.refs[0].index == set.find("login"));  // resolved by name
    BOOST_TEST(t.refs[1].index == set.find("create")); // resolved by id
    BOOST_TEST(!t.refs[0].is_correlation);
    BOOST_TEST(t.group_by == std::vector<std::string>{"userIdentity.arn"});
    BOOST_TEST(t.timespan_seconds == 3600);
    BOOST_TEST(t.generate); // top level
    // temporal without condition: every listed rule (pySigma gte: len(rules))
    BOOST_REQUIRE(t.condition.size() == 1u);
    BOOST_TEST((t.condition[0].op == CorrelationOp::Gte));
    BOOST_TEST(t.condition[0].value == 2);
    BOOST_TEST(t.aliases.at("actor").at("user_created") == std::vector<std::string>{"requestParameters.userName"});
    BOOST_TEST(t.file == "c.yml");
    BOOST_TEST(t.line == 23);

    const CorrelationRule& r = set.correlations()[1];
    BOOST_TEST((r.type == CorrelationType::ValueCount));
    BOOST_TEST(r.rules == std::vector<std::string>{"login"});
    BOOST_TEST(r.group_by == std::vector<std::string>{"sourceIPAddress"});
    BOOST_TEST(r.timespan_seconds == 2 * 86400);
    BOOST_TEST(r.generate);                  // inside correlation (pySigma's place)
    BOOST_REQUIRE(r.condition.size() == 2u); // a range: both AND-ed
    BOOST_TEST((r.condition[0].op == CorrelationOp::Gt));
    BOOST_TEST(r.condition[0].value == 10);
    BOOST_TEST((r.condition[1].op == CorrelationOp::Lte));
    BOOST_TEST(r.condition[1].value == 200);
    BOOST_TEST(r.condition_fields == std::vector<std::string>{"userIdentity.userName"});
}

BOOST_AUTO_TEST_CASE(timespan_units) {
    for (auto [text, seconds] : std::vector<std::pair<std::string, std::int64_t>>{{"30s", 30},
                                                                                  {"90m", 5400},
                                                                                  {"1h", 3600},
                                                                                  {"1d", 86400},
                                                                                  {"1w", 604800},
                                                                                  {"1M", 2629746},
                                                                                  {"1y", 31556952}}) {
        load(base_rules() + "---\ntitle: c\ncorrelation:\n  type: event_count\n  rules: [login]\n  timespan: " + text +
             "\n  condition: {gte: 2}\n");
        BOOST_TEST_REQUIRE(result.successful(), result.render_text());
        BOOST_TEST(set.correlations().at(0).timespan_seconds == seconds, text);
    }
    load(base_rules() + "---\ntitle: c\ncorrelation:\n  type: event_count\n  rules: [login]\n  timespan: 1H\n"
                        "  condition: {gte: 2}\n");
    BOOST_TEST(result.errors().at(0).code == "rule.bad_timespan"); // units are case-sensitive
    // amount * unit used to overflow int64 (this one wrapped to 8 seconds); a century is the limit.
    for (const std::string text : {"1815658196563282435y", "101y", "5260000w", "9223372036854775807s"}) {
        load(base_rules() + "---\ntitle: c\ncorrelation:\n  type: event_count\n  rules: [login]\n  timespan: " +
             text + "\n  condition: {gte: 2}\n", "c.yml");
        BOOST_TEST(result.render_text() ==
                       "c.yml:27:13: error[rule.bad_timespan]: timespan '" + text +
                           "' is out of range (at most 100y, 3155695200 seconds)\n  |   timespan: " + text +
                           "\n  |             ^\n",
                   result.render_text());
    }
    load(base_rules() + "---\ntitle: c\ncorrelation:\n  type: event_count\n  rules: [login]\n  timespan: 100y\n"
                        "  condition: {gte: 2}\n");
    BOOST_TEST_REQUIRE(result.successful(), result.render_text());
    BOOST_TEST(set.correlations().at(0).timespan_seconds == 3155695200);
}

// References by name across files; a correlation over a correlation (chaining).
BOOST_AUTO_TEST_CASE(references_cross_files_and_chain) {
    load_many({{"rules.yml", base_rules(), ""},
               {"inner.yml",
                "title: inner\nname: many_logins\ncorrelation:\n  type: event_count\n  rules: [failed_login]\n"
                "  group-by: [sourceIPAddress]\n  timespan: 10m\n  condition: {gte: 10}\n",
                ""},
               {"outer.yml",
                "title: outer\nid: outer\ncorrelation:\n  type: temporal\n  rules: [many_logins, user_created]\n"
                "  group-by: [userIdentity.arn]\n  timespan: 1h\n",
                ""}});
    BOOST_TEST_REQUIRE(result.successful(), result.render_text());
    BOOST_REQUIRE(set.correlations().size() == 2u);
    const auto& outer = set.correlations()[1];
    BOOST_TEST(outer.refs[0].is_correlation);
    BOOST_TEST(outer.refs[0].index == 0u);
    BOOST_TEST(!outer.refs[1].is_correlation);
    BOOST_TEST(outer.group_by == std::vector<std::string>{"userIdentity.arn"});
}

BOOST_AUTO_TEST_CASE(correlation_errors_render_exactly) {
    load(base_rules() + R"(---
title: bad
id: bad-corr
correlation:
  type: value_count
  rules: [login, missing]
  timespan: 10
  condition:
    gte: 5
    percent: 3
---
title: loop a
name: loop_a
correlation:
  type: event_count
  rules: [loop_b]
  timespan: 1m
  condition: {gte: 1}
---
title: loop b
name: loop_b
correlation:
  type: event_count
  rules: [loop_a]
  timespan: 1m
  condition: {gte: 1}
---
title: no rules
correlation:
  type: event_count
  timespan: 1m
)",
         "c.yml");
    BOOST_TEST(
        result.render_text() ==
        R"EXP(c.yml:27:18: error[rule.unknown_rule_reference]: correlation references 'missing', which is not the id or name of any rule
  |   rules: [login, missing]
  |                  ^
c.yml:28:13: error[rule.bad_timespan]: timespan '10' must be a positive integer followed by s, m, h, d, w, M or y
  |   timespan: 10
  |             ^
c.yml:29:3: error[rule.bad_correlation]: value_count needs 'field' in its condition
  |   condition:
  |   ^
c.yml:31:5: error[rule.bad_correlation]: unknown condition key 'percent'; use gt, gte, lt, lte, eq, neq, field or percentile
  |     percent: 3
  |     ^
c.yml:33:1: error[rule.correlation_cycle]: correlation 'loop a' references itself through its rules
  | title: loop a
  | ^
c.yml:41:1: error[rule.correlation_cycle]: correlation 'loop b' references itself through its rules
  | title: loop b
  | ^
c.yml:50:1: error[load.missing_key]: missing required key 'rules' in 'correlation'
  | correlation:
  | ^
c.yml:50:1: error[load.missing_key]: missing required key 'condition' in 'correlation'
  | correlation:
  | ^
)EXP");
    BOOST_TEST(set.correlations().empty());
    BOOST_TEST(set.size() == 2u);
}

BOOST_AUTO_TEST_CASE(correlation_over_a_failed_rule) {
    load(
        rule_with("    sel:\n      eventName|contain: x\n", "sel", "broken") +
        "---\ntitle: c\ncorrelation:\n  type: event_count\n  rules: [broken]\n  timespan: 1m\n  condition: {gte: 2}\n");
    BOOST_REQUIRE(result.errors().size() == 2u);
    BOOST_TEST(result.errors()[1].message == "correlation references rule 'broken', which has errors");
    BOOST_TEST(set.correlations().empty());
}

BOOST_AUTO_TEST_SUITE_END()
