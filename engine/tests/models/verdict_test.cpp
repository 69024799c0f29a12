// ModelState::describe: check() explained (trailproof explain). The state it
// reports is exact, and its verdict is check()'s on every event of a run that
// crosses convergence, rare and common values, unseen ones and facts.

#include <random>

#include "models_fixture.h"

using namespace trailproof;
using namespace trailproof::models;
using namespace trailproof::models::test;

BOOST_FIXTURE_TEST_SUITE(models_verdict, ModelsFixture)

BOOST_AUTO_TEST_CASE(reports_convergence_the_value_and_the_tail) {
    load(k_countries_model, rule_doc("UA-UC-A", "model: {ref: UA-UC, trigger: abnormal}"));
    const RuleBinding& b = *bindings.find(0);
    auto describe = [&](std::string_view country, std::int64_t t) {
        EventBuilder builder = event(); // owns the event's text
        const Event& e = builder.user("bob").str("src_country", country).at_time(t).build();
        state->begin_event(e);
        return state->describe(b, e);
    };
    // A fresh state: no history for bob.
    ModelVerdict fresh = describe("DE", k_t0);
    BOOST_TEST(fresh.model == "UA-UC");
    BOOST_TEST(fresh.trigger == "abnormal");
    BOOST_TEST(fresh.entity == "bob");
    BOOST_TEST(fresh.value == "DE");
    BOOST_TEST(!fresh.entity_known);
    BOOST_TEST(!fresh.fires);
    BOOST_TEST(fresh.reason == "the model has not converged for this entity");
    // 19 US + 1 DE (N = 20, C = 2): converged; DE's tail is 1/20 < 0.1.
    for (int i = 0; i < 19; ++i) run(event().user("bob").str("src_country", "US").at_time(k_t0 + i).build());
    run(event().user("bob").str("src_country", "DE").at_time(k_t0 + 100).build());
    ModelVerdict rare = describe("DE", k_t0 + 200);
    BOOST_TEST(rare.entity_known);
    BOOST_TEST(rare.observations == 20u);
    BOOST_TEST(rare.distinct == 2u);
    BOOST_TEST(rare.confidence == 0.9, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(rare.confidence_needed == 0.8, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(rare.converged);
    BOOST_TEST(rare.seen);
    BOOST_TEST(rare.value_count == 1u);
    BOOST_TEST(rare.tail_share == 0.05, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(rare.fires);
    BOOST_TEST(rare.reason == "the value lies in the rare tail");
    ModelVerdict common = describe("US", k_t0 + 300);
    BOOST_TEST(common.tail_share == 1.0, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(!common.fires);
    BOOST_TEST(common.reason == "the value is too common to be abnormal");
    ModelVerdict unseen = describe("NZ", k_t0 + 400);
    BOOST_TEST(!unseen.seen);
    BOOST_TEST(unseen.tail_share < 0);
    BOOST_TEST(unseen.fires);
    BOOST_TEST(unseen.reason == "the value was never seen (unseen counts as abnormal)");
}

BOOST_AUTO_TEST_CASE(names_the_fact_that_does_not_hold) {
    load(k_countries_model, rule_doc("new-user", "facts: {new_user: true}"));
    const RuleBinding& b = *bindings.find(0);
    EventBuilder first_builder = event();
    const Event& first = first_builder.user("alice").str("src_country", "US").build();
    state->begin_event(first);
    BOOST_TEST(state->describe(b, first).fires);
    BOOST_TEST(state->describe(b, first).reason == "every fact and session condition holds");
    run(first);
    EventBuilder second_builder = event();
    const Event& second = second_builder.user("alice").str("src_country", "US").at_time(k_t0 + k_minute).build();
    state->begin_event(second);
    const ModelVerdict v = state->describe(b, second);
    BOOST_TEST(!v.fires);
    BOOST_TEST(v.model.empty());
    BOOST_TEST(v.failed == (std::vector<std::string>{"new_user: the user has events before this one"}));
}

BOOST_AUTO_TEST_CASE(the_verdict_is_checks_on_a_random_run) {
    load(k_countries_model, rule_doc("F", "model: {ref: UA-UC, trigger: first_time}") +
                                rule_doc("A", "model: {ref: UA-UC, trigger: abnormal, threshold: 0.2}") +
                                rule_doc("N", "model: {ref: UA-UC, trigger: nth_new, n: 2}") +
                                rule_doc("D", "facts: {dormant_days: 1}\nmodel: {ref: UA-UC, trigger: first_time}"));
    constexpr unsigned k_seed = 777;
    BOOST_TEST_MESSAGE("verdict property seed " << k_seed);
    std::mt19937 rng(k_seed);
    const std::vector<std::string> users = {"alice", "bob"}, countries = {"US", "US", "US", "DE", "FR", "BR", "JP"};
    std::int64_t t = k_t0;
    std::size_t fired = 0;
    for (int i = 0; i < 600; ++i) {
        t += std::uniform_int_distribution<std::int64_t>(1, 3 * k_hour)(rng);
        EventBuilder b = event();
        b.user(users[rng() % users.size()]).at_time(t);
        if (rng() % 10) b.str("src_country", countries[rng() % countries.size()]);
        const Event& e = b.build();
        state->begin_event(e);
        for (const auto& binding : bindings.bindings()) {
            const ModelVerdict v = state->describe(binding, e);
            BOOST_REQUIRE_MESSAGE(v.fires == state->check(binding, e), "seed " << k_seed << " event " << i);
            BOOST_REQUIRE(!v.reason.empty());
            fired += v.fires ? 1u : 0u;
        }
        state->train(e);
    }
    BOOST_TEST(fired > 10u);
}

BOOST_AUTO_TEST_SUITE_END()
