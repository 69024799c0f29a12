// The hot path for events without a referenced hit: after warm-up, on_event
// performs zero global operator new calls, however many groups are open.

#include "support/alloc_counter.h"
#include "correlate_fixture.h"

using namespace trailproof::correlate::test;

BOOST_FIXTURE_TEST_SUITE(alloc, CorrelateFixture)

BOOST_AUTO_TEST_CASE(events_without_referenced_hits_allocate_nothing) {
    load(base_rule("login", "ConsoleLogin") + base_rule("other", "GetObject") +
         "title: many\nname: many\ncorrelation:\n  type: event_count\n  rules: [login]\n  group-by: [user]\n"
         "  timespan: 1h\n  condition:\n    gte: 1000\n---\n"
         "title: low\nname: low\ncorrelation:\n  type: event_count\n  rules: [login]\n  group-by: [user]\n"
         "  timespan: 1h\n  condition:\n    lt: 2\n");
    const char* const users[] = {"alice", "bob", "carol", "a-user-name-longer-than-any-small-string-buffer"};
    for (int i = 0; i < 4; ++i) feed("ConsoleLogin", users[i], i);
    // A hand-made event whose time the loop can move.
    EventBuilder builder = event();
    trailproof::Event& e = builder.name("GetObject").user("alice").build();
    std::vector<std::uint32_t> rule_hits;
    rules.match(e, rule_hits); // warm the buffers
    rule_hits.reserve(rules.size());
    out.reserve(16);

    tp_test::start_counting_allocations();
    for (int i = 0; i < 1000; ++i) {
        // Time moves forward inside the windows: nothing expires or closes.
        e.time_ms = k_t0 + 10 + i * k_second;
        rules.match(e, rule_hits);
        state->on_event(e, rule_hits, out);
    }
    const std::size_t allocations = tp_test::stop_counting_allocations();
    BOOST_TEST(allocations == 0u);
    BOOST_TEST(rule_hits.size() == 1u); // the event does hit a rule, just no referenced one
    BOOST_TEST(stats("many").groups == 4u);
    BOOST_TEST(stats("low").groups == 4u);

    // The counter does count here: a referenced hit opening a new group allocates.
    EventBuilder hit = event();
    const trailproof::Event& h =
        hit.name("ConsoleLogin").user(users[3] + std::string("-2")).at_offset(2000 * k_second).build();
    rules.match(h, rule_hits);
    tp_test::start_counting_allocations();
    state->on_event(h, rule_hits, out);
    BOOST_TEST(tp_test::stop_counting_allocations() > 0u);
}

BOOST_AUTO_TEST_SUITE_END()
