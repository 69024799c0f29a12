// bind_rules: model references, triggers, parameters, facts and session conditions.

#include "models_fixture.h"

using namespace trailproof;
using namespace trailproof::models;
using namespace trailproof::models::test;

namespace {

constexpr std::string_view k_countries = R"(models:
  - {id: UA-UC, scope: user, feature: src_country}
)";

} // namespace

BOOST_FIXTURE_TEST_SUITE(models_binding, ModelsFixture)

BOOST_AUTO_TEST_CASE(binds_every_kind_of_condition) {
    load(k_countries, rule_doc("plain", "") + rule_doc("ft", "model: {ref: UA-UC, trigger: first_time}") +
                          rule_doc("ab", "model: {ref: UA-UC, trigger: abnormal, threshold: 0.05, unseen: no}") +
                          rule_doc("nth", "model: {ref: UA-UC, trigger: nth_new, n: 3, confidence: 0.9}") +
                          rule_doc("facts", "facts: {new_user: false, dormant_days: 30, first_seen_within_days: 400}") +
                          rule_doc("two", "session: {distinct: src_country, gte: 2}") +
                          rule_doc("busy", "session: {count: 50}"));
    BOOST_TEST(bindings.find(rules.find("plain")) == nullptr);
    const RuleBinding* ft = bindings.find(rules.find("ft"));
    BOOST_TEST_REQUIRE(ft);
    BOOST_TEST(ft->model == models.find("UA-UC"));
    BOOST_TEST((ft->trigger == Trigger::FirstTime));
    const RuleBinding* ab = bindings.find(rules.find("ab"));
    BOOST_TEST((ab->trigger == Trigger::Abnormal));
    BOOST_TEST(ab->threshold == 0.05);
    BOOST_TEST(!ab->unseen_is_abnormal);
    const RuleBinding* nth = bindings.find(rules.find("nth"));
    BOOST_TEST(nth->n == 3u);
    BOOST_TEST(nth->confidence == 0.9);
    BOOST_TEST(nth->nth_slot == 0u);
    BOOST_TEST(bindings.nth_new_models() == std::vector<std::uint32_t>{models.find("UA-UC")});
    const RuleBinding* facts = bindings.find(rules.find("facts"));
    BOOST_TEST(facts->new_user == 0);
    BOOST_TEST(facts->dormant_ms == 30 * k_day);
    BOOST_TEST(facts->first_seen_within_ms == 400 * k_day);
    const RuleBinding* two = bindings.find(rules.find("two"));
    BOOST_TEST(two->session_field == 0u);
    BOOST_TEST(two->session_gte == 2u);
    BOOST_TEST(bindings.session_field_names() == std::vector<std::string>{"src_country"});
    BOOST_TEST(bindings.find(rules.find("busy"))->session_count == 50u);
    // check() skips the fact and session conditions of a binding that has none.
    for (const char* id : {"ft", "ab", "nth"}) BOOST_TEST(!bindings.find(rules.find(id))->user_conditions, id);
    for (const char* id : {"facts", "two", "busy"}) BOOST_TEST(bindings.find(rules.find(id))->user_conditions, id);
    for (const auto& b : bindings.bindings()) BOOST_TEST(!b.broken);
}

