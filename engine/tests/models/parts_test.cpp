// A model set's state split by scope group (StatePart): a Shared part (organization,
// peer group, field-keyed models) and a Principal part (user models, facts,
// sessions), fed the same events, the principal part taking the shared part's
// verdicts and nth_new flags, decide exactly what one Whole state decides: the
// same rules fire on every event, the same sessions score and become notable.

#include <map>
#include <random>

#include "models_fixture.h"

using namespace trailproof;
using namespace trailproof::models;
using namespace trailproof::models::test;

namespace {

constexpr std::string_view k_mixed_models = R"(models:
  - {id: UA-UC, description: Countries for user, scope: user, feature: src_country,
     convergence: {min_observations: 5, min_days: 1}}
  - {id: B-UC, description: Countries of the organization, feature: src_country,
     convergence: {min_observations: 5, confidence: 0.5, min_days: 1}}
  - {id: PG-UC, description: Countries of the peer group, scope: peer_group, feature: src_country,
     ageing_days: 1, convergence: {min_observations: 4, confidence: 0.5, min_days: 1}}
  - {id: F-OPS, description: Operations per country, scope: {fields: [src_country]}, feature: eventName,
     convergence: {min_observations: 4, confidence: 0.3, min_days: 1}}
)";

} // namespace

BOOST_FIXTURE_TEST_SUITE(models_parts, ModelsFixture)

BOOST_AUTO_TEST_CASE(shared_and_principal_parts_decide_what_the_whole_state_decides) {
    session.notable_score = 60; // sessions of a few distinct rules become notable
    load(k_mixed_models,
         rule_doc("U-F", "model: {ref: UA-UC, trigger: first_time}\nscore: 30") +
             rule_doc("B-F", "model: {ref: B-UC, trigger: first_time}\nfacts: {first_seen_within_days: 2}\nscore: 40") +
             rule_doc("B-A", "model: {ref: B-UC, trigger: abnormal, threshold: 0.2}\nscore: 20") +
             rule_doc("PG-A", "model: {ref: PG-UC, trigger: abnormal, threshold: 0.3, unconverged: true}\n"
                              "session: {distinct: src_country, gte: 2}\nscore: 25") +
             rule_doc("PG-N", "model: {ref: PG-UC, trigger: nth_new, n: 2}\nscore: 50") +
             rule_doc("F-N", "model: {ref: F-OPS, trigger: nth_new, n: 1}\nscore: 10") +
             rule_doc("F-F", "model: {ref: F-OPS, trigger: abnormal, threshold: 0.4, confidence: 0.6}\n"
                             "facts: {dormant_days: 1}\nscore: 35"));
    ModelState shared(models, bindings, session, StatePart::Shared);
    ModelState principal(models, bindings, session, StatePart::Principal);
    BOOST_TEST(shared.has_shared_news());
    BOOST_TEST((shared.part() == StatePart::Shared));

    constexpr unsigned k_seed = 4242;
    BOOST_TEST_MESSAGE("parts property seed " << k_seed);
    std::mt19937 rng(k_seed);
    const std::vector<std::string> users = {"alice", "bob", "carol", "dave", "erin"},
                                   groups = {"admins", "devs"}, countries = {"US", "US", "US", "DE", "FR", "BR", "JP"},
                                   ops = {"GetObject", "GetObject", "PutObject", "ListBuckets", "CreateUser", "StopLogging"};
    std::int64_t t = k_t0;
    std::size_t fired = 0, signals = 0;
    std::map<std::string, std::size_t> by_rule;
    std::vector<std::uint8_t> news;
    std::vector<SharedVerdict> verdicts;
    std::vector<NotableSession> notable_whole, notable_parts;
    for (int i = 0; i < 1500; ++i) {
        // Mostly minutes apart (sessions of several events), now and then days (dormant users).
        t += rng() % 150 == 0 ? 3 * k_day : std::uniform_int_distribution<std::int64_t>(1, 10 * k_minute)(rng);
        EventBuilder b = event();
        b.at_time(t).name(ops[rng() % ops.size()]);
        const std::size_t u = rng() % users.size();
        if (rng() % 20) b.user(users[u]);
        if (u % 3 != 2) b.str("user_peer_group", groups[u % 2]);
        if (rng() % 10) b.str("src_country", countries[(u + (rng() % 4 == 0 ? rng() : 0)) % countries.size()]);
        const Event& e = b.build();

        // The shared part first: its verdicts and flags, read before it trains.
        shared.begin_event(e);
        rules.match(e, hits);
        verdicts.clear();
        for (std::uint32_t r : hits) {
            const RuleBinding* binding = bindings.find(r);
            verdicts.push_back(binding ? shared.judge_shared(*binding) : SharedVerdict::Local);
        }
        shared.shared_news(news);
        shared.train(e);

        state->begin_event(e);
        principal.begin_event(e);
        std::vector<std::string> whole_fired, parts_fired;
        for (std::size_t h = 0; h < hits.size(); ++h) {
            const std::uint32_t r = hits[h];
            const RuleBinding* binding = bindings.find(r);
            if (!binding || state->check(*binding, e)) {
                whole_fired.push_back(rules.meta(r).id);
                const auto ref = state->add_alert_score(e, rules.meta(r).score, r);
                signals += ref ? 1u : 0u;
            }
            if (!binding || principal.check(*binding, e, verdicts[h])) {
                parts_fired.push_back(rules.meta(r).id);
                (void)principal.add_alert_score(e, rules.meta(r).score, r);
            }
        }
        state->train(e);
        principal.train(e, &news);
        BOOST_REQUIRE_MESSAGE(whole_fired == parts_fired, "seed " << k_seed << " event " << i);
        fired += whole_fired.size();
        for (const auto& id : whole_fired) ++by_rule[id];
        for (auto& n : state->take_notable_sessions()) notable_whole.push_back(std::move(n));
        for (auto& n : principal.take_notable_sessions()) notable_parts.push_back(std::move(n));
    }
    BOOST_TEST(fired > 100u);
    BOOST_TEST(signals > 100u);
    BOOST_TEST(notable_whole.size() > 5u);
    BOOST_REQUIRE(notable_whole.size() == notable_parts.size());
    for (std::size_t i = 0; i < notable_whole.size(); ++i) {
        BOOST_TEST(notable_whole[i].user == notable_parts[i].user);
        BOOST_TEST(notable_whole[i].score == notable_parts[i].score);
        BOOST_TEST(notable_whole[i].alerts.size() == notable_parts[i].alerts.size());
    }
    // Every rule fired, so each kind of verdict was compared.
    for (const char* rule : {"U-F", "B-F", "B-A", "PG-A", "PG-N", "F-N", "F-F"})
        BOOST_TEST(by_rule[rule] > 0u, rule);
    // The parts hold what the whole holds, each its own groups.
    for (const char* model : {"B-UC"}) {
        BOOST_TEST(shared.inspect(model, "").observations == state->inspect(model, "").observations);
        BOOST_TEST(!principal.inspect(model, "").found);
    }
    BOOST_TEST(principal.inspect("UA-UC", "alice").observations == state->inspect("UA-UC", "alice").observations);
    BOOST_TEST(!shared.inspect("UA-UC", "alice").found);
    BOOST_TEST(shared.inspect("PG-UC", "devs").observations == state->inspect("PG-UC", "devs").observations);
    BOOST_TEST(shared.stats().users == 0u);
    BOOST_TEST(principal.stats().users == state->stats().users);
}

BOOST_AUTO_TEST_SUITE_END()
