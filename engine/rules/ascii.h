#pragma once
// ASCII case folding for the hot path: needles are lowered once at compile time,
// haystacks are folded byte by byte while comparing, so nothing allocates.
// Only A-Z fold (README: "Case"); 'É' and 'é' are different bytes and stay different.

#include <cstddef>
#include <string>
#include <string_view>

#include "core/ascii.h"

namespace trailproof::rules {

using trailproof::ascii_lower;
using trailproof::ascii_lowered;

// `hay` equals `needle`; `needle` is already lowered unless `cased`.
inline bool equals_at(std::string_view hay, std::size_t at, std::string_view needle, bool cased) noexcept {
    if (at > hay.size() || hay.size() - at < needle.size()) return false;
    if (cased) return hay.compare(at, needle.size(), needle) == 0;
    for (std::size_t i = 0; i < needle.size(); ++i)
        if (ascii_lower(hay[at + i]) != needle[i]) return false;
    return true;
}

inline bool equals_folded(std::string_view hay, std::string_view needle, bool cased) noexcept {
    return hay.size() == needle.size() && equals_at(hay, 0, needle, cased);
}

// First position >= `from` where `needle` occurs in `hay`, or npos.
inline std::size_t find_folded(std::string_view hay, std::string_view needle, bool cased,
                               std::size_t from = 0) noexcept {
    if (needle.empty()) return from <= hay.size() ? from : std::string_view::npos;
    if (cased) return hay.find(needle, from);
    if (hay.size() < needle.size()) return std::string_view::npos;
    const char first = needle[0];
    const std::size_t last = hay.size() - needle.size();
    for (std::size_t i = from; i <= last; ++i)
        if (ascii_lower(hay[i]) == first && equals_at(hay, i, needle, false)) return i;
    return std::string_view::npos;
}

// Both sides unlowered (fieldref compares two event values).
inline bool equals_both_at(std::string_view hay, std::size_t at, std::string_view needle, bool cased) noexcept {
    if (at > hay.size() || hay.size() - at < needle.size()) return false;
    if (cased) return hay.compare(at, needle.size(), needle) == 0;
    for (std::size_t i = 0; i < needle.size(); ++i)
        if (ascii_lower(hay[at + i]) != ascii_lower(needle[i])) return false;
    return true;
}

inline bool contains_both(std::string_view hay, std::string_view needle, bool cased) noexcept {
    if (needle.size() > hay.size()) return false;
    for (std::size_t i = 0; i + needle.size() <= hay.size(); ++i)
        if (equals_both_at(hay, i, needle, cased)) return true;
    return false;
}

} // namespace trailproof::rules
