// Rules as a shared predicate set (rules/predicate_set.h): identical items,
// detections and activity gates share one predicate, anything match() could tell
// apart does not, and the memoized match equals the plain one on random rules.

#include <random>

#include "random_rules.h"
#include "core/ascii.h"
#include "rules/literal_set.h"
#include "rules/predicate_set.h"
#include "rules_fixture.h"

using namespace trailproof;
using namespace trailproof::rules;
using namespace trailproof::rules::test;

BOOST_FIXTURE_TEST_SUITE(predicates, RulesFixture)

namespace {
std::string one_rule(int i, std::string_view detection, std::string_view extra = "") {
    return "title: t\nid: r" + std::to_string(i) + "\n" + std::string(extra) +
           "logsource: {product: aws}\ndetection:\n  sel:\n" + std::string(detection) + "  condition: sel\n";
}
} // namespace

BOOST_AUTO_TEST_CASE(memo_remembers_one_event) {
    PredicateMemo m;
    m.begin(3);
    BOOST_TEST(m.capacity() == 3u);
    BOOST_TEST(m.get(0) == -1);
    m.set(0, true);
    m.set(2, false);
    BOOST_TEST(m.get(0) == 1);
    BOOST_TEST(m.get(1) == -1);
    BOOST_TEST(m.get(2) == 0);
    m.begin(2); // the next event forgets everything, and a smaller set keeps the room
    BOOST_TEST(m.capacity() == 3u);
    BOOST_TEST(m.get(0) == -1);
    BOOST_TEST(m.get(2) == -1);
}

// `eventType: AwsApiCall` written by several rules is one predicate; the lowered
// needle makes `awsapicall` the same one; `|cased` is another.
BOOST_AUTO_TEST_CASE(identical_items_share_one_predicate) {
    load(one_rule(0, "    eventName: CreateUser\n    eventType: AwsApiCall\n") + "---\n" +
         one_rule(1, "    eventName: DeleteUser\n    eventType: awsapicall\n") + "---\n" +
         one_rule(2, "    eventName: CreateUser\n    eventType|cased: AwsApiCall\n") + "---\n" +
         one_rule(3, "    eventName: CreateUser\n    eventType: AwsApiCall\n"));
    BOOST_TEST_REQUIRE(result.successful(), result.render_text());
    // items: CreateUser, AwsApiCall, DeleteUser, cased AwsApiCall; detections: r0 (= r3), r1, r2
    BOOST_TEST(set.predicate_count() == 7u);
    auto e = event();
    e.str("eventName", "createuser").str("eventType", "AwsApiCall");
    BOOST_TEST(hits(e.build()) == (std::vector<std::string>{"r0", "r2", "r3"}));
    auto lower = event();
    lower.str("eventName", "CreateUser").str("eventType", "awsapicall");
    BOOST_TEST(hits(lower.build()) == (std::vector<std::string>{"r0", "r3"}));
}

BOOST_AUTO_TEST_CASE(activity_gates_are_shared) {
    load(one_rule(0, "    eventName: A\n", "activity_types: [iam-policy-change, login]\n") + "---\n" +
         one_rule(1, "    eventName: B\n", "activity_types: [iam-policy-change, login]\n") + "---\n" +
         one_rule(2, "    eventName: A\n", "activity_types: [login]\n"));
    BOOST_TEST_REQUIRE(result.successful(), result.render_text());
    BOOST_TEST(set.predicate_count() == 6u); // items A, B; detections A, B; gates 2
    auto policy = event();
    BOOST_TEST(hits(policy.str("eventName", "A").activity("iam-policy-change").build()) ==
               (std::vector<std::string>{"r0"}));
    auto login = event();
    BOOST_TEST(hits(login.str("eventName", "A").activity("Login").build()) == (std::vector<std::string>{"r0", "r2"}));
}

