// generate: false (default) suppresses the referenced rules' own alerts;
// generate: true (top level or inside `correlation`) keeps them.

#include "correlate_fixture.h"

using namespace trailproof::correlate::test;

namespace {

std::string over_login(std::string_view generate_top, std::string_view generate_inner = "") {
    return base_rule("login", "ConsoleLogin") + base_rule("other", "GetObject") + "title: pair\nname: pair\n" +
           std::string(generate_top) +
           "correlation:\n  type: event_count\n  rules: [login]\n  group-by: [user]\n  timespan: 1h\n"
           "  condition:\n    gte: 2\n" + std::string(generate_inner);
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(generate, CorrelateFixture)

BOOST_AUTO_TEST_CASE(default_suppresses_the_referenced_rule) {
    load(over_login(""));
    BOOST_TEST(set.suppressed(rules.find("login")));
    BOOST_TEST(!set.suppressed(rules.find("other")));
}

BOOST_AUTO_TEST_CASE(generate_true_at_top_level_keeps_it) {
    load(over_login("generate: true\n"));
    BOOST_TEST(!set.suppressed(rules.find("login")));
}

BOOST_AUTO_TEST_CASE(generate_true_inside_correlation_keeps_it) {
    load(over_login("", "  generate: true\n"));
    BOOST_TEST(!set.suppressed(rules.find("login")));
}

BOOST_AUTO_TEST_CASE(explicit_false_suppresses) {
    load(over_login("generate: false\n"));
    BOOST_TEST(set.suppressed(rules.find("login")));
}

// DECIDE: one correlation with generate: false is enough to suppress a rule
// that another correlation (generate: true) also references.
BOOST_AUTO_TEST_CASE(one_suppressing_correlation_wins) {
    load(over_login("generate: true\n") +
         "---\ntitle: triple\nname: triple\ncorrelation:\n  type: event_count\n  rules: [login]\n"
         "  group-by: [user]\n  timespan: 1h\n  condition:\n    gte: 3\n");
    BOOST_TEST(set.suppressed(rules.find("login")));
}

BOOST_AUTO_TEST_CASE(the_correlation_itself_still_emits) {
    load(over_login(""));
    feed("ConsoleLogin", "alice", 0);
    BOOST_TEST(feed("ConsoleLogin", "alice", 1) == Hits{"pair(alice) value=2 @1"});
    BOOST_TEST(out.front().emit);
}

// Chains: generate on the outer correlation decides whether the inner
// correlation's hits are alerts too (CorrelationHit::emit).
BOOST_AUTO_TEST_CASE(outer_generate_true_lets_inner_hits_emit) {
    load(base_rule("fail", "ConsoleLogin") +
         "title: burst\nname: burst\ncorrelation:\n  type: event_count\n  rules: [fail]\n"
         "  group-by: [user]\n  timespan: 10m\n  condition:\n    gte: 1\n---\n"
         "title: again\nname: again\ngenerate: true\ncorrelation:\n  type: event_count\n  rules: [burst]\n"
         "  group-by: [user]\n  timespan: 1h\n  condition:\n    gte: 2\n");
    BOOST_TEST(feed("ConsoleLogin", "alice", 0) == Hits{"burst(alice) value=1 @0"});
    BOOST_TEST(!set.correlation_suppressed(correlation_index("burst")));
    // burst's own generate: false still suppresses the base rule.
    BOOST_TEST(set.suppressed(rules.find("fail")));
}

BOOST_AUTO_TEST_CASE(a_disabled_correlation_suppresses_nothing) {
    try_load(base_rule("login", "ConsoleLogin") +
             "title: sum\nname: sum\ncorrelation:\n  type: value_sum\n  rules: [login]\n  group-by: [user]\n"
             "  timespan: 1h\n  condition:\n    field: bytes\n    gte: 2\n");
    BOOST_TEST(!result.successful());
    BOOST_TEST(!set.suppressed(rules.find("login")));
}

BOOST_AUTO_TEST_SUITE_END()
