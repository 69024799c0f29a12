#include "correlate/group_table.h"

#include <limits>

namespace trailproof::correlate {

std::int64_t window_deadline(bool rising, std::int64_t timespan_ms, const GroupWindow& window) noexcept {
    const std::int64_t from = rising ? window.newest() : window.oldest();
    constexpr std::int64_t k_max = std::numeric_limits<std::int64_t>::max();
    return from > k_max - timespan_ms ? k_max : from + timespan_ms; // timespan_ms >= 0
}

Group* GroupTable::find(std::string_view key) noexcept {
    auto it = m_groups.find(key);
    return it == m_groups.end() ? nullptr : &it->second;
}

Group& GroupTable::create(std::string_view key, std::size_t slots) {
    auto [it, inserted] = m_groups.try_emplace(std::string(key), slots);
    Group& g = it->second;
    g.key = &it->first;
    g.deadline = 0;
    (void)inserted;
    return g;
}

void GroupTable::set_deadline(Group& group, std::int64_t deadline) {
    // Groups are indexed from their first set_deadline on; an unindexed group
    // has deadline 0 and no Due entry, so erasing a missing entry is harmless.
    m_due.erase(Due{group.deadline, &group});
    group.deadline = deadline;
    m_due.insert(Due{deadline, &group});
}

Group* GroupTable::earliest() const noexcept {
    return m_due.empty() ? nullptr : m_due.begin()->group;
}

void GroupTable::erase(Group& group) {
    m_due.erase(Due{group.deadline, &group});
    // Erase by iterator: erasing by a key that lives inside the node being erased is fragile.
    auto it = m_groups.find(*group.key);
    if (it != m_groups.end()) m_groups.erase(it);
}

void GroupTable::clear() noexcept {
    m_due.clear();
    m_groups.clear();
}

} // namespace trailproof::correlate
