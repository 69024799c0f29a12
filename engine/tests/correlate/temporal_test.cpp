// temporal (all or N of the rules, any order) and temporal_ordered (in the order
// of `rules`: a subsequence of the group's hits ordered by event time).

#include "correlate_fixture.h"

using namespace trailproof::correlate::test;

namespace {

std::string rules_abc() {
    return base_rule("a", "A") + base_rule("b", "B") + base_rule("c", "C");
}

std::string sequence(std::string_view type, std::string_view rules, std::string_view extra = "") {
    return rules_abc() + "title: seq\nname: seq\ncorrelation:\n  type: " + std::string(type) +
           "\n  rules: " + std::string(rules) + "\n  group-by: [user]\n  timespan: 1h\n" + std::string(extra);
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(temporal, CorrelateFixture)

BOOST_AUTO_TEST_CASE(all_rules_in_any_order) {
    load(sequence("temporal", "[a, b]"));
    BOOST_TEST(feed("A", "alice", 0).empty());
    BOOST_TEST(feed("B", "alice", 1) == Hits{"seq(alice) value=2 @1"});
    BOOST_TEST(feed("B", "bob", 2).empty());
    BOOST_TEST(feed("A", "bob", 3) == Hits{"seq(bob) value=2 @3"});
}

BOOST_AUTO_TEST_CASE(one_rule_twice_is_not_two_rules) {
    load(sequence("temporal", "[a, b]"));
    feed("A", "alice", 0);
    BOOST_TEST(feed("A", "alice", 1).empty());
    flush();
    BOOST_TEST(log.empty());
}

BOOST_AUTO_TEST_CASE(all_rules_must_share_the_window) {
    load(sequence("temporal", "[a, b]"));
    feed("A", "alice", 0);
    BOOST_TEST(feed("B", "alice", k_hour + 1).empty());
    BOOST_TEST(feed("A", "alice", 2 * k_hour) == Hits{"seq(alice) value=2 @7200000"});
}

BOOST_AUTO_TEST_CASE(gte_n_of_the_rules) {
    load(sequence("temporal", "[a, b, c]", "  condition:\n    gte: 2\n"));
    BOOST_TEST(feed("C", "alice", 0).empty());
    BOOST_TEST(feed("C", "alice", 1).empty());
    BOOST_TEST(feed("A", "alice", 2) == Hits{"seq(alice) value=2 @2"});
}

BOOST_AUTO_TEST_CASE(the_default_needs_every_rule) {
    load(sequence("temporal", "[a, b, c]"));
    feed("A", "alice", 0);
    BOOST_TEST(feed("B", "alice", 1).empty());
    BOOST_TEST(feed("C", "alice", 2) == Hits{"seq(alice) value=3 @2"});
}

BOOST_AUTO_TEST_CASE(ordered_a_then_b_fires) {
    load(sequence("temporal_ordered", "[a, b]"));
    BOOST_TEST(feed("A", "alice", 0).empty());
    BOOST_TEST(feed("B", "alice", 1) == Hits{"seq(alice) value=2 @1"});
}

BOOST_AUTO_TEST_CASE(ordered_b_then_a_does_not) {
    load(sequence("temporal_ordered", "[a, b]"));
    BOOST_TEST(feed("B", "alice", 0).empty());
    BOOST_TEST(feed("A", "alice", 1).empty());
    flush();
    BOOST_TEST(log.empty());
}

// DECIDE (strictness): non-strict subsequence. Other hits may come between the
// steps; A, B, A fires once, at B, and the trailing A starts a new sequence.
BOOST_AUTO_TEST_CASE(ordered_a_b_a_fires_once_at_b) {
    load(sequence("temporal_ordered", "[a, b]"));
    BOOST_TEST(feed("A", "alice", 0).empty());
    BOOST_TEST(feed("B", "alice", 1) == Hits{"seq(alice) value=2 @1"});
    BOOST_TEST(feed("A", "alice", 2).empty());
    BOOST_TEST(stats("seq").groups == 1u); // the trailing A waits for a B
    BOOST_TEST(feed("B", "alice", 3) == Hits{"seq(alice) value=2 @3"});
}

BOOST_AUTO_TEST_CASE(ordered_b_a_b_fires_at_the_second_b) {
    load(sequence("temporal_ordered", "[a, b]"));
    BOOST_TEST(feed("B", "alice", 0).empty());
    BOOST_TEST(feed("A", "alice", 1).empty());
    BOOST_TEST(feed("B", "alice", 2) == Hits{"seq(alice) value=2 @2"});
}

BOOST_AUTO_TEST_CASE(ordered_allows_hits_in_between) {
    load(sequence("temporal_ordered", "[a, b, c]"));
    feed("A", "alice", 0);
    feed("C", "alice", 1);
    feed("A", "alice", 2);
    BOOST_TEST(feed("B", "alice", 3).empty());
    BOOST_TEST(feed("C", "alice", 4) == Hits{"seq(alice) value=3 @4"});
}

BOOST_AUTO_TEST_CASE(ordered_may_repeat_a_rule) {
    load(sequence("temporal_ordered", "[a, b, a]"));
    feed("A", "alice", 0);
    BOOST_TEST(feed("A", "alice", 1).empty()); // A, A: still needs B in between
    BOOST_TEST(feed("B", "alice", 2).empty());
    BOOST_TEST(feed("A", "alice", 3) == Hits{"seq(alice) value=3 @3"});
}

BOOST_AUTO_TEST_CASE(ordered_gte_counts_the_matched_prefix) {
    load(sequence("temporal_ordered", "[a, b, c]", "  condition:\n    gte: 2\n"));
    BOOST_TEST(feed("B", "alice", 0).empty()); // B before any A is no step
    BOOST_TEST(feed("C", "alice", 1).empty());
    BOOST_TEST(feed("A", "alice", 2).empty());
    BOOST_TEST(feed("C", "alice", 3).empty());
    BOOST_TEST(feed("B", "alice", 4) == Hits{"seq(alice) value=2 @4"});
}

// Order is event time, not arrival: an A that arrives late but happened before
// the B still comes first.
BOOST_AUTO_TEST_CASE(ordered_uses_event_time) {
    load(sequence("temporal_ordered", "[a, b]"));
    BOOST_TEST(feed("B", "alice", 10 * k_minute).empty());
    BOOST_TEST(feed("A", "alice", 5 * k_minute) == Hits{"seq(alice) value=2 @300000"});
    BOOST_TEST(feed("A", "bob", 10 * k_minute).empty());
    BOOST_TEST(feed("B", "bob", 5 * k_minute).empty()); // B happened first
}

BOOST_AUTO_TEST_CASE(ordered_window_is_the_timespan) {
    load(sequence("temporal_ordered", "[a, b]"));
    feed("A", "alice", 0);
    BOOST_TEST(feed("B", "alice", k_hour + 1).empty());
    BOOST_TEST(feed("A", "alice", k_hour + 2).empty());
    BOOST_TEST(feed("B", "alice", k_hour + 3) == Hits{"seq(alice) value=2 @3600003"});
}

BOOST_AUTO_TEST_CASE(temporal_with_an_upper_bound_closes) {
    load(sequence("temporal", "[a, b, c]", "  condition:\n    lt: 2\n"));
    feed("A", "alice", 0);
    feed("A", "alice", 1);
    feed("A", "bob", 0);
    feed("C", "bob", 1);
    BOOST_TEST(flush() == Hits{"seq(alice) value=1 @3600000"});
}

BOOST_AUTO_TEST_SUITE_END()
