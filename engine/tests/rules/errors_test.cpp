// Exact rendered diagnostics, one bad-rule kind per case (STYLE.md §5: the whole
// text, file:line:col, message, snippet and caret), then a file with several bad
// rules whose diagnostics must all come out, in order, in one run.

#include "rules_fixture.h"

using namespace trailproof;
using namespace trailproof::rules;
using namespace trailproof::rules::test;

BOOST_FIXTURE_TEST_SUITE(rule_errors, RulesFixture)

namespace {
// Everything a load reported (errors, then warnings), as LoadResult renders it.
std::string diagnostics_of(RulesFixture& f, const std::string& text) {
    (void)f.load(text, "rule.yml", "aws");
    return f.result.render_text();
}
} // namespace

BOOST_AUTO_TEST_CASE(unknown_modifier) {
    const std::string text = R"YAML(title: t
id: r1
logsource:
  product: aws
detection:
  sel:
    eventName|startwith: Get
  condition: sel
)YAML";
    BOOST_TEST(
        diagnostics_of(*this, text) ==
        R"EXP(rule.yml:7:15: error[rule.unknown_modifier]: unknown modifier 'startwith'; did you mean 'startswith'?
  |     eventName|startwith: Get
  |               ^
)EXP");
    BOOST_TEST(set.size() == 0u);
}

BOOST_AUTO_TEST_CASE(unknown_modifier_no_suggestion) {
    const std::string text = R"YAML(title: t
id: r1
logsource:
  product: aws
detection:
  sel:
    eventName|frobnicate: Get
  condition: sel
)YAML";
    BOOST_TEST(diagnostics_of(*this, text) ==
               R"EXP(rule.yml:7:15: error[rule.unknown_modifier]: unknown modifier 'frobnicate'
  |     eventName|frobnicate: Get
  |               ^
)EXP");
    BOOST_TEST(set.size() == 0u);
}

BOOST_AUTO_TEST_CASE(base64_then_re) {
    const std::string text = R"YAML(title: t
id: r1
logsource:
  product: aws
detection:
  sel:
    a|base64|re: 'x'
  condition: sel
)YAML";
    BOOST_TEST(
        diagnostics_of(*this, text) ==
        R"EXP(rule.yml:7:14: error[rule.bad_modifier_combination]: 're' must be the first modifier, found after 'base64'
  |     a|base64|re: 'x'
  |              ^
)EXP");
    BOOST_TEST(set.size() == 0u);
}

BOOST_AUTO_TEST_CASE(contains_then_re) {
    const std::string text = R"YAML(title: t
id: r1
logsource:
  product: aws
detection:
  sel:
    a|contains|re: 'x'
  condition: sel
)YAML";
    BOOST_TEST(
        diagnostics_of(*this, text) ==
        R"EXP(rule.yml:7:16: error[rule.bad_modifier_combination]: 're' must be the first modifier, found after 'contains'
  |     a|contains|re: 'x'
  |                ^
)EXP");
    BOOST_TEST(set.size() == 0u);
}

BOOST_AUTO_TEST_CASE(contains_then_cidr) {
    const std::string text = R"YAML(title: t
id: r1
logsource:
  product: aws
detection:
  sel:
    a|contains|cidr: 10.0.0.0/8
  condition: sel
)YAML";
    BOOST_TEST(
        diagnostics_of(*this, text) ==
        R"EXP(rule.yml:7:16: error[rule.bad_modifier_combination]: 'cidr' must be the first modifier, found after 'contains'
  |     a|contains|cidr: 10.0.0.0/8
  |                ^
)EXP");
    BOOST_TEST(set.size() == 0u);
}

BOOST_AUTO_TEST_CASE(contains_then_exists) {
    const std::string text = R"YAML(title: t
id: r1
logsource:
  product: aws
detection:
  sel:
    a|contains|exists: true
  condition: sel
)YAML";
    BOOST_TEST(
        diagnostics_of(*this, text) ==
        R"EXP(rule.yml:7:16: error[rule.bad_modifier_combination]: 'exists' must be the first modifier, found after 'contains'
  |     a|contains|exists: true
  |                ^
)EXP");
    BOOST_TEST(set.size() == 0u);
}

