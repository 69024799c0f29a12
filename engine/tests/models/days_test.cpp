// Convergence over distinct days (engine/models/README.md "Semantics"): a model
// with `min_days: 7` needs 7 distinct UTC days of observations besides N and
// confidence, explain reports the days, and the state image keeps them.

#include "models/model_reader.h"
#include "models_fixture.h"

using namespace trailproof;
using namespace trailproof::models;
using namespace trailproof::models::test;

namespace {
using Fired = std::vector<std::string>;

// UA-UC with N >= 10, confidence >= 0.8 (the defaults) and 7 days.
constexpr std::string_view k_default_days = R"(models:
  - id: UA-UC
    scope: user
    feature: src_country
    convergence: {min_days: 7}
)";
} // namespace

BOOST_FIXTURE_TEST_SUITE(models_days, ModelsFixture)

// Twelve observations on six days are not a routine; one more day is.
BOOST_AUTO_TEST_CASE(seven_days_need_seven_distinct_days) {
    load(k_default_days, rule_doc("UA-UC-F", "model: {ref: UA-UC, trigger: first_time}"));
    for (int d = 0; d < 6; ++d)
        for (int i = 0; i < 2; ++i)
            BOOST_TEST(run(event().user("alice").str("src_country", "US").at_time(k_t0 + d * k_day + i * k_minute).build()).empty());
    ModelView v = state->inspect("UA-UC", "alice");
    BOOST_TEST(v.observations == 12u);
    BOOST_TEST(v.days == 6u);
    BOOST_TEST(!v.converged);
    BOOST_TEST(state->stats().learning == 1u);
    // N = 13 and confidence high, but still six days: a new country stays silent.
    BOOST_TEST(run(event().user("alice").str("src_country", "DE").at_time(k_t0 + 5 * k_day + k_hour).build()).empty());
    // The seventh day: converged, and the next new country is first-time.
    BOOST_TEST(run(event().user("alice").str("src_country", "US").at_time(k_t0 + 6 * k_day).build()).empty());
    v = state->inspect("UA-UC", "alice");
    BOOST_TEST(v.days == 7u);
    BOOST_TEST(v.converged);
    BOOST_TEST(state->stats().learning == 0u);
    BOOST_TEST(run(event().user("alice").str("src_country", "FR").at_time(k_t0 + 6 * k_day + k_minute).build()) ==
               Fired{"UA-UC-F"});
}

// Days are UTC days of event time: 23:59 and 00:01 are two days; a late event
// (an earlier day arriving after a later one) still counts its own day once.
BOOST_AUTO_TEST_CASE(days_are_utc_days_counted_once_even_when_late) {
    load(k_default_days);
    const std::int64_t midnight = k_t0 - k_t0 % k_day + 10 * k_day; // a UTC midnight
    run(event().user("bob").str("src_country", "US").at_time(midnight - k_minute).build());
    run(event().user("bob").str("src_country", "US").at_time(midnight + k_minute).build());
    BOOST_TEST(state->inspect("UA-UC", "bob").days == 2u);
    run(event().user("bob").str("src_country", "US").at_time(midnight - 3 * k_day).build()); // late
    run(event().user("bob").str("src_country", "US").at_time(midnight - 3 * k_day + k_hour).build());
    run(event().user("bob").str("src_country", "US").at_time(midnight + 2 * k_minute).build());
    BOOST_TEST(state->inspect("UA-UC", "bob").days == 3u);
    BOOST_TEST(state->inspect("UA-UC", "bob").observations == 5u);
}