// Every pair below differs in something match() reads: no two may share.
BOOST_AUTO_TEST_CASE(items_that_can_differ_never_share) {
    const std::vector<std::string> items = {
        "    f: x\n",
        "    f|cased: x\n",
        "    f|contains: x\n",
        "    f|startswith: x\n",
        "    f|endswith: x\n",
        "    f|neq: x\n",
        "    f|re: x\n",
        "    f|re|i: x\n",
        "    f|re: x|y\n",
        "    g: x\n",
        "    f: [x, y]\n",
        "    f: [y, x]\n",
        "    f|contains|all: [x, y]\n",
        "    f|contains: [x, y]\n",
        "    f|every: [x, y]\n",
        "    f: 5\n",
        "    f: '5'\n",
        "    f|gt: 5\n",
        "    f|gte: 5\n",
        "    f|hour: 5\n",
        "    f: true\n",
        "    f: false\n",
        "    f|cidr: 10.0.0.0/8\n",
        "    f|cidr: 10.0.0.0/16\n",
        "    f|cidr: 11.0.0.0/8\n",
        "    f|exists: true\n",
        "    f|exists: false\n",
        "    f: null\n",
        "    f|fieldref: g\n",
        "    f|fieldref: h\n",
        "    f|fieldref|contains: g\n",
        "    f: x*y\n",
        "    f: x?y\n",
        "    f: 'x\\*y'\n",
        "    f|windash: -x\n",
        "    f|base64: x\n",
        "    f|base64offset|contains: x\n",
    };
    std::string text;
    for (std::size_t i = 0; i < items.size(); ++i)
        text += (i ? "---\n" : "") + one_rule(static_cast<int>(i), items[i]);
    load(text);
    BOOST_TEST_REQUIRE(result.successful(), result.render_text());
    BOOST_TEST_REQUIRE(set.size() == items.size());
    BOOST_TEST(set.predicate_count() == 2 * items.size()); // one item and one detection each
}

// Rules with the same activity gate and condition (over shared detections)
// are one condition group, evaluated once per event for all of them; another
// gate, another condition shape or another detection is another group.
BOOST_AUTO_TEST_CASE(rules_with_one_condition_share_a_group) {
    const std::string sel = "    eventName: CreateUser\n";
    load(one_rule(0, sel) + "---\n" + one_rule(1, sel) + "---\n" +
         one_rule(2, sel, "activity_types: [account-creation]\n") + "---\n" +
         one_rule(3, sel, "activity_types: [Account-Creation]\n") + "---\n" +
         one_rule(4, "    eventName: DeleteUser\n") + "---\n" +
         "title: t\nid: r5\nlogsource: {product: aws}\ndetection:\n  sel:\n" + sel +
         "  other:\n    eventName: CreateUser\n  condition: sel and not other\n");
    BOOST_TEST_REQUIRE(result.successful(), result.render_text());
    BOOST_TEST(set.group_count() == 4u); // {r0, r1}, {r2, r3} (types are lowered), {r4}, {r5}
    BOOST_TEST(set.memo_size() == set.predicate_count() + 4u);
    auto b = event();
    const Event& e = b.name("CreateUser").activity("account-creation").build();
    BOOST_TEST(hits(e) == (std::vector<std::string>{"r0", "r1", "r2", "r3"}));
    auto b2 = event();
    BOOST_TEST(hits(b2.name("createuser").activity("app-activity").build()) ==
               (std::vector<std::string>{"r0", "r1"}));
}

// A condition group's result, once its first rule evaluated it, is read
// before the next rule's field requirement (a true result implies it): a
// false result keeps the others out, a true one lets them in, and a rule
// whose requirement failed leaves no result, so the next tests it again.
BOOST_AUTO_TEST_CASE(group_results_are_read_before_the_requirement) {
    const std::string sel = "    eventName: CreateUser\n    userName: alice\n";
    load(one_rule(0, sel) + "---\n" + one_rule(1, sel) + "---\n" + one_rule(2, sel));
    BOOST_TEST_REQUIRE(result.successful(), result.render_text());
    BOOST_TEST(set.group_count() == 1u);
    using Ids = std::vector<std::string>;
    auto yes = event();
    BOOST_TEST(hits(yes.name("CreateUser").str("userName", "Alice").build()) == (Ids{"r0", "r1", "r2"}));
    auto no = event();
    BOOST_TEST(hits(no.name("CreateUser").str("userName", "bob").build()).empty());
    auto absent = event();
    BOOST_TEST(hits(absent.name("CreateUser").build()).empty());
}

