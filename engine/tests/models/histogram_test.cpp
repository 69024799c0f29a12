// HistogramStore: the flat (histogram, value) table of a scope group and its
// count-of-counts. The rare tail an abnormal check reads is summed over the
// distinct counts, never over the values; these tests hold it equal to a scan of
// the histogram.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdint>
#include <map>
#include <random>
#include <utility>
#include <vector>

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

} // namespace

BOOST_AUTO_TEST_SUITE(models_histogram)

BOOST_AUTO_TEST_CASE(tail_sums_the_values_seen_at_most_as_often) {
    HistogramStore store;
    const std::uint32_t h = store.add_histogram();
    const std::uint32_t other = store.add_histogram();
    auto see = [&](std::uint32_t hist, ValueId v, int times) {
        for (int i = 0; i < times; ++i) BOOST_REQUIRE(store.observe(hist, v, 1000, true) != nullptr);
    };
    see(h, 10, 5);     // A: 5
    see(h, 11, 1);     // B: 1
    see(h, 12, 1);     // C: 1
    see(h, 13, 3);     // D: 3
    see(other, 11, 7); // another histogram: never in h's tail
    BOOST_TEST(store.counters(h).total == 10u);
    BOOST_TEST(store.counters(h).distinct == 4u);
    BOOST_TEST(store.count(*store.find(h, 13)) == 3u);
    BOOST_TEST(store.find(h, 14) == nullptr);
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
    BOOST_TEST(store.observe(h, 99, 2000, false) == nullptr);
    BOOST_TEST(store.counters(h).total == 10u);
    BOOST_TEST(store.find(h, 99) == nullptr);
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
    BOOST_TEST(store.find(h, 1) == nullptr);
    BOOST_TEST(store.find(h, 2) == nullptr);
    BOOST_TEST(store.count(*store.find(h, 3)) == 2u);
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
                        const HistogramEntry* e = s.find(h, key.second);
                        BOOST_REQUIRE_MESSAGE(e && s.count(*e) == r.count && e->last_seen_ms == r.last_seen_ms,
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
                std::int64_t oldest = INT64_MAX;
                for (auto it = ref.begin(); it != ref.end();) {
                    if (it->first.first == h && it->second.last_seen_ms <= cutoff) {
                        it = ref.erase(it);
                        continue;
                    }
                    if (it->first.first == h) oldest = std::min(oldest, it->second.last_seen_ms);
                    ++it;
                }
                BOOST_REQUIRE(store.remove_older(h, cutoff) == oldest);
            } else {
                // Skewed values: a few common ones and a long rare tail.
                const auto v = static_cast<ValueId>(std::min(rng() % alphabet, rng() % alphabet));
                const bool may_add = store.counters(h).distinct < cap;
                const HistogramEntry* e = store.observe(h, v, now, may_add);
                auto it = ref.find({h, v});
                if (it == ref.end() && !may_add) {
                    BOOST_REQUIRE(e == nullptr);
                } else {
                    Reference& r = ref[{h, v}];
                    ++r.count;
                    r.last_seen_ms = std::max(r.last_seen_ms, now);
                    BOOST_REQUIRE(e != nullptr);
                }
            }
            if (step % 25 == 0) check(store, step);
        }
        check(store, 600);

        // Reload: a fresh store loaded from values() answers the same.
        HistogramStore reloaded;
        std::vector<StoredValue> values;
        for (std::uint32_t h = 0; h < histograms; ++h) {
            BOOST_REQUIRE(reloaded.add_histogram() == h);
            values.clear();
            store.values(h, values);
            std::shuffle(values.begin(), values.end(), rng);
            reloaded.load(h, values);
            reloaded.counters(h).total = store.counters(h).total;
        }
        check(reloaded, -1);
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
    store.load(h, values);
    BOOST_TEST(store.count(*store.find(h, 1)) == 5'000'000'001ULL);
    BOOST_TEST(store.count(*store.find(h, 2)) == 1u);
    BOOST_TEST(store.count(*store.find(h, 3)) == UINT64_MAX);
    BOOST_TEST(store.count(*store.find(h, 4)) == 4'294'967'296ULL);
    BOOST_TEST(store.find(h, 1)->last_seen_ms == INT64_MIN + 1);
    BOOST_TEST(store.find(h, 2)->last_seen_ms == -86'400'000);
    BOOST_TEST(store.find(h, 3)->last_seen_ms == INT64_MAX);
    BOOST_TEST(store.find(h, 4)->last_seen_ms == 0x1'2345'6789LL);
    BOOST_TEST(store.tail(h, 4'294'967'296ULL) == 4'294'967'297ULL);
    // One more observation moves the value to the bucket of count + 1 across the 2^32 boundary.
    BOOST_REQUIRE(store.observe(h, 4, 0x2'0000'0000LL, false) != nullptr);
    BOOST_TEST(store.count(*store.find(h, 4)) == 4'294'967'297ULL);
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

BOOST_AUTO_TEST_SUITE_END()
