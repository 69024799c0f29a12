// The sliding window on event time: inclusive edges, expiry, fire once per
// window, a clock that goes backwards, and the memory bounds.

#include "correlate_fixture.h"

using namespace trailproof::correlate::test;

namespace {

std::string pair_in(std::string_view timespan, std::string_view condition = "    gte: 2\n") {
    return base_rule("login", "ConsoleLogin") +
           "title: pair\nname: pair\ncorrelation:\n  type: event_count\n  rules: [login]\n  group-by: [user]\n"
           "  timespan: " + std::string(timespan) + "\n  condition:\n" + std::string(condition);
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(window, CorrelateFixture)

// SIGMA.md §7.15: a tumbling hour would put these in different buckets.
BOOST_AUTO_TEST_CASE(events_across_an_hour_boundary_correlate) {
    load(pair_in("1h"));
    BOOST_TEST(feed("ConsoleLogin", "alice", 59 * k_minute).empty());
    BOOST_TEST(feed("ConsoleLogin", "alice", 61 * k_minute) == Hits{"pair(alice) value=2 @3660000"});
}

// The window is inclusive: hits exactly one timespan apart correlate.
BOOST_AUTO_TEST_CASE(exactly_one_timespan_apart_correlates) {
    load(pair_in("1h"));
    feed("ConsoleLogin", "alice", 0);
    BOOST_TEST(feed("ConsoleLogin", "alice", k_hour) == Hits{"pair(alice) value=2 @3600000"});
}

BOOST_AUTO_TEST_CASE(one_millisecond_more_does_not) {
    load(pair_in("1h"));
    feed("ConsoleLogin", "alice", 0);
    BOOST_TEST(feed("ConsoleLogin", "alice", k_hour + 1).empty());
    BOOST_TEST(stats("pair").groups == 1u); // the old hit expired; the new one waits for a partner
    BOOST_TEST(feed("ConsoleLogin", "alice", 2 * k_hour + 1) == Hits{"pair(alice) value=2 @7200001"});
}

BOOST_AUTO_TEST_CASE(the_window_slides) {
    load(pair_in("1h", "    gte: 3\n"));
    feed("ConsoleLogin", "alice", 0);
    feed("ConsoleLogin", "alice", 40 * k_minute);
    BOOST_TEST(feed("ConsoleLogin", "alice", 80 * k_minute).empty()); // 0 left the window
    BOOST_TEST(feed("ConsoleLogin", "alice", 100 * k_minute) == Hits{"pair(alice) value=3 @6000000"});
}

// Fire once per window: the hits that made an alert are consumed, and the
// group counts again from zero.
BOOST_AUTO_TEST_CASE(a_burst_fires_once_per_threshold_of_hits) {
    load(pair_in("10m", "    gte: 5\n"));
    Hits fired;
    for (int i = 0; i < 12; ++i)
        for (auto& h : feed("ConsoleLogin", "alice", i * k_second)) fired.push_back(h);
    BOOST_TEST(fired == (Hits{"pair(alice) value=5 @4000", "pair(alice) value=5 @9000"}));
    BOOST_TEST(stats("pair").groups == 1u); // hits 11 and 12 wait
}

BOOST_AUTO_TEST_CASE(exactly_the_threshold_gives_one_alert) {
    load(pair_in("10m", "    gte: 5\n"));
    for (int i = 0; i < 7; ++i) feed("ConsoleLogin", "alice", i * k_second);
    flush();
    BOOST_TEST(log == Hits{"pair(alice) value=5 @4000"});
}

// The clock is the newest event time seen; it never goes back. A hit older than
// the event before it still counts while it lies inside the window...
BOOST_AUTO_TEST_CASE(a_late_hit_inside_the_window_counts) {
    load(pair_in("1h"));
    feed("Nothing", "x", 30 * k_minute);
    BOOST_TEST(feed("ConsoleLogin", "alice", 10 * k_minute).empty());
    BOOST_TEST(feed("ConsoleLogin", "alice", 5 * k_minute) == Hits{"pair(alice) value=2 @300000"});
    BOOST_TEST(state->clock() == k_t0 + 30 * k_minute);
}

// ...and is dropped (counted as late) once it is older than clock - timespan.
BOOST_AUTO_TEST_CASE(a_hit_older_than_the_window_is_dropped) {
    load(pair_in("1h"));
    feed("ConsoleLogin", "alice", 2 * k_hour);
    BOOST_TEST(feed("ConsoleLogin", "alice", k_hour - 1).empty());
    BOOST_TEST(stats("pair").late == 1u);
    BOOST_TEST(feed("ConsoleLogin", "alice", k_hour) == Hits{"pair(alice) value=2 @3600000"});
}

// The adversarial run's case: one event dated 9999-12-31 moved the clock for good
// and every later hit was late. With a time limit, the out-of-range event's hits
// are dropped and counted as `future`, the clock stays, later hits correlate.
BOOST_AUTO_TEST_CASE(an_event_past_the_time_limit_neither_moves_the_clock_nor_correlates) {
    load(pair_in("1h"));
    state->set_time_limit(k_t0 + 24 * k_hour);
    feed("ConsoleLogin", "alice", 0);
    const std::int64_t year_9999 = 253402214400000 - k_t0; // 9999-12-31T00:00:00Z, relative to k_t0
    BOOST_TEST(feed("ConsoleLogin", "alice", year_9999).empty());
    BOOST_TEST(feed("Nothing", "x", year_9999).empty()); // no hits: nothing counted, clock unchanged
    BOOST_TEST(state->clock() == k_t0);
    BOOST_TEST(stats("pair").future == 1u);
    BOOST_TEST(stats("pair").late == 0u);
    BOOST_TEST(feed("ConsoleLogin", "alice", k_minute) == Hits{"pair(alice) value=2 @60000"});
    // The limit itself is in range.
    BOOST_TEST(feed("ConsoleLogin", "bob", 24 * k_hour).empty());
    BOOST_TEST(state->clock() == k_t0 + 24 * k_hour);
    BOOST_TEST(stats("pair").future == 1u);
    // Without a limit the same event moves the clock and the next hit is late: why the limit exists.
    load(pair_in("1h"));
    feed("ConsoleLogin", "alice", year_9999);
    BOOST_TEST(feed("ConsoleLogin", "alice", k_minute).empty());
    BOOST_TEST(stats("pair").late == 1u);
}

// Expiry is amortized through the deadline index: a group whose hits all left
// the window is gone after the next event, whoever it belongs to.
BOOST_AUTO_TEST_CASE(idle_groups_expire) {
    load(pair_in("10m", "    gte: 3\n"));
    feed("ConsoleLogin", "alice", 0);
    feed("ConsoleLogin", "bob", 5 * k_minute);
    BOOST_TEST(stats("pair").groups == 2u);
    feed("Nothing", "x", 10 * k_minute + 1);
    BOOST_TEST(stats("pair").groups == 1u);
    feed("Nothing", "x", 15 * k_minute + 1);
    BOOST_TEST(stats("pair").groups == 0u);
}

BOOST_AUTO_TEST_CASE(group_cap_drops_and_counts_new_groups) {
    options.max_groups = 2;
    load(pair_in("10m"));
    feed("ConsoleLogin", "alice", 0);
    feed("ConsoleLogin", "bob", 1);
    BOOST_TEST(feed("ConsoleLogin", "carol", 2).empty());
    BOOST_TEST(feed("ConsoleLogin", "carol", 3).empty());
    BOOST_TEST(stats("pair").overflow == 2u);
    BOOST_TEST(feed("ConsoleLogin", "alice", 4) == Hits{"pair(alice) value=2 @4"}); // frees alice's slot
    BOOST_TEST(feed("ConsoleLogin", "carol", 5).empty());
    BOOST_TEST(feed("ConsoleLogin", "carol", 6) == Hits{"pair(carol) value=2 @6"});
}

BOOST_AUTO_TEST_CASE(entry_cap_drops_and_counts_hits) {
    options.max_entries = 3;
    load(pair_in("10m", "    lt: 100\n"));
    for (int i = 0; i < 5; ++i) feed("ConsoleLogin", "alice", i);
    BOOST_TEST(stats("pair").overflow == 2u);
    BOOST_TEST(flush() == Hits{"pair(alice) value=3 @600000"});
}

BOOST_AUTO_TEST_CASE(unreachable_threshold_warns) {
    options.max_entries = 3;
    try_load(pair_in("10m", "    gte: 4\n"));
    BOOST_TEST(diagnostics_text() ==
               "rules.yml:12: warning[correlate.never_fires]: condition needs 4 hits in one group but a group "
               "holds at most 3\n");
}

BOOST_AUTO_TEST_SUITE_END()
