#pragma once
// ASCII case folding, the one copy every stage and the harness use: Sigma
// values, context lookups (IAM names are unique regardless of case, DNS is
// case-insensitive), user agents, parser conditions, report names. Only A-Z
// fold; other bytes ('É', 'é') compare as they are. Needles are lowered once
// at load time; haystacks are folded byte by byte while comparing, so nothing
// on the hot path allocates.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace trailproof {

constexpr char ascii_lower(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

constexpr char ascii_upper(char c) noexcept {
    return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}

// A lowered copy (load time only).
inline std::string ascii_lowered(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = ascii_lower(c);
    return out;
}

// An upper-cased copy (load time only).
inline std::string ascii_uppered(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = ascii_upper(c);
    return out;
}

// `a` equals `b`, both folded.
inline bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    return true;
}

// `hay` at `at` starts with `needle`; `needle` is already lowered unless `cased`.
inline bool equals_at(std::string_view hay, std::size_t at, std::string_view needle, bool cased) noexcept {
    if (at > hay.size() || hay.size() - at < needle.size()) return false;
    if (cased) return hay.compare(at, needle.size(), needle) == 0;
    for (std::size_t i = 0; i < needle.size(); ++i)
        if (ascii_lower(hay[at + i]) != needle[i]) return false;
    return true;
}

// `hay` equals `needle`; `needle` is already lowered unless `cased`.
inline bool equals_folded(std::string_view hay, std::string_view needle, bool cased = false) noexcept {
    return hay.size() == needle.size() && equals_at(hay, 0, needle, cased);
}

// First position >= `from` where `needle` occurs in `hay`, or npos; `needle` is
// already lowered unless `cased`.
inline std::size_t find_folded(std::string_view hay, std::string_view needle, bool cased = false,
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

// `hay` at `at` starts with `needle`, neither lowered (fieldref compares two event values).
inline bool equals_both_at(std::string_view hay, std::size_t at, std::string_view needle, bool cased) noexcept {
    if (at > hay.size() || hay.size() - at < needle.size()) return false;
    if (cased) return hay.compare(at, needle.size(), needle) == 0;
    for (std::size_t i = 0; i < needle.size(); ++i)
        if (ascii_lower(hay[at + i]) != ascii_lower(needle[i])) return false;
    return true;
}

// `needle` occurs in `hay`, neither lowered.
inline bool contains_both(std::string_view hay, std::string_view needle, bool cased) noexcept {
    if (needle.size() > hay.size()) return false;
    for (std::size_t i = 0; i + needle.size() <= hay.size(); ++i)
        if (equals_both_at(hay, i, needle, cased)) return true;
    return false;
}

// FNV-1a over the folded bytes: equal under iequals => equal hash.
struct CaseInsensitiveHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept {
        std::uint64_t h = 14695981039346656037ull;
        for (char c : text) {
            h ^= static_cast<unsigned char>(ascii_lower(c));
            h *= 1099511628211ull;
        }
        return static_cast<std::size_t>(h);
    }
};

struct CaseInsensitiveEqual {
    using is_transparent = void;
    bool operator()(std::string_view a, std::string_view b) const noexcept { return iequals(a, b); }
};

} // namespace trailproof
