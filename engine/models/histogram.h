#pragma once
// Behavioural histograms: for one entity, how often each value of each of its
// models' features was seen, and when last. All models of an entity share one
// flat open-addressing table keyed by (model, value) (DESIGN.md "Performance
// shape": one hash lookup finds the entity, its histograms sit side by side),
// and each model keeps small counters (N observations, C distinct values).
//
// The math (DESIGN.md "Behavioural semantics"):
//   confidence = ((N - C) / N) ^ alpha          (0 when N == 0)
//   converged  = N >= min_observations and confidence >= threshold
//                and D >= min_days (D: distinct UTC days with observations)

#include <cstdint>
#include <vector>

#include "models/value_interner.h"

namespace trailproof::models {

// ((n - c) / n) ^ alpha; 0 when n == 0 or c >= n.
[[nodiscard]] double confidence(std::uint64_t n, std::uint64_t c, double alpha) noexcept;

struct Convergence {
    double alpha = 1.0;
    double confidence = 0.8;           // threshold on confidence()
    std::uint64_t min_observations = 10;
    std::uint32_t min_days = 7;        // distinct UTC days with observations (README.md "Semantics")
};

[[nodiscard]] bool converged(std::uint64_t n, std::uint64_t c, std::uint32_t days, const Convergence& params) noexcept;

// The UTC day number (days since 1970-01-01) of an event time in milliseconds.
[[nodiscard]] std::int64_t utc_day(std::int64_t time_ms) noexcept;

// Per (entity, model) counters. Invariant: total == sum of the stored counts
// and distinct == number of stored values, unless a count saturated (2^64).
struct HistogramCounters {
    std::uint64_t total = 0;          // N: observations of stored values
    std::uint32_t distinct = 0;       // C: stored values
    std::uint32_t overflow = 0;       // observations dropped because the model was at max_values
    std::int64_t next_expiry_ms = INT64_MAX; // ageing: oldest last_seen + ageing; INT64_MAX = nothing to forget
    std::uint32_t days = 0;           // D: distinct UTC days with observations; never goes down
    std::int32_t last_day = INT32_MIN; // the latest day counted (utc_day, clamped to int32)
    std::uint64_t day_mask = 0;       // bit i: day last_day - i was counted (the last 64 days)

    // Counts the UTC day of `time_ms` once. A day up to 63 days before the latest
    // one is still counted exactly (CloudTrail delivers slightly out of order); an
    // older one is not counted. Nothing ever un-counts a day.
    void note_day(std::int64_t time_ms) noexcept;
};

struct HistogramEntry {
    ValueId value = k_no_value; // k_no_value marks an empty slot
    std::uint32_t model = 0;    // model index inside the entity's scope group
    std::uint64_t count = 0;
    std::int64_t last_seen_ms = 0; // the latest event time seen; never moves backwards
};

// The (model, value) -> entry table of one entity. Linear probing, at most 3/4
// full, grows by doubling; removal (ageing) rebuilds the table.
class EntityHistograms {
public:
    // The entry for (model, value), or nullptr. Never allocates.
    [[nodiscard]] const HistogramEntry* find(std::uint32_t model, ValueId value) const noexcept;
    // The entry for (model, value), inserting an empty one (count 0) when absent.
    HistogramEntry& insert(std::uint32_t model, ValueId value);
    // One probe for training: the entry for (model, value); when absent, a new
    // empty entry if `may_add`, else nullptr.
    HistogramEntry* find_or_add(std::uint32_t model, ValueId value, bool may_add);
    // Removes every entry of `model` last seen at or before `cutoff_ms`; returns
    // the removed observations and values, and the oldest remaining last_seen of
    // the model (INT64_MAX when none). `scratch` is reused storage.
    struct Removed {
        std::uint64_t observations = 0;
        std::uint32_t values = 0;
        std::int64_t oldest_remaining_ms = INT64_MAX;
    };
    Removed remove_older(std::uint32_t model, std::int64_t cutoff_ms, std::vector<HistogramEntry>& scratch);

    [[nodiscard]] std::size_t size() const noexcept { return m_size; }
    [[nodiscard]] std::size_t bytes() const noexcept { return m_slots.capacity() * sizeof(HistogramEntry); }
    // Every stored entry, in table order (callers sort when order matters).
    [[nodiscard]] const std::vector<HistogramEntry>& slots() const noexcept { return m_slots; }

private:
    [[nodiscard]] std::size_t slot_of(std::uint32_t model, ValueId value) const noexcept;
    void grow();

    std::vector<HistogramEntry> m_slots; // capacity a power of two (or empty)
    std::size_t m_size = 0;
};

} // namespace trailproof::models
