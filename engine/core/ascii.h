#pragma once
// ASCII case folding, shared by every stage: Sigma values, context lookups (IAM
// names are unique regardless of case, DNS is case-insensitive), user agents.
// Only A-Z fold; other bytes ('É', 'é') compare as they are. Nothing here
// allocates, so the hot path can hash and compare event text directly.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace trailproof {

constexpr char ascii_lower(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// A lowered copy (load time only).
inline std::string ascii_lowered(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = ascii_lower(c);
    return out;
}

inline bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    return true;
}

// First position of `needle_lower` (already lowered) in `hay`, folding `hay`; npos if absent.
inline std::size_t ifind(std::string_view hay, std::string_view needle_lower) noexcept {
    if (needle_lower.empty()) return 0;
    if (hay.size() < needle_lower.size()) return std::string_view::npos;
    const std::size_t last = hay.size() - needle_lower.size();
    for (std::size_t i = 0; i <= last; ++i) {
        std::size_t k = 0;
        while (k < needle_lower.size() && ascii_lower(hay[i + k]) == needle_lower[k]) ++k;
        if (k == needle_lower.size()) return i;
    }
    return std::string_view::npos;
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
