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

// Cities of a user (no ageing), beside k_ageing's countries in one scope group.
constexpr std::string_view k_cities = R"(  - id: UA-CITY
    scope: user
    feature: src_city
    convergence: {min_observations: 3, min_days: 1}
)";
const std::string k_mixed = std::string(k_ageing) + std::string(k_cities);

// UA-UC before it aged (no `ageing_days`).
constexpr std::string_view k_unaged = R"(models:
  - id: UA-UC
    scope: user
    feature: src_country
    convergence: {min_observations: 3, min_days: 1}
)";

// An exported image with its own copy of the strings (it outlives the state).
struct OwnedImage {
    StateImage image;
    std::vector<std::string> texts;
};
OwnedImage owned_image(const ModelState& state) {
    OwnedImage out;
    state.export_image(out.image);
    out.texts.assign(out.image.strings.begin(), out.image.strings.end());
    for (std::size_t i = 0; i < out.texts.size(); ++i) out.image.strings[i] = out.texts[i];
    return out;
}
// The saved values of model `id`, in image order: (text, last-seen).
std::vector<std::pair<std::string, std::int64_t>> saved_times(const StateImage& image, std::string_view id, bool& timed) {
    std::vector<std::pair<std::string, std::int64_t>> out;
    for (const auto& m : image.models) {
        if (image.strings[m.id] != id) continue;
        timed = m.timed != 0;
        for (std::uint32_t e = 0; e < m.entity_count; ++e) {
            const StateImage::Entity& entity = image.entities[m.first_entity + e];
            for (std::uint32_t v = 0; v < entity.value_count; ++v) {
                const StateImage::Value& value = image.values[entity.first_value + v];
                out.emplace_back(std::string(image.strings[value.text]), value.last_seen_ms);
            }
        }
    }
    return out;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(models_time, ModelsFixture)

// Only the models that age keep (and save) last-seen times; the others save 0,
// and a save/load/save round-trips either way.
BOOST_AUTO_TEST_CASE(only_ageing_models_keep_times) {
    load(k_mixed);
    run(event().user("alice").str("src_country", "DE").str("src_city", "Berlin").at_time(k_t0).build());
    run(event().user("alice").str("src_country", "US").str("src_city", "Boston").at_time(k_t0 + k_hour).build());
    run(event().user("alice").str("src_country", "DE").str("src_city", "Berlin").at_time(k_t0 + 2 * k_hour).build());
    const OwnedImage saved = owned_image(*state);
    bool timed = false;
    using Times = std::vector<std::pair<std::string, std::int64_t>>;
    BOOST_TEST((saved_times(saved.image, "UA-UC", timed) == Times{{"DE", k_t0 + 2 * k_hour}, {"US", k_t0 + k_hour}}));
    BOOST_TEST(timed);
    BOOST_TEST((saved_times(saved.image, "UA-CITY", timed) == Times{{"Berlin", 0}, {"Boston", 0}}));
    BOOST_TEST(!timed);
    const std::unique_ptr<ModelState> reloaded = reload(saved.image);
    const OwnedImage again = owned_image(*reloaded);
    BOOST_TEST((saved_times(again.image, "UA-UC", timed) == Times{{"DE", k_t0 + 2 * k_hour}, {"US", k_t0 + k_hour}}));
    BOOST_TEST((saved_times(again.image, "UA-CITY", timed) == Times{{"Berlin", 0}, {"Boston", 0}}));
    BOOST_TEST(reloaded->count_of("UA-CITY", "alice", "Berlin") == 2u);
}

// DECIDE (ageing added later): values saved without a time (their model did not
// age then) count as last seen at the end of the latest UTC day the entity's
// histogram counted, so none is forgotten earlier than its own time would have
// made it; they all age out ageing_days after that.
BOOST_AUTO_TEST_CASE(ageing_added_later_dates_values_by_their_last_day) {
    load(k_unaged);
    // DE on the first day only; US up to the next day (k_t0 is 22:13 UTC).
    run(event().user("alice").str("src_country", "DE").at_time(k_t0).build());
    run(event().user("alice").str("src_country", "US").at_time(k_t0 + k_hour).build());
    run(event().user("alice").str("src_country", "US").at_time(k_t0 + 5 * k_hour).build());
    const OwnedImage saved = owned_image(*state);
    bool timed = true;
    (void)saved_times(saved.image, "UA-UC", timed);
    BOOST_TEST(!timed);

    load(k_ageing); // UA-UC now ages (2 days); same scope and feature, so the state is kept
    state = reload(saved.image);
    const std::int64_t end_of_last_day = (k_t0 + 5 * k_hour) / k_day * k_day + k_day - 1;
    // With its own time DE would be gone at k_t0 + 2 days; dated by the last day it stays.
    auto early = event();
    const Event& still = early.user("alice").at_time(end_of_last_day + 2 * k_day - 1).build();
    state->begin_event(still);
    BOOST_TEST(state->count_of("UA-UC", "alice", "DE") == 1u);
    BOOST_TEST(state->count_of("UA-UC", "alice", "US") == 2u);
    state->train(still);
    auto late = event();
    const Event& gone = late.user("alice").at_time(end_of_last_day + 2 * k_day).build();
    state->begin_event(gone);
    BOOST_TEST(state->count_of("UA-UC", "alice", "DE") == 0u);
    BOOST_TEST(state->count_of("UA-UC", "alice", "US") == 0u);
    BOOST_TEST(state->inspect("UA-UC", "alice").observations == 0u);
    state->train(gone);
    // Saved again, the model's values carry times.
    run(event().user("alice").str("src_country", "FR").at_time(end_of_last_day + 3 * k_day).build());
    const OwnedImage resaved = owned_image(*state);
    BOOST_TEST((saved_times(resaved.image, "UA-UC", timed) ==
                std::vector<std::pair<std::string, std::int64_t>>{{"FR", end_of_last_day + 3 * k_day}}));
    BOOST_TEST(timed);
}

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

// Only the members that age forget: here the ageing model is the second member
// of the user group and not the second model of the set (an organization model
// comes first), and its neighbour keeps its values.
BOOST_AUTO_TEST_CASE(ageing_forgets_only_in_the_members_that_age) {
    load(std::string(R"(models:
  - id: ORG-CITY
    scope: org
    feature: src_city
)") + std::string(k_cities) + std::string(k_ageing).substr(std::string_view("models:\n").size()));
    run(event().user("alice").str("src_country", "DE").str("src_city", "Berlin").at_time(k_t0).build());
    run(event().user("alice").str("src_country", "US").str("src_city", "Boston").at_time(k_t0 + 3 * k_day).build());
    BOOST_TEST(state->count_of("UA-UC", "alice", "DE") == 0u); // aged out (2 days)
    BOOST_TEST(state->count_of("UA-UC", "alice", "US") == 1u);
    BOOST_TEST(state->count_of("UA-CITY", "alice", "Berlin") == 1u);
    BOOST_TEST(state->count_of("ORG-CITY", "", "Berlin") == 1u);
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
