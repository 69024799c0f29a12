#include "correlate/group_window.h"

#include <algorithm>

namespace trailproof::correlate {

void GroupWindow::count(const WindowEntry& e, bool add) {
    if (e.slot < m_slot_counts.size()) {
        std::uint32_t& n = m_slot_counts[e.slot];
        if (add) {
            if (n++ == 0) ++m_slots_seen;
        } else if (n > 0 && --n == 0) {
            --m_slots_seen;
        }
    }
    if (e.value.empty()) return; // only value_count entries carry a value (never empty when encoded)
    if (add) {
        ++m_values[e.value];
    } else if (auto it = m_values.find(e.value); it != m_values.end() && --it->second == 0) {
        m_values.erase(it);
    }
}

void GroupWindow::insert(WindowEntry entry) {
    count(entry, true);
    // Almost always appended; a late hit searches from the back.
    auto at = std::upper_bound(m_entries.begin(), m_entries.end(), entry.time_ms,
                               [](std::int64_t t, const WindowEntry& e) { return t < e.time_ms; });
    m_entries.insert(at, std::move(entry));
}

void GroupWindow::prune_before(std::int64_t start_ms) {
    while (!m_entries.empty() && m_entries.front().time_ms < start_ms) {
        count(m_entries.front(), false);
        m_entries.pop_front();
    }
}

std::uint64_t GroupWindow::aggregate(rules::CorrelationType type, std::span<const std::uint32_t> order) const noexcept {
    switch (type) {
    case rules::CorrelationType::EventCount: return m_entries.size();
    case rules::CorrelationType::ValueCount: return m_values.size();
    case rules::CorrelationType::Temporal: return m_slots_seen;
    case rules::CorrelationType::TemporalOrdered: {
        // Greedy subsequence match: other hits may sit between the steps, and
        // taking the earliest match of each step is never worse for the rest.
        std::size_t matched = 0;
        for (const auto& e : m_entries) {
            if (matched == order.size()) break;
            if (e.slot == order[matched]) ++matched;
        }
        return matched;
    }
    default: return 0;
    }
}

} // namespace trailproof::correlate
