// first_time, abnormal and nth_new: exact firing behaviour.

#include "models_fixture.h"

using namespace trailproof;
using namespace trailproof::models;
using namespace trailproof::models::test;

namespace {

using Fired = std::vector<std::string>;

} // namespace

BOOST_FIXTURE_TEST_SUITE(models_triggers, ModelsFixture)

BOOST_AUTO_TEST_CASE(first_time_fires_once_per_new_value_after_convergence) {
    load(k_countries_model, rule_doc("UA-UC-F", "model: {ref: UA-UC, trigger: first_time}"));
    std::int64_t t = k_t0;
    auto country = [&](std::string_view c) { return run(event().user("alice").str("src_country", c).at_time(t += k_minute).build()); };
    // Before convergence every value is new, and nothing fires.
    BOOST_TEST(country("US").empty());
    BOOST_TEST(country("BR").empty()); // N = 1
    for (int i = 0; i < 8; ++i) BOOST_TEST(country("US").empty());
    // N = 10, C = 2: converged (0.8).
    BOOST_TEST(country("DE") == Fired{"UA-UC-F"});
    BOOST_TEST(country("DE").empty());
    BOOST_TEST(country("US").empty());
    BOOST_TEST(country("BR").empty()); // seen before convergence: not new
    for (int i = 0; i < 5; ++i) BOOST_TEST(country("US").empty());
    BOOST_TEST(country("FR") == Fired{"UA-UC-F"});
    BOOST_TEST(country("FR").empty());
    BOOST_TEST(country("DE").empty());
}

BOOST_AUTO_TEST_CASE(first_time_needs_the_feature_and_the_activity_type) {
    load(k_countries_model, rule_doc("UA-UC-F", "model: {ref: UA-UC, trigger: first_time}"));
    for (int i = 0; i < 10; ++i) run(event().user("alice").str("src_country", "US").at_time(k_t0 + i).build());
    BOOST_TEST(run(event().user("alice").at_time(k_t0 + 20).build()).empty()); // no country: no value, no training
    BOOST_TEST(state->inspect("UA-UC", "alice").observations == 10u);
    // Another activity type neither trains the model nor stops the rule from reading it.
    BOOST_TEST(run(event().user("alice").str("src_country", "JP").activity("account-creation").at_time(k_t0 + 30).build()) ==
               Fired{"UA-UC-F"});
    BOOST_TEST(state->inspect("UA-UC", "alice").observations == 10u);
    BOOST_TEST(run(event().user("alice").str("src_country", "JP").at_time(k_t0 + 40).build()) == Fired{"UA-UC-F"});
    BOOST_TEST(state->inspect("UA-UC", "alice").observations == 11u);
}

// Abnormal when the value sits in the rarest `threshold` of the observations:
// tail = observations of values seen at most as often as it, tail / N < threshold
// (strictly). With a single rare value the tail is its own share.
BOOST_AUTO_TEST_CASE(abnormal_threshold_boundary) {
    load(k_countries_model, rule_doc("UA-UC-A", "model: {ref: UA-UC, trigger: abnormal}") +
                          rule_doc("UA-UC-A-seen", "model: {ref: UA-UC, trigger: abnormal, threshold: 0.1, unseen: false}"));
    // alice: 18 US + 2 DE (N = 20): DE share exactly 0.1 -> not abnormal.
    for (int i = 0; i < 18; ++i) run(event().user("alice").str("src_country", "US").at_time(k_t0 + i).build());
    for (int i = 0; i < 2; ++i) run(event().user("alice").str("src_country", "DE").at_time(k_t0 + 100 + i).build());
    BOOST_TEST(run(event().user("alice").str("src_country", "DE").at_time(k_t0 + 200).build()).empty());
    // bob: 19 US + 1 DE (N = 20): DE share 0.05 -> abnormal.
    for (int i = 0; i < 19; ++i) run(event().user("bob").str("src_country", "US").at_time(k_t0 + i).build());
    run(event().user("bob").str("src_country", "DE").at_time(k_t0 + 100).build());
    BOOST_TEST(run(event().user("bob").str("src_country", "DE").at_time(k_t0 + 200).build()) == (Fired{"UA-UC-A", "UA-UC-A-seen"}));
    BOOST_TEST(run(event().user("bob").str("src_country", "US").at_time(k_t0 + 300).build()).empty());
    // A never-seen value is abnormal unless `unseen: false`.
    BOOST_TEST(run(event().user("bob").str("src_country", "NZ").at_time(k_t0 + 400).build()) == Fired{"UA-UC-A"});
}

