#pragma once
// Random JSON for the parse stage's property tests: values written with random
// whitespace and random escape forms, together with the text the parse stage
// must give for them (an object or array: its minified JSON, strings escaped
// by core/json_text.h; a number: its shortest round-trip text).

#include <charconv>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "core/json_text.h"

namespace tp_test {

class RandomJson {
public:
    explicit RandomJson(std::mt19937& random) : m_random(random) {}

    // Appends a random value to `source` and its minified JSON to `minified`;
    // `depth` bounds the nesting of objects and arrays.
    void value(std::string& source, std::string& minified, int depth) {
        const unsigned pick = below(depth > 0 ? 9 : 6);
        switch (pick) {
        case 0:
        case 1: string(source, minified); break;
        case 2: number(source, minified); break;
        case 3: literal(source, minified, below(2) ? "true" : "false"); break;
        case 4: literal(source, minified, "null"); break;
        case 5: string(source, minified); break;
        case 6:
        case 7: object(source, minified, depth - 1); break;
        default: array(source, minified, depth - 1); break;
        }
    }

    // A random object (keys may repeat, as JSON allows).
    void object(std::string& source, std::string& minified, int depth) {
        source += '{';
        minified += '{';
        const unsigned members = below(5);
        for (unsigned i = 0; i < members; ++i) {
            if (i > 0) comma(source, minified);
            space(source);
            string(source, minified);
            space(source);
            source += ':';
            minified += ':';
            space(source);
            value(source, minified, depth);
            space(source);
        }
        source += '}';
        minified += '}';
    }

    void array(std::string& source, std::string& minified, int depth) {
        source += '[';
        minified += '[';
        const unsigned elements = below(4);
        for (unsigned i = 0; i < elements; ++i) {
            if (i > 0) comma(source, minified);
            space(source);
            value(source, minified, depth);
            space(source);
        }
        source += ']';
        minified += ']';
    }

    // A string of random pieces (ASCII, JSON's special characters, 2-, 3- and
    // 4-byte UTF-8), each written raw or escaped in one of the forms JSON allows
    // (\n, \u000a, \/, a surrogate pair ...); `minified` gets the unescaped text
    // escaped by append_json_string. Returns the unescaped text.
    std::string string(std::string& source, std::string& minified) {
        static const std::vector<std::string> k_pieces = {
            "a", "Key", "arn:aws:iam::111122223333:user/alice", "\"", "\\", "/", "\n", "\t", "\b", "\f", "\r",
            std::string(1, '\0'), "\x01", "\x1f", "\x7f", " ", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80",
            "0123456789abcdef"};
        std::string text;
        const unsigned parts = below(6);
        for (unsigned i = 0; i < parts; ++i) text += k_pieces[below(static_cast<unsigned>(k_pieces.size()))];
        source += '"';
        for (std::size_t i = 0; i < text.size();) {
            const auto c = static_cast<unsigned char>(text[i]);
            std::size_t length = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
            write_char(source, std::string_view(text).substr(i, length));
            i += length;
        }
        source += '"';
        trailproof::append_json_string(minified, text);
        return text;
    }

    void number(std::string& source, std::string& minified) {
        char buffer[64];
        switch (below(4)) {
        case 0: { // an integer, written as it is
            const auto n = static_cast<std::int64_t>(m_random()) - static_cast<std::int64_t>(m_random());
            const auto end = std::to_chars(buffer, buffer + sizeof buffer, n).ptr;
            source.append(buffer, end);
            minified.append(buffer, end);
            break;
        }
        case 1: { // past int64: a uint64
            source += "18446744073709551615";
            minified += "18446744073709551615";
            break;
        }
        default: { // a double in a form that is not its shortest one
            static const std::vector<std::pair<std::string, std::string>> k_doubles = {
                {"1.50", "1.5"}, {"1e3", "1000"}, {"-0.250", "-0.25"}, {"2.5E-3", "0.0025"}, {"1.0", "1"},
                {"6.02e23", "6.02e+23"}, {"-1.5e-7", "-1.5e-07"}, {"0.1", "0.1"}};
            const auto& [written, shortest] = k_doubles[below(static_cast<unsigned>(k_doubles.size()))];
            source += written;
            minified += shortest;
        }
        }
    }

    unsigned below(unsigned n) { return static_cast<unsigned>(m_random() % n); }

private:
    std::mt19937& m_random;

    void literal(std::string& source, std::string& minified, std::string_view text) {
        source += text;
        minified += text;
    }
    void comma(std::string& source, std::string& minified) {
        space(source);
        source += ',';
        minified += ',';
    }
    void space(std::string& source) {
        static const char* k_spaces[] = {"", "", "", " ", "\n", "\t ", "\r\n  "};
        source += k_spaces[below(7)];
    }

    // One character (a UTF-8 sequence) of a string, raw where JSON allows or escaped.
    void write_char(std::string& source, std::string_view ch) {
        static constexpr char k_hex[] = "0123456789abcdef";
        const auto c = static_cast<unsigned char>(ch[0]);
        const auto u16 = [&](unsigned unit) {
            source += "\\u";
            for (int shift = 12; shift >= 0; shift -= 4) {
                const char h = k_hex[(unit >> shift) & 0xF];
                source += below(2) && h >= 'a' ? static_cast<char>(h - 'a' + 'A') : h; // \u00E9 and \u00e9
            }
        };
        const bool must = c < 0x20 || c == '"' || c == '\\';
        if (!must && below(3) != 0) {
            source += ch;
            return;
        }
        const std::string_view shorts = "\"\\/\b\f\n\r\t";
        const std::string_view letters = "\"\\/bfnrt";
        if (ch.size() == 1 && shorts.find(ch[0]) != std::string_view::npos && below(2)) {
            source += '\\';
            source += letters[shorts.find(ch[0])];
            return;
        }
        // \u escapes: the code point, as a surrogate pair above the BMP.
        unsigned cp = c;
        if (ch.size() == 2) cp = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(ch[1]) & 0x3Fu);
        if (ch.size() == 3)
            cp = ((c & 0x0Fu) << 12) | ((static_cast<unsigned char>(ch[1]) & 0x3Fu) << 6) |
                 (static_cast<unsigned char>(ch[2]) & 0x3Fu);
        if (ch.size() == 4)
            cp = ((c & 0x07u) << 18) | ((static_cast<unsigned char>(ch[1]) & 0x3Fu) << 12) |
                 ((static_cast<unsigned char>(ch[2]) & 0x3Fu) << 6) | (static_cast<unsigned char>(ch[3]) & 0x3Fu);
        if (cp >= 0x10000) {
            cp -= 0x10000;
            u16(0xD800 + (cp >> 10));
            u16(0xDC00 + (cp & 0x3FF));
        } else {
            u16(cp);
        }
    }
};

} // namespace tp_test
