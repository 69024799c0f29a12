// HistogramStore: the flat (histogram, value) table of a scope group and its
// count-of-counts. The rare tail an abnormal check reads is summed over the
// distinct counts, never over the values; these tests hold it equal to a scan of
// the histogram.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <utility>
#include <vector>

#include "models/entity_table.h"
#include "models/histogram.h"

using namespace trailproof::models;

namespace {

struct Reference {
    std::uint64_t count = 0;
    std::int64_t last_seen_ms = 0;
};
using Histories = std::map<std::pair<std::uint32_t, ValueId>, Reference>;

// What the tail was before count-of-counts: a scan of the histogram's values.
std::uint64_t scanned_tail(const Histories& ref, std::uint32_t h, std::uint64_t count) {
    std::uint64_t sum = 0;
    for (const auto& [key, r] : ref)
        if (key.first == h && r.count <= count) sum += r.count;
    return sum;
}

// Ages the reference like remove_older: forgets h's values last seen at or
// before `cutoff`; returns the oldest remaining last-seen (INT64_MAX when none).
std::int64_t forget_older(Histories& ref, std::uint32_t h, std::int64_t cutoff) {
    std::int64_t oldest = INT64_MAX;
    for (auto it = ref.begin(); it != ref.end();) {
        if (it->first.first == h && it->second.last_seen_ms <= cutoff) {
            it = ref.erase(it);
            continue;
        }
        if (it->first.first == h) oldest = std::min(oldest, it->second.last_seen_ms);
        ++it;
    }
    return oldest;
}

// A fresh store loaded from `store`'s values() (shuffled) and totals.
HistogramStore reloaded_copy(const HistogramStore& store, std::uint32_t histograms, bool ages, std::mt19937_64& rng) {
    HistogramStore reloaded(ages);
    std::vector<StoredValue> values;
    for (std::uint32_t h = 0; h < histograms; ++h) {
        BOOST_REQUIRE(reloaded.add_histogram() == h);
        values.clear();
        store.values(h, values);
        std::shuffle(values.begin(), values.end(), rng);
        reloaded.load(h, values, store.counters(h).total);
    }
    return reloaded;
}

} // namespace

BOOST_AUTO_TEST_SUITE(models_histogram)

BOOST_AUTO_TEST_CASE(tail_sums_the_values_seen_at_most_as_often) {
    HistogramStore store;
    const std::uint32_t h = store.add_histogram();
    const std::uint32_t other = store.add_histogram();
    auto see = [&](std::uint32_t hist, ValueId v, int times) {
        for (int i = 0; i < times; ++i) BOOST_REQUIRE(store.observe(hist, v, 1000, true).has_value());
    };
    see(h, 10, 5);     // A: 5
    see(h, 11, 1);     // B: 1
    see(h, 12, 1);     // C: 1
    see(h, 13, 3);     // D: 3
    see(other, 11, 7); // another histogram: never in h's tail
    BOOST_TEST(store.counters(h).total == 10u);
    BOOST_TEST(store.counters(h).distinct == 4u);
    BOOST_TEST(store.count(h, 13) == 3u);
    BOOST_TEST(!store.find(h, 14));
    BOOST_TEST(store.count(h, 14) == 0u);
    BOOST_TEST(store.tail(h, 0) == 0u);
    BOOST_TEST(store.tail(h, 1) == 2u);
    BOOST_TEST(store.tail(h, 2) == 2u);
    BOOST_TEST(store.tail(h, 3) == 5u);
    BOOST_TEST(store.tail(h, 4) == 5u);
    BOOST_TEST(store.tail(h, 5) == 10u);
    BOOST_TEST(store.tail(other, 7) == 7u);
    BOOST_TEST(store.tail_below(h, 3, 5.5));  // 5 < 5.5
    BOOST_TEST(!store.tail_below(h, 3, 5.0)); // strictly below
    // A refused value (max_values) changes nothing.
    BOOST_TEST(!store.observe(h, 99, 2000, false));
    BOOST_TEST(store.counters(h).total == 10u);
    BOOST_TEST(!store.find(h, 99));
}