// The memoized match walks the plan of the event's activity type
// (RuleSetData::activity_plans): the rules whose gate allows that type (folded,
// as CompiledRule::activity_allowed compares), and the ungated ones; a type no
// gate names gets the ungated rules only. Shapes CompiledRule::match evaluates
// (r5) and eventName lists merged with the always list (r4) are split alike.
BOOST_AUTO_TEST_CASE(activity_plans_hold_the_rules_whose_gate_allows_the_type) {
    const std::string any = "    eventType: AwsApiCall\n";
    load(one_rule(0, any) + "---\n" + one_rule(1, any, "activity_types: [account-creation]\n") + "---\n" +
         one_rule(2, any, "activity_types: [app-activity, account-creation]\n") + "---\n" +
         one_rule(3, any, "activity_types: [App-Activity]\n") + "---\n" +
         one_rule(4, "    eventName: CreateUser\n", "activity_types: [app-activity]\n") + "---\n" +
         "title: t\nid: r5\nactivity_types: [app-activity]\nlogsource: {product: aws}\ndetection:\n  sel:\n" + any +
         "  other:\n    eventName: DeleteUser\n  condition: sel and not other\n");
    BOOST_TEST_REQUIRE(result.successful(), result.render_text());
    const auto of = [&](std::string_view type, std::string_view name) {
        auto b = event();
        b.str("eventType", "AwsApiCall").name(std::string(name));
        if (!type.empty()) b.activity(std::string(type));
        return hits(b.build());
    };
    using Ids = std::vector<std::string>;
    BOOST_TEST(of("app-activity", "CreateUser") == (Ids{"r0", "r2", "r3", "r4", "r5"}));
    BOOST_TEST(of("app-activity", "ListUsers") == (Ids{"r0", "r2", "r3", "r5"}));
    BOOST_TEST(of("ACCOUNT-Creation", "CreateUser") == (Ids{"r0", "r1", "r2"}));
    BOOST_TEST(of("app-activity-failed", "CreateUser") == (Ids{"r0"}));
    BOOST_TEST(of("", "ListUsers") == (Ids{"r0"}));
}

// Past RuleSetData::k_max_activity_names distinct gate names the plans are
// not split: match() walks every candidate and tests each gate itself.
BOOST_AUTO_TEST_CASE(many_activity_names_keep_the_gates_in_the_plans) {
    std::string text;
    for (int i = 0; i < 20; ++i)
        text += (i ? "---\n" : "") +
                one_rule(i, "    eventType: AwsApiCall\n", "activity_types: [type-" + std::to_string(i) + "]\n");
    text += "---\n" + one_rule(20, "    eventType: AwsApiCall\n");
    load(text);
    BOOST_TEST_REQUIRE(result.successful(), result.render_text());
    for (int i = 0; i < 20; i += 7) {
        auto b = event();
        b.str("eventType", "AwsApiCall").activity("Type-" + std::to_string(i));
        BOOST_TEST(hits(b.build()) == (std::vector<std::string>{"r" + std::to_string(i), "r20"}));
    }
    auto b = event();
    b.str("eventType", "AwsApiCall").activity("type-20");
    BOOST_TEST(hits(b.build()) == (std::vector<std::string>{"r20"}));
}

