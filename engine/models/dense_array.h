#pragma once
// The dense arrays of the model state (histogram counters, table entries,
// count-of-counts buckets, entity keys, interner spans) hold most of its bytes,
// and a capacity past the size is counted like the rest (StateStats::bytes).
// They grow by an eighth, not by half: after a growth at most a ninth of an
// array is unused (about an eighteenth on average), for more copies on growth
// (each element about eight times over the array's life instead of two or
// three); nothing grows in a warmed-up run.

#include <cstddef>
#include <vector>

namespace trailproof::models {

// The capacity an array of capacity `capacity` grows to.
[[nodiscard]] inline std::size_t grown_capacity(std::size_t capacity) noexcept { return capacity + capacity / 8 + 8; }

// make_room's growth, out of line: the check stays a compare and a branch where it is inlined.
template <class T> [[gnu::noinline]] void grow_array(std::vector<T>& v) { v.reserve(grown_capacity(v.capacity())); }

// Room for one more element of `v`, grown by grown_capacity when full.
template <class T> inline void make_room(std::vector<T>& v) {
    if (v.size() == v.capacity()) [[unlikely]]
        grow_array(v);
}

} // namespace trailproof::models