BOOST_AUTO_TEST_CASE(remove_older_forgets_values_and_their_counts) {
    HistogramStore store;
    const std::uint32_t h = store.add_histogram();
    for (int i = 0; i < 4; ++i) (void)store.observe(h, 1, 100, true);
    (void)store.observe(h, 2, 200, true);
    (void)store.observe(h, 3, 300, true);
    (void)store.observe(h, 3, 300, true);
    BOOST_TEST(store.remove_older(h, 200) == 300); // 1 and 2 go; 3 (last seen 300) stays
    BOOST_TEST(store.counters(h).total == 2u);
    BOOST_TEST(store.counters(h).distinct == 1u);
    BOOST_TEST(!store.find(h, 1));
    BOOST_TEST(!store.find(h, 2));
    BOOST_TEST(store.count(h, 3) == 2u);
    BOOST_TEST(store.tail(h, 4) == 2u);
    BOOST_TEST(store.remove_older(h, 300) == INT64_MAX);
    BOOST_TEST(store.counters(h).total == 0u);
    BOOST_TEST(store.tail(h, UINT64_MAX) == 0u);
}

// Property: on random histories of interleaved histograms (observations, values
// refused at a cap, ageing removals, a save and reload), the count-of-counts
// tail equals a scan of the histogram for every count asked, and tail_below
// agrees with it for every limit.
BOOST_AUTO_TEST_CASE(count_of_counts_equals_a_histogram_scan) {
    constexpr unsigned k_seed = 1306;
    BOOST_TEST_MESSAGE("count-of-counts property seed " << k_seed);
    std::mt19937_64 rng(k_seed);
    for (int round = 0; round < 20; ++round) {
        HistogramStore store;
        Histories ref;
        const std::uint32_t histograms = 1 + static_cast<std::uint32_t>(rng() % 6);
        for (std::uint32_t h = 0; h < histograms; ++h) BOOST_REQUIRE(store.add_histogram() == h);
        const std::uint32_t cap = 5 + static_cast<std::uint32_t>(rng() % 40);
        const std::uint32_t alphabet = 2 + static_cast<std::uint32_t>(rng() % 80);
        std::int64_t now = 0;
        auto check = [&](const HistogramStore& s, int step) {
            for (std::uint32_t h = 0; h < histograms; ++h) {
                std::uint64_t total = 0;
                std::uint32_t distinct = 0;
                std::vector<std::uint64_t> counts = {0, 1, 2, UINT64_MAX};
                for (const auto& [key, r] : ref)
                    if (key.first == h) {
                        total += r.count;
                        ++distinct;
                        counts.push_back(r.count);
                        counts.push_back(r.count + 1);
                        const std::optional<StoredValue> e = s.find(h, key.second);
                        BOOST_REQUIRE_MESSAGE(e && e->count == r.count && s.count(h, key.second) == r.count &&
                                                  e->last_seen_ms == r.last_seen_ms,
                                              "seed " << k_seed << " round " << round << " step " << step);
                    }
                BOOST_REQUIRE_MESSAGE(s.counters(h).total == total && s.counters(h).distinct == distinct,
                                      "seed " << k_seed << " round " << round << " step " << step);
                for (std::uint64_t c : counts) {
                    const std::uint64_t expected = scanned_tail(ref, h, c);
                    BOOST_REQUIRE_MESSAGE(s.tail(h, c) == expected, "seed " << k_seed << " round " << round << " step "
                                                                            << step << " histogram " << h << " count "
                                                                            << c);
                    for (double limit : {static_cast<double>(expected), static_cast<double>(expected) + 0.5,
                                         static_cast<double>(expected) - 0.5, 0.1 * static_cast<double>(total)})
                        BOOST_REQUIRE_MESSAGE(s.tail_below(h, c, limit) == (static_cast<double>(expected) < limit),
                                              "seed " << k_seed << " round " << round << " step " << step << " limit "
                                                      << limit);
                }
            }
        };
        for (int step = 0; step < 600; ++step) {
            now += static_cast<std::int64_t>(rng() % 3);
            const auto h = static_cast<std::uint32_t>(rng() % histograms);
            if (rng() % 40 == 0) {
                const std::int64_t cutoff = now - static_cast<std::int64_t>(rng() % 60);
                BOOST_REQUIRE(store.remove_older(h, cutoff) == forget_older(ref, h, cutoff));
            } else {
                // Skewed values: a few common ones and a long rare tail.
                const auto v = static_cast<ValueId>(std::min(rng() % alphabet, rng() % alphabet));
                const bool may_add = store.counters(h).distinct < cap;
                const std::optional<StoredValue> e = store.observe(h, v, now, may_add);
                auto it = ref.find({h, v});
                if (it == ref.end() && !may_add) {
                    BOOST_REQUIRE(!e);
                } else {
                    Reference& r = ref[{h, v}];
                    ++r.count;
                    r.last_seen_ms = std::max(r.last_seen_ms, now);
                    BOOST_REQUIRE(e && e->count == r.count && e->last_seen_ms == r.last_seen_ms);
                }
            }
            if (step % 25 == 0) check(store, step);
        }
        check(store, 600);

        // Reload: a fresh store loaded from values() answers the same.
        check(reloaded_copy(store, histograms, false, rng), -1);
    }
}

