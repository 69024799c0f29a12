// The convergence math and its boundaries (DESIGN.md "Behavioural semantics").

#include "models/histogram.h"
#include "models_fixture.h"

using namespace trailproof;
using namespace trailproof::models;
using namespace trailproof::models::test;

BOOST_AUTO_TEST_SUITE(models_math)

BOOST_AUTO_TEST_CASE(confidence_values) {
    BOOST_TEST(confidence(10, 2, 1.0) == 0.8);
    BOOST_TEST(confidence(10, 1, 1.0) == 0.9);
    BOOST_TEST(confidence(10, 2, 2.0) == 0.64, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(confidence(100, 1, 0.5) == 0.99498743710662, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(confidence(0, 0, 1.0) == 0.0);
    BOOST_TEST(confidence(5, 5, 1.0) == 0.0); // every observation a new value
    BOOST_TEST(confidence(1, 0, 1.0) == 1.0);
}

BOOST_AUTO_TEST_CASE(converged_needs_every_condition) {
    const Convergence p{1.0, 0.8, 10, 7};
    BOOST_TEST(converged(10, 2, 7, p));   // 0.8 >= 0.8, N = 10, D = 7
    BOOST_TEST(!converged(9, 1, 7, p));   // 0.89 but N < 10
    BOOST_TEST(!converged(10, 3, 7, p));  // 0.7
    BOOST_TEST(!converged(10, 2, 6, p));  // one day short
    BOOST_TEST(!converged(0, 0, 0, Convergence{1.0, 0.8, 0, 0}));
    BOOST_TEST(Convergence{}.min_days == 7u); // the default (engine/models/README.md "Semantics")
}

// Distinct UTC days: each day once, late days within 64 days counted exactly,
// older ones not, and nothing ever un-counts.
BOOST_AUTO_TEST_CASE(distinct_days_count_each_utc_day_once) {
    HistogramCounters c;
    const std::int64_t day = 86'400'000;
    const std::int64_t t = 20'000 * day; // 2024-10-04T00:00:00Z
    c.note_day(t);
    c.note_day(t + day - 1);              // 23:59:59.999 the same day
    BOOST_TEST(c.days == 1u);
    c.note_day(t + day);                  // midnight: the next day
    BOOST_TEST(c.days == 2u);
    c.note_day(t - 3 * day);              // delivered late: three days before, counted once
    c.note_day(t - 3 * day + 5);
    BOOST_TEST(c.days == 3u);
    c.note_day(t + day - 63 * day);       // 63 days before the latest: still counted
    BOOST_TEST(c.days == 4u);
    c.note_day(t + day - 64 * day);       // 64 days before: too old to tell, not counted
    BOOST_TEST(c.days == 4u);
    c.note_day(t + 200 * day);            // a jump forward past the mask
    c.note_day(t + 200 * day - 1);        // the day before it (within the window)
    BOOST_TEST(c.days == 6u);
    c.note_day(t + day);                  // counted before, but now 199 days back: not again
    BOOST_TEST(c.days == 6u);
    HistogramCounters negative;           // before 1970: floor division, not truncation
    negative.note_day(-1);
    negative.note_day(0);
    BOOST_TEST(negative.days == 2u);
    BOOST_TEST(utc_day(-1) == -1);
    BOOST_TEST(utc_day(0) == 0);
}

// The latest day is counted when its bit is clear, as an image may say it is:
// the same-day shortcut asks the bit, not only the day. counted_day clamps.
BOOST_AUTO_TEST_CASE(the_latest_day_counts_when_its_bit_is_clear) {
    const std::int64_t t = 1'700'000'000'000;
    HistogramCounters c;
    c.last_day = HistogramCounters::counted_day(t);
    c.day_mask = 0b10; // only the day before
    c.days = 1;
    c.note_day(t);
    BOOST_TEST(c.days == 2u);
    BOOST_TEST(c.day_mask == 0b11u);
    c.note_counted_day(HistogramCounters::counted_day(t + 1));
    BOOST_TEST(c.days == 2u);
    BOOST_TEST(HistogramCounters::counted_day(-1) == -1);
    BOOST_TEST(HistogramCounters::counted_day(t) == utc_day(t));
    BOOST_TEST(HistogramCounters::counted_day(INT64_MAX) == INT32_MAX);
    BOOST_TEST(HistogramCounters::counted_day(INT64_MIN) == INT32_MIN + 1);
}

const std::string k_first_time = rule_doc("UA-UC-F", "model: {ref: UA-UC, trigger: first_time}");

BOOST_FIXTURE_TEST_CASE(inspect_reports_n_c_and_confidence, ModelsFixture) {
    load(k_countries_model, k_first_time);
    for (int i = 0; i < 8; ++i) run(event().user("alice").str("src_country", "US").at_time(k_t0 + i * k_minute).build());
    run(event().user("alice").str("src_country", "DE").at_time(k_t0 + 8 * k_minute).build());
    run(event().user("alice").str("src_country", "US").at_time(k_t0 + 9 * k_minute).build());
    const ModelView v = state->inspect("UA-UC", "alice");
    BOOST_TEST(v.found);
    BOOST_TEST(v.observations == 10u);
    BOOST_TEST(v.distinct == 2u);
    BOOST_TEST(v.confidence == 0.8);
    BOOST_TEST(v.converged);
    BOOST_TEST(state->count_of("UA-UC", "alice", "US") == 9u);
    BOOST_TEST(state->count_of("UA-UC", "alice", "DE") == 1u);
    BOOST_TEST(!state->inspect("UA-UC", "bob").found);
}

// min_observations: one observation short stays silent, at the boundary it fires.
BOOST_FIXTURE_TEST_CASE(min_observations_boundary, ModelsFixture) {
    load(k_countries_model, k_first_time);
    for (int i = 0; i < 9; ++i) BOOST_TEST(run(event().user("carol").str("src_country", "US").at_time(k_t0 + i).build()).empty());
    BOOST_TEST(!fires(event().user("carol").str("src_country", "CA").at_time(k_t0 + 100).build(), "UA-UC-F")); // N = 9
    for (int i = 0; i < 10; ++i) run(event().user("dave").str("src_country", "US").at_time(k_t0 + i).build());
    BOOST_TEST(fires(event().user("dave").str("src_country", "CA").at_time(k_t0 + 100).build(), "UA-UC-F")); // N = 10
}

// confidence threshold: 0.777 stays silent, exactly 0.8 fires.
BOOST_FIXTURE_TEST_CASE(confidence_boundary, ModelsFixture) {
    load(R"(models:
  - id: UA-UC
    scope: user
    feature: src_country
    convergence: {min_observations: 1, min_days: 1}
)",
         k_first_time);
    auto train = [&](std::string_view user, int us) {
        for (int i = 0; i < us; ++i) run(event().user(user).str("src_country", "US").at_time(k_t0 + i).build());
        run(event().user(user).str("src_country", "DE").at_time(k_t0 + 50).build());
    };
    train("erin", 7); // N = 8, C = 2 -> 0.75
    run(event().user("erin").str("src_country", "US").at_time(k_t0 + 60).build()); // N = 9 -> 0.777
    BOOST_TEST(state->inspect("UA-UC", "erin").converged == false);
    BOOST_TEST(!fires(event().user("erin").str("src_country", "FR").at_time(k_t0 + 70).build(), "UA-UC-F"));
    train("frank", 8); // N = 9, C = 2
    run(event().user("frank").str("src_country", "US").at_time(k_t0 + 60).build()); // N = 10, C = 2 -> 0.8
    BOOST_TEST(state->inspect("UA-UC", "frank").confidence == 0.8);
    BOOST_TEST(fires(event().user("frank").str("src_country", "FR").at_time(k_t0 + 70).build(), "UA-UC-F"));
}

// Per-rule overrides of the model's confidence threshold.
BOOST_FIXTURE_TEST_CASE(rule_confidence_override, ModelsFixture) {
    load(k_countries_model, rule_doc("strict", "model: {ref: UA-UC, trigger: first_time, confidence: 0.95}") +
                          rule_doc("loose", "model: {ref: UA-UC, trigger: first_time}"));
    for (int i = 0; i < 10; ++i) run(event().user("gil").str("src_country", "US").at_time(k_t0 + i).build());
    run(event().user("gil").str("src_country", "DE").at_time(k_t0 + 20).build()); // N = 11, C = 2: 0.818
    const auto fired = run(event().user("gil").str("src_country", "FR").at_time(k_t0 + 30).build());
    BOOST_TEST(fired == std::vector<std::string>{"loose"});
}

BOOST_AUTO_TEST_SUITE_END()
