#pragma once
// Behavioural histograms: for each (entity, model) of one scope group, how often
// each value of the model's feature was seen, and when last. Every histogram of
// the group lives in one flat store (DESIGN.md "Performance shape"): one
// open-addressing index keyed by (histogram, value) over dense entries, where a
// histogram id stands for one (entity, model) pair. Each histogram keeps small
// counters (N observations, C distinct values) and its count-of-counts: the
// distinct counts of its values in ascending order, each with how many values
// have it. An observation moves a value from the bucket of count k to the one of
// k + 1 (the next bucket, or a new one right after): O(1), no scan. The rare
// tail of a count c (the observations of every value seen at most c times) is
// summed over the buckets up to c, never over the values.
//
// The math (DESIGN.md "Behavioural semantics"):
//   confidence = ((N - C) / N) ^ alpha          (0 when N == 0)
//   converged  = N >= min_observations and confidence >= threshold
//                and D >= min_days (D: distinct UTC days with observations)

#include <cmath>
#include <cstdint>
#include <optional>
#include <vector>

#include "models/value_interner.h"

namespace trailproof::models {

// ((n - c) / n) ^ alpha; 0 when n == 0 or c >= n.
[[nodiscard]] inline double confidence(std::uint64_t n, std::uint64_t c, double alpha) noexcept {
    if (n == 0 || c >= n) return 0.0;
    const double base = static_cast<double>(n - c) / static_cast<double>(n);
    return alpha == 1.0 ? base : std::pow(base, alpha);
}

struct Convergence {
    double alpha = 1.0;
    double confidence = 0.8;           // threshold on confidence()
    std::uint64_t min_observations = 10;
    std::uint32_t min_days = 7;        // distinct UTC days with observations (README.md "Semantics")
};

// Inline: every model check asks it first.
[[nodiscard]] inline bool converged(std::uint64_t n, std::uint64_t c, std::uint32_t days,
                                    const Convergence& params) noexcept {
    return n >= params.min_observations && n > 0 && days >= params.min_days &&
           confidence(n, c, params.alpha) >= params.confidence;
}

// The UTC day number (days since 1970-01-01) of an event time in milliseconds.
[[nodiscard]] std::int64_t utc_day(std::int64_t time_ms) noexcept;

inline constexpr std::uint32_t k_no_histogram = UINT32_MAX;
inline constexpr std::uint32_t k_no_index = UINT32_MAX;

// Per (entity, model) counters, 40 bytes. Invariant: total == sum of the stored
// counts and distinct == number of stored values, unless a count saturated (2^64).
// The ageing deadline and last-seen times live beside them in the store, only in
// a store that keeps them (HistogramStore's `ages` and `times`).
//
// A histogram whose one stored value is seen exactly N times (total) keeps that
// value inline: first_value is its value id and first_bucket is k_inline (its
// last-seen time, when the store keeps times, is in the store's by-histogram
// array), so it has no entry, bucket or index slot in the store's table (most histograms of a deployment hold one value: one access
// key, one app per user). It moves into the table when a second value arrives
// and back when ageing leaves one.
struct HistogramCounters {
    std::uint64_t total = 0;          // N: observations of stored values
    std::uint32_t distinct = 0;       // C: stored values
    std::uint32_t overflow = 0;       // observations dropped because the model was at max_values
    std::uint32_t first_value = k_no_index;  // chain of the histogram's entries (any order), or the inline value
    std::uint32_t first_bucket = k_no_index; // the bucket of the lowest count, or k_inline
    std::uint32_t days = 0;           // D: distinct UTC days with observations; never goes down
    std::int32_t last_day = INT32_MIN; // the latest day counted (utc_day, clamped to int32)
    std::uint64_t day_mask = 0;       // bit i: day last_day - i was counted (the last 64 days)

    static constexpr std::uint32_t k_inline = UINT32_MAX - 1;
    [[nodiscard]] bool is_inline() const noexcept { return first_bucket == k_inline; }

