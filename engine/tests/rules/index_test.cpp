// The eventName index: what it derives from conditions, case-insensitive lookup,
// and the differential property (rsigma engine/diff_tests.rs): on random rules and
// events, index candidates include every full-scan hit and both give the same hits.

#include <algorithm>
#include <random>

#include "random_rules.h"
#include "rules_fixture.h"

using namespace trailproof;
using namespace trailproof::rules;
using namespace trailproof::rules::test;

BOOST_FIXTURE_TEST_SUITE(rule_index, RulesFixture)

namespace {
std::vector<IndexPair> pairs(std::initializer_list<std::pair<const char*, const char*>> list) {
    std::vector<IndexPair> out;
    for (auto [s, n] : list) out.push_back({s, n});
    return out;
}
} // namespace

BOOST_AUTO_TEST_CASE(source_and_name_pairs) {
    rule("    sel:\n      eventSource: cloudtrail.amazonaws.com\n      eventName: [StopLogging, DeleteTrail]\n");
    BOOST_TEST(!set.unindexed(0));
    BOOST_TEST(set.index_pairs(0) ==
               pairs({{"cloudtrail.amazonaws.com", "StopLogging"}, {"cloudtrail.amazonaws.com", "DeleteTrail"}}));
}

BOOST_AUTO_TEST_CASE(or_unions_and_and_keeps_a_necessary_set) {
    rule("    a:\n      eventName: CreateUser\n    b:\n      eventName: [DeleteUser, CreateUser]\n"
         "    filter:\n      userAgent|contains: terraform\n",
         "(a or b) and not filter");
    BOOST_TEST(set.index_pairs(0) == pairs({{"", "CreateUser"}, {"", "DeleteUser"}}));
    rule("    a:\n      eventName: [CreateUser, DeleteUser, UpdateUser]\n    b:\n      eventName: GetUser\n",
         "a and b");
    BOOST_TEST(set.index_pairs(0) == pairs({{"", "GetUser"}})); // the smaller set suffices
}

BOOST_AUTO_TEST_CASE(list_of_maps_is_indexed_when_every_map_names_an_event) {
    rule("    sel:\n      - eventName: A\n        eventSource: s1\n      - eventName: B\n");
    BOOST_TEST(set.index_pairs(0) == pairs({{"s1", "A"}, {"", "B"}}));
    rule("    sel:\n      - eventName: A\n      - userAgent: B\n");
    BOOST_TEST(set.unindexed(0));
}

BOOST_AUTO_TEST_CASE(cased_exact_is_indexed) {
    rule("    sel:\n      eventName|cased: StopLogging\n");
    BOOST_TEST(!set.unindexed(0));
    auto e = event();
    BOOST_TEST(!fires(e.str("eventName", "stoplogging").build()));
    auto e2 = event();
    BOOST_TEST(fires(e2.str("eventName", "StopLogging").build()));
}

// Anything but a plain positive literal sends the rule to the always list; the
// rule.unindexed warning appears only when eventName is not tested at all.
BOOST_AUTO_TEST_CASE(unindexed_forms) {
    const std::vector<std::pair<std::string, std::string>> forms = {
        {"    sel:\n      eventName|contains: Get\n", "sel"},
        {"    sel:\n      eventName: 'Get*'\n", "sel"},
        {"    sel:\n      eventName|neq: GetObject\n", "sel"},
        {"    sel:\n      eventName|re: '^Get'\n", "sel"},
        {"    sel:\n      eventName: GetObject\n", "not sel"},
        {"    sel:\n      eventName: GetObject\n    other:\n      a: b\n", "sel or other"},
        {"    sel:\n      eventName: GetObject\n    other:\n      a: b\n", "1 of them"},
    };
    for (const auto& [detection, condition] : forms) {
        load(rule_with(detection, condition));
        BOOST_TEST_REQUIRE(result.successful(), result.render_text());
        BOOST_TEST(set.unindexed(0), condition << " / " << detection);
        BOOST_TEST(set.index_pairs(0).empty());
        BOOST_TEST(!result.has_warnings(), detection);
    }
    load(rule_with("    sel:\n      eventSource: iam.amazonaws.com\n"));
    BOOST_TEST(set.unindexed(0));
    BOOST_TEST(warning_codes() == std::vector<std::string>{"rule.unindexed"});
}

BOOST_AUTO_TEST_CASE(lookup_lowers_the_event_name) {
    rule("    sel:\n      eventName: StopLogging\n");
    auto e = event();
    e.str("eventName", "STOPLOGGING");
    std::vector<std::uint32_t> candidates;
    set.candidates(e.build(), candidates);
    BOOST_TEST(candidates == std::vector<std::uint32_t>{0});
    auto other = event();
    other.str("eventName", "StartLogging");
    set.candidates(other.build(), candidates);
    BOOST_TEST(candidates.empty());
}

