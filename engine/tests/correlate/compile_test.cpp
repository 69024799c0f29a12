// Compile errors and warnings of the correlate stage, compared as whole
// rendered diagnostics; every emitted code is in core/diagnostic_codes.h.

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "core/diagnostic_codes.h"
#include "correlate_fixture.h"

using namespace trailproof::correlate::test;

BOOST_FIXTURE_TEST_SUITE(compile, CorrelateFixture)

BOOST_AUTO_TEST_CASE(unsupported_types_are_errors) {
    try_load(base_rule("login", "ConsoleLogin") +
             "title: sum\nname: sum\ncorrelation:\n  type: value_sum\n  rules: [login]\n  group-by: [user]\n"
             "  timespan: 1h\n  condition:\n    field: bytes\n    gte: 2\n");
    BOOST_TEST(diagnostics_text() ==
               "rules.yml:12: error[correlate.unsupported_type]: correlation type 'value_sum' is not evaluated; "
               "supported types are event_count, value_count, temporal and temporal_ordered\n");
    BOOST_TEST(result.errors().front().item_kind == "correlation");
    BOOST_TEST(result.errors().front().item_id == "sum");
    BOOST_TEST(result.errors().front().context_chain == (std::vector<std::string>{"pack 'pack'", "correlation 'sum'"}));
}

BOOST_AUTO_TEST_CASE(a_repeated_rule_is_an_error_except_for_temporal_ordered) {
    try_load(base_rule("a", "A") +
             "title: twice\nname: twice\ncorrelation:\n  type: temporal\n  rules: [a, a]\n  group-by: [user]\n"
             "  timespan: 1h\n---\n"
             "title: ordered\nname: ordered\ncorrelation:\n  type: temporal_ordered\n  rules: [a, a]\n"
             "  group-by: [user]\n  timespan: 1h\n");
    BOOST_TEST(diagnostics_text() ==
               "rules.yml:12: error[correlate.duplicate_reference]: 'rules' lists 'a' twice; only "
               "temporal_ordered may repeat a rule\n");
    BOOST_TEST(set.correlation(correlation_index("ordered")).enabled);
    feed("A", "alice", 0);
    BOOST_TEST(feed("A", "alice", 1) == Hits{"ordered(alice) value=2 @1"});
}

BOOST_AUTO_TEST_CASE(alias_errors) {
    try_load(base_rule("a", "A") + base_rule("b", "B") +
             "title: missing\nname: missing\ncorrelation:\n  type: temporal\n  rules: [a, b]\n"
             "  group-by: [who]\n  timespan: 1h\n  aliases:\n    who:\n      a: userName\n---\n"
             "title: stranger\nname: stranger\ncorrelation:\n  type: temporal\n  rules: [a, b]\n"
             "  group-by: [who]\n  timespan: 1h\n  aliases:\n    who:\n      a: userName\n      b: user\n"
             "      c: other\n");
    BOOST_TEST(diagnostics_text() ==
               "rules.yml:23: error[correlate.bad_alias]: alias 'who' has no field for rule 'b'\n"
               "rules.yml:34: error[correlate.bad_alias]: alias 'who' maps 'c', which is not one of the "
               "correlation's rules\n");
}

BOOST_AUTO_TEST_CASE(a_correlation_over_a_failed_one_fails_too) {
    try_load(base_rule("a", "A") +
             "title: sum\nname: sum\ncorrelation:\n  type: value_sum\n  rules: [a]\n  timespan: 1h\n"
             "  condition:\n    field: bytes\n    gte: 2\n---\n"
             "title: outer\nname: outer\ncorrelation:\n  type: event_count\n  rules: [sum]\n  timespan: 1h\n"
             "  condition:\n    gte: 2\n");
    BOOST_TEST(diagnostics_text() ==
               "rules.yml:12: error[correlate.unsupported_type]: correlation type 'value_sum' is not evaluated; "
               "supported types are event_count, value_count, temporal and temporal_ordered\n"
               "rules.yml:22: error[correlate.bad_reference]: correlation references correlation 'sum', which "
               "cannot be evaluated\n");
    BOOST_TEST(set.order().empty());
}

BOOST_AUTO_TEST_CASE(unreachable_temporal_condition_warns) {
    try_load(base_rule("a", "A") + base_rule("b", "B") +
             "title: three of two\nname: t\ncorrelation:\n  type: temporal\n  rules: [a, b]\n  group-by: [user]\n"
             "  timespan: 1h\n  condition:\n    gt: 2\n");
    BOOST_TEST(diagnostics_text() == "rules.yml:23: warning[correlate.never_fires]: condition needs 3 matched "
                                     "rules but the correlation lists only 2\n");
    BOOST_TEST(result.successful());
}

BOOST_AUTO_TEST_CASE(keys_are_id_then_name_then_title) {
    load(base_rule("a", "A") +
         "title: by id\nid: corr-1\nname: named\ncorrelation:\n  type: event_count\n  rules: [a]\n"
         "  timespan: 1h\n  condition:\n    gte: 2\n---\n"
         "title: by name\nname: n2\ncorrelation:\n  type: event_count\n  rules: [a]\n  timespan: 1h\n"
         "  condition:\n    gte: 2\n---\n"
         "title: plain\ncorrelation:\n  type: event_count\n  rules: [a]\n  timespan: 1h\n  condition:\n    gte: 2\n"
         "---\n"
         "title: plain\ncorrelation:\n  type: event_count\n  rules: [a]\n  timespan: 1h\n  condition:\n    gte: 3\n");
    std::vector<std::string> keys;
    for (std::uint32_t c = 0; c < set.size(); ++c) keys.push_back(set.correlation(c).key);
    BOOST_TEST(keys == (std::vector<std::string>{"corr-1", "n2", "plain", "plain#2"}));
}

BOOST_AUTO_TEST_SUITE_END()