BOOST_AUTO_TEST_CASE(flag_without_re) {
    const std::string text = R"YAML(title: t
id: r1
logsource:
  product: aws
detection:
  sel:
    a|contains|i: x
  condition: sel
)YAML";
    BOOST_TEST(diagnostics_of(*this, text) ==
               R"EXP(rule.yml:7:16: error[rule.bad_modifier_combination]: regex flag 'i' needs a preceding 're'
  |     a|contains|i: x
  |                ^
)EXP");
    BOOST_TEST(set.size() == 0u);
}

BOOST_AUTO_TEST_CASE(re_then_base64) {
    const std::string text = R"YAML(title: t
id: r1
logsource:
  product: aws
detection:
  sel:
    a|re|base64: x
  condition: sel
)YAML";
    BOOST_TEST(diagnostics_of(*this, text) ==
               R"EXP(rule.yml:7:10: error[rule.bad_modifier_combination]: 'base64' cannot follow 're'
  |     a|re|base64: x
  |          ^
)EXP");
    BOOST_TEST(set.size() == 0u);
}

BOOST_AUTO_TEST_CASE(gt_string) {
    const std::string text = R"YAML(title: t
id: r1
logsource:
  product: aws
detection:
  sel:
    a|gt: '5'
  condition: sel
)YAML";
    BOOST_TEST(diagnostics_of(*this, text) ==
               R"EXP(rule.yml:7:11: error[rule.bad_value]: 'gt' expects a number, found the string '5'
  |     a|gt: '5'
  |           ^
)EXP");
    BOOST_TEST(set.size() == 0u);
}

BOOST_AUTO_TEST_CASE(base64_wildcard) {
    const std::string text = R"YAML(title: t
id: r1
logsource:
  product: aws
detection:
  sel:
    a|base64: 'a*b'
  condition: sel
)YAML";
    BOOST_TEST(diagnostics_of(*this, text) ==
               R"EXP(rule.yml:7:15: error[rule.bad_value]: 'base64' cannot encode a value with wildcards: 'a*b'
  |     a|base64: 'a*b'
  |               ^
)EXP");
    BOOST_TEST(set.size() == 0u);
}

BOOST_AUTO_TEST_CASE(contains_number) {
    const std::string text = R"YAML(title: t
id: r1
logsource:
  product: aws
detection:
  sel:
    a|contains: 4624
  condition: sel
)YAML";
    BOOST_TEST(
        diagnostics_of(*this, text) ==
        R"EXP(rule.yml:7:17: error[rule.bad_value]: 'contains' expects a string, found the number 4624; quote it to match text
  |     a|contains: 4624
  |                 ^
)EXP");
    BOOST_TEST(set.size() == 0u);
}

BOOST_AUTO_TEST_CASE(all_single) {
    const std::string text = R"YAML(title: t
id: r1
logsource:
  product: aws
detection:
  sel:
    a|contains|all: x
  condition: sel
)YAML";
    BOOST_TEST(diagnostics_of(*this, text) ==
               R"EXP(rule.yml:7:16: error[rule.bad_value]: 'all' needs a list of at least two values
  |     a|contains|all: x
  |                ^
)EXP");
    BOOST_TEST(set.size() == 0u);
}

BOOST_AUTO_TEST_CASE(exists_string) {
    const std::string text = R"YAML(title: t
id: r1
logsource:
  product: aws
detection:
  sel:
    a|exists: 'true'
  condition: sel
)YAML";
    BOOST_TEST(diagnostics_of(*this, text) ==
               R"EXP(rule.yml:7:15: error[rule.bad_value]: 'exists' expects true or false, found the string 'true'
  |     a|exists: 'true'
  |               ^
)EXP");
    BOOST_TEST(set.size() == 0u);
}

BOOST_AUTO_TEST_CASE(null_in_list) {
    const std::string text = R"YAML(title: t
id: r1
logsource:
  product: aws
detection:
  sel:
    a: [x, null]
  condition: sel
)YAML";
    BOOST_TEST(diagnostics_of(*this, text) ==
               R"EXP(rule.yml:7:12: error[rule.bad_value]: null is not allowed in a value list; use a separate selection
  |     a: [x, null]
  |            ^
)EXP");
    BOOST_TEST(set.size() == 0u);
}

BOOST_AUTO_TEST_CASE(null_modifier) {
    const std::string text = R"YAML(title: t
id: r1
logsource:
  product: aws
detection:
  sel:
    a|contains: null
  condition: sel
)YAML";
    BOOST_TEST(diagnostics_of(*this, text) ==
               R"EXP(rule.yml:7:17: error[rule.bad_value]: null cannot take the modifier 'contains'
  |     a|contains: null
  |                 ^
)EXP");
    BOOST_TEST(set.size() == 0u);
}

