#pragma once
// The open-addressing indexes of the model state (HistogramStore, EntityTable,
// ValueInterner): slots of 32-bit entries (0 = empty), linear probing, at most
// 3/4 full. They grow by half, not double, so a grown index is at least half
// full, not 3/8 (they are a good part of the state's bytes: README.md,
// "Measured"). A size is then not a power of two, so the home slot of a 32-bit
// hash is the hash scaled to the size (multiply and shift, Lemire's
// "fastrange"), never a mask: its high bits must be well mixed.
// Sizes stay below 2^32 (the entries are 32-bit).

#include <cstddef>
#include <cstdint>

namespace trailproof::models {

// The home slot of the 32-bit `hash` in an index of `slots` (> 0) slots.
[[nodiscard]] inline std::size_t index_home(std::uint32_t hash, std::size_t slots) noexcept {
    return static_cast<std::size_t>((static_cast<std::uint64_t>(hash) * static_cast<std::uint64_t>(slots)) >> 32);
}
// The slot after `slot`, wrapping.
[[nodiscard]] inline std::size_t index_next(std::size_t slot, std::size_t slots) noexcept {
    return slot + 1 == slots ? 0 : slot + 1;
}
// True when an index of `slots` slots may not hold `entries` entries (over 3/4 full).
[[nodiscard]] inline bool index_over(std::size_t entries, std::size_t slots) noexcept { return entries * 4 > slots * 3; }
// The size an index of `slots` slots grows to (`first` when it has none yet).
[[nodiscard]] inline std::size_t grown_index(std::size_t slots, std::size_t first) noexcept {
    return slots == 0 ? first : slots + slots / 2;
}

} // namespace trailproof::models