// A field may hold several values: "a and b" with different names can still match,
// so the index must not intersect the two sets.
BOOST_AUTO_TEST_CASE(multi_valued_event_name_is_not_missed) {
    rule("    a:\n      eventName: A\n    b:\n      eventName: B\n", "a and b");
    auto e = event();
    BOOST_TEST(fires(e.str("eventName", "b").str("eventName", "a").build()));
}

BOOST_AUTO_TEST_CASE(hits_come_in_rule_order_from_both_lists) {
    load(rule_with("    sel:\n      userAgent|contains: cli\n", "sel", "r0") + "---\n" +
         rule_with("    sel:\n      eventName: GetObject\n", "sel", "r1") + "---\n" +
         rule_with("    sel:\n      sourceIPAddress|cidr: 10.0.0.0/8\n", "sel", "r2") + "---\n" +
         rule_with("    sel:\n      eventName: [PutObject, GetObject]\n", "sel", "r3"));
    BOOST_TEST_REQUIRE(result.successful());
    auto e = event();
    e.str("eventName", "GetObject").str("userAgent", "aws-cli/2").str("sourceIPAddress", "10.1.1.1");
    BOOST_TEST(hits(e.build()) == (std::vector<std::string>{"r0", "r1", "r2", "r3"}));
}

// ------------------------------------------------------------------ differential property

BOOST_AUTO_TEST_CASE(index_candidates_cover_full_scan_hits) {
    constexpr unsigned k_seed = 424242;
    BOOST_TEST_MESSAGE("index differential seed " << k_seed);
    std::mt19937 rng(k_seed);
    RandomContent gen{rng};
    constexpr int k_rules = 120;
    load(gen.rules(k_rules), "random.yml");
    BOOST_TEST_REQUIRE(result.successful(), result.render_text().substr(0, 2000));
    BOOST_TEST_REQUIRE(set.size() == static_cast<std::size_t>(k_rules));
    std::size_t indexed = 0;
    for (std::uint32_t r = 0; r < set.size(); ++r) indexed += set.unindexed(r) ? 0u : 1u;
    BOOST_TEST_MESSAGE("indexed rules: " << indexed << " of " << k_rules);
    BOOST_TEST(indexed > 40u); // the property must exercise the index, not only the always list

    std::size_t total_hits = 0;
    for (int round = 0; round < 3000; ++round) {
        auto b = event();
        const int values = gen.pick(3); // 0, 1 or 2 eventName values
        for (int i = 0; i < values; ++i) {
            std::string n = gen.any(gen.names);
            if (gen.pick(3) == 0)
                for (char& c : n) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            b.str("eventName", n);
        }
        for (const char* f : {"eventSource", "userAgent", "errorCode"})
            if (gen.pick(3)) b.str(f, gen.any(gen.others));
        if (gen.pick(10) == 0) b.null("errorCode");
        const Event& e = b.build();
        std::vector<std::uint32_t> indexed_hits, full_hits, candidates;
        set.match(e, indexed_hits);
        set.match_full_scan(e, full_hits);
        set.candidates(e, candidates);
        BOOST_REQUIRE_MESSAGE(indexed_hits == full_hits, "seed " << k_seed << " round " << round);
        for (auto h : full_hits)
            BOOST_REQUIRE_MESSAGE(std::binary_search(candidates.begin(), candidates.end(), h),
                                  "seed " << k_seed << " round " << round << ": rule " << h << " missed");
        BOOST_REQUIRE(std::is_sorted(candidates.begin(), candidates.end()));
        BOOST_REQUIRE(std::adjacent_find(candidates.begin(), candidates.end()) == candidates.end());
        total_hits += full_hits.size();
    }
    BOOST_TEST_MESSAGE("hits: " << total_hits);
    BOOST_TEST(total_hits > 100u);
}