BOOST_AUTO_TEST_CASE(map_value) {
    const std::string text = R"YAML(title: t
id: r1
logsource:
  product: aws
detection:
  sel:
    a:
      b: c
  condition: sel
)YAML";
    BOOST_TEST(
        diagnostics_of(*this, text) ==
        R"EXP(rule.yml:8:7: error[rule.bad_value]: field 'a' has a map as its value; use a value, a list of values or another selection
  |       b: c
  |       ^
)EXP");
    BOOST_TEST(set.size() == 0u);
}

BOOST_AUTO_TEST_CASE(bad_regex) {
    const std::string text = R"YAML(title: t
id: r1
logsource:
  product: aws
detection:
  sel:
    a|re: '(?P<x'
  condition: sel
)YAML";
    BOOST_TEST(
        diagnostics_of(*this, text) ==
        R"EXP(rule.yml:7:11: error[rule.bad_regex]: invalid regular expression: invalid named capture group: (?P<x
  |     a|re: '(?P<x'
  |           ^
)EXP");
    BOOST_TEST(set.size() == 0u);
}

BOOST_AUTO_TEST_CASE(bad_cidr_host_bits) {
    const std::string text = R"YAML(title: t
id: r1
logsource:
  product: aws
detection:
  sel:
    a|cidr: 10.0.0.1/8
  condition: sel
)YAML";
    BOOST_TEST(diagnostics_of(*this, text) ==
               R"EXP(rule.yml:7:13: error[rule.bad_cidr]: invalid CIDR '10.0.0.1/8': host bits are set in '10.0.0.1/8'
  |     a|cidr: 10.0.0.1/8
  |             ^
)EXP");
    BOOST_TEST(set.size() == 0u);
}

BOOST_AUTO_TEST_CASE(bad_cidr_prefix) {
    const std::string text = R"YAML(title: t
id: r1
logsource:
  product: aws
detection:
  sel:
    a|cidr: 10.0.0.0/33
  condition: sel
)YAML";
    BOOST_TEST(diagnostics_of(*this, text) ==
               R"EXP(rule.yml:7:13: error[rule.bad_cidr]: invalid CIDR '10.0.0.0/33': prefix length '33' must be 0..32
  |     a|cidr: 10.0.0.0/33
  |             ^
)EXP");
    BOOST_TEST(set.size() == 0u);
}

BOOST_AUTO_TEST_CASE(uppercase_and) {
    const std::string text = R"YAML(title: t
id: r1
logsource:
  product: aws
detection:
  sel:
    a: x
  filter:
    b: y
  condition: sel AND NOT filter
)YAML";
    BOOST_TEST(diagnostics_of(*this, text) ==
               R"EXP(rule.yml:10:18: error[rule.condition_syntax]: operators are lowercase: write 'and', not 'AND'
  |   condition: sel AND NOT filter
  |                  ^
)EXP");
    BOOST_TEST(set.size() == 0u);
}

BOOST_AUTO_TEST_CASE(undefined) {
    const std::string text = R"YAML(title: t
id: r1
logsource:
  product: aws
detection:
  selection:
    a: x
  condition: selection and not filter
)YAML";
    BOOST_TEST(
        diagnostics_of(*this, text) ==
        R"EXP(rule.yml:8:32: error[rule.undefined_identifier]: detection 'filter' is not defined (selection is defined)
  |   condition: selection and not filter
  |                                ^
)EXP");
    BOOST_TEST(set.size() == 0u);
}

BOOST_AUTO_TEST_CASE(empty_pattern) {
    const std::string text = R"YAML(title: t
id: r1
logsource:
  product: aws
detection:
  sel:
    a: x
  condition: sel and not 1 of filter_*
)YAML";
    BOOST_TEST(diagnostics_of(*this, text) ==
               R"EXP(rule.yml:8:31: error[rule.empty_pattern]: 'filter_*' matches no detection identifier
  |   condition: sel and not 1 of filter_*
  |                               ^
)EXP");
    BOOST_TEST(set.size() == 0u);
}

BOOST_AUTO_TEST_CASE(them_only_underscore) {
    const std::string text = R"YAML(title: t
id: r1
logsource:
  product: aws
detection:
  _sel:
    a: x
  condition: 1 of them
)YAML";
    BOOST_TEST(diagnostics_of(*this, text) ==
               R"EXP(rule.yml:8:19: error[rule.empty_pattern]: 'them' matches no detection identifier
  |   condition: 1 of them
  |                   ^
)EXP");
    BOOST_TEST(set.size() == 0u);
}

