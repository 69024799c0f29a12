#pragma once
// The open groups of one correlation, by encoded group key, plus an index of
// their deadlines so expiry and window closing cost O(log groups) per group,
// never a scan of all groups.
//
// A group's deadline is the event time after which it is done: for a Rising
// correlation its newest hit + timespan (after that every hit has left the
// window), for a Closing one its oldest hit + timespan (the window's end). The
// index orders groups by (deadline, key), which is also the order in which
// closing windows are reported.

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "correlate/group_window.h"

namespace trailproof::correlate {

// The deadline of a non-empty window: newest + timespan (rising) or oldest +
// timespan (closing), saturating at the largest time.
[[nodiscard]] std::int64_t window_deadline(bool rising, std::int64_t timespan_ms, const GroupWindow& window) noexcept;

struct Group {
    explicit Group(std::size_t slots) : window(slots) {}
    GroupWindow window;
    std::int64_t deadline = 0;
    const std::string* key = nullptr; // the map key; stable while the group lives
};

class GroupTable {
public:
    using Map = std::map<std::string, Group, std::less<>>;

    // The group of `key`, or nullptr.
    [[nodiscard]] Group* find(std::string_view key) noexcept;
    // A new empty group (the caller checks the cap and that `key` is new); not indexed until set_deadline.
    Group& create(std::string_view key, std::size_t slots);
    // (Re)indexes `group` under `deadline`.
    void set_deadline(Group& group, std::int64_t deadline);
    // The indexed group with the smallest (deadline, key), or nullptr when none.
    [[nodiscard]] Group* earliest() const noexcept;
    void erase(Group& group);
    void clear() noexcept;

    [[nodiscard]] std::size_t size() const noexcept { return m_groups.size(); }
    [[nodiscard]] const Map& groups() const noexcept { return m_groups; }

private:
    struct Due {
        std::int64_t deadline;
        Group* group;
    };
    struct DueLess {
        bool operator()(const Due& a, const Due& b) const noexcept {
            if (a.deadline != b.deadline) return a.deadline < b.deadline;
            return *a.group->key < *b.group->key;
        }
    };
    Map m_groups;
    std::set<Due, DueLess> m_due;
};

} // namespace trailproof::correlate
