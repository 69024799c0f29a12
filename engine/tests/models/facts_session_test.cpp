// User facts (new, dormant, first seen) and sessions (gap, distinct values,
// counts, notable scores).

#include "models_fixture.h"

using namespace trailproof;
using namespace trailproof::models;
using namespace trailproof::models::test;

namespace {

using Fired = std::vector<std::string>;

constexpr std::string_view k_no_models = "models: []\n";

} // namespace

BOOST_FIXTURE_TEST_SUITE(models_facts_sessions, ModelsFixture)

BOOST_AUTO_TEST_CASE(new_user_fires_on_the_first_event_only) {
    load(k_no_models, rule_doc("NEW-USER-F", "facts: {new_user: true}") + rule_doc("OLD", "facts: {new_user: false}") +
                          rule_doc("NEW-ANY", "facts: {new_user: true}", "    userName: x\n"));
    BOOST_TEST(run(event().user("alice").at_time(k_t0).build()) == Fired{"NEW-USER-F"});
    BOOST_TEST(run(event().user("alice").at_time(k_t0 + 1).build()) == Fired{"OLD"});
    BOOST_TEST(run(event().user("bob").at_time(k_t0 - k_day).build()) == Fired{"NEW-USER-F"});
    // Without a user key no fact holds.
    BOOST_TEST(run(event().str("userName", "x").at_time(k_t0).build()).empty());
}

// dormant_days: N fires when the previous event is more than N days before.
BOOST_AUTO_TEST_CASE(dormant_user_boundary) {
    load(k_no_models, rule_doc("DORMANT-USER", "facts: {dormant_days: 30}"));
    BOOST_TEST(run(event().user("alice").at_time(k_t0).build()).empty()); // no history: not dormant
    BOOST_TEST(run(event().user("alice").at_time(k_t0 + 30 * k_day).build()).empty()); // exactly 30 days
    BOOST_TEST(run(event().user("bob").at_time(k_t0).build()).empty());
    BOOST_TEST(run(event().user("bob").at_time(k_t0 + 30 * k_day + 1).build()) == Fired{"DORMANT-USER"});
    BOOST_TEST(run(event().user("bob").at_time(k_t0 + 30 * k_day + 2).build()).empty()); // active again
}

BOOST_AUTO_TEST_CASE(first_seen_within_days) {
    load(k_no_models, rule_doc("NEWISH", "facts: {first_seen_within_days: 7}"));
    BOOST_TEST(run(event().user("alice").at_time(k_t0).build()) == Fired{"NEWISH"});
    BOOST_TEST(run(event().user("alice").at_time(k_t0 + 7 * k_day - 1).build()) == Fired{"NEWISH"});
    BOOST_TEST(run(event().user("alice").at_time(k_t0 + 7 * k_day).build()).empty());
}

// "Abnormal country for user by new user" (UA-UC-new): a trigger and a fact together.
BOOST_AUTO_TEST_CASE(trigger_and_fact_combine) {
    load(R"(models:
  - {id: UA-OC, scope: org, feature: src_country, convergence: {min_observations: 5, min_days: 1}}
)",
         rule_doc("UA-OC-new", "model: {ref: UA-OC, trigger: abnormal}\nfacts: {first_seen_within_days: 7}"));
    for (int i = 0; i < 20; ++i) run(event().user("old").str("src_country", "US").at_time(k_t0 + i).build());
    BOOST_TEST(run(event().user("old").str("src_country", "KP").at_time(k_t0 + 10 * k_day).build()).empty());
    BOOST_TEST(run(event().user("fresh").str("src_country", "IR").at_time(k_t0 + 10 * k_day).build()) == Fired{"UA-OC-new"});
}

// The session closes when the next event comes `gap` or more after the latest one.
BOOST_AUTO_TEST_CASE(session_gap_boundary) {
    load(k_no_models, rule_doc("UA-UC-Two", "session: {distinct: src_country, gte: 2}"));
    const std::int64_t gap = 30 * k_minute;
    BOOST_TEST(run(event().user("alice").str("src_country", "US").at_time(k_t0).build()).empty());
    BOOST_TEST(run(event().user("alice").str("src_country", "DE").at_time(k_t0 + gap - 1).build()) == Fired{"UA-UC-Two"});
    BOOST_TEST(run(event().user("bob").str("src_country", "US").at_time(k_t0).build()).empty());
    BOOST_TEST(run(event().user("bob").str("src_country", "DE").at_time(k_t0 + gap).build()).empty()); // a new session
    // The gap runs from the latest event: 20 + 20 minutes is one session.
    BOOST_TEST(run(event().user("carol").str("src_country", "US").at_time(k_t0).build()).empty());
    BOOST_TEST(run(event().user("carol").str("src_country", "US").at_time(k_t0 + 20 * k_minute).build()).empty());
    BOOST_TEST(run(event().user("carol").str("src_country", "FR").at_time(k_t0 + 40 * k_minute).build()) == Fired{"UA-UC-Two"});
}

