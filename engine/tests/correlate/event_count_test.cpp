// event_count: hits of any referenced rule per group within the timespan, with
// every condition operator, ranges, and the Rising/Closing fire modes.

#include "correlate_fixture.h"

using namespace trailproof::correlate::test;

namespace {

std::string counting(std::string_view condition, std::string_view timespan = "10m") {
    return base_rule("fail", "ConsoleLogin") + base_rule("other", "GetObject") +
           "title: many\nname: many\ncorrelation:\n  type: event_count\n  rules: [fail]\n  group-by: [user]\n"
           "  timespan: " + std::string(timespan) + "\n  condition:\n" + std::string(condition);
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(event_count, CorrelateFixture)

BOOST_AUTO_TEST_CASE(gte_fires_on_the_hit_that_reaches_the_threshold) {
    load(counting("    gte: 3\n"));
    BOOST_TEST(feed("ConsoleLogin", "alice", 0).empty());
    BOOST_TEST(feed("ConsoleLogin", "alice", k_minute).empty());
    BOOST_TEST(feed("ConsoleLogin", "alice", 2 * k_minute) == Hits{"many(alice) value=3 @120000"});
    BOOST_TEST(stats("many").fired == 1u);
}

BOOST_AUTO_TEST_CASE(below_the_threshold_nothing_fires) {
    load(counting("    gte: 3\n"));
    feed("ConsoleLogin", "alice", 0);
    feed("GetObject", "alice", 10); // a rule the correlation does not reference
    feed("ConsoleLogin", "alice", 20);
    flush();
    BOOST_TEST(log.empty());
    BOOST_TEST(stats("many").inputs == 2u);
}

BOOST_AUTO_TEST_CASE(gt_is_strict) {
    load(counting("    gt: 2\n"));
    feed("ConsoleLogin", "alice", 0);
    BOOST_TEST(feed("ConsoleLogin", "alice", 1).empty());
    BOOST_TEST(feed("ConsoleLogin", "alice", 2) == Hits{"many(alice) value=3 @2"});
}

BOOST_AUTO_TEST_CASE(window_reports_its_hits_and_span) {
    load(counting("    gte: 2\n"));
    feed("ConsoleLogin", "alice", 5 * k_second);
    EventBuilder b = event();
    BOOST_TEST(feed(b.name("ConsoleLogin").user("alice").at_offset(65 * k_second).build(), nullptr, true) ==
               Hits{"many(alice) value=2 @65000 hits=2 first=5000 last=65000"});
}

BOOST_AUTO_TEST_CASE(one_event_matching_two_referenced_rules_counts_once) {
    load(base_rule("a", "ConsoleLogin") +
         "title: also a\nid: a2\nname: a2\nlogsource:\n  product: aws\ndetection:\n  sel:\n    eventName: ConsoleLogin\n    user: alice\n"
         "  condition: sel\n---\n"
         "title: two\nname: two\ncorrelation:\n  type: event_count\n  rules: [a, a2]\n  group-by: [user]\n"
         "  timespan: 1h\n  condition:\n    gte: 2\n");
    BOOST_TEST(feed("ConsoleLogin", "alice", 0).empty()); // both rules hit, one event
    BOOST_TEST(stats("two").inputs == 2u);
    BOOST_TEST(feed("ConsoleLogin", "alice", 1) == Hits{"two(alice) value=2 @1"});
}

// Ranges: two operators AND-ed. An upper bound makes the correlation Closing:
// the count is checked once, when the window [first hit, first hit + timespan]
// has closed (on the first event after its end, or at flush).
BOOST_AUTO_TEST_CASE(range_fires_inside_and_not_outside) {
    load(counting("    gt: 2\n    lte: 4\n"));
    BOOST_TEST((set.correlation(0).mode == trailproof::correlate::FireMode::Closing));
    // alice: 3 hits (inside), bob: 5 hits (above), carol: 2 hits (below).
    for (int i = 0; i < 3; ++i) BOOST_TEST(feed("ConsoleLogin", "alice", i).empty());
    for (int i = 0; i < 5; ++i) BOOST_TEST(feed("ConsoleLogin", "bob", i).empty());
    for (int i = 0; i < 2; ++i) BOOST_TEST(feed("ConsoleLogin", "carol", i).empty());
    // Any event after the window's end closes it, here one that matches no rule.
    BOOST_TEST(feed("Nothing", "dave", 10 * k_minute).empty()); // at the end: still open (inclusive)
    BOOST_TEST(feed("Nothing", "dave", 10 * k_minute + 1) == Hits{"many(alice) value=3 @600000"});
    BOOST_TEST(stats("many").closed == 3u);
    BOOST_TEST(stats("many").groups == 0u);
}

BOOST_AUTO_TEST_CASE(range_bounds_are_each_checked) {
    load(counting("    gte: 2\n    lt: 4\n"));
    for (int i = 0; i < 2; ++i) feed("ConsoleLogin", "two", i);
    for (int i = 0; i < 3; ++i) feed("ConsoleLogin", "three", i);
    for (int i = 0; i < 4; ++i) feed("ConsoleLogin", "four", i);
    feed("ConsoleLogin", "one", 0);
    BOOST_TEST(flush() == (Hits{"many(three) value=3 @600000", "many(two) value=2 @600000"}));
}

BOOST_AUTO_TEST_CASE(lt_fires_for_a_count_that_stays_low) {
    load(counting("    lt: 3\n"));
    feed("ConsoleLogin", "alice", 0);
    feed("ConsoleLogin", "alice", k_minute);
    feed("ConsoleLogin", "bob", 0);
    feed("ConsoleLogin", "bob", 1);
    feed("ConsoleLogin", "bob", 2);
    // Nothing fires while the windows are open, however low the count.
    BOOST_TEST(log.empty());
    BOOST_TEST(flush() == Hits{"many(alice) value=2 @600000"});
    BOOST_TEST(flush().empty()); // flushed windows are gone
}

BOOST_AUTO_TEST_CASE(eq_and_neq_are_closing) {
    load(counting("    eq: 2\n") + "---\ntitle: not two\nname: not_two\ncorrelation:\n  type: event_count\n"
                                   "  rules: [fail]\n  group-by: [user]\n  timespan: 10m\n  condition:\n    neq: 2\n");
    feed("ConsoleLogin", "alice", 0);
    feed("ConsoleLogin", "alice", 1);
    feed("ConsoleLogin", "bob", 2);
    BOOST_TEST(flush() == (Hits{"many(alice) value=2 @600000", "not_two(bob) value=1 @600002"}));
}

// Closing windows close by (end time, group key); later windows of the same
// group start at their first hit after the previous window's end.
BOOST_AUTO_TEST_CASE(closing_windows_follow_each_other) {
    load(counting("    lte: 5\n"));
    feed("ConsoleLogin", "bob", 0);
    feed("ConsoleLogin", "alice", 0);
    feed("ConsoleLogin", "carol", 1);
    BOOST_TEST(feed("ConsoleLogin", "alice", 11 * k_minute) ==
               (Hits{"many(alice) value=1 @600000", "many(bob) value=1 @600000", "many(carol) value=1 @600001"}));
    BOOST_TEST(flush() == Hits{"many(alice) value=1 @1260000"});
}

BOOST_AUTO_TEST_SUITE_END()