// An event whose eventName values have one list between them (or none) is
// matched by walking that list's plan (RuleIndex::candidate_list), the others by
// merging lists: plain and memoized matching both ways give the full scan's
// hits. Up to three eventName values, so the merge (two or three lists) and the
// single list (one value, or several with the same list) are both taken.
BOOST_AUTO_TEST_CASE(one_list_plans_give_the_full_scan_hits) {
    constexpr unsigned k_seed = 515151;
    BOOST_TEST_MESSAGE("plan differential seed " << k_seed);
    std::mt19937 rng(k_seed);
    RandomContent gen{rng};
    load(gen.rules(120), "random.yml");
    BOOST_TEST_REQUIRE(result.successful(), result.render_text().substr(0, 2000));
    std::size_t total_hits = 0, several = 0;
    for (int round = 0; round < 3000; ++round) {
        auto b = event();
        const int values = gen.pick(4); // 0 to 3 eventName values
        std::vector<std::string> names;
        for (int i = 0; i < values; ++i) {
            std::string n = gen.any(gen.names);
            names.push_back(n);
            if (gen.pick(3) == 0)
                for (char& c : n) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            b.str("eventName", n);
        }
        std::sort(names.begin(), names.end());
        several += std::unique(names.begin(), names.end()) - names.begin() > 1 ? 1u : 0u;
        for (const char* f : {"eventSource", "userAgent", "errorCode"})
            if (gen.pick(3)) b.str(f, gen.any(gen.others));
        if (gen.pick(10) == 0) b.null("errorCode");
        const Event& e = b.build();
        std::vector<std::uint32_t> plain, memoized, full;
        set.match(e, plain);
        set.match(e, memo, memoized);
        set.match_full_scan(e, full);
        BOOST_REQUIRE_MESSAGE(plain == full, "seed " << k_seed << " round " << round << ": plain");
        BOOST_REQUIRE_MESSAGE(memoized == full, "seed " << k_seed << " round " << round << ": memoized");
        total_hits += full.size();
    }
    BOOST_TEST_MESSAGE("hits: " << total_hits << ", events with several names: " << several);
    BOOST_TEST(total_hits > 100u);
    BOOST_TEST(several > 500u);
}

// ------------------------------------------------------------------ shared eventName ids

// Packs compiled with one registry key their indexes on one table of lowered
// names: the first memoized match of an event resolves its eventName values
// into Event::rules_memo(), every later pack reads them.
BOOST_AUTO_TEST_CASE(event_names_resolve_once_for_every_pack) {
    load(rule_with("    sel:\n      eventName: CreateUser\n", "sel", "a0"), "a.yml");
    BOOST_TEST_REQUIRE(result.successful(), result.render_text());
    RuleSet a = std::move(set);
    load(rule_with("    sel:\n      eventName: [DeleteUser, CreateUser]\n", "sel", "b0"), "b.yml");
    BOOST_TEST_REQUIRE(result.successful(), result.render_text());
    const NameIds& names = *registry.event_names();
    BOOST_TEST(names.size() == 2u);
    BOOST_TEST(names.find("createuser") == 0u);
    BOOST_TEST(names.find("deleteuser") == 1u);

    auto b = event();
    Event& e = b.str("eventName", "DELETEUSER").str("eventName", "Unknown").build();
    BOOST_TEST(e.rules_memo().table == nullptr);
    std::vector<std::uint32_t> hits_a, hits_b, plain_b;
    a.match(e, memo, hits_a); // a has no rule for DeleteUser, and still resolves the event's names
    BOOST_TEST(hits_a.empty());
    BOOST_TEST(e.rules_memo().table == registry.event_names().get());
    BOOST_TEST(e.rules_memo().table_size == 2u);
    BOOST_TEST(e.rules_memo().name_count == 1u); // "Unknown" is no one's key
    BOOST_TEST(e.rules_memo().name_ids[0] == 1u);
    set.match(e, memo, hits_b);
    BOOST_TEST(hits_b == std::vector<std::uint32_t>{0});
    set.match(e, plain_b); // the plain match reads the names too, and agrees
    BOOST_TEST(plain_b == hits_b);

    // A mutation forgets the names: the next match resolves them again.
    e.add(registry.find("eventName"), Value{ValueKind::String, "createuser", 0, -1});
    BOOST_TEST(e.rules_memo().table == nullptr);
    a.match(e, memo, hits_a);
    BOOST_TEST(hits_a == std::vector<std::uint32_t>{0});
    BOOST_TEST(e.rules_memo().name_count == 2u);
}