// Many values that are each rare but together are the user's normal: none is
// abnormal, so stationary activity cannot alert on more than the threshold's share.
BOOST_AUTO_TEST_CASE(abnormal_reads_the_tail_not_the_share) {
    load(k_countries_model, rule_doc("UA-UC-A", "model: {ref: UA-UC, trigger: abnormal}"));
    std::int64_t t = k_t0;
    // 20 values x 10 observations: N = 200, C = 20, converged (0.9); every share is 0.05.
    for (int round = 0; round < 10; ++round)
        for (char c = 'A'; c < 'A' + 20; ++c)
            run(event().user("carol").str("src_country", std::string(2, c)).at_time(t += k_minute).build());
    // AA's tail is every observation (all values are seen 10 times): 200/200.
    BOOST_TEST(run(event().user("carol").str("src_country", "AA").at_time(t += k_minute).build()).empty());
    // ZZ, seen once: tail 1/202 -> abnormal; BB's tail (every value but AA) is not.
    run(event().user("carol").str("src_country", "ZZ").at_time(t += k_minute).build());
    BOOST_TEST(run(event().user("carol").str("src_country", "ZZ").at_time(t += k_minute).build()) == Fired{"UA-UC-A"});
    BOOST_TEST(run(event().user("carol").str("src_country", "BB").at_time(t += k_minute).build()).empty());
}

// `unconverged: true`: no routine to compare with is itself abnormal (the account-creation
// rules: a principal that creates accounts rarely or never is abnormal, a regular one is not).
BOOST_AUTO_TEST_CASE(abnormal_unconverged_fires_until_the_behaviour_is_routine) {
    load(k_countries_model, rule_doc("routine", "model: {ref: UA-UC, trigger: abnormal, unconverged: true}") +
                                rule_doc("plain", "model: {ref: UA-UC, trigger: abnormal}"));
    // No history at all, then too few observations: the first nine fire `routine` only.
    for (int i = 0; i < 9; ++i)
        BOOST_TEST(run(event().user("alice").str("src_country", "US").at_time(k_t0 + i).build()) == Fired{"routine"});
    // N = 9 before this event: still not converged.
    BOOST_TEST(run(event().user("alice").str("src_country", "US").at_time(k_t0 + 9).build()) == Fired{"routine"});
    // N = 10, C = 1: converged, and US is her routine.
    BOOST_TEST(run(event().user("alice").str("src_country", "US").at_time(k_t0 + 10).build()).empty());
    // A rare value of a converged model fires both, as before.
    BOOST_TEST(run(event().user("alice").str("src_country", "DE").at_time(k_t0 + 11).build()) ==
               (Fired{"routine", "plain"}));
    // An event without the feature, or without the entity key, fires nothing.
    BOOST_TEST(run(event().user("bob").at_time(k_t0 + 12).build()).empty());
    BOOST_TEST(run(event().str("src_country", "US").at_time(k_t0 + 13).build()).empty());
}

BOOST_AUTO_TEST_CASE(abnormal_custom_threshold) {
    load(k_countries_model, rule_doc("rare", "model: {ref: UA-UC, trigger: abnormal, threshold: 0.25}"));
    for (int i = 0; i < 15; ++i) run(event().user("alice").str("src_country", "US").at_time(k_t0 + i).build());
    for (int i = 0; i < 5; ++i) run(event().user("alice").str("src_country", "DE").at_time(k_t0 + 100 + i).build());
    BOOST_TEST(run(event().user("alice").str("src_country", "DE").at_time(k_t0 + 200).build()).empty()); // 5/20 = 0.25
    for (int i = 0; i < 5; ++i) run(event().user("alice").str("src_country", "US").at_time(k_t0 + 300 + i).build());
    BOOST_TEST(run(event().user("alice").str("src_country", "DE").at_time(k_t0 + 400).build()) == Fired{"rare"}); // 6/26
}

