// The byte form: save/load round trips exactly, a split replay (A, save, load,
// B) equals one replay (A+B) on random hit sequences, and damaged bytes are
// rejected with an exact error.

#include <random>

#include "core/byte_codec.h"
#include "correlate/group_key.h"
#include "correlate_fixture.h"

using namespace trailproof::correlate::test;
using trailproof::ByteWriter;
using trailproof::correlate::CorrelationHit;
using trailproof::correlate::CorrelationState;
using trailproof::FieldRegistry;

namespace {

// Every type, both fire modes, ranges, aliases-free compound keys, and two
// chains (a Rising inner and a Closing inner).
const std::string k_content =
    base_rule("a", "A") + base_rule("b", "B") + base_rule("c", "C") +
    "title: ec\nname: ec\ncorrelation:\n  type: event_count\n  rules: [a, b]\n  group-by: [user]\n"
    "  timespan: 10m\n  condition:\n    gte: 3\n---\n"
    "title: vc\nname: vc\ncorrelation:\n  type: value_count\n  rules: [a, c]\n  group-by: [user]\n"
    "  timespan: 30m\n  condition:\n    field: bucket\n    gte: 2\n---\n"
    "title: tp\nname: tp\ncorrelation:\n  type: temporal\n  rules: [a, b, c]\n  group-by: [user]\n"
    "  timespan: 20m\n  condition:\n    gte: 2\n---\n"
    "title: to\nname: to\ncorrelation:\n  type: temporal_ordered\n  rules: [a, b, c]\n  group-by: [user]\n"
    "  timespan: 15m\n---\n"
    "title: low\nname: low\ncorrelation:\n  type: event_count\n  rules: [c]\n  group-by: [user]\n"
    "  timespan: 5m\n  condition:\n    lt: 2\n---\n"
    "title: rg\nname: rg\ncorrelation:\n  type: event_count\n  rules: [b]\n  group-by: [user, bucket]\n"
    "  timespan: 10m\n  condition:\n    gt: 1\n    lte: 3\n---\n"
    "title: chain\nname: chain\ngenerate: true\ncorrelation:\n  type: event_count\n  rules: [ec]\n"
    "  group-by: [user]\n  timespan: 1h\n  condition:\n    gte: 2\n---\n"
    "title: chain2\nname: chain2\ncorrelation:\n  type: temporal_ordered\n  rules: [low, a]\n"
    "  group-by: [user]\n  timespan: 1h\n";

struct Step {
    std::string name, user, bucket;
    std::int64_t at = 0;
};

std::vector<Step> random_steps(std::mt19937_64& rng, std::size_t n) {
    static const char* const k_names[] = {"A", "B", "C", "D"};
    static const char* const k_users[] = {"alice", "bob", "carol", "", "-"}; // "-": no user field
    static const char* const k_buckets[] = {"b1", "b2", "b3", "-"};
    std::vector<Step> steps;
    std::int64_t t = 0;
    for (std::size_t i = 0; i < n; ++i) {
        // Mostly forward, sometimes a clock that goes back (up to 20 minutes).
        if (rng() % 10 == 0) t -= static_cast<std::int64_t>(rng() % (20 * 60)) * k_second;
        else t += static_cast<std::int64_t>(rng() % 180) * k_second;
        steps.push_back({k_names[rng() % 4], k_users[rng() % 5], k_buckets[rng() % 4], t});
    }
    return steps;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(state_bytes, CorrelateFixture)

BOOST_AUTO_TEST_CASE(split_replay_equals_one_replay) {
    load(k_content);
    constexpr std::uint64_t k_seed = 20240611;
    BOOST_TEST_MESSAGE("split replay property: seed " << k_seed);
    std::mt19937_64 rng(k_seed);
    std::size_t total_hits = 0;
    for (int round = 0; round < 60; ++round) {
        const std::vector<Step> steps = random_steps(rng, 40 + rng() % 160);
        const std::size_t split = rng() % (steps.size() + 1);
        auto run = [&](CorrelationState& s, std::size_t from, std::size_t to, std::vector<std::string>& hits_out) {
            for (std::size_t i = from; i < to; ++i) {
                EventBuilder b = event();
                b.name(steps[i].name).at_offset(steps[i].at);
                if (steps[i].user != "-") b.user(steps[i].user);
                if (steps[i].bucket != "-") b.str("bucket", steps[i].bucket);
                for (auto& h : feed(b.build(), &s, true)) hits_out.push_back(std::to_string(i) + ": " + h);
            }
        };
        CorrelationState whole(set);
        std::vector<std::string> one;
        run(whole, 0, steps.size(), one);

        CorrelationState first(set);
        std::vector<std::string> split_hits;
        run(first, 0, split, split_hits);
        std::string bytes;
        first.save(bytes);
        CorrelationState second(set);
        std::string error;
        BOOST_TEST_REQUIRE(second.load(bytes, error), error);
        std::string again;
        second.save(again);
        BOOST_TEST_REQUIRE(again == bytes, "round " << round << ": save(load(bytes)) != bytes");
        run(second, split, steps.size(), split_hits);

        BOOST_TEST_REQUIRE(split_hits == one, "seed " << k_seed << " round " << round << " split " << split);
        for (std::uint32_t c = 0; c < set.size(); ++c) {
            BOOST_TEST(second.stats(c).inputs == whole.stats(c).inputs);
            BOOST_TEST(second.stats(c).fired == whole.stats(c).fired);
            BOOST_TEST(second.stats(c).late == whole.stats(c).late);
            BOOST_TEST(second.stats(c).groups == whole.stats(c).groups);
        }
        std::string end_whole, end_split;
        whole.save(end_whole);
        second.save(end_split);
        BOOST_TEST_REQUIRE(end_whole == end_split, "round " << round);
        std::vector<CorrelationHit> flushed_whole, flushed_split;
        whole.flush(flushed_whole);
        second.flush(flushed_split);
        BOOST_TEST(flushed_whole.size() == flushed_split.size());
        total_hits += one.size() + flushed_whole.size();
    }
    // The property is only worth something if the sequences make things fire.
    BOOST_TEST(total_hits > 200u);
}

BOOST_AUTO_TEST_CASE(every_correlation_fires_in_the_random_runs) {
    load(k_content);
    std::mt19937_64 rng(7);
    CorrelationState s(set);
    for (const auto& step : random_steps(rng, 2000)) {
        EventBuilder b = event();
        b.name(step.name).at_offset(step.at);
        if (step.user != "-") b.user(step.user);
        if (step.bucket != "-") b.str("bucket", step.bucket);
        feed(b.build(), &s);
    }
    for (std::uint32_t c = 0; c < set.size(); ++c)
        BOOST_TEST(s.stats(c).fired > 0u, set.correlation(c).key << " never fired");
}

BOOST_AUTO_TEST_CASE(an_empty_state_round_trips) {
    load(k_content);
    std::string bytes;
    state->save(bytes);
    CorrelationState other(set);
    std::string error;
    BOOST_TEST(other.load(bytes, error));
    BOOST_TEST(error.empty());
    BOOST_TEST(!other.has_clock());
}

// Hand-built bytes, so every offset below is known.
struct BadBytes : CorrelateFixture {
    BadBytes() {
        load(base_rule("a", "A") + "title: pair\nname: pair\ncorrelation:\n  type: temporal_ordered\n"
                                   "  rules: [a, a]\n  group-by: [user]\n  timespan: 1h\n");
    }
    // header + one correlation + one group with the given entries.
    std::string bytes(const std::vector<std::pair<std::int64_t, std::uint32_t>>& entries,
                      std::string_view group_key = "", std::uint32_t version = 1) {
        std::string b = "TPCR";
        ByteWriter w(b);
        w.u32(version);
        w.u8(1);
        w.i64(k_t0);
        w.u32(1);
        w.str("pair");
        w.str(set.correlation(0).signature);
        for (int i = 0; i < 6; ++i) w.u64(0);
        w.u32(1);
        std::string key;
        trailproof::correlate::append_key_part(key, "alice");
        w.str(group_key.empty() ? std::string_view(key) : group_key);
        w.u32(static_cast<std::uint32_t>(entries.size()));
        for (const auto& [t, slot] : entries) {
            w.i64(t);
            w.u32(slot);
            w.str("");
        }
        return b;
    }
    std::string load_error(std::string_view b) {
        CorrelationState s(set);
        std::string error;
        BOOST_TEST(!s.load(b, error));
        BOOST_TEST(!s.has_clock()); // left cleared
        return error;
    }
};

BOOST_FIXTURE_TEST_CASE(hand_built_bytes_load, BadBytes) {
    CorrelationState s(set);
    std::string error;
    BOOST_TEST_REQUIRE(s.load(bytes({{k_t0, 0}}), error), error);
    BOOST_TEST(s.stats(0).groups == 1u);
    // The loaded A waits for its second A (rules: [a, a]).
    EventBuilder b = event();
    BOOST_TEST(feed(b.name("A").user("alice").at_offset(1).build(), &s) == Hits{"pair(alice) value=2 @1"});
}

BOOST_FIXTURE_TEST_CASE(bad_bytes_are_rejected_exactly, BadBytes) {
    const std::string good = bytes({{k_t0, 0}, {k_t0 + 5, 0}});
    const std::size_t sig = set.correlation(0).signature.size();
    BOOST_TEST(load_error("") == "correlation state: not a correlation state (no TPCR header)");
    BOOST_TEST(load_error("TPST....") == "correlation state: not a correlation state (no TPCR header)");
    BOOST_TEST(load_error(bytes({{k_t0, 0}}, "", 2)) ==
               "correlation state: version 2 is not supported (this build reads version 1)");
    BOOST_TEST(load_error(good.substr(0, 10)) == "correlation state: truncated at byte 9");
    // Cut inside the last entry's value length (it starts 4 bytes from the end).
    BOOST_TEST(load_error(good.substr(0, good.size() - 1)) ==
               "correlation state: truncated at byte " + std::to_string(good.size() - 4));
    BOOST_TEST(load_error(good + "xy") == "correlation state: 2 bytes after the end");
    BOOST_TEST(load_error(bytes({{k_t0 + 5, 0}, {k_t0, 0}})) ==
               "correlation state: correlation 'pair': entries out of time order");
    BOOST_TEST(load_error(bytes({{k_t0, 1}})) ==
               "correlation state: correlation 'pair': slot 1 is not a rule of the correlation");
    BOOST_TEST(load_error(bytes({})) == "correlation state: correlation 'pair': empty group");
    BOOST_TEST(load_error(bytes({{k_t0, 0}}, "alice")) == "correlation state: correlation 'pair': malformed group key");
    std::string two_parts;
    trailproof::correlate::append_key_part(two_parts, "alice");
    trailproof::correlate::append_key_part(two_parts, "x");
    BOOST_TEST(load_error(bytes({{k_t0, 0}}, two_parts)) ==
               "correlation state: correlation 'pair': group key holds 2 values, group-by has 1");
    std::string flag = good;
    flag[8] = '\x07';
    BOOST_TEST(load_error(flag) == "correlation state: bad clock flag 7");
    BOOST_TEST(sig > 0u);
}

BOOST_FIXTURE_TEST_CASE(duplicate_correlations_and_group_order_are_rejected, BadBytes) {
    // Two correlations with the same key: splice the correlation block twice.
    const std::string one = bytes({{k_t0, 0}});
    const std::size_t header = 4 + 4 + 1 + 8 + 4;
    std::string twice = one.substr(0, header - 4);
    ByteWriter w(twice);
    w.u32(2);
    twice += one.substr(header) + one.substr(header);
    BOOST_TEST(load_error(twice) == "correlation state: correlation 'pair' appears twice");
}

BOOST_FIXTURE_TEST_CASE(changed_or_unknown_correlations_are_dropped_with_a_note, BadBytes) {
    const std::string saved = bytes({{k_t0, 0}});
    FieldRegistry other_registry;
    trailproof::rules::RuleSet other_rules;
    trailproof::correlate::CorrelationSet other_set;
    std::vector<trailproof::rules::RuleSource> sources{
        {"rules.yml",
         base_rule("a", "A") + "title: pair\nname: pair\ncorrelation:\n  type: temporal_ordered\n"
                               "  rules: [a, a]\n  group-by: [user]\n  timespan: 2h\n",
         "pack"}};
    BOOST_TEST_REQUIRE(
        trailproof::rules::compile_rules(sources, other_registry, {}, other_rules).successful());
    BOOST_TEST_REQUIRE(
        trailproof::correlate::CorrelationSet::compile(other_rules, other_registry, {}, other_set).successful());
    CorrelationState s(other_set);
    std::string error;
    std::vector<std::string> notes;
    BOOST_TEST(s.load(saved, error, notes));
    BOOST_TEST(notes == std::vector<std::string>{
                            "correlation state: dropped saved state of correlation 'pair': its definition changed"});
    BOOST_TEST(s.stats(0).groups == 0u);
    BOOST_TEST(s.has_clock()); // the clock is kept

    trailproof::rules::RuleSet none_rules;
    trailproof::correlate::CorrelationSet none_set;
    sources[0].text = base_rule("a", "A");
    BOOST_TEST_REQUIRE(trailproof::rules::compile_rules(sources, other_registry, {}, none_rules).successful());
    BOOST_TEST_REQUIRE(
        trailproof::correlate::CorrelationSet::compile(none_rules, other_registry, {}, none_set).successful());
    CorrelationState empty(none_set);
    notes.clear();
    BOOST_TEST(empty.load(saved, error, notes));
    BOOST_TEST(notes == std::vector<std::string>{
                            "correlation state: dropped saved state of correlation 'pair': it is not in the loaded "
                            "content"});
}

BOOST_AUTO_TEST_SUITE_END()