    // Counts the UTC day of `time_ms` once. A day up to 63 days before the latest
    // one is still counted exactly (CloudTrail delivers slightly out of order); an
    // older one is not counted. Nothing ever un-counts a day.
    void note_day(std::int64_t time_ms) noexcept { note_counted_day(counted_day(time_ms)); }
    // note_day with the day given (counted_day of the time): a caller that observes
    // many histograms at one time computes it once. The latest day, counted, is the
    // common case and returns at once.
    void note_counted_day(std::int32_t day) noexcept {
        if (day == last_day && (day_mask & 1) != 0) return;
        note_other_day(day);
    }
    // The day note_day counts for `time_ms`: utc_day, clamped to the int32 days kept.
    [[nodiscard]] static std::int32_t counted_day(std::int64_t time_ms) noexcept;

private:
    void note_other_day(std::int32_t day) noexcept;
};

// One stored value of a histogram in the table. 16 bytes, no padding: its count
// is its bucket's; its last-seen time (in a store that keeps times) is in the
// store's by-entry array.
struct HistogramEntry {
    std::uint32_t histogram = k_no_histogram; // k_no_histogram marks a free entry
    ValueId value = k_no_value;
    std::uint32_t bucket = k_no_index;        // count-of-counts bucket (k_no_index: count 0, a fresh entry)
    std::uint32_t next = k_no_index;          // next entry of the histogram (or of the free list)
};

// A stored value as looked up, exported and imported (state image).
struct StoredValue {
    ValueId value = k_no_value;
    std::uint64_t count = 0;
    std::int64_t last_seen_ms = 0; // the latest event time seen, never moving backwards; 0 in a store without times
};

// The histograms of one scope group.
class HistogramStore {
public:
    // `ages`: the store's models age, so each histogram keeps an ageing deadline
    // (and its values their last-seen times). `times`: the values keep their
    // last-seen times even though nothing ages; a store with neither records no
    // time (8 bytes less per value and per histogram: the models that do not age,
    // most of them), and reports 0 as every value's last-seen.
    explicit HistogramStore(bool ages = false, bool times = true) : m_ages(ages), m_times(ages || times) {}
    // The values keep their last-seen times.
    [[nodiscard]] bool keeps_times() const noexcept { return m_times; }

    // A new, empty histogram; returns its id (EntityTable maps (entity, model) to it).
    std::uint32_t add_histogram();
    [[nodiscard]] HistogramCounters& counters(std::uint32_t histogram) noexcept { return m_histograms[histogram]; }
    [[nodiscard]] const HistogramCounters& counters(std::uint32_t histogram) const noexcept {
        return m_histograms[histogram];
    }
    [[nodiscard]] std::size_t histogram_count() const noexcept { return m_histograms.size(); }
    // Ageing: the oldest last_seen + the model's ageing (INT64_MAX = nothing to
    // forget); only in a store made with `ages`, INT64_MAX in any other.
    [[nodiscard]] std::int64_t next_expiry(std::uint32_t histogram) const noexcept {
        return m_ages ? m_expiry[histogram] : INT64_MAX;
    }
    // Sets it; a store without `ages` ignores it.
    void set_next_expiry(std::uint32_t histogram, std::int64_t time_ms) noexcept {
        if (m_ages) m_expiry[histogram] = time_ms;
    }

    // The stored value (histogram, value) with its count and last-seen time, or
    // nothing. Never allocates.
    [[nodiscard]] std::optional<StoredValue> find(std::uint32_t histogram, ValueId value) const noexcept;
    // How often (histogram, value) was seen; 0 when it is not stored.
    [[nodiscard]] std::uint64_t count(std::uint32_t histogram, ValueId value) const noexcept;
    // One probe for training: counts one observation of `value` at `now_ms`. When
    // the value is not stored yet it is added if `may_add`, else nothing changes
    // and the result is nothing. Updates N, C and the count-of-counts; returns the
    // value as stored after the observation.
    std::optional<StoredValue> observe(std::uint32_t histogram, ValueId value, std::int64_t now_ms, bool may_add);

    // The observations of the histogram's values seen at most `count` times
    // (ties included), from the count-of-counts.
    [[nodiscard]] std::uint64_t tail(std::uint32_t histogram, std::uint64_t count) const noexcept;
    // tail(histogram, count) < limit, stopping as soon as the sum reaches the limit.
    // Walks at most the distinct counts up to `count`, fewer than sqrt(2 * limit) + 1.
    [[nodiscard]] bool tail_below(std::uint32_t histogram, std::uint64_t count, double limit) const noexcept;

