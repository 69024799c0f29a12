#pragma once
// Levenshtein distance for "did you mean" suggestions (unknown modifiers, model
// references, AWS event names). One copy for the engine and the harness. Load
// time only: it allocates one row of b.size() + 1 counters.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace trailproof {

// The number of single-byte insertions, deletions and substitutions that turn `a`
// into `b`; with `fold_case`, ASCII letters compare without case (core/ascii.h).
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b, bool fold_case);

// The candidate closest to `unknown` when it is fewer than `below` edits away
// (the first of equally close ones), else "". The view points into `candidates`.
[[nodiscard]] std::string_view closest_name(std::string_view unknown, const std::vector<std::string_view>& candidates,
                                            std::size_t below, bool fold_case);

// "; did you mean 'x'?" with x = closest_name(...), or "" when nothing is that close:
// the tail every "unknown ..." message of the project appends.
[[nodiscard]] std::string did_you_mean(std::string_view unknown, const std::vector<std::string_view>& candidates,
                                       std::size_t below, bool fold_case);

} // namespace trailproof
