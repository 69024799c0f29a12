// Chaining: an inner correlation's hits are the outer one's events; each level
// groups by its own group-by; inner before outer.

#include "correlate_fixture.h"

using namespace trailproof::correlate::test;

BOOST_FIXTURE_TEST_SUITE(chain, CorrelateFixture)

// Inner: 2 failures per (user, ip). Outer: 2 such bursts per user, whatever the
// ip. The outer correlation groups by user only.
BOOST_AUTO_TEST_CASE(outer_groups_by_its_own_group_by) {
    load(base_rule("fail", "ConsoleLogin") +
         "title: burst\nname: burst\ncorrelation:\n  type: event_count\n  rules: [fail]\n"
         "  group-by: [user, ip]\n  timespan: 10m\n  condition:\n    gte: 2\n---\n"
         "title: spray\nname: spray\ncorrelation:\n  type: event_count\n  rules: [burst]\n"
         "  group-by: [user]\n  timespan: 1h\n  condition:\n    gte: 2\n");
    auto e = [&](std::string_view user, std::string_view ip, std::int64_t at) {
        EventBuilder b = event();
        return feed(b.name("ConsoleLogin").user(user).str("ip", ip).at_offset(at).build());
    };
    BOOST_TEST(e("alice", "1.1.1.1", 0).empty());
    BOOST_TEST(e("alice", "1.1.1.1", 1) == Hits{"burst(alice,1.1.1.1) value=2 @1 quiet"});
    BOOST_TEST(e("bob", "2.2.2.2", 2).empty());
    BOOST_TEST(e("bob", "2.2.2.2", 3) == Hits{"burst(bob,2.2.2.2) value=2 @3 quiet"});
    BOOST_TEST(e("alice", "3.3.3.3", 4).empty());
    BOOST_TEST(e("alice", "3.3.3.3", 5) ==
               (Hits{"burst(alice,3.3.3.3) value=2 @5 quiet", "spray(alice) value=2 @5"}));
    BOOST_TEST(set.correlation(correlation_index("spray")).level == 1u);
}

// The SigmaHQ example: many failed logins, then a success, for the same user.
BOOST_AUTO_TEST_CASE(temporal_ordered_over_a_correlation) {
    load(base_rule("fail", "ConsoleLoginFailure") + base_rule("ok", "ConsoleLoginSuccess") +
         "title: success after failures\nname: takeover\ncorrelation:\n  type: temporal_ordered\n"
         "  rules: [many_failed, ok]\n  group-by: [user]\n  timespan: 1h\n---\n"
         "title: many failed\nname: many_failed\ncorrelation:\n  type: event_count\n  rules: [fail]\n"
         "  group-by: [user]\n  timespan: 10m\n  condition:\n    gte: 3\n");
    BOOST_TEST(feed("ConsoleLoginSuccess", "alice", 0).empty()); // success first: no order
    for (int i = 1; i <= 2; ++i) BOOST_TEST(feed("ConsoleLoginFailure", "alice", i).empty());
    BOOST_TEST(feed("ConsoleLoginFailure", "alice", 3) == Hits{"many_failed(alice) value=3 @3 quiet"});
    BOOST_TEST(feed("ConsoleLoginSuccess", "bob", 4).empty());
    BOOST_TEST(feed("ConsoleLoginSuccess", "alice", 5) == Hits{"takeover(alice) value=2 @5"});
    // Evaluation order is inner before outer, whatever the file order.
    BOOST_TEST(set.order().front() == correlation_index("many_failed"));
}

// A Closing inner correlation reports at its window's end; the outer sees it then.
BOOST_AUTO_TEST_CASE(closing_inner_feeds_the_outer_at_its_end) {
    load(base_rule("login", "ConsoleLogin") +
         "title: quiet\nname: quiet\ncorrelation:\n  type: event_count\n  rules: [login]\n"
         "  group-by: [user]\n  timespan: 10m\n  condition:\n    lt: 2\n---\n"
         "title: twice quiet\nname: twice\ncorrelation:\n  type: event_count\n  rules: [quiet]\n"
         "  group-by: [user]\n  timespan: 1h\n  condition:\n    gte: 2\n  generate: true\n");
    feed("ConsoleLogin", "alice", 0);
    BOOST_TEST(feed("ConsoleLogin", "alice", 20 * k_minute) == Hits{"quiet(alice) value=1 @600000"});
    BOOST_TEST(flush() == (Hits{"quiet(alice) value=1 @1800000", "twice(alice) value=2 @1800000"}));
}

// Both levels Closing: flush closes the inner windows first, then the outer
// windows they fed.
BOOST_AUTO_TEST_CASE(flush_closes_chains_inner_first) {
    load(base_rule("login", "ConsoleLogin") +
         "title: quiet\nname: quiet\ncorrelation:\n  type: event_count\n  rules: [login]\n"
         "  group-by: [user]\n  timespan: 10m\n  condition:\n    lt: 2\n---\n"
         "title: rare quiet\nname: rare\ncorrelation:\n  type: event_count\n  rules: [quiet]\n"
         "  group-by: [user]\n  timespan: 1h\n  condition:\n    eq: 1\n");
    feed("ConsoleLogin", "alice", 0);
    BOOST_TEST(flush() == (Hits{"quiet(alice) value=1 @600000 quiet", "rare(alice) value=1 @4200000"}));
}

BOOST_AUTO_TEST_CASE(outer_field_must_be_an_inner_group_by_field) {
    try_load(base_rule("fail", "ConsoleLogin") +
             "title: burst\nname: burst\ncorrelation:\n  type: event_count\n  rules: [fail]\n"
             "  group-by: [user, ip]\n  timespan: 10m\n  condition:\n    gte: 2\n---\n"
             "title: spray\nname: spray\ncorrelation:\n  type: event_count\n  rules: [burst]\n"
             "  group-by: [account]\n  timespan: 1h\n  condition:\n    gte: 2\n");
    BOOST_TEST(diagnostics_text() ==
               "rules.yml:22: error[correlate.bad_group_by]: field 'account' is not a group-by field of "
               "correlation 'burst', so its alerts never carry it\n");
    BOOST_TEST(!set.correlation(correlation_index("spray")).enabled);
    BOOST_TEST(set.order().size() == 1u);
}

BOOST_AUTO_TEST_CASE(value_count_over_inner_group_values) {
    load(base_rule("fail", "ConsoleLogin") +
         "title: burst\nname: burst\ncorrelation:\n  type: event_count\n  rules: [fail]\n"
         "  group-by: [user, ip]\n  timespan: 10m\n  condition:\n    gte: 1\n---\n"
         "title: many ips\nname: ips\ncorrelation:\n  type: value_count\n  rules: [burst]\n"
         "  group-by: [user]\n  timespan: 1h\n  condition:\n    field: ip\n    gte: 2\n");
    auto e = [&](std::string_view ip, std::int64_t at) {
        EventBuilder b = event();
        return feed(b.name("ConsoleLogin").user("alice").str("ip", ip).at_offset(at).build());
    };
    e("1.1.1.1", 0);
    e("1.1.1.1", 1);
    BOOST_TEST(e("2.2.2.2", 2) == (Hits{"burst(alice,2.2.2.2) value=1 @2 quiet", "ips(alice) value=2 @2"}));
}

BOOST_AUTO_TEST_SUITE_END()
