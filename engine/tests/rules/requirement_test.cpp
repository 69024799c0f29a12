// Rules that cannot match an event that lacks a field (rules/field_requirement.h):
// what each condition shape requires, which clause match() checks, and the
// property: on random rules and events (fields present, absent or JSON null;
// not, 1 of, all of, exists, |all, |neq, null, keywords) match with skipping
// == match_full_scan, memoized or not.

#include <random>

#include "random_rules.h"
#include "rules_fixture.h"

using namespace trailproof;
using namespace trailproof::rules;
using namespace trailproof::rules::test;

namespace {

using RequirementClauses = std::vector<std::vector<std::string>>;

// A requirement with field names for ids, as the tests write it.
RequirementClauses requirement_names(const std::vector<std::vector<FieldId>>& requirement, const FieldRegistry& registry) {
    RequirementClauses out;
    for (const auto& clause : requirement) {
        std::vector<std::string> names;
        for (const FieldId f : clause) names.emplace_back(registry.name(f));
        out.push_back(std::move(names));
    }
    return out;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(field_requirements, RulesFixture)

// One rule per shape: the requirement its condition implies (clauses in the
// order of size, then field id: the fields below are interned in the order written).
BOOST_AUTO_TEST_CASE(derived_for_each_condition_shape) {
    for (const char* f : {"a", "b", "c", "d"}) (void)registry.intern(f);
    const std::vector<std::tuple<std::string, std::string, RequirementClauses>> cases = {
        {"    sel:\n      a: x\n      b|contains: y\n", "sel", {{"a"}, {"b"}}},          // a map: AND
        {"    sel:\n      a: [x, y]\n", "sel", {{"a"}}},                                   // a list: OR of values
        {"    sel:\n      a|contains|all: [x, y]\n", "sel", {{"a"}}},                      // |all
        {"    sel:\n      a|exists: true\n", "sel", {{"a"}}},                               // presence
        {"    sel:\n      a|exists: false\n", "sel", {}},                                   // holds on absence
        {"    sel:\n      a: null\n", "sel", {}},                                           // absent or null
        {"    sel:\n      a|neq: x\n", "sel", {}},                                          // absent gives true
        {"    sel:\n      - x\n      - y\n", "sel", {}},                                    // keywords: Event::raw
        {"    sel:\n      a: x\n", "not sel", {}},                                          // not
        {"    s1:\n      a: x\n    s2:\n      b: y\n", "s1 or s2", {{"a", "b"}}},           // OR: one of
        {"    s1:\n      a: x\n    s2:\n      b: y\n", "1 of s*", {{"a", "b"}}},            // 1 of
        {"    s1:\n      a: x\n    s2:\n      b: y\n", "all of s*", {{"a"}, {"b"}}},        // all of
        {"    s1:\n      a: x\n    s2:\n      b: y\n", "s1 and not s2", {{"a"}}},           // and not
        {"    s1:\n      a: x\n    s2:\n      a: y\n", "s1 or s2", {{"a"}}},                // same field
        {"    s1:\n      a: x\n    s2:\n      b|exists: false\n", "s1 or s2", {}},          // a side with none
        {"    s1:\n      a: x\n    s2:\n      b: y\n    s3:\n      c: z\n", "(s1 or s2) and s3",
         {{"c"}, {"a", "b"}}},
        // a list of maps is an OR of ANDs: {c} or-ed with {c} stays, {a} with {b} gives {a, b}
        {"    sel:\n      - a: x\n        c: y\n      - b: x\n        c: z\n", "sel", {{"c"}, {"a", "b"}}},
        {"    s1:\n      a: x\n      d: w\n    s2:\n      b: y\n", "s1 or s2", {{"a", "b"}, {"b", "d"}}},
        {"    sel:\n      a|fieldref: b\n", "sel", {{"a"}}},
        {"    sel:\n      a|cidr: 10.0.0.0/8\n      b|re: '^x'\n", "sel", {{"a"}, {"b"}}},
    };
    for (const auto& [detection, condition, expected] : cases) {
        load(rule_with(detection, condition));
        BOOST_TEST_REQUIRE(result.successful(), result.render_text());
        BOOST_TEST(requirement_names(set.field_requirement(0), registry) == expected, condition << " / " << detection);
    }
}

// match() checks one clause per rule: the one with the fewest fields, then the
// fields the fewest rules of the set need; never an indexed rule's eventName
// (its index list implies it), but an unindexed rule's.
BOOST_AUTO_TEST_CASE(checked_clause_choice) {
    load(rule_with("    sel:\n      eventName: CreateUser\n", "sel", "r0") + "---\n" +
         rule_with("    sel:\n      eventName|startswith: Create\n", "sel", "r1") + "---\n" +
         rule_with("    sel:\n      eventSource: iam.amazonaws.com\n      userAgent|contains: x\n", "sel", "r2") +
         "---\n" + rule_with("    sel:\n      eventSource: s3.amazonaws.com\n", "sel", "r3") + "---\n" +
         rule_with("    s1:\n      a: x\n    s2:\n      b: y\n", "s1 or s2", "r4") + "---\n" +
         rule_with("    sel:\n      eventName: DeleteUser\n      errorCode: x\n", "sel", "r5") + "---\n" +
         rule_with("    sel:\n      eventName|neq: x\n", "sel", "r6"));
    BOOST_TEST_REQUIRE(result.successful(), result.render_text());
    BOOST_TEST(requirement_names(set.field_requirement(0), registry) == RequirementClauses{{"eventName"}});
    BOOST_TEST(requirement_names(set.required_fields(0), registry) == RequirementClauses{});
    BOOST_TEST(requirement_names(set.required_fields(1), registry) == RequirementClauses{{"eventName"}});
    BOOST_TEST(requirement_names(set.required_fields(2), registry) == RequirementClauses{{"userAgent"}}); // eventSource: two rules need it
    BOOST_TEST(requirement_names(set.required_fields(3), registry) == RequirementClauses{{"eventSource"}});
    BOOST_TEST(requirement_names(set.required_fields(4), registry) == (RequirementClauses{{"a", "b"}}));
    BOOST_TEST(requirement_names(set.required_fields(5), registry) == RequirementClauses{{"errorCode"}});
    BOOST_TEST(requirement_names(set.required_fields(6), registry) == RequirementClauses{});

    // Skipped exactly when the clause fails; a JSON null is a value for it.
    auto hit = [&](EventBuilder& b) { return hits(b.build()); };
    using ids = std::vector<std::string>;
    auto e1 = event();
    BOOST_TEST(hit(e1.str("eventName", "DeleteUser").str("errorCode", "x").str("a", "x")) == (ids{"r4", "r5", "r6"}));
    auto e2 = event();
    BOOST_TEST(hit(e2.str("eventName", "DeleteUser").null("errorCode").null("a").str("b", "y")) ==
               (ids{"r4", "r6"}));
    auto e3 = event(); // no field at all: only the rule that needs none
    BOOST_TEST(hit(e3) == ids{"r6"});
}

// `|exists: true` holds on a JSON null and its clause is met by one; a value
// test is not (the clause only lets it be evaluated).
BOOST_AUTO_TEST_CASE(null_values_count_as_present) {
    load(rule_with("    sel:\n      a|exists: true\n", "sel", "r0") + "---\n" +
         rule_with("    sel:\n      a: '*'\n", "sel", "r1"));
    BOOST_TEST_REQUIRE(result.successful(), result.render_text());
    auto e = event();
    BOOST_TEST(hits(e.null("a").build()) == std::vector<std::string>{"r0"});
}

// The property, on three random packs: for every event, the indexed match
// with skipping (plain and memoized) equals the full scan, and some candidates
// really are skipped.
BOOST_AUTO_TEST_CASE(skipping_equals_full_scan) {
    constexpr unsigned k_seed = 131313;
    BOOST_TEST_MESSAGE("field requirement seed " << k_seed);
    std::mt19937 rng(k_seed);
    RandomContent gen{rng};
    gen.absent_shapes = true;
    constexpr int k_rules = 150;
    load(gen.rules(k_rules), "random.yml");
    BOOST_TEST_REQUIRE(result.successful(), result.render_text().substr(0, 2000));
    BOOST_TEST_REQUIRE(set.size() == static_cast<std::size_t>(k_rules));
    std::size_t checked_rules = 0, several_fields = 0;
    for (std::uint32_t r = 0; r < set.size(); ++r) {
        const auto clauses = set.required_fields(r);
        checked_rules += clauses.empty() ? 0u : 1u;
        several_fields += !clauses.empty() && clauses.front().size() > 1 ? 1u : 0u;
    }
    BOOST_TEST_MESSAGE("rules with a checked clause: " << checked_rules << " (several fields: " << several_fields
                                                       << ") of " << k_rules);
    BOOST_TEST(checked_rules > 30u);
    BOOST_TEST(several_fields > 3u);

    const std::vector<std::string> fields = {"eventName", "eventSource", "userAgent", "errorCode"};
    std::size_t total_hits = 0, skipped = 0;
    for (int round = 0; round < 3000; ++round) {
        auto b = event();
        std::string raw;
        for (const auto& f : fields) {
            const int shape = gen.pick(6); // 0, 1: absent; 2: null; 3-5: one or two values
            if (shape == 2) b.null(f);
            for (int i = 0; shape >= 3 && i < (shape == 5 ? 2 : 1); ++i) {
                std::string v = f == "eventName" ? gen.any(gen.names) : gen.any(gen.others);
                if (gen.pick(3) == 0) v += "x";
                raw += v + " ";
                b.str(f, v);
            }
        }
        Event& e = b.raw(raw).build();
        std::vector<std::uint32_t> full, plain, memoized, candidates;
        set.match_full_scan(e, full);
        set.match(e, plain);
        set.match(e, memo, memoized);
        BOOST_REQUIRE_MESSAGE(plain == full, "seed " << k_seed << " round " << round);
        BOOST_REQUIRE_MESSAGE(memoized == full, "seed " << k_seed << " round " << round);
        set.candidates(e, candidates);
        for (const std::uint32_t r : candidates)
            for (const auto& clause : set.required_fields(r)) {
                bool any = false;
                for (const FieldId f : clause) any = any || e.present(f);
                if (!any) {
                    ++skipped;
                    BOOST_REQUIRE_MESSAGE(!std::binary_search(full.begin(), full.end(), r),
                                          "seed " << k_seed << " round " << round << ": rule " << r << " skipped");
                }
            }
        total_hits += full.size();
    }
    BOOST_TEST_MESSAGE("hits: " << total_hits << ", candidates skipped: " << skipped);
    BOOST_TEST(total_hits > 500u);
    BOOST_TEST(skipped > 1000u);
}

BOOST_AUTO_TEST_SUITE_END()
