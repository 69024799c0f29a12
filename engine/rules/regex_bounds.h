#pragma once
// An exact pre-check in front of RE2 (issue 13): facts that every text a regex
// matches has, read from the pattern once at compile time, so that most events
// are decided without running RE2 (the user-agent rules ran it on every event).
// Only a plain subset of the syntax is read: ASCII literals and escaped
// punctuation, positive classes, \d \s \w, `.`, groups, alternation,
// quantifiers, ^ first and $ last, leading (?imsU) flags. Any other pattern
// gets bounds that reject nothing. rejects() says yes only where RE2 says no
// (held to RE2 by the differential test, regex_bounds_test.cpp).

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>

namespace trailproof::rules {

struct RegexBounds {
    static constexpr std::size_t k_unbounded = std::numeric_limits<std::size_t>::max();
    std::size_t min_length = 0;           // bytes of the shortest match
    std::size_t max_length = k_unbounded; // ^...$ patterns: bytes of the longest match (the whole text)
    // ^ patterns whose matches are never empty: a match, so the text, starts with one of these bytes.
    bool first_known = false;
    std::array<std::uint64_t, 4> first_bytes{};

    // True only when the regex cannot match `text` (an unanchored search, RE2::UNANCHORED).
    [[nodiscard]] bool rejects(std::string_view text) const noexcept {
        if (text.size() < min_length || text.size() > max_length) return true;
        if (!first_known) return false;
        const auto b = static_cast<unsigned char>(text.front());
        return ((first_bytes[b >> 6] >> (b & 63)) & 1) == 0;
    }
};

// The bounds of `pattern` as RE2 reads it (UTF-8; case-folded unless `case_sensitive`).
[[nodiscard]] RegexBounds regex_bounds(std::string_view pattern, bool case_sensitive);

} // namespace trailproof::rules