BOOST_AUTO_TEST_CASE(session_gap_is_configurable) {
    session.gap_ms = 5 * k_minute;
    load(k_no_models, rule_doc("UA-UC-Two", "session: {distinct: src_country, gte: 2}"));
    run(event().user("alice").str("src_country", "US").at_time(k_t0).build());
    BOOST_TEST(run(event().user("alice").str("src_country", "DE").at_time(k_t0 + 5 * k_minute).build()).empty());
    BOOST_TEST(run(event().user("alice").str("src_country", "FR").at_time(k_t0 + 10 * k_minute - 1).build()) == Fired{"UA-UC-Two"});
}

// UA-UC-Two / UA-UC-Three fire on the event that brings a new country.
BOOST_AUTO_TEST_CASE(session_distinct_values) {
    load(k_no_models, rule_doc("UA-UC-Two", "session: {distinct: src_country, gte: 2}") +
                          rule_doc("UA-UC-Three", "session: {distinct: src_country, gte: 3}"));
    std::int64_t t = k_t0;
    auto country = [&](std::string_view c) { return run(event().user("alice").str("src_country", c).at_time(t += k_minute).build()); };
    BOOST_TEST(country("US").empty());
    BOOST_TEST(country("US").empty());
    BOOST_TEST(country("DE") == Fired{"UA-UC-Two"});
    BOOST_TEST(country("DE").empty());
    BOOST_TEST(country("US").empty());
    BOOST_TEST(country("FR") == (Fired{"UA-UC-Two", "UA-UC-Three"}));
    BOOST_TEST(run(event().user("alice").at_time(t += k_minute).build()).empty()); // no country
}

BOOST_AUTO_TEST_CASE(session_event_count) {
    load(k_no_models, rule_doc("BUSY", "session: {count: 3}"));
    BOOST_TEST(run(event().user("alice").at_time(k_t0).build()).empty());
    BOOST_TEST(run(event().user("alice").at_time(k_t0 + 1).build()).empty());
    BOOST_TEST(run(event().user("alice").at_time(k_t0 + 2).build()) == Fired{"BUSY"});
    BOOST_TEST(run(event().user("alice").at_time(k_t0 + 3).build()).empty());
    BOOST_TEST(run(event().user("alice").at_time(k_t0 + 3 + k_hour).build()).empty());
}

// Scores of distinct rules add up per session (a rule counts once); the session
// is reported once, when it reaches 90.
BOOST_AUTO_TEST_CASE(notable_session_reported_with_its_alerts) {
    load(k_no_models, rule_doc("A", "score: 40", "    eventName: A\n") + rule_doc("B", "score: 30", "    eventName: B\n") +
                          rule_doc("C", "score: 20", "    eventName: C\n"));
    auto ev = [&](std::string_view user, std::string_view name, std::int64_t t) {
        return run(event().user(user).str("eventName", name).at_time(t).build());
    };
    ev("alice", "A", k_t0);
    ev("alice", "B", k_t0 + k_minute);
    ev("bob", "A", k_t0 + k_minute);
    BOOST_TEST(state->take_notable_sessions().empty()); // 70
    ev("alice", "x", k_t0 + 2 * k_minute);
    ev("alice", "B", k_t0 + 3 * k_minute); // a repeat of B: still 70
    BOOST_TEST(state->take_notable_sessions().empty());
    ev("alice", "C", k_t0 + 4 * k_minute); // 90
    ev("alice", "A", k_t0 + 5 * k_minute); // already reported
    auto notable = state->take_notable_sessions();
    BOOST_TEST_REQUIRE(notable.size() == 1u);
    const NotableSession& n = notable[0];
    BOOST_TEST(n.user == "alice");
    BOOST_TEST(n.start_ms == k_t0);
    BOOST_TEST(n.last_ms == k_t0 + 4 * k_minute);
    BOOST_TEST(n.score == 90);
    BOOST_TEST(n.events == 4u); // trained before the crossing event
    // Every signal is listed; the repeat keeps its rule's score.
    BOOST_TEST_REQUIRE(n.alerts.size() == 4u);
    BOOST_TEST(n.alerts[0].rule == "A");
    BOOST_TEST(n.alerts[1].rule == "B");
    BOOST_TEST(n.alerts[2].rule == "B");
    BOOST_TEST(n.alerts[2].time_ms == k_t0 + 3 * k_minute);
    BOOST_TEST(n.alerts[2].score == 30);
    BOOST_TEST(n.alerts[3].rule == "C");
    BOOST_TEST(state->take_notable_sessions().empty());
    // A new session starts from zero and scores each rule again.
    ev("alice", "A", k_t0 + 2 * k_hour);
    ev("alice", "A", k_t0 + 2 * k_hour + 1);
    ev("alice", "A", k_t0 + 2 * k_hour + 2);
    ev("alice", "B", k_t0 + 2 * k_hour + 3);
    BOOST_TEST(state->take_notable_sessions().empty()); // 70
    ev("alice", "C", k_t0 + 2 * k_hour + 4);
    notable = state->take_notable_sessions();
    BOOST_TEST_REQUIRE(notable.size() == 1u);
    BOOST_TEST(notable[0].score == 90);
    BOOST_TEST(notable[0].start_ms == k_t0 + 2 * k_hour);
    BOOST_TEST(notable[0].alerts.size() == 5u);
}