// Only a change of eventName forgets the ids: a pack's derived fields (any
// other field, added or replaced) keep them for the next pack; adding or
// replacing an eventName value, linking its chain, adopt and reset forget them.
BOOST_AUTO_TEST_CASE(event_names_survive_other_fields_changing) {
    load(rule_with("    sel:\n      eventName: CreateUser\n", "sel", "a0") + "---\n" +
             rule_with("    sel:\n      eventName: DeleteUser\n", "sel", "a1"),
         "a.yml");
    BOOST_TEST_REQUIRE(result.successful(), result.render_text());
    const FieldId name = registry.find("eventName");
    const FieldId agent = registry.intern("userAgent"); // before the event is built: it has the slot
    auto b = event();
    Event& e = b.str("eventName", "CreateUser").build();
    std::vector<std::uint32_t> out;
    const auto resolved = [&] { return e.rules_memo().table == registry.event_names().get(); };
    set.match(e, memo, out);
    BOOST_TEST(out == std::vector<std::uint32_t>{0});
    BOOST_TEST(resolved());
    BOOST_TEST(e.rules_memo().field == name);
    e.add(agent, Value{ValueKind::String, "derived", 0, -1});
    e.replace(agent, Value{ValueKind::String, "replaced", 0, -1});
    e.link(agent, Event::Chain{});
    BOOST_TEST(resolved()); // other fields: the ids stay
    e.replace(name, Value{ValueKind::String, "deleteuser", 0, -1});
    BOOST_TEST(!resolved());
    set.match(e, memo, out);
    BOOST_TEST(out == std::vector<std::uint32_t>{1}); // resolved again from the new value
    e.add(name, Value{ValueKind::String, "CreateUser", 0, -1});
    BOOST_TEST(!resolved());
    set.match(e, memo, out);
    BOOST_TEST(out == (std::vector<std::uint32_t>{0, 1}));
    e.link(name, Event::Chain{});
    BOOST_TEST(!resolved());
    set.match(e, memo, out);
    BOOST_TEST(out.empty());
    BOOST_TEST(resolved());
    const Value values[] = {{ValueKind::String, "DeleteUser", 0, -1}};
    std::vector<Event::Chain> by_field(name + 1);
    by_field[name] = Event::Chain{0, 0};
    e.adopt(values, by_field);
    BOOST_TEST(!resolved());
    set.match(e, memo, out);
    BOOST_TEST(out == std::vector<std::uint32_t>{1});
    e.reset(registry.size());
    BOOST_TEST(!resolved());
}

// The plain match and candidates() never write to the event; a table that grew
// after an event's names were resolved (a later pack's keys) is resolved again.
BOOST_AUTO_TEST_CASE(event_names_follow_a_growing_table) {
    load(rule_with("    sel:\n      eventName: CreateUser\n", "sel", "a0"), "a.yml");
    BOOST_TEST_REQUIRE(result.successful(), result.render_text());
    RuleSet a = std::move(set);
    auto b = event();
    Event& e = b.str("eventName", "StopLogging").build();
    std::vector<std::uint32_t> out;
    a.candidates(e, out);
    BOOST_TEST(out.empty());
    BOOST_TEST(e.rules_memo().table == nullptr);
    a.match(e, memo, out);
    BOOST_TEST(e.rules_memo().name_count == 0u); // StopLogging is not a key yet
    load(rule_with("    sel:\n      eventName: StopLogging\n", "sel", "b0"), "b.yml");
    BOOST_TEST_REQUIRE(result.successful(), result.render_text());
    set.match(e, memo, out);
    BOOST_TEST(out == std::vector<std::uint32_t>{0});
    BOOST_TEST(e.rules_memo().name_count == 1u);
}

// Past four distinct known names each index decides from its own lists, as
// before the shared ids: only an index with five or more lists for the
// event's names makes every rule a candidate.
BOOST_AUTO_TEST_CASE(many_event_names_overflow_per_index) {
    load(rule_with("    sel:\n      eventName: [A, B, C, D, E]\n", "sel", "a0") + "---\n" +
             rule_with("    sel:\n      eventName: A\n", "sel", "a1") + "---\n" +
             rule_with("    sel:\n      eventName: B\n", "sel", "a2") + "---\n" +
             rule_with("    sel:\n      eventName: C\n", "sel", "a3") + "---\n" +
             rule_with("    sel:\n      eventName: D\n", "sel", "a4") + "---\n" +
             rule_with("    sel:\n      eventName: E\n", "sel", "a5") + "---\n" +
             rule_with("    sel:\n      eventName: F\n", "sel", "a6"),
         "a.yml");
    BOOST_TEST_REQUIRE(result.successful(), result.render_text());
    RuleSet a = std::move(set);
    load(rule_with("    sel:\n      eventName: A\n", "sel", "b0") + "---\n" +
             rule_with("    sel:\n      eventName: F\n", "sel", "b1") + "---\n" +
             rule_with("    sel:\n      eventName: B\n", "sel", "b2"),
         "b.yml");
    BOOST_TEST_REQUIRE(result.successful(), result.render_text());
    auto b = event();
    Event& e = b.str("eventName", "a").str("eventName", "b").str("eventName", "c").str("eventName", "d")
                   .str("eventName", "e").build();
    std::vector<std::uint32_t> out;
    a.match(e, memo, out);
    BOOST_TEST(e.rules_memo().name_overflow);
    BOOST_TEST(out == (std::vector<std::uint32_t>{0, 1, 2, 3, 4, 5}));
    a.candidates(e, out);
    BOOST_TEST(out == (std::vector<std::uint32_t>{0, 1, 2, 3, 4, 5, 6})); // five lists: every rule
    set.candidates(e, out);
    BOOST_TEST(out == (std::vector<std::uint32_t>{0, 2})); // two lists: exactly them
    set.match(e, memo, out);
    BOOST_TEST(out == (std::vector<std::uint32_t>{0, 2}));
}

BOOST_AUTO_TEST_SUITE_END()