BOOST_AUTO_TEST_CASE(aggregation) {
    const std::string text = R"YAML(title: t
id: r1
logsource:
  product: aws
detection:
  selection:
    eventSource: secretsmanager.amazonaws.com
    eventName: GetSecretValue
  condition: selection | count() by userIdentity.arn > 20
)YAML";
    BOOST_TEST(
        diagnostics_of(*this, text) ==
        R"EXP(rule.yml:9:24: error[rule.deprecated_aggregation]: the pipe syntax in conditions ('| count() by ...') is deprecated; write a correlation rule (correlation: type: event_count) instead
  |   condition: selection | count() by userIdentity.arn > 20
  |                        ^
)EXP");
    BOOST_TEST(set.size() == 0u);
}

BOOST_AUTO_TEST_CASE(caret_in_folded) {
    const std::string text = R"YAML(title: t
id: r1
logsource:
  product: aws
detection:
  sel:
    a: x
  condition: >
    sel and
    not flter
)YAML";
    BOOST_TEST(diagnostics_of(*this, text) ==
               R"EXP(rule.yml:10:9: error[rule.undefined_identifier]: detection 'flter' is not defined (sel is defined)
  |     not flter
  |         ^
)EXP");
    BOOST_TEST(set.size() == 0u);
}

BOOST_AUTO_TEST_CASE(caret_in_double_quoted) {
    const std::string text = R"YAML(title: t
id: r1
logsource:
  product: aws
detection:
  sel:
    a: x
  condition: "sel and \"" 
)YAML";
    BOOST_TEST(diagnostics_of(*this, text) ==
               R"EXP(rule.yml:8:24: error[rule.condition_syntax]: unexpected character '"'
  |   condition: "sel and \"" 
  |                        ^
)EXP");
    BOOST_TEST(set.size() == 0u);
}

BOOST_AUTO_TEST_CASE(missing_title) {
    const std::string text = R"YAML(id: r1
logsource:
  product: aws
detection:
  sel: {a: x}
  condition: sel
)YAML";
    BOOST_TEST(diagnostics_of(*this, text) == R"EXP(rule.yml:1:1: error[load.missing_key]: missing required key 'title'
  | id: r1
  | ^
)EXP");
    BOOST_TEST(set.size() == 0u);
}

BOOST_AUTO_TEST_CASE(missing_detection) {
    const std::string text = R"YAML(title: t
id: r1
logsource:
  product: aws
)YAML";
    BOOST_TEST(diagnostics_of(*this, text) ==
               R"EXP(rule.yml:1:1: error[load.missing_key]: missing required key 'detection'
  | title: t
  | ^
)EXP");
    BOOST_TEST(set.size() == 0u);
}

BOOST_AUTO_TEST_CASE(missing_condition) {
    const std::string text = R"YAML(title: t
id: r1
logsource:
  product: aws
detection:
  sel: {a: x}
)YAML";
    BOOST_TEST(diagnostics_of(*this, text) ==
               R"EXP(rule.yml:5:1: error[load.missing_key]: missing required key 'condition' in 'detection'
  | detection:
  | ^
)EXP");
    BOOST_TEST(set.size() == 0u);
}

BOOST_AUTO_TEST_CASE(empty_logsource) {
    const std::string text = R"YAML(title: t
id: r1
logsource:
  definition: x
detection:
  sel: {a: x}
  condition: sel
)YAML";
    BOOST_TEST(
        diagnostics_of(*this, text) ==
        R"EXP(rule.yml:3:1: error[rule.bad_logsource]: logsource needs at least one of category, product or service
  | logsource:
  | ^
)EXP");
    BOOST_TEST(set.size() == 0u);
}

BOOST_AUTO_TEST_CASE(bad_level_status) {
    const std::string text = R"YAML(title: t
id: r1
status: beta
level: severe
logsource:
  product: aws
detection:
  sel: {a: x}
  condition: sel
)YAML";
    BOOST_TEST(
        diagnostics_of(*this, text) ==
        R"EXP(rule.yml:3:9: error[rule.bad_status]: status 'beta' is not one of stable, test, experimental, deprecated, unsupported
  | status: beta
  |         ^
rule.yml:4:8: error[rule.bad_level]: level 'severe' is not one of informational, low, medium, high, critical
  | level: severe
  |        ^
)EXP");
    BOOST_TEST(set.size() == 0u);
}