// Buckets keep 64-bit counts in two 32-bit halves (20-byte records): every bit
// survives, counts past 2^32 included; times round-trip too.
BOOST_AUTO_TEST_CASE(times_and_counts_keep_all_64_bits) {
    HistogramStore store;
    const std::uint32_t h = store.add_histogram();
    std::vector<StoredValue> values{{1, 5'000'000'001ULL, INT64_MIN + 1},
                                    {2, 1, -86'400'000},
                                    {3, UINT64_MAX, INT64_MAX},
                                    {4, 4'294'967'296ULL, 0x1'2345'6789LL}};
    store.load(h, values, UINT64_MAX);
    BOOST_TEST(store.count(h, 1) == 5'000'000'001ULL);
    BOOST_TEST(store.count(h, 2) == 1u);
    BOOST_TEST(store.count(h, 3) == UINT64_MAX);
    BOOST_TEST(store.count(h, 4) == 4'294'967'296ULL);
    BOOST_TEST(store.find(h, 1)->last_seen_ms == INT64_MIN + 1);
    BOOST_TEST(store.find(h, 2)->last_seen_ms == -86'400'000);
    BOOST_TEST(store.find(h, 3)->last_seen_ms == INT64_MAX);
    BOOST_TEST(store.find(h, 4)->last_seen_ms == 0x1'2345'6789LL);
    BOOST_TEST(store.tail(h, 4'294'967'296ULL) == 4'294'967'297ULL);
    // One more observation moves the value to the bucket of count + 1 across the 2^32 boundary.
    BOOST_REQUIRE(store.observe(h, 4, 0x2'0000'0000LL, false).has_value());
    BOOST_TEST(store.count(h, 4) == 4'294'967'297ULL);
    BOOST_TEST(store.find(h, 4)->last_seen_ms == 0x2'0000'0000LL);
    std::vector<StoredValue> out;
    store.values(h, out);
    std::sort(out.begin(), out.end(), [](const StoredValue& a, const StoredValue& b) { return a.value < b.value; });
    BOOST_REQUIRE(out.size() == 4u);
    BOOST_TEST(out[0].count == 5'000'000'001ULL);
    BOOST_TEST(out[0].last_seen_ms == INT64_MIN + 1);
    BOOST_TEST(out[2].count == UINT64_MAX);
    BOOST_TEST(out[3].last_seen_ms == 0x2'0000'0000LL);
}

// Only a store that ages keeps deadlines; another reads INT64_MAX and ignores a set.
BOOST_AUTO_TEST_CASE(only_an_ageing_store_keeps_deadlines) {
    HistogramStore ageing(true), plain;
    const std::uint32_t a = ageing.add_histogram(), p = plain.add_histogram();
    BOOST_TEST(ageing.next_expiry(a) == INT64_MAX);
    ageing.set_next_expiry(a, 1234);
    plain.set_next_expiry(p, 1234);
    BOOST_TEST(ageing.next_expiry(a) == 1234);
    BOOST_TEST(plain.next_expiry(p) == INT64_MAX);
    BOOST_TEST(ageing.bytes() > plain.bytes());
}

// A histogram with one value owns no table bytes: its value, count (N) and
// last-seen live in its counters. A second value moves both into the table;
// ageing back to one value moves the survivor back inline.
BOOST_AUTO_TEST_CASE(one_value_lives_in_the_counters) {
    HistogramStore one, none;
    for (std::uint32_t i = 0; i < 1000; ++i) {
        const std::uint32_t h = one.add_histogram();
        BOOST_REQUIRE(none.add_histogram() == h);
        for (int k = 0; k < 3; ++k) BOOST_REQUIRE(one.observe(h, i, 100, true).has_value());
    }
    BOOST_TEST(one.bytes() == none.bytes());
    BOOST_TEST(one.counters(7).is_inline());
    BOOST_TEST(one.count(7, 7) == 3u);
    BOOST_TEST(one.find(7, 7)->last_seen_ms == 100);
    BOOST_TEST(one.count(7, 8) == 0u);
    BOOST_TEST(one.tail(7, 2) == 0u);
    BOOST_TEST(one.tail(7, 3) == 3u);
    BOOST_TEST(!one.observe(7, 5000, 150, false)); // refused at a cap: nothing moves
    BOOST_TEST(one.counters(7).is_inline());
    BOOST_TEST(one.bytes() == none.bytes());

    const std::optional<StoredValue> added = one.observe(7, 5000, 200, true);
    BOOST_REQUIRE(added.has_value());
    BOOST_TEST(added->count == 1u);
    BOOST_TEST(added->last_seen_ms == 200);
    BOOST_TEST(!one.counters(7).is_inline());
    BOOST_TEST(one.bytes() > none.bytes());
    BOOST_TEST(one.count(7, 7) == 3u);
    BOOST_TEST(one.find(7, 7)->last_seen_ms == 100);
    BOOST_TEST(one.count(7, 5000) == 1u);
    BOOST_TEST(one.tail(7, 1) == 1u);
    BOOST_TEST(one.tail(7, 3) == 4u);
    BOOST_TEST(one.counters(7).total == 4u);
    BOOST_TEST(one.counters(7).distinct == 2u);

    BOOST_TEST(one.remove_older(7, 100) == 200); // 7 goes, 5000 stays and goes back inline
    BOOST_TEST(one.counters(7).is_inline());
    BOOST_TEST(one.counters(7).total == 1u);
    BOOST_TEST(one.counters(7).distinct == 1u);
    BOOST_TEST(!one.find(7, 7));
    BOOST_TEST(one.find(7, 5000)->last_seen_ms == 200);
    BOOST_TEST(one.remove_older(7, 199) == 200); // not old enough: stays
    BOOST_TEST(one.remove_older(7, 200) == INT64_MAX);
    BOOST_TEST(!one.counters(7).is_inline());
    BOOST_TEST(one.counters(7).total == 0u);
    BOOST_TEST(one.counters(7).distinct == 0u);
    BOOST_TEST(one.tail(7, UINT64_MAX) == 0u);
    BOOST_TEST(one.observe(7, 9, 300, true)->count == 1u);
    BOOST_TEST(one.counters(7).is_inline());
    std::vector<StoredValue> out;
    one.values(7, out);
    BOOST_REQUIRE(out.size() == 1u);
    BOOST_TEST(out[0].value == 9u);
    BOOST_TEST(out[0].count == 1u);
    BOOST_TEST(out[0].last_seen_ms == 300);
}

// A loaded histogram whose one value's count is not N (an image no run writes)
// stays in the table as loaded: both figures round-trip.
BOOST_AUTO_TEST_CASE(a_single_value_off_its_total_stays_as_loaded) {
    HistogramStore store;
    const std::uint32_t h = store.add_histogram();
    std::vector<StoredValue> values{{4, 3, 50}};
    store.load(h, values, 5);
    BOOST_TEST(!store.counters(h).is_inline());
    BOOST_TEST(store.counters(h).total == 5u);
    BOOST_TEST(store.counters(h).distinct == 1u);
    BOOST_TEST(store.count(h, 4) == 3u);
    std::vector<StoredValue> out;
    store.values(h, out);
    BOOST_REQUIRE(out.size() == 1u);
    BOOST_TEST(out[0].count == 3u);
    BOOST_TEST(out[0].last_seen_ms == 50);
    // One that matches N is kept inline.
    const std::uint32_t g = store.add_histogram();
    std::vector<StoredValue> matching{{4, 5, 50}};
    store.load(g, matching, 5);
    BOOST_TEST(store.counters(g).is_inline());
    BOOST_TEST(store.count(g, 4) == 5u);
}

// Property (inline values): histograms swinging between no value, one value
// (inline in the counters) and several (in the table), through observations,
// backdated events, values refused at a cap, ageing removals and reloads in the
// middle of the history, answer exactly like a plain reference: each value's
// count and last-seen, N, C, values(), every tail and tail_below; and a
// histogram keeps its value inline exactly when it has one.
BOOST_AUTO_TEST_CASE(inline_values_grow_and_shrink_like_the_reference) {
    constexpr unsigned k_seed = 1313;
    BOOST_TEST_MESSAGE("inline property seed " << k_seed);
    std::mt19937_64 rng(k_seed);
    int inline_seen = 0, table_seen = 0, reloads = 0;
    for (int round = 0; round < 40; ++round) {
        const bool ages = round % 2 == 0;
        HistogramStore store(ages);
        Histories ref;
        const std::uint32_t histograms = 1 + static_cast<std::uint32_t>(rng() % 8);
        for (std::uint32_t h = 0; h < histograms; ++h) BOOST_REQUIRE(store.add_histogram() == h);
        const std::uint32_t cap = 1 + static_cast<std::uint32_t>(rng() % 4);
        const std::uint32_t alphabet = 1 + static_cast<std::uint32_t>(rng() % 5);
        std::int64_t now = 0;
        auto check = [&](int step) {
            for (std::uint32_t h = 0; h < histograms; ++h) {
                std::uint64_t total = 0;
                std::uint32_t distinct = 0;
                std::vector<std::uint64_t> counts = {0, UINT64_MAX};
                std::vector<std::pair<ValueId, Reference>> expected_values;
                for (const auto& [key, r] : ref)
                    if (key.first == h) {
                        total += r.count;
                        ++distinct;
                        counts.push_back(r.count - 1);
                        counts.push_back(r.count);
                        counts.push_back(r.count + 1);
                        expected_values.emplace_back(key.second, r);
                    }
                const HistogramCounters& c = store.counters(h);
                BOOST_REQUIRE_MESSAGE(c.total == total && c.distinct == distinct && c.is_inline() == (distinct == 1),
                                      "seed " << k_seed << " round " << round << " step " << step << " histogram "
                                              << h);
                (c.is_inline() ? inline_seen : table_seen) += 1;
                for (ValueId v = 0; v <= alphabet; ++v) {
                    const auto it = ref.find({h, v});
                    const std::optional<StoredValue> e = store.find(h, v);
                    const bool same = it == ref.end() ? !e && store.count(h, v) == 0
                                                      : e && e->count == it->second.count &&
                                                            e->last_seen_ms == it->second.last_seen_ms &&
                                                            store.count(h, v) == it->second.count;
                    BOOST_REQUIRE_MESSAGE(same, "seed " << k_seed << " round " << round << " step " << step
                                                        << " histogram " << h << " value " << v);
                }
                std::vector<StoredValue> out;
                store.values(h, out);
                std::sort(out.begin(), out.end(),
                          [](const StoredValue& a, const StoredValue& b) { return a.value < b.value; });
                BOOST_REQUIRE(out.size() == expected_values.size());
                for (std::size_t i = 0; i < out.size(); ++i)
                    BOOST_REQUIRE(out[i].value == expected_values[i].first &&
                                  out[i].count == expected_values[i].second.count &&
                                  out[i].last_seen_ms == expected_values[i].second.last_seen_ms);
                for (std::uint64_t count : counts) {
                    const std::uint64_t expected = scanned_tail(ref, h, count);
                    BOOST_REQUIRE_MESSAGE(store.tail(h, count) == expected,
                                          "seed " << k_seed << " round " << round << " step " << step << " count "
                                                  << count);
                    for (double limit : {static_cast<double>(expected), static_cast<double>(expected) + 0.5,
                                         static_cast<double>(expected) - 0.5})
                        BOOST_REQUIRE(store.tail_below(h, count, limit) == (static_cast<double>(expected) < limit));
                }
            }
        };
        for (int step = 0; step < 300; ++step) {
            now += static_cast<std::int64_t>(rng() % 3);
            const auto h = static_cast<std::uint32_t>(rng() % histograms);
            const auto action = rng() % 16;
            if (action == 0) {
                const std::int64_t cutoff = now - static_cast<std::int64_t>(rng() % 8);
                BOOST_REQUIRE(store.remove_older(h, cutoff) == forget_older(ref, h, cutoff));
            } else if (action == 1) {
                // Reload in the middle of the history; the run goes on with the loaded store.
                ++reloads;
                store = reloaded_copy(store, histograms, ages, rng);
            } else {
                // A backdated event now and then: last-seen never moves backwards.
                const std::int64_t t = now - (rng() % 5 == 0 ? static_cast<std::int64_t>(rng() % 4) : 0);
                const auto v = static_cast<ValueId>(rng() % alphabet);
                const bool may_add = store.counters(h).distinct < cap;
                const std::optional<StoredValue> e = store.observe(h, v, t, may_add);
                if (ref.find({h, v}) == ref.end() && !may_add) {
                    BOOST_REQUIRE(!e);
                } else {
                    Reference& r = ref[{h, v}];
                    r.last_seen_ms = r.count == 0 ? t : std::max(r.last_seen_ms, t);
                    ++r.count;
                    BOOST_REQUIRE(e && e->count == r.count && e->last_seen_ms == r.last_seen_ms);
                }
            }
            check(step);
        }
    }
    // The histories did pass through both shapes and through reloads.
    BOOST_TEST(inline_seen > 1000);
    BOOST_TEST(table_seen > 1000);
    BOOST_TEST(reloads > 100);
}

// Property (no times): a store that keeps no last-seen times (the models that do
// not age) answers every count, N, C, shape, values() and tail exactly like one
// that keeps them, through observations, values refused at a cap and reloads;
// it reports 0 as every last-seen and holds fewer bytes.
BOOST_AUTO_TEST_CASE(a_store_without_times_answers_like_one_with_times) {
    constexpr unsigned k_seed = 1314;
    BOOST_TEST_MESSAGE("no-times property seed " << k_seed);
    std::mt19937_64 rng(k_seed);
    int compared = 0;
    for (int round = 0; round < 20; ++round) {
        HistogramStore timed, plain(false, false);
        BOOST_REQUIRE(timed.keeps_times() && !plain.keeps_times());
        const std::uint32_t histograms = 1 + static_cast<std::uint32_t>(rng() % 8);
        for (std::uint32_t h = 0; h < histograms; ++h) {
            BOOST_REQUIRE(timed.add_histogram() == h);
            BOOST_REQUIRE(plain.add_histogram() == h);
        }
        const std::uint32_t cap = 1 + static_cast<std::uint32_t>(rng() % 4);
        const std::uint32_t alphabet = 1 + static_cast<std::uint32_t>(rng() % 5);
        for (int step = 0; step < 200; ++step) {
            const auto h = static_cast<std::uint32_t>(rng() % histograms);
            if (rng() % 16 == 0) {
                std::vector<StoredValue> a, b;
                HistogramStore timed_copy, plain_copy(false, false);
                for (std::uint32_t i = 0; i < histograms; ++i) {
                    BOOST_REQUIRE(timed_copy.add_histogram() == i);
                    BOOST_REQUIRE(plain_copy.add_histogram() == i);
                    a.clear();
                    b.clear();
                    timed.values(i, a);
                    plain.values(i, b);
                    timed_copy.load(i, a, timed.counters(i).total);
                    plain_copy.load(i, b, plain.counters(i).total);
                }
                timed = std::move(timed_copy);
                plain = std::move(plain_copy);
            } else {
                const auto v = static_cast<ValueId>(rng() % alphabet);
                const std::int64_t t = 1000 + step;
                const bool may_add = timed.counters(h).distinct < cap;
                const std::optional<StoredValue> a = timed.observe(h, v, t, may_add);
                const std::optional<StoredValue> b = plain.observe(h, v, t, may_add);
                BOOST_REQUIRE(a.has_value() == b.has_value());
                if (a) BOOST_REQUIRE(a->count == b->count && a->last_seen_ms == t && b->last_seen_ms == 0);
            }
            for (std::uint32_t i = 0; i < histograms; ++i) {
                const HistogramCounters& x = timed.counters(i);
                const HistogramCounters& y = plain.counters(i);
                BOOST_REQUIRE_MESSAGE(x.total == y.total && x.distinct == y.distinct && x.is_inline() == y.is_inline(),
                                      "seed " << k_seed << " round " << round << " step " << step);
                for (ValueId v = 0; v <= alphabet; ++v) {
                    const std::optional<StoredValue> a = timed.find(i, v), b = plain.find(i, v);
                    BOOST_REQUIRE(a.has_value() == b.has_value());
                    if (a) BOOST_REQUIRE(a->count == b->count && b->last_seen_ms == 0);
                    for (std::uint64_t c : {std::uint64_t{0}, std::uint64_t{v}, std::uint64_t{v} + 1, UINT64_MAX})
                        BOOST_REQUIRE(timed.tail(i, c) == plain.tail(i, c));
                }
                std::vector<StoredValue> a, b;
                timed.values(i, a);
                plain.values(i, b);
                const auto by_value = [](const StoredValue& l, const StoredValue& r) { return l.value < r.value; };
                std::sort(a.begin(), a.end(), by_value);
                std::sort(b.begin(), b.end(), by_value);
                BOOST_REQUIRE(a.size() == b.size());
                for (std::size_t k = 0; k < a.size(); ++k)
                    BOOST_REQUIRE(a[k].value == b[k].value && a[k].count == b[k].count && b[k].last_seen_ms == 0);
                ++compared;
            }
        }
        BOOST_TEST(plain.bytes() < timed.bytes());
    }
    BOOST_TEST(compared > 1000);
}

// A group of one model keeps no (entity, model) array: the entity is the
// histogram id. An entity without observations reads as having none (before
// ensure_histogram) or as an empty one (a gap filled for a later entity), and
// the table answers like a two-model table for the same entities.
BOOST_AUTO_TEST_CASE(a_one_model_group_keys_histograms_by_entity) {
    EntityTable one(1), two(2);
    for (ValueId key = 100; key < 110; ++key) {
        BOOST_REQUIRE(one.insert(key) == key - 100);
        BOOST_REQUIRE(two.insert(key) == key - 100);
    }
    BOOST_TEST(one.histogram(0, 0) == k_no_histogram);
    BOOST_TEST(!one.counters(3, 0));
    BOOST_TEST(one.ensure_histogram(3, 0) == 3u);
    BOOST_TEST(one.ensure_histogram(3, 0) == 3u);
    BOOST_TEST(one.histogram(2, 0) == 2u); // a gap, empty
    BOOST_TEST(one.counters(2, 0)->total == 0u);
    BOOST_TEST(one.counters(2, 0)->distinct == 0u);
    BOOST_TEST(one.histogram(4, 0) == k_no_histogram);
    BOOST_TEST(one.store(0).histogram_count() == 4u);
    const std::uint32_t h = two.ensure_histogram(3, 0);
    for (int i = 0; i < 3; ++i) {
        BOOST_REQUIRE(one.store(0).observe(3, 7, 10, true).has_value());
        BOOST_REQUIRE(two.store(0).observe(h, 7, 10, true).has_value());
    }
    BOOST_REQUIRE(one.store(0).observe(3, 8, 10, true).has_value());
    BOOST_REQUIRE(two.store(0).observe(h, 8, 10, true).has_value());
    BOOST_TEST(one.counters(3, 0)->total == 4u);
    BOOST_TEST(one.store(0).count(3, 7) == two.store(0).count(h, 7));
    BOOST_TEST(one.store(0).tail(3, 1) == two.store(0).tail(h, 1));
    BOOST_TEST(one.find(105) == 5u);
    BOOST_TEST(one.key(5) == 105u);
    // The one-model table holds no per-entity histogram array.
    EntityTable bare(1);
    for (ValueId key = 100; key < 110; ++key) (void)bare.insert(key);
    EntityTable paired(2);
    for (ValueId key = 100; key < 110; ++key) (void)paired.insert(key);
    BOOST_TEST(bare.bytes() < paired.bytes());
}

BOOST_AUTO_TEST_SUITE_END()