// One routine behaviour does not make a session notable on its own: the same
// rule 7 times scores once; two different rules score both.
BOOST_AUTO_TEST_CASE(a_rule_scores_once_per_session) {
    session.notable_score = 40;
    load(k_no_models, rule_doc("A", "score: 20", "    eventName: A\n") + rule_doc("B", "score: 20", "    eventName: B\n"));
    for (int i = 0; i < 7; ++i) run(event().user("yuki").str("eventName", "A").at_time(k_t0 + i * k_minute).build());
    BOOST_TEST(state->take_notable_sessions().empty()); // 20, not 140
    run(event().user("yuki").str("eventName", "B").at_time(k_t0 + 7 * k_minute).build());
    auto notable = state->take_notable_sessions();
    BOOST_TEST_REQUIRE(notable.size() == 1u);
    BOOST_TEST(notable[0].score == 40);
    BOOST_TEST_REQUIRE(notable[0].alerts.size() == 8u);
    for (std::size_t i = 0; i < 7; ++i) BOOST_TEST(notable[0].alerts[i].rule == "A");
    BOOST_TEST(notable[0].alerts[6].score == 20);
    BOOST_TEST(notable[0].alerts[7].rule == "B");
}

// A rule's first signal is kept past max_alerts, so a repeat beyond the cap is
// only counted and a new rule beyond it still scores.
BOOST_AUTO_TEST_CASE(a_new_rule_scores_past_the_alert_cap) {
    session.notable_score = 40;
    session.max_alerts = 3;
    load(k_no_models, rule_doc("A", "score: 20", "    eventName: A\n") + rule_doc("B", "score: 20", "    eventName: B\n"));
    for (int i = 0; i < 5; ++i) run(event().user("zoe").str("eventName", "A").at_time(k_t0 + i * k_minute).build());
    BOOST_TEST(state->take_notable_sessions().empty());
    run(event().user("zoe").str("eventName", "B").at_time(k_t0 + 5 * k_minute).build());
    auto notable = state->take_notable_sessions();
    BOOST_TEST_REQUIRE(notable.size() == 1u);
    BOOST_TEST(notable[0].score == 40);
    BOOST_TEST(notable[0].alerts.size() == 4u); // A x3, B
    BOOST_TEST(notable[0].dropped_alerts == 2u);
}

// A saved state keeps which rules a live session has scored: after a reload a
// repeat still does not add, a new rule does.
BOOST_AUTO_TEST_CASE(state_image_keeps_the_scored_rules) {
    session.notable_score = 40;
    load(k_no_models, rule_doc("A", "score: 20", "    eventName: A\n") + rule_doc("B", "score: 20", "    eventName: B\n"));
    run(event().user("yuki").str("eventName", "A").at_time(k_t0).build());
    StateImage image;
    state->export_image(image);
    const std::unique_ptr<ModelState> owner = reload(image);
    ModelState& reloaded = *owner;
    run_on(reloaded, event().user("yuki").str("eventName", "A").at_time(k_t0 + k_minute).build());
    BOOST_TEST(reloaded.take_notable_sessions().empty()); // still 20
    run_on(reloaded, event().user("yuki").str("eventName", "B").at_time(k_t0 + 2 * k_minute).build());
    auto notable = reloaded.take_notable_sessions();
    BOOST_TEST_REQUIRE(notable.size() == 1u);
    BOOST_TEST(notable[0].score == 40);
    BOOST_TEST(notable[0].alerts.size() == 3u);
}

BOOST_AUTO_TEST_CASE(notable_threshold_is_configurable) {
    session.notable_score = 40;
    load(k_no_models, rule_doc("A", "score: 40", "    eventName: A\n"));
    run(event().user("alice").str("eventName", "A").build());
    BOOST_TEST(state->take_notable_sessions().size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
