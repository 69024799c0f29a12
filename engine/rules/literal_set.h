#pragma once
// Many `contains` literals on one field matched in one pass: an Aho-Corasick
// automaton of our own, compiled at load into a dense DFA over byte classes
// (bytes no needle uses share class 0), so the scan is one table load per byte
// whatever the number of needles. Case-insensitive sets fold ASCII in the
// class table (`A` and `a` are one class), so nothing is lowered per event.
// It answers only "does some needle occur" (an OR): never used under |all
// (STYLE.md §3, the AhoCorasickSet invariant). README.md ("Multi-literal
// search") has the measurement and what was not compared.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace trailproof::rules {

class LiteralSet {
public:
    // `needles` are already lowered unless `cased`.
    LiteralSet(const std::vector<std::string>& needles, bool cased);

    // True when some needle occurs in `text` (find_folded(text, needle, cased) != npos).
    [[nodiscard]] bool find_any(std::string_view text) const noexcept {
        if (m_empty_needle) return true;
        std::uint32_t s = 0;
        for (const char c : text) {
            s = m_delta[s + m_class[static_cast<unsigned char>(c)]];
            if (s & k_accept) return true;
        }
        return false;
    }
    [[nodiscard]] std::size_t states() const noexcept { return m_classes ? m_delta.size() / m_classes : 0; }

private:
    static constexpr std::uint32_t k_accept = 1u << 31;
    std::array<std::uint32_t, 256> m_class{}; // byte -> class
    std::uint32_t m_classes = 1;
    std::vector<std::uint32_t> m_delta; // [state * classes + class] -> next state * classes, | k_accept
    bool m_empty_needle = false;
};

} // namespace trailproof::rules