BOOST_AUTO_TEST_CASE(every_binding_error_names_the_rule) {
    try_load(k_countries,
             rule_doc("R1", "model: {ref: NOPE, trigger: first_time}") +
                 rule_doc("R2", "model: {ref: UA-UC, trigger: abnormal, threshold: 2}") +
                 rule_doc("R3", "model: {ref: UA-UC, trigger: first_time, n: 2}") +
                 rule_doc("R4", "model: {ref: UA-UC, trigger: nth_new}") +
                 rule_doc("R5", "facts: {sleepy: true}") + rule_doc("R6", "facts: {dormant_days: soon}") +
                 rule_doc("R7", "session: {distinct: src_country}") +
                 rule_doc("R8", "session: {distinct: src_country, gte: 2, count: 3}") +
                 rule_doc("R9", "model: {ref: UA-UC, trigger: first_time, colour: red}"));
    std::string text;
    for (const auto& d : result.errors()) text += render_text(d) + "\n";
    for (const auto& d : result.warnings())
        if (d.code != "rule.unindexed") text += render_text(d) + "\n";
    BOOST_TEST(text == R"(rules.yml:1: error[model.unknown_ref]: rule 'R1' references model 'NOPE', which no loaded model defines
rules.yml:12: error[model.bad_param]: rule 'R2': model parameter 'threshold' must be a number greater than 0 and at most 1, found '2'
rules.yml:23: error[model.bad_param]: rule 'R3': model parameter 'n' applies to trigger nth_new only
rules.yml:34: error[model.bad_param]: rule 'R4': trigger nth_new needs the parameter 'n'
rules.yml:45: error[model.bad_facts]: rule 'R5': unknown fact 'sleepy'; use new_user, dormant_days or first_seen_within_days
rules.yml:56: error[model.bad_facts]: rule 'R6': fact 'dormant_days' must be a whole number of days from 1 to 36500, found 'soon'
rules.yml:67: error[model.bad_session]: rule 'R7': session distinct needs gte
rules.yml:78: error[model.bad_session]: rule 'R8': session takes either distinct (with gte) or count, not both
rules.yml:89: warning[load.unknown_key]: rule 'R9': unknown model parameter 'colour'
)");
    BOOST_TEST_REQUIRE(!result.errors().empty());
    BOOST_TEST(result.errors()[0].context_chain == (std::vector<std::string>{"rule 'R1'", "model"}));
    // A rule whose binding failed never fires, even though its selection matches.
    for (const char* id : {"R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8"}) {
        const RuleBinding* b = bindings.find(rules.find(id));
        BOOST_TEST_REQUIRE(b);
        BOOST_TEST(b->broken, id);
    }
    const auto fired = run(event().user("alice").str("src_country", "US").build());
    BOOST_TEST(fired.empty()); // R9 binds (a warning only) but its model has not converged
}

BOOST_AUTO_TEST_CASE(facts_and_session_keys_must_be_maps_of_scalars) {
    try_load(k_countries, rule_doc("R1", "facts: [new_user]") + rule_doc("R2", "session: {distinct: [a, b], gte: 2}"));
    std::vector<std::string> codes;
    for (const auto& d : result.errors()) codes.push_back(d.code + " " + d.message);
    BOOST_TEST(codes == (std::vector<std::string>{"load.wrong_type 'facts' must be a map of scalars, found a list",
                                                   "load.wrong_type 'distinct' must be a scalar, found a list"}));
}

BOOST_AUTO_TEST_CASE(unconverged_is_an_abnormal_parameter) {
    try_load(k_countries, rule_doc("U1", "model: {ref: UA-UC, trigger: first_time, unconverged: true}") +
                              rule_doc("U2", "model: {ref: UA-UC, trigger: abnormal, unconverged: maybe}") +
                              rule_doc("U3", "model: {ref: UA-UC, trigger: abnormal, unconverged: true}"));
    std::string text;
    for (const auto& d : result.errors()) text += render_text(d) + "\n";
    BOOST_TEST(text == R"(rules.yml:1: error[model.bad_param]: rule 'U1': model parameter 'unconverged' applies to trigger abnormal only
rules.yml:12: error[model.bad_param]: rule 'U2': model parameter 'unconverged' must be true or false, found 'maybe'
)");
    const RuleBinding* u3 = bindings.find(rules.find("U3"));
    BOOST_TEST_REQUIRE(u3);
    BOOST_TEST(u3->unconverged_is_abnormal);
    BOOST_TEST(!u3->broken);
}

BOOST_AUTO_TEST_SUITE_END()
