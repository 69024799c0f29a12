#pragma once
// Built-in facts about a user, kept for every user key seen (DESIGN.md; rules
// NEW-USER-F, DORMANT-USER and the `-new` variants read them). Updated by
// ModelState::train for every event that has a user, whatever its activity type.
//
// DECIDE (order): "before" means earlier in processing (input) order, not in
// event time; first_seen is the earliest event time seen and last_seen the
// latest, so an out-of-order event never makes a user younger or more dormant.

#include <cstdint>

namespace trailproof::models {

struct UserFacts {
    std::int64_t first_seen_ms = 0;
    std::int64_t last_seen_ms = 0;
    std::uint64_t events = 0; // events processed (trained) for this user
};

// No event of this user was processed before (facts == nullptr: never seen).
[[nodiscard]] inline bool is_new_user(const UserFacts* facts) noexcept { return !facts || facts->events == 0; }

// The user had an event before, and the latest was more than `gap_ms` before `now`.
[[nodiscard]] inline bool is_dormant(const UserFacts* facts, std::int64_t now, std::int64_t gap_ms) noexcept {
    return facts && facts->events > 0 && now - facts->last_seen_ms > gap_ms;
}

// The user's first event is less than `window_ms` before `now` (a never-seen user is first seen now).
[[nodiscard]] inline bool first_seen_within(const UserFacts* facts, std::int64_t now, std::int64_t window_ms) noexcept {
    return is_new_user(facts) || now - facts->first_seen_ms < window_ms;
}

inline void record_event(UserFacts& facts, std::int64_t now) noexcept {
    if (facts.events == 0 || now < facts.first_seen_ms) facts.first_seen_ms = now;
    if (facts.events == 0 || now > facts.last_seen_ms) facts.last_seen_ms = now;
    ++facts.events;
}

} // namespace trailproof::models