BOOST_AUTO_TEST_CASE(bad_tag) {
    const std::string text = R"YAML(title: t
id: r1
tags:
  - attack
  - Attack.T1078
logsource:
  product: aws
detection:
  sel: {a: x}
  condition: sel
)YAML";
    BOOST_TEST(
        diagnostics_of(*this, text) ==
        R"EXP(rule.yml:4:5: error[rule.bad_tag]: tag 'attack' must look like namespace.name (lowercase letters, digits, '_', '-', '.')
  |   - attack
  |     ^
rule.yml:5:5: error[rule.bad_tag]: tag 'Attack.T1078' must look like namespace.name (lowercase letters, digits, '_', '-', '.')
  |   - Attack.T1078
  |     ^
)EXP");
    BOOST_TEST(set.size() == 0u);
}

BOOST_AUTO_TEST_CASE(bad_date) {
    const std::string text = R"YAML(title: t
id: r1
date: 10/09/2022
logsource:
  product: aws
detection:
  sel: {a: x}
  condition: sel
)YAML";
    BOOST_TEST(diagnostics_of(*this, text) ==
               R"EXP(rule.yml:3:7: error[rule.bad_date]: date '10/09/2022' is not a date (YYYY-MM-DD)
  | date: 10/09/2022
  |       ^
)EXP");
    BOOST_TEST(set.size() == 0u);
}

BOOST_AUTO_TEST_CASE(duplicate_key) {
    const std::string text = R"YAML(title: t
id: r1
logsource:
  product: aws
detection:
  sel:
    a: x
    a: y
  condition: sel
)YAML";
    BOOST_TEST(diagnostics_of(*this, text) ==
               R"EXP(rule.yml:8:5: error[load.duplicate_key]: duplicate key 'a' (first at line 7)
  |     a: y
  |     ^
)EXP");
    BOOST_TEST(set.size() == 0u);
}

BOOST_AUTO_TEST_CASE(wrong_type_title) {
    const std::string text = R"YAML(title: [a, b]
id: r1
logsource:
  product: aws
detection:
  sel: {a: x}
  condition: sel
)YAML";
    BOOST_TEST(diagnostics_of(*this, text) ==
               R"EXP(rule.yml:1:8: error[load.wrong_type]: 'title' must be a string, found a list
  | title: [a, b]
  |        ^
)EXP");
    BOOST_TEST(set.size() == 0u);
}

BOOST_AUTO_TEST_CASE(yaml_syntax) {
    const std::string text = R"YAML(title: t
id: r1
logsource: [product
detection:
)YAML";
    BOOST_TEST(diagnostics_of(*this, text) ==
               R"EXP(rule.yml:4:10: error[load.yaml_parse]: YAML syntax error: end of sequence flow not found
  | detection:
  |          ^
)EXP");
    BOOST_TEST(set.size() == 0u);
}

BOOST_AUTO_TEST_CASE(bad_identifier) {
    const std::string text = R"YAML(title: t
id: r1
logsource:
  product: aws
detection:
  sel.x:
    a: x
  condition: sel
)YAML";
    BOOST_TEST(
        diagnostics_of(*this, text) ==
        R"EXP(rule.yml:6:3: error[rule.bad_identifier]: detection identifier 'sel.x' may only use letters, digits, '_' and '-'
  |   sel.x:
  |   ^
rule.yml:8:14: error[rule.undefined_identifier]: detection 'sel' is not defined (none are defined)
  |   condition: sel
  |              ^
)EXP");
    BOOST_TEST(set.size() == 0u);
}

BOOST_AUTO_TEST_CASE(legacy_action) {
    const std::string text = R"YAML(action: global
title: t
)YAML";
    BOOST_TEST(
        diagnostics_of(*this, text) ==
        R"EXP(rule.yml:1:1: error[rule.legacy_action]: 'action: global' is a legacy v1 rule collection; write each rule as a complete document
  | action: global
  | ^
)EXP");
    BOOST_TEST(set.size() == 0u);
}

BOOST_AUTO_TEST_CASE(filter_doc) {
    const std::string text = R"YAML(title: f
filter:
  rules: [r1]
  selection: {a: b}
  condition: not selection
)YAML";
    BOOST_TEST(diagnostics_of(*this, text) ==
               R"EXP(rule.yml:2:1: error[rule.filter_unsupported]: filter documents are not supported yet
  | filter:
  | ^
)EXP");
    BOOST_TEST(set.size() == 0u);
}

