// compile_selections: a selection given as a YAML node (a model's train_when)
// compiles with a rule selection's semantics, reports in the caller's file and
// context, and is indexed like a rule.

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "rules/selection_compiler.h"
#include "rules_fixture.h"
#include "yaml/diagnostic_sink.h"
#include "yaml/yaml_tree.h"

using namespace trailproof;
using namespace trailproof::rules;
using namespace trailproof::rules::test;

namespace {

// The file `text`, whose top-level map holds one selection per key; each is
// compiled with a sink set to item "model 'key'" and context "train_when".
struct Selections {
    explicit Selections(std::string t) : text(std::move(t)) {
        yaml::YamlReadResult parsed = yaml::read_yaml_documents(text);
        BOOST_TEST_REQUIRE(!parsed.failed, parsed.error);
        root = std::move(parsed.documents.front().root);
        std::vector<SelectionSource> sources;
        for (const auto& e : root.entries) {
            yaml::DiagnosticSink& sink = sinks.emplace_back(result, "m.yml", text, "pack-a");
            sink.set_item("model", e.key.text);
            sink.push_context("train_when");
            sources.push_back({&e.value, &sink});
        }
        rule_of = compile_selections(sources, registry, CompileOptions{}, set);
    }
    std::string text;
    yaml::YamlNode root;
    LoadResult result;
    std::deque<yaml::DiagnosticSink> sinks;
    FieldRegistry registry;
    RuleSet set;
    std::vector<std::uint32_t> rule_of;
};

} // namespace

BOOST_AUTO_TEST_SUITE(selection_compiler)

BOOST_AUTO_TEST_CASE(selections_match_as_rule_selections) {
    Selections s("creates: {eventName|startswith: Create, readOnly: false}\n"
                 "either:\n  - {eventSource: iam.amazonaws.com}\n  - {sourceIPAddress|cidr: 10.0.0.0/8}\n");
    BOOST_TEST_REQUIRE(s.result.successful(), s.result.render_text());
    BOOST_TEST(!s.result.has_warnings()); // no rule.unindexed for a filter
    BOOST_TEST_REQUIRE(s.rule_of.size() == 2u);
    BOOST_TEST(s.rule_of[0] == 0u);
    BOOST_TEST(s.rule_of[1] == 1u);
    EventBuilder b(s.registry);
    std::vector<std::uint32_t> hits;
    s.set.match(b.str("eventName", "CREATEUser").boolean("readOnly", false).build(), hits);
    BOOST_TEST(hits == (std::vector<std::uint32_t>{0}), boost::test_tools::per_element());
    EventBuilder c(s.registry);
    // The startswith is case-insensitive and the list of maps an OR, as in a rule.
    s.set.match(c.str("eventName", "DeleteUser").boolean("readOnly", false).str("sourceIPAddress", "10.1.2.3").build(),
                hits);
    BOOST_TEST(hits == (std::vector<std::uint32_t>{1}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(errors_at_the_node_with_the_callers_context) {
    Selections s("good: {eventName: a}\n"
                 "bad:\n  eventName|contans: x\n  ip|cidr: 'nope'\n"
                 "empty: {}\n");
    BOOST_TEST((s.rule_of == std::vector<std::uint32_t>{0, UINT32_MAX, UINT32_MAX}), boost::test_tools::per_element());
    BOOST_TEST(s.set.size() == 1u);
    BOOST_TEST(s.result.render_text() ==
               R"(m.yml:3:13: error[rule.unknown_modifier]: unknown modifier 'contans'; did you mean 'contains'?
  |   eventName|contans: x
  |             ^
m.yml:4:12: error[rule.bad_cidr]: invalid CIDR 'nope': 'nope' is not an IPv4 or IPv6 address
  |   ip|cidr: 'nope'
  |            ^
m.yml:5:8: error[rule.bad_value]: a detection map must not be empty
  | empty: {}
  |        ^
)");
    BOOST_TEST_REQUIRE(s.result.errors().size() == 3u);
    BOOST_TEST(s.result.errors()[0].context_chain ==
                   (std::vector<std::string>{"pack 'pack-a'", "model 'bad'", "train_when", "field 'eventName|contans'"}),
               boost::test_tools::per_element());
    BOOST_TEST(s.result.errors()[1].item_id == "bad");
}

BOOST_AUTO_TEST_CASE(no_sources_empty_the_set_and_intern_nothing) {
    FieldRegistry registry;
    RuleSet set;
    BOOST_TEST(compile_selections({}, registry, CompileOptions{}, set).empty());
    BOOST_TEST(set.size() == 0u);
    BOOST_TEST(registry.size() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
