#include "models/session_tracker.h"

#include <algorithm>

namespace trailproof::models {

void SessionTracker::resize(std::size_t users) {
    if (m_sessions.size() < users) m_sessions.resize(users);
}

const Session* SessionTracker::live(std::uint32_t user, std::int64_t now) const noexcept {
    if (user >= m_sessions.size()) return nullptr;
    const Session& s = m_sessions[user];
    return s.open && now - s.last_ms < m_options.gap_ms ? &s : nullptr;
}

void SessionTracker::reset(Session& s) const {
    s.open = false;
    s.reported = false;
    s.start_ms = s.last_ms = 0;
    s.events = 0;
    s.score = 0;
    s.dropped_alerts = 0;
    s.alerts.clear();
    s.distinct.resize(m_fields);
    for (auto& set : s.distinct) set.clear();
    s.new_counts.assign(m_nth, 0);
}

Session& SessionTracker::current(std::uint32_t user, std::int64_t now) {
    Session& s = m_sessions[user];
    if (!live(user, now)) {
        reset(s);
        s.open = true;
        s.start_ms = s.last_ms = now;
    }
    return s;
}

std::size_t SessionTracker::open_count() const noexcept {
    return static_cast<std::size_t>(std::count_if(m_sessions.begin(), m_sessions.end(), [](const Session& s) { return s.open; }));
}

std::size_t SessionTracker::bytes() const noexcept {
    std::size_t total = m_sessions.capacity() * sizeof(Session);
    for (const auto& s : m_sessions) {
        total += s.alerts.capacity() * sizeof(SessionAlert) + s.new_counts.capacity() * sizeof(std::uint32_t) +
                 s.distinct.capacity() * sizeof(std::vector<ValueId>);
        for (const auto& set : s.distinct) total += set.capacity() * sizeof(ValueId);
    }
    return total;
}

} // namespace trailproof::models