BOOST_AUTO_TEST_CASE(empty_detection) {
    const std::string text = R"YAML(title: t
id: r1
logsource:
  product: aws
detection:
  sel:
  condition: sel
)YAML";
    BOOST_TEST(diagnostics_of(*this, text) == R"EXP(rule.yml:6:3: error[rule.bad_value]: detection 'sel' is empty
  |   sel:
  |   ^
)EXP");
    BOOST_TEST(set.size() == 0u);
}

BOOST_AUTO_TEST_CASE(keyword_null) {
    const std::string text = R"YAML(title: t
id: r1
logsource:
  product: aws
detection:
  keywords:
    - x
    -
  condition: keywords
)YAML";
    BOOST_TEST(diagnostics_of(*this, text) ==
               R"EXP(rule.yml:7:5: error[rule.bad_value]: a keyword needs a value (null must be bound to a field)
  |     - x
  |     ^
)EXP");
    BOOST_TEST(set.size() == 0u);
}

BOOST_AUTO_TEST_CASE(bad_model) {
    const std::string text = R"YAML(title: t
id: r1
model:
  ref: M-1
  trigger: sometimes
logsource:
  product: aws
detection:
  sel: {a: x}
  condition: sel
)YAML";
    BOOST_TEST(
        diagnostics_of(*this, text) ==
        R"EXP(rule.yml:5:12: error[rule.bad_model]: model trigger 'sometimes' is not one of first_time, abnormal, nth_new
  |   trigger: sometimes
  |            ^
)EXP");
    BOOST_TEST(set.size() == 0u);
}

BOOST_AUTO_TEST_CASE(bad_score) {
    const std::string text = R"YAML(title: t
id: r1
score: high
logsource:
  product: aws
detection:
  sel: {a: x}
  condition: sel
)YAML";
    BOOST_TEST(diagnostics_of(*this, text) ==
               R"EXP(rule.yml:3:8: error[load.wrong_type]: 'score' must be an integer, found 'high'
  | score: high
  |        ^
)EXP");
    BOOST_TEST(set.size() == 0u);
}

BOOST_AUTO_TEST_CASE(fieldref_wildcard) {
    const std::string text = R"YAML(title: t
id: r1
logsource:
  product: aws
detection:
  sel:
    a|fieldref: 'b*'
  condition: sel
)YAML";
    BOOST_TEST(diagnostics_of(*this, text) ==
               R"EXP(rule.yml:7:17: error[rule.bad_value]: 'fieldref' expects a field name without wildcards, found 'b*'
  |     a|fieldref: 'b*'
  |                 ^
)EXP");
    BOOST_TEST(set.size() == 0u);
}

BOOST_AUTO_TEST_CASE(cased_after_re) {
    const std::string text = R"YAML(title: t
id: r1
logsource:
  product: aws
detection:
  sel:
    a|re|cased: x
  condition: sel
)YAML";
    BOOST_TEST(diagnostics_of(*this, text) ==
               R"EXP(rule.yml:7:10: error[rule.bad_modifier_combination]: 'cased' cannot follow 're'
  |     a|re|cased: x
  |          ^
)EXP");
    BOOST_TEST(set.size() == 0u);
}

BOOST_AUTO_TEST_CASE(gt_after_contains) {
    const std::string text = R"YAML(title: t
id: r1
logsource:
  product: aws
detection:
  sel:
    a|contains|gt: 5
  condition: sel
)YAML";
    BOOST_TEST(
        diagnostics_of(*this, text) ==
        R"EXP(rule.yml:7:16: error[rule.bad_modifier_combination]: 'gt' compares numbers and cannot follow 'contains'
  |     a|contains|gt: 5
  |                ^
)EXP");
    BOOST_TEST(set.size() == 0u);
}

BOOST_AUTO_TEST_CASE(exists_keyword) {
    const std::string text = R"YAML(title: t
id: r1
logsource:
  product: aws
detection:
  sel:
    '|exists': true
  condition: sel
)YAML";
    BOOST_TEST(diagnostics_of(*this, text) ==
               R"EXP(rule.yml:7:5: error[rule.bad_modifier_combination]: 'exists' needs a field
  |     '|exists': true
  |     ^
)EXP");
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
