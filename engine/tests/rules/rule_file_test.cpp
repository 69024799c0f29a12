// read_rule_file keeps every document as an AST with the positions of its
// metadata, also the rules the compiler rejects; compile_rule_files over what was
// read gives the same rules and diagnostics as compile_rules.

#include <boost/test/unit_test.hpp>

#include "core/field_registry.h"
#include "rules/rule_file.h"
#include "rules/rule_set.h"

using namespace trailproof;
using namespace trailproof::rules;

namespace {

const std::string k_text = R"YAML(title: good
id: R-1
tags:
  - attack.t1078
  - attack.initial-access
use_cases: [Account Manipulation]
activity_types: app-activity
cloudtrail_relevance: none
cloudtrail_relevance_reason: needs a Windows provider
model: {ref: M-1, trigger: first_time}
logsource: {product: aws}
detection:
  sel:
    eventName: ConsoleLogin
  condition: sel
---
title: bad regex
id: R-2
logsource: {product: aws}
detection:
  sel:
    userAgent|re: 'aws-cli/(2\.'
  condition: sel
---
title: enumeration
id: C-1
tags: [attack.t1087]
use_cases: [Discovery]
activity_types: [app-activity]
correlation:
  type: event_count
  rules: [R-1]
  timespan: 5m
  condition: {gte: 3}
)YAML";

RuleSource source() { return {"pack/rules/r.yml", k_text, "pack"}; }

} // namespace

BOOST_AUTO_TEST_SUITE(rule_file)

BOOST_AUTO_TEST_CASE(read_keeps_every_document_with_metadata_positions) {
    LoadResult result;
    RuleFile file = read_rule_file(source(), {}, result);
    BOOST_TEST(result.successful());
    BOOST_TEST(!file.yaml_failed);
    BOOST_REQUIRE(file.rules.size() == 2u); // the bad regex is the compiler's to find
    BOOST_REQUIRE(file.correlations.size() == 1u);
    const RuleAst& r = file.rules[0];
    BOOST_TEST(r.meta.cloudtrail_relevance_reason == "needs a Windows provider");
    BOOST_REQUIRE(r.meta_pos.tags.size() == 2u);
    BOOST_TEST(r.meta_pos.tags[1].line == 5);
    BOOST_TEST(r.meta_pos.tags[1].column == 5);
    BOOST_TEST(r.meta_pos.use_cases.at(0).line == 6);
    BOOST_TEST(r.meta_pos.use_cases.at(0).column == 13);
    BOOST_TEST(r.meta_pos.activity_types.at(0).column == 17);
    BOOST_TEST(r.meta_pos.cloudtrail_relevance.line == 8);
    BOOST_TEST(r.meta_pos.model_ref.line == 10);
    BOOST_TEST(r.meta_pos.model_ref.column == 14);
    const CorrelationAst& c = file.correlations[0];
    BOOST_TEST(c.rule.use_cases == (std::vector<std::string>{"Discovery"}), boost::test_tools::per_element());
    BOOST_TEST(c.rule.activity_types == (std::vector<std::string>{"app-activity"}), boost::test_tools::per_element());
    BOOST_TEST(c.meta_pos.tags.at(0).line == 27);
}

BOOST_AUTO_TEST_CASE(a_yaml_error_keeps_the_documents_before_it) {
    LoadResult result;
    RuleFile file = read_rule_file({"r.yml", "title: a\nid: A\n---\ntitle: [b\n", "pack"}, {}, result);
    BOOST_TEST(file.yaml_failed);
    BOOST_TEST(file.rules.size() == 1u);
    BOOST_TEST(result.errors().size() >= 1u);
}

BOOST_AUTO_TEST_CASE(compiling_what_was_read_equals_compile_rules) {
    FieldRegistry direct_registry, split_registry;
    RuleSet direct, split;
    const LoadResult expected = compile_rules({source()}, direct_registry, {}, direct);
    LoadResult result;
    std::vector<RuleFile> files;
    files.push_back(read_rule_file(source(), {}, result));
    result.merge(compile_rule_files(std::move(files), split_registry, {}, split));
    BOOST_TEST(result.render_text() == expected.render_text());
    BOOST_TEST(!expected.successful()); // the bad regex
    BOOST_TEST(split.size() == direct.size());
    BOOST_TEST(split.size() == 1u);
    BOOST_TEST(split.correlations().size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
