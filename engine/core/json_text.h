#pragma once
// Writing JSON text, the one escaping routine every writer uses: alerts, the
// dead-letter and notable-session lines, diagnostics, the harness reports; and
// its form for text known to be well-formed UTF-8 (write_json_string_valid),
// with which the parse stage re-serializes objects and arrays into event text.
//
// Escapes are the short ones where JSON has one (\" \\ \b \f \n \r \t) and
// \u00xx (lowercase hex) for the other control characters; well-formed UTF-8
// is copied as it is, and each ill-formed part of the text (a Latin-1 byte, an
// overlong form, a surrogate, a truncated sequence; one "maximal subpart" each,
// core/utf8.h) becomes U+FFFD, so every line written is valid UTF-8 and valid
// JSON whatever the input held. Bytes that need no change are appended in
// runs, not one by one. The append forms write into the caller's string, so a
// writer that reuses its buffer allocates nothing once it has grown.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "core/utf8.h"

namespace trailproof {

// True when `c` cannot stand in a JSON string as it is: '"', '\\', a control byte.
[[nodiscard]] constexpr bool json_needs_escape(unsigned char c) noexcept { return c < 0x20 || c == '"' || c == '\\'; }

// Writes the escape of `c` (json_needs_escape(c)) at `out`, 2 or 6 bytes; returns the end.
inline char* write_json_escape(char* out, char c) noexcept {
    static constexpr char k_hex[] = "0123456789abcdef";
    *out++ = '\\';
    switch (c) {
    case '"': *out++ = '"'; break;
    case '\\': *out++ = '\\'; break;
    case '\b': *out++ = 'b'; break;
    case '\f': *out++ = 'f'; break;
    case '\n': *out++ = 'n'; break;
    case '\r': *out++ = 'r'; break;
    case '\t': *out++ = 't'; break;
    default: // the other control characters
        *out++ = 'u';
        *out++ = '0';
        *out++ = '0';
        *out++ = k_hex[(c >> 4) & 0xF];
        *out++ = k_hex[c & 0xF];
    }
    return out;
}

// Appends `text` as a JSON string, quotes included.
inline void append_json_string(std::string& out, std::string_view text) {
    out += '"';
    std::size_t plain = 0; // start of the run not yet appended
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x80) {
            const Utf8Step step = utf8_step(text, i);
            if (!step.valid) {
                out.append(text.data() + plain, i - plain);
                out += "\xEF\xBF\xBD"; // U+FFFD REPLACEMENT CHARACTER
                plain = i + step.length;
            }
            i += step.length - 1;
            continue;
        }
        if (c != '"' && c != '\\' && u >= 0x20) continue;
        out.append(text.data() + plain, i - plain);
        plain = i + 1;
        char escape[6];
        out.append(escape, static_cast<std::size_t>(write_json_escape(escape, c) - escape));
    }
    out.append(text.data() + plain, text.size() - plain);
    out += '"';
}

// Most bytes append_json_string_valid writes for a text of `size` bytes (every byte a \u00xx escape, and the quotes).
[[nodiscard]] constexpr std::size_t json_string_bound(std::size_t size) noexcept { return 6 * size + 2; }

// Writes `text`, which the caller knows is well-formed UTF-8, as a JSON string,
// quotes included, at `out` (json_string_bound(text.size()) bytes of room);
// returns the end. For such text the bytes are exactly append_json_string's;
// they are found faster: no UTF-8 stepping (nothing to replace), and 8 (or 4)
// bytes tested at once for '"', '\\' and control bytes (SWAR), copied whole
// when none is there; a tail shorter than a word is tested as the last word of
// the text, overlapping what is done, so that it never reads outside `text`.
// For the strings of a parsed JSON document, which its parser validated
// (simdjson rejects ill-formed UTF-8 and lone surrogate escapes), as the parse
// stage re-serializes objects (tests/core/json_text_test.cpp holds the equality
// on random well-formed text).
inline char* write_json_string_valid(char* out, std::string_view text) noexcept {
    // Any byte of `w` below 0x20, '"' or '\\': the "has less than" and "has zero"
    // tests are exact for whether some byte qualifies (a borrow can only mark
    // bytes above a true hit), and bytes >= 0x80 never do.
    const auto needs_escape = []<typename Word>(const char* at) noexcept {
        constexpr Word ones = static_cast<Word>(0x0101010101010101ULL);
        constexpr Word highs = static_cast<Word>(0x8080808080808080ULL);
        Word w = 0;
        std::memcpy(&w, at, sizeof w);
        const Word quote = w ^ static_cast<Word>(ones * '"');
        const Word backslash = w ^ static_cast<Word>(ones * '\\');
        return ((static_cast<Word>(w - ones * 0x20) & ~w) | (static_cast<Word>(quote - ones) & ~quote) |
                (static_cast<Word>(backslash - ones) & ~backslash)) &
               highs;
    };
    const auto word_clean = [&](const char* at) noexcept { return needs_escape.operator()<std::uint64_t>(at) == 0; };
    const auto half_clean = [&](const char* at) noexcept { return needs_escape.operator()<std::uint32_t>(at) == 0; };
    const char* p = text.data();
    const char* const end = p + text.size();
    *out++ = '"';
    if (text.size() >= 8) {
        while (end - p >= 8) {
            if (word_clean(p)) {
                std::memcpy(out, p, 8);
                out += 8;
                p += 8;
                continue;
            }
            for (const char* const stop = p + 8; p < stop; ++p) {
                if (json_needs_escape(static_cast<unsigned char>(*p))) out = write_json_escape(out, *p);
                else *out++ = *p;
            }
        }
        // The text's last 8 bytes, clean: those before `p` among them were
        // copied as they are, just before `out`, so writing all 8 again ends right.
        if (p < end && word_clean(end - 8)) {
            const auto left = end - p;
            std::memcpy(out + left - 8, end - 8, 8);
            out += left;
            p = end;
        }
    } else if (text.size() >= 4 && half_clean(p) && half_clean(end - 4)) {
        std::memcpy(out, p, 4);
        std::memcpy(out + text.size() - 4, end - 4, 4);
        out += text.size();
        p = end;
    }
    for (; p < end; ++p) {
        if (json_needs_escape(static_cast<unsigned char>(*p))) out = write_json_escape(out, *p);
        else *out++ = *p;
    }
    *out++ = '"';
    return out;
}

// `text` as a JSON string, quotes included (for writers that build with +).
[[nodiscard]] inline std::string json_quote(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 2);
    append_json_string(out, text);
    return out;
}

// Appends a JSON array of the strings in `items` (any range of string-likes): ["a","b"].
template <class Strings>
void append_json_strings(std::string& out, const Strings& items) {
    out += '[';
    bool first = true;
    for (const auto& item : items) {
        if (!first) out += ',';
        first = false;
        append_json_string(out, item);
    }
    out += ']';
}

} // namespace trailproof