// APP-UAg-2 / APP-UAg-3: the second and third new user agent of one session.
BOOST_AUTO_TEST_CASE(nth_new_second_and_third_in_a_session) {
    load(R"(models:
  - id: APP-UAg
    description: User Agent Strings
    scope: user
    feature: user_agent
    convergence: {min_days: 1}
)",
         rule_doc("APP-UAg-F", "model: {ref: APP-UAg, trigger: first_time}") +
             rule_doc("APP-UAg-2", "model: {ref: APP-UAg, trigger: nth_new, n: 2}") +
             rule_doc("APP-UAg-3", "model: {ref: APP-UAg, trigger: nth_new, n: 3}"));
    // A first session trains 30 events of one agent.
    for (int i = 0; i < 30; ++i) run(event().user("alice").str("user_agent", "a").at_time(k_t0 + i * k_minute).build());
    std::int64_t t = k_t0 + 3 * k_hour; // a new session
    auto agent = [&](std::string_view ua) { return run(event().user("alice").str("user_agent", ua).at_time(t += k_minute).build()); };
    BOOST_TEST(agent("b") == Fired{"APP-UAg-F"});
    BOOST_TEST(agent("b").empty());
    BOOST_TEST(agent("a").empty());
    BOOST_TEST(agent("c") == (Fired{"APP-UAg-F", "APP-UAg-2"}));
    BOOST_TEST(agent("d") == (Fired{"APP-UAg-F", "APP-UAg-3"}));
    BOOST_TEST(agent("e") == Fired{"APP-UAg-F"}); // the 4th new one: n is exact
    // After the inactivity gap the count starts again.
    t += 30 * k_minute;
    BOOST_TEST(agent("f") == Fired{"APP-UAg-F"});
    BOOST_TEST(agent("g") == (Fired{"APP-UAg-F", "APP-UAg-2"}));
}

BOOST_AUTO_TEST_CASE(nth_new_is_per_user_session) {
    load(R"(models:
  - {id: APP-UAg, scope: user, feature: user_agent, convergence: {min_observations: 3, min_days: 1}}
)",
         rule_doc("APP-UAg-2", "model: {ref: APP-UAg, trigger: nth_new, n: 2}"));
    for (std::string_view u : {"alice", "bob"})
        for (int i = 0; i < 10; ++i) run(event().user(u).str("user_agent", "a").at_time(k_t0 + i).build());
    const std::int64_t t = k_t0 + k_hour;
    BOOST_TEST(run(event().user("alice").str("user_agent", "x").at_time(t).build()).empty());
    BOOST_TEST(run(event().user("bob").str("user_agent", "y").at_time(t + 1).build()).empty());
    BOOST_TEST(run(event().user("alice").str("user_agent", "z").at_time(t + 2).build()) == Fired{"APP-UAg-2"});
}

BOOST_AUTO_TEST_CASE(org_scope_one_histogram_for_everyone) {
    load(R"(models:
  - id: UA-OC
    description: Countries for organization
    scope: org
    feature: src_country
    convergence: {min_observations: 5, min_days: 1}
  - id: B-Countries
    feature: src_country
    convergence: {min_observations: 5, min_days: 1}
)",
         rule_doc("UA-OC-F", "model: {ref: UA-OC, trigger: first_time}") +
             rule_doc("B-F", "model: {ref: B-Countries, trigger: first_time}"));
    const char* users[] = {"alice", "bob", "carol", "dave", "erin"};
    for (int i = 0; i < 5; ++i) BOOST_TEST(run(event().user(users[i]).str("src_country", "US").at_time(k_t0 + i).build()).empty());
    BOOST_TEST(run(event().user("frank").str("src_country", "DE").at_time(k_t0 + 10).build()) == (Fired{"UA-OC-F", "B-F"}));
    BOOST_TEST(run(event().user("gina").str("src_country", "DE").at_time(k_t0 + 20).build()).empty());
    const ModelView v = state->inspect("UA-OC", "");
    BOOST_TEST(v.observations == 7u);
    BOOST_TEST(v.distinct == 2u);
    BOOST_TEST(state->inspect("B-Countries", "").observations == 7u);
    // Org models need no user at all.
    run(event().str("src_country", "FR").at_time(k_t0 + 30).build());
    BOOST_TEST(state->inspect("UA-OC", "").observations == 8u);
}

