#pragma once
// UTF-8 well-formedness, the one copy: content files must be UTF-8 (the YAML
// layer rejects anything else with file:line:col), and every JSON line the
// product writes is valid UTF-8 whatever the input held (json_text.h replaces
// each ill-formed part with U+FFFD).
//
// Well-formed means Unicode's Table 3-7: no overlong forms (C0 AF), no
// surrogates (ED A0 80), nothing above U+10FFFF (F4 90 ..), no truncated
// sequence, no stray continuation byte. An ill-formed part is measured as a
// "maximal subpart" (Unicode 3.9, U+FFFD substitution): the longest prefix of a
// well-formed sequence, or one byte; so E2 82 41 is one bad part (E2 82) and
// then 'A'.

#include <cstddef>
#include <string_view>

namespace trailproof {

struct Utf8Step {
    std::size_t length; // bytes of the sequence (valid) or of the maximal ill-formed subpart (>= 1)
    bool valid;
};

// The sequence starting at text[at] (at < text.size()).
[[nodiscard]] inline Utf8Step utf8_step(std::string_view text, std::size_t at) noexcept {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[at + i]); };
    const unsigned char b0 = byte(0);
    if (b0 < 0x80) return {1, true};
    std::size_t need = 0;
    unsigned char low = 0x80, high = 0xBF; // range of the second byte
    if (b0 >= 0xC2 && b0 <= 0xDF) need = 1;
    else if (b0 == 0xE0) need = 2, low = 0xA0;
    else if ((b0 >= 0xE1 && b0 <= 0xEC) || b0 == 0xEE || b0 == 0xEF) need = 2;
    else if (b0 == 0xED) need = 2, high = 0x9F;
    else if (b0 == 0xF0) need = 3, low = 0x90;
    else if (b0 >= 0xF1 && b0 <= 0xF3) need = 3;
    else if (b0 == 0xF4) need = 3, high = 0x8F;
    else return {1, false}; // 80..C1, F5..FF never start a sequence
    std::size_t i = 1;
    for (; i <= need; ++i) {
        if (at + i >= text.size()) return {i, false};
        const unsigned char b = byte(i);
        if (i == 1 ? (b < low || b > high) : (b < 0x80 || b > 0xBF)) return {i, false};
    }
    return {i, true};
}

// Offset of the first ill-formed byte of `text`, or npos when it is all UTF-8.
[[nodiscard]] inline std::size_t utf8_invalid_at(std::string_view text) noexcept {
    std::size_t i = 0;
    while (i < text.size()) {
        // ASCII runs are the common case.
        if (static_cast<unsigned char>(text[i]) < 0x80) {
            ++i;
            continue;
        }
        const Utf8Step step = utf8_step(text, i);
        if (!step.valid) return i;
        i += step.length;
    }
    return std::string_view::npos;
}

} // namespace trailproof
