#include "models/histogram.h"

#include <cmath>

namespace trailproof::models {

double confidence(std::uint64_t n, std::uint64_t c, double alpha) noexcept {
    if (n == 0 || c >= n) return 0.0;
    const double base = static_cast<double>(n - c) / static_cast<double>(n);
    return alpha == 1.0 ? base : std::pow(base, alpha);
}

bool converged(std::uint64_t n, std::uint64_t c, const Convergence& params) noexcept {
    return n >= params.min_observations && n > 0 && confidence(n, c, params.alpha) >= params.confidence;
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
