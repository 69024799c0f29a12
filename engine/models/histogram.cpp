#include "models/histogram.h"

#include <algorithm>
#include <cmath>

#include "core/civil_time.h"

namespace trailproof::models {

double confidence(std::uint64_t n, std::uint64_t c, double alpha) noexcept {
    if (n == 0 || c >= n) return 0.0;
    const double base = static_cast<double>(n - c) / static_cast<double>(n);
    return alpha == 1.0 ? base : std::pow(base, alpha);
}

bool converged(std::uint64_t n, std::uint64_t c, std::uint32_t days, const Convergence& params) noexcept {
    return n >= params.min_observations && n > 0 && days >= params.min_days &&
           confidence(n, c, params.alpha) >= params.confidence;
}

std::int64_t utc_day(std::int64_t time_ms) noexcept { return floor_div(time_ms, 86'400'000); }

void HistogramCounters::note_day(std::int64_t time_ms) noexcept {
    const auto day = static_cast<std::int32_t>(std::clamp<std::int64_t>(utc_day(time_ms), INT32_MIN + 1, INT32_MAX));
    if (day > last_day) {
        const std::int64_t shift = static_cast<std::int64_t>(day) - last_day;
        day_mask = shift >= 64 ? 0 : day_mask << shift;
        day_mask |= 1;
        last_day = day;
    } else {
        const std::int64_t back = static_cast<std::int64_t>(last_day) - day;
        const std::uint64_t bit = back < 64 ? std::uint64_t{1} << back : 0;
        if (bit == 0 || (day_mask & bit) != 0) return; // too old to tell, or counted
        day_mask |= bit;
    }
    if (days < UINT32_MAX) ++days;
}

namespace {
std::uint64_t mix(std::uint32_t model, ValueId value) noexcept {
    std::uint64_t x = (static_cast<std::uint64_t>(model) << 32) | value;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return x;
}
} // namespace

std::size_t EntityHistograms::slot_of(std::uint32_t model, ValueId value) const noexcept {
    const std::size_t mask = m_slots.size() - 1;
    std::size_t i = static_cast<std::size_t>(mix(model, value)) & mask;
    while (m_slots[i].value != k_no_value && (m_slots[i].value != value || m_slots[i].model != model))
        i = (i + 1) & mask;
    return i;
}

const HistogramEntry* EntityHistograms::find(std::uint32_t model, ValueId value) const noexcept {
    if (m_size == 0 || value == k_no_value) return nullptr;
    const HistogramEntry& e = m_slots[slot_of(model, value)];
    return e.value == k_no_value ? nullptr : &e;
}

HistogramEntry* EntityHistograms::find_or_add(std::uint32_t model, ValueId value, bool may_add) {
    if ((m_size + 1) * 4 > m_slots.size() * 3) grow();
    HistogramEntry& e = m_slots[slot_of(model, value)];
    if (e.value == k_no_value) {
        if (!may_add) return nullptr;
        e.value = value;
        e.model = model;
        e.count = 0;
        e.last_seen_ms = INT64_MIN;
        ++m_size;
    }
    return &e;
}

HistogramEntry& EntityHistograms::insert(std::uint32_t model, ValueId value) { return *find_or_add(model, value, true); }

void EntityHistograms::grow() {
    std::vector<HistogramEntry> old(m_slots.empty() ? 8 : m_slots.size() * 2);
    m_slots.swap(old);
    for (const HistogramEntry& e : old)
        if (e.value != k_no_value) m_slots[slot_of(e.model, e.value)] = e;
}

EntityHistograms::Removed EntityHistograms::remove_older(std::uint32_t model, std::int64_t cutoff_ms,
                                                         std::vector<HistogramEntry>& scratch) {
    Removed removed;
    scratch.clear();
    for (HistogramEntry& e : m_slots) {
        if (e.value == k_no_value) continue;
        if (e.model == model && e.last_seen_ms <= cutoff_ms) {
            removed.observations += e.count;
            ++removed.values;
        } else {
            if (e.model == model && e.last_seen_ms < removed.oldest_remaining_ms)
                removed.oldest_remaining_ms = e.last_seen_ms;
            scratch.push_back(e);
        }
        e.value = k_no_value;
    }
    // Re-insert the survivors into the same (now empty) table: no allocation.
    m_size = scratch.size();
    for (const HistogramEntry& e : scratch) m_slots[slot_of(e.model, e.value)] = e;
    return removed;
}

} // namespace trailproof::models
