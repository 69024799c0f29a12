// RuleSet::trace (rules/rule_trace.h): why a rule matched or not, item by item.
// Exact traces for a hand-written rule, and the property that the trace's
// verdicts are the matchers' own: on random rules and events, trace.matched ==
// the rule is among match()'s hits, each detection's result agrees with its
// branches (all items of a branch, any branch), and the condition's with matched.

#include <random>

#include "random_rules.h"
#include "rules_fixture.h"

using namespace trailproof;
using namespace trailproof::rules;
using namespace trailproof::rules::test;

BOOST_FIXTURE_TEST_SUITE(rule_trace, RulesFixture)

BOOST_AUTO_TEST_CASE(every_item_with_the_event_values_and_its_result) {
    rule("    sel:\n      eventSource: cloudtrail.amazonaws.com\n      eventName|startswith: [Stop, Delete]\n"
         "    filter:\n      - userIdentity.type: Root\n      - errorCode|exists: true\n",
         "sel and not filter");
    auto b = event();
    b.str("eventSource", "cloudtrail.amazonaws.com").str("eventName", "StopLogging").str("userIdentity.type", "IAMUser");
    const RuleTrace t = set.trace(0, b.build(), registry);
    BOOST_TEST(t.matched);
    BOOST_TEST(t.condition_matched);
    BOOST_TEST(t.conditions == (std::vector<std::string>{"sel and not filter"}));
    BOOST_REQUIRE(t.detections.size() == 2u);
    const DetectionTrace& sel = t.detections[0];
    BOOST_TEST(sel.name == "sel");
    BOOST_TEST(sel.matched);
    BOOST_REQUIRE(sel.branches.size() == 1u);
    BOOST_REQUIRE(sel.branches[0].items.size() == 2u);
    const ItemTrace& name = sel.branches[0].items[1];
    BOOST_TEST(name.key == "eventName|startswith");
    BOOST_TEST(name.field == "eventName");
    BOOST_TEST(name.expected == (std::vector<std::string>{"Stop", "Delete"}));
    BOOST_TEST(name.values == (std::vector<std::string>{"StopLogging"}));
    BOOST_TEST(name.matched);
    const DetectionTrace& filter = t.detections[1];
    BOOST_TEST(!filter.matched);
    BOOST_TEST(filter.any_of);
    BOOST_REQUIRE(filter.branches.size() == 2u);
    BOOST_TEST(filter.branches[0].items[0].values == (std::vector<std::string>{"IAMUser"}));
    BOOST_TEST(!filter.branches[0].items[0].matched);
    BOOST_TEST(filter.branches[1].items[0].key == "errorCode|exists");
    BOOST_TEST(filter.branches[1].items[0].values.empty()); // absent
    BOOST_TEST(!filter.branches[1].matched);

    b = event();
    b.str("eventSource", "cloudtrail.amazonaws.com").str("eventName", "StopLogging").str("userIdentity.type", "Root");
    const RuleTrace root = set.trace(0, b.build(), registry);
    BOOST_TEST(!root.matched);
    BOOST_TEST(root.detections[1].matched); // the filter decided
    BOOST_TEST(root.detections[1].branches[0].matched);
}

BOOST_AUTO_TEST_CASE(activity_types_keep_a_matching_selection_out) {
    load("title: t\nid: r1\nlogsource: {product: aws}\nactivity_types: [app-login]\ndetection:\n"
         "  sel:\n    eventName: ConsoleLogin\n  condition: sel\n");
    BOOST_TEST_REQUIRE(result.successful(), result.render_text());
    auto b = event();
    b.str("eventName", "ConsoleLogin").activity("app-activity");
    const RuleTrace t = set.trace(0, b.build(), registry);
    BOOST_TEST(t.condition_matched);
    BOOST_TEST(!t.activity_type_allowed);
    BOOST_TEST(!t.matched);
    BOOST_TEST(t.activity_types == (std::vector<std::string>{"app-login"}));
}

BOOST_AUTO_TEST_CASE(trace_agrees_with_match_on_random_rules) {
    constexpr unsigned k_seed = 161616;
    BOOST_TEST_MESSAGE("trace property seed " << k_seed);
    std::mt19937 rng(k_seed);
    RandomContent gen{rng};
    load(gen.rules(60), "random.yml");
    BOOST_TEST_REQUIRE(result.successful(), result.render_text().substr(0, 2000));
    std::size_t matched = 0;
    for (int round = 0; round < 400; ++round) {
        auto b = event();
        for (int i = 0, n = gen.pick(3); i < n; ++i) b.str("eventName", gen.any(gen.names));
        for (const char* f : {"eventSource", "userAgent", "errorCode"})
            if (gen.pick(3)) b.str(f, gen.any(gen.others));
        const Event& e = b.build();
        std::vector<std::uint32_t> hits;
        set.match(e, hits);
        for (std::uint32_t r = 0; r < set.size(); ++r) {
            const RuleTrace t = set.trace(r, e, registry);
            const bool hit = std::find(hits.begin(), hits.end(), r) != hits.end();
            BOOST_REQUIRE_MESSAGE(t.matched == hit, "seed " << k_seed << " round " << round << " rule " << r);
            BOOST_REQUIRE(t.matched == (t.activity_type_allowed && t.condition_matched));
            for (const auto& d : t.detections) {
                bool any = false;
                for (const auto& branch : d.branches) {
                    bool all = true;
                    for (const auto& item : branch.items) all = all && item.matched;
                    BOOST_REQUIRE_MESSAGE(branch.matched == all, "seed " << k_seed << " round " << round);
                    any = any || branch.matched;
                }
                BOOST_REQUIRE_MESSAGE(d.matched == any, "seed " << k_seed << " round " << round << " rule " << r);
            }
            matched += t.matched ? 1u : 0u;
        }
    }
    BOOST_TEST(matched > 100u); // the property must see matches, not only misses
}

BOOST_AUTO_TEST_SUITE_END()
