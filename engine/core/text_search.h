#pragma once
// Exact (case-sensitive) substring search, the one copy the engine uses where a
// fixed text is searched in many records (the parse stage's parser
// `conditions`: "eventName", "AwsApiCall", "guardduty.amazonaws.com" over the
// raw bytes of each record).
//
// Method ("generic SIMD"): two bytes of the needle, chosen as the rarest by a
// fixed guess at byte frequencies in CloudTrail JSON (`text_byte_rank`), are
// compared against 16 (SSE2) or 32 (AVX2, chosen at run time) haystack
// positions at once; only the positions where both agree are compared whole
// with memcmp. A plain scalar loop does the same elsewhere, and for haystacks
// shorter than one block. The last block is laid to end at the last possible
// match, so nothing outside [hay.data(), hay.data() + hay.size()) is ever read
// (no reliance on input padding). Result: exactly std::string_view::find's
// (the property test in engine/tests/core/text_search_test.cpp).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace trailproof {

// How common a byte is in CloudTrail JSON, higher = more common (a fixed guess:
// '"', ':' and ',' highest, then lowercase letters by English frequency,
// digits, '.', '-', '/', then upper case, space and the rest). Only speed
// depends on it, never a result.
[[nodiscard]] std::uint8_t text_byte_rank(unsigned char byte) noexcept;

// A needle prepared once (load time): a copy of its text and the two positions
// whose bytes filter candidates. Searching allocates nothing.
class TextNeedle {
public:
    TextNeedle() = default;
    explicit TextNeedle(std::string_view text);

    [[nodiscard]] std::string_view text() const noexcept { return m_text; }
    // The filtering positions (first < second unless the needle has one byte).
    [[nodiscard]] std::size_t first() const noexcept { return m_first; }
    [[nodiscard]] std::size_t second() const noexcept { return m_second; }

    // First position where the text occurs in `hay`, or npos; 0 for an empty
    // text. Same as hay.find(text()).
    [[nodiscard]] std::size_t find_in(std::string_view hay) const noexcept;
    [[nodiscard]] bool occurs_in(std::string_view hay) const noexcept {
        return find_in(hay) != std::string_view::npos;
    }

private:
    std::string m_text;
    std::size_t m_first = 0;
    std::size_t m_second = 0;
};

// First position of `needle` in `hay`, or npos; 0 for an empty needle: the
// same as hay.find(needle). Chooses the filtering bytes on each call (a few
// table reads per needle byte); prepare a TextNeedle for a needle searched often.
[[nodiscard]] std::size_t find_text(std::string_view hay, std::string_view needle) noexcept;

// The widest loop find_text_via may take: Auto (AVX2 where the processor has
// it, else SSE2, else scalar; memchr for one byte), Sse2 (SSE2 or scalar), Scalar.
enum class TextSearchPath { Auto, Sse2, Scalar };

// find_text restricted to one loop, so that the tests check each loop on any
// machine. Same result as find_text whatever `widest` is.
[[nodiscard]] std::size_t find_text_via(std::string_view hay, std::string_view needle,
                                        TextSearchPath widest) noexcept;

// `needle` occurs in `hay` (an empty needle always does).
[[nodiscard]] inline bool contains_text(std::string_view hay, std::string_view needle) noexcept {
    return find_text(hay, needle) != std::string_view::npos;
}

} // namespace trailproof