    // Removes every value of `histogram` last seen at or before `cutoff_ms`
    // (N and C follow); returns the oldest remaining last_seen (INT64_MAX when none).
    // In a store without times every value reads as last seen at 0.
    std::int64_t remove_older(std::uint32_t histogram, std::int64_t cutoff_ms) noexcept;

    // Fills an empty histogram with `values` (counts >= 1, distinct values, any
    // order; `values` is reordered) and sets N to `total` (the image keeps it) and C.
    void load(std::uint32_t histogram, std::vector<StoredValue>& values, std::uint64_t total);
    // Appends the histogram's values to `out` (table order; callers sort).
    void values(std::uint32_t histogram, std::vector<StoredValue>& out) const;

    // Heap bytes held (capacities), for stats.
    [[nodiscard]] std::size_t bytes() const noexcept;
    void clear() noexcept;

private:
    // 20 bytes: the count in two 32-bit halves, so the record needs no 8-byte alignment.
    struct Bucket {
        std::uint32_t count_lo = 0, count_hi = 0;
        std::uint32_t values = 0;            // values of the histogram seen exactly count() times
        std::uint32_t prev = k_no_index;     // lower count (or the free list's link)
        std::uint32_t next = k_no_index;     // higher count

        [[nodiscard]] std::uint64_t count() const noexcept {
            return (static_cast<std::uint64_t>(count_hi) << 32) | count_lo;
        }
    };
    [[nodiscard]] static Bucket bucket_of(std::uint64_t count) noexcept {
        return {static_cast<std::uint32_t>(count), static_cast<std::uint32_t>(count >> 32), 0, k_no_index, k_no_index};
    }

    // How often a table entry's value was seen.
    [[nodiscard]] std::uint64_t count(const HistogramEntry& entry) const noexcept {
        return entry.bucket == k_no_index ? 0 : m_buckets[entry.bucket].count();
    }
    [[nodiscard]] std::size_t slot_of(std::uint32_t histogram, ValueId value) const noexcept;
    [[nodiscard]] std::size_t home(std::uint32_t histogram, ValueId value) const noexcept;
    void grow_index();
    std::uint32_t new_entry();
    void erase_from_index(std::size_t slot) noexcept;
    std::uint32_t new_bucket(std::uint64_t count);
    void free_bucket(HistogramCounters& h, std::uint32_t bucket) noexcept;
    // Moves `entry` (count k, bucket may be none for 0) to the bucket of k + 1.
    void step_up(HistogramCounters& h, HistogramEntry& entry);
    // Adds (histogram, value) to the table with `count` observations (a bucket of
    // its own placed in the ascending list), chained first; the slot is value's.
    std::uint32_t add_entry(std::uint32_t histogram, ValueId value, std::uint64_t count, std::int64_t last_seen_ms);
    // An inline value moves into the table (before a second value is added).
    void spill(std::uint32_t histogram);
    // A table histogram left with one value seen N times takes it back inline.
    void take_inline(std::uint32_t histogram) noexcept;
    // Last-seen times (0 in a store without them).
    [[nodiscard]] std::int64_t entry_seen(std::uint32_t e) const noexcept { return m_times ? m_entry_seen[e] : 0; }
    [[nodiscard]] std::int64_t inline_seen(std::uint32_t histogram) const noexcept {
        return m_times ? m_inline_seen[histogram] : 0;
    }
    // Frees the table entry `e` of `histogram` (unlinked from its chain by the caller).
    void drop_entry(HistogramCounters& h, std::uint32_t e) noexcept;

    bool m_ages = false;
    bool m_times = true;
    std::vector<HistogramCounters> m_histograms;
    std::vector<std::int64_t> m_expiry;      // by histogram, only when m_ages
    std::vector<std::int64_t> m_inline_seen; // by histogram, only when m_times: the inline value's last-seen time
    std::vector<HistogramEntry> m_entries;   // dense; free entries chained from m_free_entry
    std::vector<std::int64_t> m_entry_seen;  // by entry, only when m_times: its last-seen time
    std::vector<std::uint32_t> m_index;      // entry + 1, 0 = empty; at most 3/4 full (open_index.h)
    std::vector<Bucket> m_buckets;           // free buckets chained from m_free_bucket
    std::size_t m_stored = 0;                // entries in use
    std::uint32_t m_free_entry = k_no_index;
    std::uint32_t m_free_bucket = k_no_index;
};

} // namespace trailproof::models