BOOST_AUTO_TEST_CASE(tuple_feature_and_tuple_scope) {
    load(R"(models:
  - id: APP-UOs-New
    scope: user
    feature: [ua_os, ua_browser]
    convergence: {min_observations: 3, min_days: 1}
  - id: APP-UsH
    scope: {fields: [user, app]}
    feature: src_ip
    convergence: {min_observations: 2, min_days: 1}
)",
         rule_doc("APP-UOs-F", "model: {ref: APP-UOs-New, trigger: first_time}") +
             rule_doc("APP-UsH-F", "model: {ref: APP-UsH, trigger: first_time}"));
    auto os = [&](std::string_view o, std::string_view b, std::int64_t t) {
        return run(event().user("alice").str("ua_os", o).str("ua_browser", b).at_time(t).build());
    };
    for (int i = 0; i < 10; ++i) BOOST_TEST(os("Linux", "Firefox", k_t0 + i).empty());
    BOOST_TEST(os("Linux", "Chrome", k_t0 + 10) == Fired{"APP-UOs-F"});
    BOOST_TEST(os("Windows", "Firefox", k_t0 + 20) == Fired{"APP-UOs-F"});
    BOOST_TEST(os("Linux", "Firefox", k_t0 + 30).empty());
    // A tuple with a missing part is absent: no trigger, no training.
    BOOST_TEST(run(event().user("alice").str("ua_os", "Plan9").at_time(k_t0 + 40).build()).empty());
    BOOST_TEST(state->inspect("APP-UOs-New", "alice").observations == 13u);
    BOOST_TEST(state->count_of("APP-UOs-New", "alice", std::string("Linux") + k_tuple_separator + "Firefox") == 11u);

    auto ip = [&](std::string_view app, std::string_view addr, std::int64_t t) {
        return run(event().user("bob").str("app", app).str("src_ip", addr).at_time(t).build());
    };
    for (int i = 0; i < 5; ++i) ip("s3.amazonaws.com", "10.0.0.1", k_t0 + i); // N = 5, C = 1: 0.8
    BOOST_TEST(ip("ec2.amazonaws.com", "10.0.0.9", k_t0 + 10).empty()); // another (user, app) entity: not converged
    BOOST_TEST(ip("s3.amazonaws.com", "10.0.0.9", k_t0 + 20) == Fired{"APP-UsH-F"});
    BOOST_TEST(state->inspect("APP-UsH", std::string("bob") + k_tuple_separator + "s3.amazonaws.com").observations == 6u);
}

BOOST_AUTO_TEST_CASE(hour_of_day_and_day_of_week) {
    load(R"(models:
  - {id: APP-UTi, scope: user, feature: hour_of_day}
  - {id: AC-UT-TOW, scope: user, feature: day_of_week, activity_types: [account-creation]}
  - {id: HD, scope: user, feature: [day_of_week, hour_of_day]}
)",
         rule_doc("APP-UTi", "model: {ref: APP-UTi, trigger: abnormal}"));
    // k_t0 is Tuesday 2023-11-14 22:13:20 UTC.
    run(event().user("alice").at_time(k_t0).activity("account-creation").build());
    BOOST_TEST(state->count_of("APP-UTi", "alice", "22") == 1u);
    BOOST_TEST(state->count_of("AC-UT-TOW", "alice", "Tue") == 1u);
    BOOST_TEST(state->count_of("HD", "alice", std::string("Tue") + k_tuple_separator + "22") == 1u);
    run(event().user("alice").at_time(k_t0 + 2 * k_hour).activity("account-creation").build()); // Wed 00:13
    BOOST_TEST(state->count_of("APP-UTi", "alice", "00") == 1u);
    BOOST_TEST(state->count_of("AC-UT-TOW", "alice", "Wed") == 1u);
    // Before the epoch: -1 ms is Wednesday 1969-12-31 23:59:59.999.
    run(event().user("bob").at_time(-1).activity("account-creation").build());
    BOOST_TEST(state->count_of("APP-UTi", "bob", "23") == 1u);
    BOOST_TEST(state->count_of("AC-UT-TOW", "bob", "Wed") == 1u);
    // Ten mornings at 09:xx, then activity at 03:00 is an abnormal hour.
    const std::int64_t day0 = (k_t0 / k_day + 1) * k_day; // Wednesday 00:00
    for (int d = 0; d < 10; ++d) run(event().user("carol").at_time(day0 + d * k_day + 9 * k_hour + d * k_minute).build());
    BOOST_TEST(state->count_of("APP-UTi", "carol", "09") == 10u);
    BOOST_TEST(run(event().user("carol").at_time(day0 + 10 * k_day + 9 * k_hour).build()).empty());
    BOOST_TEST(run(event().user("carol").at_time(day0 + 11 * k_day + 3 * k_hour).build()) == Fired{"APP-UTi"});
}

