#pragma once
// Levenshtein distance for "did you mean" suggestions (unknown modifiers, model
// references, AWS event names). One copy for the engine and the harness. Load
// time only: it allocates one row of b.size() + 1 counters.

#include <cstddef>
#include <string_view>

namespace trailproof {

// The number of single-byte insertions, deletions and substitutions that turn `a`
// into `b`; with `fold_case`, ASCII letters compare without case (core/ascii.h).
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b, bool fold_case);

} // namespace trailproof