// The property: on random rules and events, the shared-predicate match (one memo
// reused across events and across two sets, as a worker matches pack after pack)
// gives exactly the plain match's hits.
BOOST_AUTO_TEST_CASE(memoized_match_equals_plain_match) {
    constexpr unsigned k_seed = 131313;
    BOOST_TEST_MESSAGE("predicate property seed " << k_seed);
    std::mt19937 rng(k_seed);
    RandomContent gen{rng};
    load(gen.rules(60), "a.yml");
    BOOST_TEST_REQUIRE(result.successful(), result.render_text().substr(0, 2000));
    RuleSet first = std::move(set);
    load(gen.rules(90), "b.yml");
    BOOST_TEST_REQUIRE(result.successful(), result.render_text().substr(0, 2000));
    BOOST_TEST_MESSAGE("predicates: " << first.predicate_count() << " and " << set.predicate_count());

    PredicateMemo shared;
    std::size_t total_hits = 0;
    for (int round = 0; round < 3000; ++round) {
        auto b = event();
        for (int i = 0, n = gen.pick(3); i < n; ++i) b.str("eventName", gen.value_for("eventName"));
        for (const char* f : {"eventSource", "userAgent", "errorCode"})
            if (gen.pick(3)) b.str(f, gen.value_for(f));
        if (gen.pick(10) == 0) b.null("errorCode");
        const Event& e = b.build();
        for (const RuleSet* s : {&first, &set}) {
            std::vector<std::uint32_t> plain, memoized;
            s->match(e, plain);
            s->match(e, shared, memoized);
            BOOST_REQUIRE_MESSAGE(plain == memoized, "seed " << k_seed << " round " << round);
            total_hits += plain.size();
        }
    }
    BOOST_TEST_MESSAGE("hits: " << total_hits);
    BOOST_TEST(total_hits > 100u);
}

// The property across packs, as detect runs them on one event: several random
// packs (some rules gated by activity types) matched in turn with one memo,
// and between two packs the event changes as a pack's derived fields change it
// (another field added or replaced) or, after the eventName ids were resolved,
// its eventName itself (a value added or replaced). Each pack's memoized and
// plain match equal its full scan at every step.
BOOST_AUTO_TEST_CASE(packs_in_turn_equal_full_scan_as_the_event_changes) {
    constexpr unsigned k_seed = 271828;
    BOOST_TEST_MESSAGE("multi-pack property seed " << k_seed);
    std::mt19937 rng(k_seed);
    RandomContent gen{rng};
    gen.activity = true;
    std::vector<RuleSet> packs;
    for (int p = 0; p < 3; ++p) {
        // Some rules twice (another id), with the same activity gate (one
        // condition group serves both), none or another one (another group).
        std::string text;
        const std::string logsource = "logsource: {product: aws}\n";
        for (int i = 0; i < 40 + 20 * p; ++i) {
            const std::string rule = gen.rule(i);
            text += (i ? "---\n" : "") + rule;
            if (gen.pick(3) != 0) continue;
            const std::size_t head = rule.find(logsource) + logsource.size(), det = rule.find("detection:\n");
            const int g = gen.pick(3);
            const std::string gate = g == 0   ? rule.substr(head, det - head)
                                     : g == 1 ? std::string()
                                              : "activity_types: [" + gen.any(gen.activity_types) + "]\n";
            text += "---\ntitle: r\nid: copy" + std::to_string(i) + "\n" + logsource + gate + rule.substr(det);
        }
        load(text, "p" + std::to_string(p) + ".yml");
        BOOST_TEST_REQUIRE(result.successful(), result.render_text().substr(0, 2000));
        BOOST_TEST(set.group_count() < set.size());
        BOOST_TEST(set.memo_size() == set.predicate_count() + set.group_count());
        packs.push_back(std::move(set));
    }
    const FieldId name = registry.find("eventName");
    const std::vector<std::string> fields = {"eventSource", "userAgent", "errorCode"};
    std::vector<FieldId> ids;
    for (const auto& f : fields) ids.push_back(registry.intern(f));
    std::vector<std::string> texts; // the derived values' text, alive for the round
    texts.reserve(16);
    PredicateMemo shared;
    std::size_t total_hits = 0, name_changes = 0;
    for (int round = 0; round < 2000; ++round) {
        auto b = event();
        for (int i = 0, n = gen.pick(3); i < n; ++i) b.str("eventName", gen.value_for("eventName"));
        for (const auto& f : fields)
            if (gen.pick(3)) b.str(f, gen.value_for(f));
        if (gen.pick(4)) b.activity(gen.any(gen.activity_types));
        Event& e = b.build();
        texts.clear();
        for (std::size_t p = 0; p < packs.size(); ++p) {
            if (p > 0) { // what the previous pack's derived fields (or a rename) do to the event
                const int change = gen.pick(6);
                const std::size_t f = static_cast<std::size_t>(gen.pick(static_cast<int>(fields.size())));
                texts.push_back(change < 4 ? gen.value_for(fields[f]) : gen.value_for("eventName"));
                const Value v{ValueKind::String, texts.back(), 0, -1};
                if (change < 2) e.add(ids[f], v);
                else if (change < 4) e.replace(ids[f], v);
                else if (change == 4) e.add(name, v);
                else e.replace(name, v);
                name_changes += change >= 4 ? 1u : 0u;
            }
            std::vector<std::uint32_t> full, plain, memoized;
            packs[p].match_full_scan(e, full);
            packs[p].match(e, shared, memoized);
            packs[p].match(e, plain);
            BOOST_REQUIRE_MESSAGE(memoized == full, "seed " << k_seed << " round " << round << " pack " << p);
            BOOST_REQUIRE_MESSAGE(plain == full, "seed " << k_seed << " round " << round << " pack " << p);
            total_hits += full.size();
        }
    }
    BOOST_TEST_MESSAGE("hits: " << total_hits << ", eventName changes between packs: " << name_changes);
    BOOST_TEST(total_hits > 500u);
    BOOST_TEST(name_changes > 300u);
}