BOOST_AUTO_TEST_CASE(train_when_and_activity_types) {
    load(R"(models:
  - id: CS-User-Creation
    scope: org
    feature: user
    activity_types: [account-creation, app-activity-failed]
    train_when:
      - {eventSource: iam.amazonaws.com, eventName: CreateUser}
      - {eventSource: organizations.amazonaws.com, eventName: [CreateAccount, CreateGovCloudAccount]}
  - id: APP-UId
    scope: user
    feature: userIdentity.accessKeyId
    train_when: {userIdentity.accessKeyId|startswith: AKIA}
  - id: CS-Admin-Activity
    scope: user
    feature: operation
    train_when: {managementEvent: true, readOnly: false}
)");
    auto creation = [&](std::string_view source, std::string_view name, std::string_view type) {
        run(event().user("alice").str("eventSource", source).str("eventName", name).activity(type).at_time(k_t0).build());
        return state->inspect("CS-User-Creation", "").observations;
    };
    BOOST_TEST(creation("iam.amazonaws.com", "CreateUser", "app-activity") == 0u);      // wrong activity type
    BOOST_TEST(creation("iam.amazonaws.com", "DeleteUser", "account-creation") == 0u);  // selection misses
    BOOST_TEST(creation("iam.amazonaws.com", "createuser", "account-creation") == 1u);  // case-insensitive like Sigma
    BOOST_TEST(creation("organizations.amazonaws.com", "CreateGovCloudAccount", "Account-Creation") == 2u);
    BOOST_TEST(creation("iam.amazonaws.com", "CreateUser", "app-activity-failed") == 3u);

    run(event().user("bob").str("userIdentity.accessKeyId", "ASIAXYZ").at_time(k_t0).build());
    BOOST_TEST(!state->inspect("APP-UId", "bob").found);
    run(event().user("bob").str("userIdentity.accessKeyId", "AKIAXYZ").at_time(k_t0).build());
    BOOST_TEST(state->count_of("APP-UId", "bob", "AKIAXYZ") == 1u);

    run(event().user("carol").str("operation", "PutObject").boolean("managementEvent", false).boolean("readOnly", false).build());
    run(event().user("carol").str("operation", "ListBuckets").boolean("managementEvent", true).boolean("readOnly", true).build());
    BOOST_TEST(!state->inspect("CS-Admin-Activity", "carol").found);
    run(event().user("carol").str("operation", "CreateRole").boolean("managementEvent", true).boolean("readOnly", false).build());
    BOOST_TEST(state->count_of("CS-Admin-Activity", "carol", "CreateRole") == 1u);
}

// Each activity type trains the models that name it and those that name none;
// a type no model names (or none at all) trains only the latter.
BOOST_AUTO_TEST_CASE(each_activity_type_trains_its_models) {
    load(R"(models:
  - id: ORG-OP
    scope: org
    feature: operation
    activity_types: [app-login]
  - id: USER-OP-ANY
    scope: user
    feature: operation
  - id: USER-OP-TWO
    scope: user
    feature: operation
    activity_types: [account-creation, app-login]
)");
    auto seen = [&](std::string_view type) {
        run(event().user("alice").str("operation", "Op").activity(type).at_time(k_t0).build());
        return std::vector<std::uint64_t>{state->inspect("ORG-OP", "").observations,
                                          state->inspect("USER-OP-ANY", "alice").observations,
                                          state->inspect("USER-OP-TWO", "alice").observations};
    };
    using Counts = std::vector<std::uint64_t>;
    BOOST_TEST(seen("app-login") == (Counts{1, 1, 1}));
    BOOST_TEST(seen("account-creation") == (Counts{1, 2, 2}));
    BOOST_TEST(seen("app-activity") == (Counts{1, 3, 2})); // named by no model
    BOOST_TEST(seen("") == (Counts{1, 4, 2}));
    BOOST_TEST(seen("App-Login") == (Counts{2, 5, 3}));
}

