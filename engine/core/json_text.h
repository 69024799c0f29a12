#pragma once
// Writing JSON text, the one escaping routine every writer uses: alerts, the
// dead-letter and notable-session lines, diagnostics, the harness reports, and
// the parse stage re-serializing objects and arrays into event text.
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
#include <string>
#include <string_view>

#include "core/utf8.h"

namespace trailproof {

// Appends `text` as a JSON string, quotes included.
inline void append_json_string(std::string& out, std::string_view text) {
    static constexpr char k_hex[] = "0123456789abcdef";
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
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default: // the other control characters
            out += "\\u00";
            out += k_hex[(c >> 4) & 0xF];
            out += k_hex[c & 0xF];
        }
    }
    out.append(text.data() + plain, text.size() - plain);
    out += '"';
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
