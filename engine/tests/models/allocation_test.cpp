// DESIGN.md "Performance shape": once warmed up, the per-event pipeline
// (begin_event, check, train) allocates nothing (counted by alloc_counter.h).

#include "support/alloc_counter.h"
#include "models_fixture.h"

#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
#define TP_COUNTS_ALLOCATIONS 1
#endif

using namespace trailproof;
using namespace trailproof::models;
using namespace trailproof::models::test;

BOOST_FIXTURE_TEST_SUITE(models_allocation, ModelsFixture)

BOOST_AUTO_TEST_CASE(warmed_up_pipeline_allocates_nothing) {
#ifndef TP_COUNTS_ALLOCATIONS
    BOOST_TEST_MESSAGE("allocation counting is off under sanitizers");
    return;
#else
    load(R"(models:
  - {id: UA-UC, scope: user, feature: src_country, convergence: {min_observations: 3}}
  - {id: UA-OC, scope: org, feature: src_country}
  - {id: UA-GC, scope: peer_group, feature: src_country}
  - {id: APP-UAg, scope: user, feature: user_agent, ageing_days: 30}
  - {id: APP-UOs, scope: user, feature: [ua_os, ua_browser]}
  - {id: APP-UsH, scope: {fields: [user, app]}, feature: src_ip}
  - {id: APP-UTi, scope: user, feature: hour_of_day}
  - {id: APP-AA, scope: {fields: [app]}, feature: eventName, train_when: {eventName|startswith: [Get, List]}}
)",
         rule_doc("UA-UC-F", "model: {ref: UA-UC, trigger: first_time}") +
             rule_doc("UA-UC-A", "model: {ref: UA-UC, trigger: abnormal}") +
             rule_doc("APP-UAg-2", "model: {ref: APP-UAg, trigger: nth_new, n: 2}") +
             rule_doc("UA-UC-Two", "session: {distinct: src_country, gte: 2}") +
             rule_doc("DORMANT-USER", "facts: {dormant_days: 30}") + rule_doc("KNOWN", "facts: {new_user: false}"));
    const char* users[] = {"alice", "bob", "carol", "dave"};
    const char* countries[] = {"US", "DE", "FR"};
    const char* names[] = {"GetObject", "ListBuckets", "PutObject"};
    std::deque<EventBuilder> builders; // stable addresses: the events point into them
    for (int i = 0; i < 48; ++i) {
        auto& b = builders.emplace_back(registry);
        b.user(users[i % 4]).str("user_peer_group", i % 2 ? "devs" : "ops").str("src_country", countries[i % 3]);
        b.str("user_agent", i % 5 ? "console" : "cli").str("ua_os", "Linux").str("ua_browser", "Firefox");
        b.str("app", i % 2 ? "s3" : "ec2").str("src_ip", i % 7 ? "10.0.0.1" : "10.0.0.2").str("eventName", names[i % 3]);
    }
    std::vector<const Event*> events;
    for (std::size_t i = 0; i < builders.size(); ++i) events.push_back(&builders[i].at_time(k_t0 + static_cast<std::int64_t>(i) * k_minute).build());

    std::size_t fired = 0;
    auto replay = [&] {
        for (const Event* e : events) {
            state->begin_event(*e);
            rules.match(*e, hits);
            for (std::uint32_t r : hits)
                if (const RuleBinding* b = bindings.find(r); !b || state->check(*b, *e)) {
                    ++fired;
                    state->add_alert_score(*e, 0, r);
                }
            state->train(*e);
        }
    };
    // Warm up: interns every value, grows every table, and fills each session's
    // alert list to its cap (256; the list grows by doubling until then).
    for (int i = 0; i < 25; ++i) replay();
    fired = 0;
    tp_test::start_counting_allocations();
    for (int i = 0; i < 10; ++i) replay();
    BOOST_TEST(tp_test::stop_counting_allocations() == 0u);
    BOOST_TEST(fired > 0u);
#endif
}

BOOST_AUTO_TEST_SUITE_END()
