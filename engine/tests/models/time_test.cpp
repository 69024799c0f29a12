// Event time: ageing, and events that arrive out of order.

#include "models_fixture.h"

using namespace trailproof;
using namespace trailproof::models;
using namespace trailproof::models::test;

namespace {

using Fired = std::vector<std::string>;

constexpr std::string_view k_ageing = R"(models:
  - id: UA-UC
    scope: user
    feature: src_country
    ageing_days: 2
    convergence: {min_observations: 3, min_days: 1}
)";

} // namespace

BOOST_FIXTURE_TEST_SUITE(models_time, ModelsFixture)

// A value unseen for ageing_days (now - last_seen >= ageing) is forgotten.
BOOST_AUTO_TEST_CASE(ageing_forgets_values_unseen_for_n_days) {
    load(k_ageing, rule_doc("UA-UC-F", "model: {ref: UA-UC, trigger: first_time}"));
    run(event().user("alice").str("src_country", "DE").at_time(k_t0).build());
    for (int i = 1; i <= 10; ++i) run(event().user("alice").str("src_country", "US").at_time(k_t0 + i * k_hour).build());
    BOOST_TEST(state->inspect("UA-UC", "alice").observations == 11u);

    // One millisecond short of two days: DE is still known.
    auto first = event();
    const Event& probe = first.user("alice").str("src_country", "US").at_time(k_t0 + 2 * k_day - 1).build();
    state->begin_event(probe);
    BOOST_TEST(state->count_of("UA-UC", "alice", "DE") == 1u);
    state->train(probe);
    // At two days it is gone, with its observation; US (seen since) stays.
    auto second = event();
    const Event& probe2 = second.user("alice").str("src_country", "US").at_time(k_t0 + 2 * k_day).build();
    state->begin_event(probe2);
    BOOST_TEST(state->count_of("UA-UC", "alice", "DE") == 0u);
    const ModelView v = state->inspect("UA-UC", "alice");
    BOOST_TEST(v.observations == 11u); // 12 - 1
    BOOST_TEST(v.distinct == 1u);
    state->train(probe2);
    // DE is new again.
    BOOST_TEST(run(event().user("alice").str("src_country", "DE").at_time(k_t0 + 2 * k_day + 1).build()) == Fired{"UA-UC-F"});
}

BOOST_AUTO_TEST_CASE(ageing_can_empty_a_histogram) {
    load(k_ageing);
    for (int i = 0; i < 5; ++i) run(event().user("alice").str("src_country", "US").at_time(k_t0 + i).build());
    run(event().user("alice").at_time(k_t0 + 3 * k_day).build()); // no country: only forgets
    const ModelView v = state->inspect("UA-UC", "alice");
    BOOST_TEST(v.observations == 0u);
    BOOST_TEST(v.distinct == 0u);
    BOOST_TEST(state->stats().values == 0u);
}

// Processing follows input order; an earlier timestamp never un-trains anything.
BOOST_AUTO_TEST_CASE(out_of_order_events) {
    load(k_ageing, rule_doc("UA-UC-F", "model: {ref: UA-UC, trigger: first_time}") +
                       rule_doc("DORMANT-USER", "facts: {dormant_days: 30}") +
                       rule_doc("UA-UC-Two", "session: {distinct: src_country, gte: 2}"));
    for (int i = 0; i < 5; ++i) run(event().user("alice").str("src_country", "US").at_time(k_t0 + 40 * k_day + i).build());
    // An event from 40 days earlier: the user is not dormant, the session holds it,
    // and US is still known (the old timestamp does not age it out or replace last_seen).
    BOOST_TEST(run(event().user("alice").str("src_country", "US").at_time(k_t0).build()).empty());
    BOOST_TEST(state->count_of("UA-UC", "alice", "US") == 6u);
    BOOST_TEST(run(event().user("alice").str("src_country", "FR").at_time(k_t0 + 1).build()) == (Fired{"UA-UC-F", "UA-UC-Two"}));
    // last_seen stayed at the latest time: an hour after it is neither dormant nor aged.
    BOOST_TEST(run(event().user("alice").str("src_country", "US").at_time(k_t0 + 40 * k_day + k_hour).build()).empty());
    BOOST_TEST(state->count_of("UA-UC", "alice", "US") == 7u);
    // FR was last seen at k_t0 + 1 (event time), so it is already older than two days: forgotten.
    BOOST_TEST(state->count_of("UA-UC", "alice", "FR") == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