// ------------------------------------------------------------------ multi-literal search

BOOST_AUTO_TEST_CASE(literal_set_finds_any_needle) {
    const LiteralSet folded({"pacu", "scoutsuite", "aws-nuke", "nuke-it"}, false);
    BOOST_TEST(folded.find_any("Pacu/1.0"));
    BOOST_TEST(folded.find_any("x AWS-NUKE y"));
    BOOST_TEST(folded.find_any("nuke-it"));
    BOOST_TEST(folded.find_any("aws-nuke-it")); // overlapping needles
    BOOST_TEST(!folded.find_any("aws-nuk"));
    BOOST_TEST(!folded.find_any(""));
    BOOST_TEST(!folded.find_any("p-a-c-u"));
    const LiteralSet cased({"Pacu", "ScoutSuite"}, true);
    BOOST_TEST(cased.find_any("a Pacu b"));
    BOOST_TEST(!cased.find_any("a pacu b"));
    BOOST_TEST(!cased.find_any("SCOUTSUITE"));
    BOOST_TEST(LiteralSet({"", "x"}, false).find_any("")); // '' occurs in every text
}

// The property: on random needles and texts over a small alphabet (so needles
// overlap, share prefixes and suffixes, and occur often), find_any equals
// "some find_folded(text, needle) succeeds", folded and cased.
BOOST_AUTO_TEST_CASE(literal_set_equals_one_search_per_needle) {
    constexpr unsigned k_seed = 777;
    BOOST_TEST_MESSAGE("literal set seed " << k_seed);
    std::mt19937 rng(k_seed);
    const std::string alphabet = "abAB-/\\\xe9";
    auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
    auto text = [&](int max) {
        std::string t;
        for (int i = 0, n = pick(max + 1); i < n; ++i)
            t += alphabet[static_cast<std::size_t>(pick(static_cast<int>(alphabet.size())))];
        return t;
    };
    std::size_t found = 0;
    for (int round = 0; round < 2000; ++round) {
        const bool cased = pick(2) == 0;
        std::vector<std::string> needles;
        for (int i = 0, n = 1 + pick(6); i < n; ++i) {
            std::string needle = text(5);
            if (needle.empty()) needle = "a";
            needles.push_back(cased ? needle : ascii_lowered(needle));
        }
        const LiteralSet literals(needles, cased);
        for (int t = 0; t < 20; ++t) {
            const std::string hay = text(24);
            bool expected = false;
            for (const auto& n : needles) expected = expected || find_folded(hay, n, cased) != std::string_view::npos;
            BOOST_REQUIRE_MESSAGE(literals.find_any(hay) == expected,
                                  "seed " << k_seed << " round " << round << ": '" << hay << "'");
            found += expected ? 1u : 0u;
        }
    }
    BOOST_TEST_MESSAGE("texts with a needle: " << found << " of 40000");
    BOOST_TEST(found > 10000u);
    BOOST_TEST(found < 38000u); // both answers are exercised
}