// A model's own min_days wins; ageing forgets values but never days.
BOOST_AUTO_TEST_CASE(per_model_min_days_and_ageing_keeps_days) {
    load(R"(models:
  - id: UA-UC
    scope: user
    feature: src_country
    ageing_days: 5
    convergence: {min_observations: 3, min_days: 3}
)",
         rule_doc("UA-UC-F", "model: {ref: UA-UC, trigger: first_time}"));
    for (int d = 0; d < 3; ++d) run(event().user("carol").str("src_country", "US").at_time(k_t0 + d * k_day).build());
    BOOST_TEST(!state->inspect("UA-UC", "carol").converged); // 3 days, N = 3, but confidence 0.67
    for (int d = 0; d < 2; ++d)
        run(event().user("carol").str("src_country", "US").at_time(k_t0 + d * k_day + k_minute).build());
    BOOST_TEST(state->inspect("UA-UC", "carol").converged); // N = 5, confidence 0.8, 3 days
    BOOST_TEST(run(event().user("carol").str("src_country", "DE").at_time(k_t0 + 2 * k_day + k_hour).build()) ==
               Fired{"UA-UC-F"});
    // Twenty days later every value has aged out (N = 0) but the three days stay.
    const std::int64_t later = k_t0 + 20 * k_day;
    BOOST_TEST(run(event().user("carol").str("src_country", "JP").at_time(later).build()).empty());
    const ModelView v = state->inspect("UA-UC", "carol");
    BOOST_TEST(v.observations == 1u); // JP alone
    BOOST_TEST(v.days == 4u);
    BOOST_TEST(!v.converged);         // N = 1 < 3
}

// ModelVerdict (trailproof explain) reports D and the days needed.
BOOST_AUTO_TEST_CASE(verdict_reports_days) {
    load(k_default_days, rule_doc("UA-UC-F", "model: {ref: UA-UC, trigger: first_time}"));
    for (int d = 0; d < 4; ++d)
        for (int i = 0; i < 3; ++i) run(event().user("dave").str("src_country", "US").at_time(k_t0 + d * k_day + i).build());
    EventBuilder builder = event();
    const Event& e = builder.user("dave").str("src_country", "DE").at_time(k_t0 + 4 * k_day).build();
    state->begin_event(e);
    const ModelVerdict v = state->describe(*bindings.find(0), e);
    BOOST_TEST(v.observations == 12u);
    BOOST_TEST(v.days == 4u);
    BOOST_TEST(v.min_days == 7u);
    BOOST_TEST(v.min_observations == 10u);
    BOOST_TEST(!v.converged);
    BOOST_TEST(!v.fires);
    BOOST_TEST(v.reason == "the model has not converged for this entity");
}

// The state image keeps the days, the latest day and the late-day mask: a
// reloaded state counts the same days as the one it was saved from.
BOOST_AUTO_TEST_CASE(state_image_keeps_days) {
    load(k_default_days);
    for (int d = 0; d < 5; ++d) run(event().user("erin").str("src_country", "US").at_time(k_t0 + 2 * d * k_day).build());
    StateImage image;
    state->export_image(image);
    BOOST_TEST_REQUIRE(image.entities.size() == 1u);
    BOOST_TEST(image.entities[0].days == 5u);
    BOOST_TEST(image.entities[0].last_day == utc_day(k_t0 + 8 * k_day));
    BOOST_TEST(image.entities[0].day_mask == 0b101010101u);
    const std::unique_ptr<ModelState> owner = reload(image);
    ModelState& reloaded = *owner;
    BOOST_TEST(reloaded.inspect("UA-UC", "erin").days == 5u);
    // A late day inside the saved mask counts once more, a counted one does not.
    run_on(reloaded, event().user("erin").str("src_country", "US").at_time(k_t0 + k_day).build());
    run_on(reloaded, event().user("erin").str("src_country", "US").at_time(k_t0 + 2 * k_day).build());
    BOOST_TEST(reloaded.inspect("UA-UC", "erin").days == 6u);
}

BOOST_AUTO_TEST_CASE(reader_takes_min_days_and_checks_it) {
    std::vector<ModelInfo> infos;
    const LoadResult ok = read_models(R"(models:
  - {id: M, scope: user, feature: src_country, convergence: {min_days: 14}}
)", "models.yml", infos);
    BOOST_TEST_REQUIRE(ok.successful());
    BOOST_TEST(infos.at(0).min_days == 14u);
    infos.clear();
    const LoadResult bad = read_models(R"(models:
  - {id: M, scope: user, feature: src_country, convergence: {min_days: 0}}
)", "models.yml", infos);
    BOOST_TEST_REQUIRE(bad.errors().size() == 1u);
    BOOST_TEST(render_text(bad.errors()[0]) ==
               "models.yml:2:72: error[model.bad_value]: 'min_days' must be a whole number from 1 to 4294967295, found "
               "'0'\n"
               "  |   - {id: M, scope: user, feature: src_country, convergence: {min_days: 0}}\n"
               "  |                                                                        ^");
}

BOOST_AUTO_TEST_SUITE_END()
