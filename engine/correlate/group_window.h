#pragma once
// The hits one group holds inside its correlation's window, and the aggregate
// over them.
//
// Invariant: entries are sorted by event time; hits with equal times stay in
// arrival order. Event time, not arrival, is what orders temporal_ordered, so a
// late hit that still falls inside the window is inserted where its time puts it.

#include <cstdint>
#include <deque>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "rules/correlation_rule.h"

namespace trailproof::correlate {

struct WindowEntry {
    std::int64_t time_ms = 0;
    std::uint32_t slot = 0; // CompiledRef::slot of the reference that hit
    std::string value;      // value_count: the encoded value tuple; "" otherwise
};

class GroupWindow {
public:
    explicit GroupWindow(std::size_t slots) : m_slot_counts(slots, 0) {}

    // Adds a hit after every entry with a time <= its own.
    void insert(WindowEntry entry);
    // Drops every entry older than `start_ms`.
    void prune_before(std::int64_t start_ms);

    // hits (event_count), distinct values (value_count), distinct slots
    // (temporal), or the length of the longest prefix of `order` (the slots of
    // `rules` in order) found as a subsequence of the entries (temporal_ordered).
    [[nodiscard]] std::uint64_t aggregate(rules::CorrelationType type,
                                          std::span<const std::uint32_t> order) const noexcept;

    [[nodiscard]] bool empty() const noexcept { return m_entries.empty(); }
    [[nodiscard]] std::size_t size() const noexcept { return m_entries.size(); }
    [[nodiscard]] std::int64_t oldest() const noexcept { return m_entries.front().time_ms; }
    [[nodiscard]] std::int64_t newest() const noexcept { return m_entries.back().time_ms; }
    [[nodiscard]] const std::deque<WindowEntry>& entries() const noexcept { return m_entries; }

private:
    void count(const WindowEntry& e, bool add);

    std::deque<WindowEntry> m_entries;
    std::map<std::string, std::uint32_t, std::less<>> m_values; // value -> entries holding it
    std::vector<std::uint32_t> m_slot_counts;                   // slot -> entries holding it
    std::uint32_t m_slots_seen = 0;                             // slots with a nonzero count
};

} // namespace trailproof::correlate