// An item's contains list is one search; the other alternatives (startswith,
// a regex, a |cased needle alone) still count; |all is never merged.
BOOST_AUTO_TEST_CASE(merged_contains_items_match_as_written) {
    load(one_rule(0, "    userAgent|contains: [pacu, Pacu, ScoutSuite, prowler]\n") + "---\n" +
         one_rule(1, "    userAgent|contains|all: [pacu, suite]\n") + "---\n" +
         one_rule(2, "    userAgent|contains|cased: [Boto3, Botocore]\n") + "---\n" +
         one_rule(3, "    userAgent|contains:\n      - aws-cli\n      - terraform\n    userAgent|startswith: x\n") +
         "---\n" + one_rule(4, "    userAgent:\n      - '*aws-cli*'\n      - '*terraform*'\n      - 'x*'\n      - '?y'\n"));
    BOOST_TEST_REQUIRE(result.successful(), result.render_text());
    auto ua = [&](std::string_view text) {
        auto b = event();
        return hits(b.str("userAgent", text).build());
    };
    using ids = std::vector<std::string>;
    BOOST_TEST(ua("PACU/1.0") == ids{"r0"});
    BOOST_TEST(ua("pacu scoutsuite") == (ids{"r0", "r1"}));
    BOOST_TEST(ua("my suite") == ids{});
    BOOST_TEST(ua("Botocore/1") == ids{"r2"});
    BOOST_TEST(ua("botocore/1") == ids{});
    BOOST_TEST(ua("xaws-cli") == (ids{"r3", "r4"}));
    BOOST_TEST(ua("aws-cli") == ids{"r4"});
    BOOST_TEST(ua("zy") == ids{"r4"});
    BOOST_TEST(ua("x") == ids{"r4"});
    auto two = event(); // one value of a multi-valued field is enough
    BOOST_TEST(hits(two.str("userAgent", "none").str("userAgent", "TERRAFORM").build()) == ids{"r4"});
}

// What bench/literals.cpp measures matchers on: each item's plain `contains`
// literals per case mode (lowered unless cased); |all, |neq, globs, startswith
// and exact values are not multi-literal searches.
BOOST_AUTO_TEST_CASE(contains_literals_per_item_and_case) {
    load(one_rule(0, "    userAgent|contains: [Pacu, ScoutSuite]\n    userAgent|contains|cased: Boto3\n") + "---\n" +
         one_rule(1, "    userAgent|contains|all: [pacu, suite]\n") + "---\n" +
         one_rule(2, "    userAgent:\n      - '*aws-cli*'\n      - 'x*'\n      - exact\n") + "---\n" +
         one_rule(3, "    errorCode|contains|neq: Denied\n    eventName|startswith: Get\n"));
    BOOST_TEST_REQUIRE(result.successful(), result.render_text());
    const auto lists = set.contains_literals();
    BOOST_TEST_REQUIRE(lists.size() == 3u);
    const FieldId ua = registry.find("userAgent");
    BOOST_TEST(lists[0].field == ua);
    BOOST_TEST(!lists[0].cased);
    BOOST_TEST(lists[0].literals == (std::vector<std::string>{"pacu", "scoutsuite"}));
    BOOST_TEST(lists[1].field == ua);
    BOOST_TEST(lists[1].cased);
    BOOST_TEST(lists[1].literals == std::vector<std::string>{"Boto3"});
    BOOST_TEST(lists[2].field == ua);
    BOOST_TEST(!lists[2].cased);
    BOOST_TEST(lists[2].literals == std::vector<std::string>{"aws-cli"});
}

BOOST_AUTO_TEST_SUITE_END()