// begin_event keeps the last event's type and its answer: repeats, case
// variants and a fresh state's first event without a type each get their own.
BOOST_AUTO_TEST_CASE(an_activity_type_keeps_its_answer_only_while_it_repeats) {
    load(R"(models:
  - {id: ORG-OP, scope: org, feature: operation, activity_types: [app-login]}
)");
    auto observed = [&](std::string_view type) {
        run(event().user("alice").str("operation", "Op").activity(type).at_time(k_t0).build());
        return state->inspect("ORG-OP", "").observations;
    };
    BOOST_TEST(observed("") == 0u);
    BOOST_TEST(observed("app-login") == 1u);
    BOOST_TEST(observed("app-login") == 2u);
    BOOST_TEST(observed("APP-LOGIN") == 3u);
    BOOST_TEST(observed("app-logins") == 3u);
    BOOST_TEST(observed("app-login") == 4u);
    BOOST_TEST(observed("") == 4u);
}

BOOST_AUTO_TEST_CASE(user_falls_back_to_the_principal_arn) {
    load(k_countries_model);
    run(event().str("userIdentity.arn", "arn:aws:iam::1:user/alice").str("src_country", "US").build());
    BOOST_TEST(state->count_of("UA-UC", "arn:aws:iam::1:user/alice", "US") == 1u);
    run(event().user("alice").str("userIdentity.arn", "arn:aws:iam::1:user/alice").str("src_country", "US").build());
    BOOST_TEST(state->count_of("UA-UC", "alice", "US") == 1u);
}

BOOST_AUTO_TEST_CASE(overflow_cap_is_counted_and_keeps_silent) {
    load(R"(models:
  - {id: UA-UC, scope: user, feature: src_country, max_values: 3, convergence: {min_observations: 1, confidence: 0.5, min_days: 1}}
)",
         rule_doc("UA-UC-F", "model: {ref: UA-UC, trigger: first_time}") +
             rule_doc("UA-UC-A", "model: {ref: UA-UC, trigger: abnormal, threshold: 0.05}"));
    for (int i = 0; i < 20; ++i) run(event().user("alice").str("src_country", "US").at_time(k_t0 + i).build());
    BOOST_TEST(run(event().user("alice").str("src_country", "DE").at_time(k_t0 + 100).build()) == (Fired{"UA-UC-F", "UA-UC-A"}));
    BOOST_TEST(run(event().user("alice").str("src_country", "FR").at_time(k_t0 + 101).build()) == (Fired{"UA-UC-F", "UA-UC-A"}));
    // Full (3 values): unseen values are not stored, counted, and stay silent.
    BOOST_TEST(run(event().user("alice").str("src_country", "JP").at_time(k_t0 + 102).build()).empty());
    BOOST_TEST(run(event().user("alice").str("src_country", "JP").at_time(k_t0 + 103).build()).empty());
    BOOST_TEST(run(event().user("alice").str("src_country", "NZ").at_time(k_t0 + 104).build()).empty());
    const ModelView v = state->inspect("UA-UC", "alice");
    BOOST_TEST(v.distinct == 3u);
    BOOST_TEST(v.observations == 22u);
    BOOST_TEST(v.overflow == 3u);
    BOOST_TEST(state->stats().overflow == 3u);
    BOOST_TEST(state->stats().values == 3u);
    // Stored values still count and still trigger.
    run(event().user("alice").str("src_country", "DE").at_time(k_t0 + 105).build());
    BOOST_TEST(state->count_of("UA-UC", "alice", "DE") == 2u);
}

BOOST_AUTO_TEST_SUITE_END()
