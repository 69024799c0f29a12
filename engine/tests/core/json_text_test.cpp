// JSON string writing (core/json_text.h): the escape table, the array form, and
// the writer for text known to be well-formed UTF-8 (write_json_string_valid).

#include <boost/test/unit_test.hpp>

#include <random>
#include <set>
#include <string>
#include <vector>

#include "core/json_text.h"

using namespace trailproof;

BOOST_AUTO_TEST_SUITE(json_text)

BOOST_AUTO_TEST_CASE(escapes_quotes_backslashes_and_control_characters) {
    BOOST_TEST(json_quote("") == R"("")");
    BOOST_TEST(json_quote(R"(say "hi" \o/)") == R"("say \"hi\" \\o/")");
    BOOST_TEST(json_quote("a\nb\rc\td\be\ff") == R"("a\nb\rc\td\be\ff")");
    BOOST_TEST(json_quote(std::string("\x00\x01\x1f", 3)) == R"("\u0000\u0001\u001f")");
    BOOST_TEST(json_quote("caf\xc3\xa9 \x7f") == "\"caf\xc3\xa9 \x7f\""); // UTF-8 and DEL stay as they are
}

// Every line written must be valid UTF-8: each ill-formed part becomes U+FFFD,
// one per maximal subpart (Unicode 3.9), well-formed text stays as it is.
BOOST_AUTO_TEST_CASE(ill_formed_utf8_becomes_replacement_characters) {
    const std::string r = "\xEF\xBF\xBD"; // U+FFFD
    for (int b = 0x80; b <= 0xFF; ++b) { // every non-ASCII byte alone, as in Latin-1 text
        const std::string one(1, static_cast<char>(b));
        BOOST_TEST(json_quote("a" + one + "b") == "\"a" + r + "b\"", b);
    }
    BOOST_TEST(json_quote("Caf\xe9") == "\"Caf" + r + "\"");                   // Latin-1 e-acute
    BOOST_TEST(json_quote("\xc0\xaf") == "\"" + r + r + "\"");                  // overlong '/': C0 never starts one
    BOOST_TEST(json_quote("\xe0\x80\xaf") == "\"" + r + r + r + "\"");          // overlong 3-byte form
    BOOST_TEST(json_quote("\xed\xa0\x80") == "\"" + r + r + r + "\"");          // a surrogate (U+D800)
    BOOST_TEST(json_quote("\xf4\x90\x80\x80") == "\"" + r + r + r + r + "\"");  // above U+10FFFF
    BOOST_TEST(json_quote("\xe2\x82") == "\"" + r + "\"");                      // truncated euro sign: one part
    BOOST_TEST(json_quote("\xe2\x82" "A") == "\"" + r + "A\"");                 // ... followed by ASCII
    BOOST_TEST(json_quote("\xf0\x9f\x98") == "\"" + r + "\"");                  // truncated 4-byte sequence
    BOOST_TEST(json_quote("\x80\x80") == "\"" + r + r + "\"");                  // stray continuation bytes
    BOOST_TEST(json_quote("\xe2\x82\xac \xf0\x9f\x98\x80 \xc3\xa9 \xed\x9f\xbf \xf4\x8f\xbf\xbf") ==
               "\"\xe2\x82\xac \xf0\x9f\x98\x80 \xc3\xa9 \xed\x9f\xbf \xf4\x8f\xbf\xbf\""); // well-formed, kept
    BOOST_TEST(json_quote("\"\xff\n") == "\"\\\"" + r + "\\n\"");               // with escapes around
}

BOOST_AUTO_TEST_CASE(utf8_invalid_at_finds_the_first_bad_byte) {
    BOOST_TEST(utf8_invalid_at("plain ascii") == std::string_view::npos);
    BOOST_TEST(utf8_invalid_at("caf\xc3\xa9 \xf0\x9f\x98\x80") == std::string_view::npos);
    BOOST_TEST(utf8_invalid_at("title: Caf\xe9") == 10u);
    BOOST_TEST(utf8_invalid_at("\xc3\xa9\xe2\x82") == 2u);
    BOOST_TEST(utf8_invalid_at("ab\xed\xa0\x80") == 2u);
}

// Property (fixed seed, printed): random bytes always give valid UTF-8 that is a
// JSON string (quoted, no raw control bytes, only JSON escapes), and well-formed
// input comes back unchanged once unescaped.
BOOST_AUTO_TEST_CASE(any_bytes_give_a_valid_json_string) {
    const unsigned seed = 20240301;
    BOOST_TEST_MESSAGE("seed " << seed);
    std::mt19937 random(seed);
    const std::vector<std::string> pieces = {"a", "\"", "\\", "\n", std::string(1, '\0'), "\x7f", "\xc3\xa9",
                                             "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xe2\x82", "\xc0", "\xff",
                                             "\xed\xa0\x80", "\x80", "\xf4\x90"};
    for (int round = 0; round < 2000; ++round) {
        std::string input;
        const int parts = static_cast<int>(random() % 12);
        for (int i = 0; i < parts; ++i)
            input += random() % 3 == 0 ? std::string(1, static_cast<char>(random() % 256)) : pieces[random() % pieces.size()];
        const std::string out = json_quote(input);
        BOOST_TEST_REQUIRE(utf8_invalid_at(out) == std::string_view::npos, "round " << round);
        BOOST_TEST_REQUIRE((out.size() >= 2 && out.front() == '"' && out.back() == '"'));
        std::string unescaped;
        for (std::size_t i = 1; i + 1 < out.size(); ++i) {
            const auto c = static_cast<unsigned char>(out[i]);
            BOOST_TEST_REQUIRE((c >= 0x20 && c != '"'), "round " << round << " raw byte " << int(c));
            if (c != '\\') {
                unescaped += out[i];
                continue;
            }
            const char e = out[++i];
            const std::string_view simple = "\"\\bfnrt";
            BOOST_TEST_REQUIRE((simple.find(e) != std::string_view::npos || e == 'u'), "round " << round);
            if (e == 'u') {
                unescaped += static_cast<char>(std::stoi(out.substr(i + 1, 4), nullptr, 16));
                i += 4;
            } else {
                unescaped += std::string_view("\"\\\b\f\n\r\t")[simple.find(e)];
            }
        }
        if (utf8_invalid_at(input) == std::string_view::npos) BOOST_TEST_REQUIRE(unescaped == input, "round " << round);
    }
}

BOOST_AUTO_TEST_CASE(appends_in_place) {
    std::string out = "{\"k\":";
    append_json_string(out, "v\"");
    out += '}';
    BOOST_TEST(out == R"({"k":"v\""})");
}

BOOST_AUTO_TEST_CASE(arrays_of_strings) {
    std::string out;
    append_json_strings(out, std::vector<std::string>{});
    BOOST_TEST(out == "[]");
    out.clear();
    append_json_strings(out, std::set<std::string>{"b", "a\\"});
    BOOST_TEST(out == R"(["a\\","b"])");
}

namespace {

// write_json_string_valid's output for `text`, through a buffer of exactly the bound.
std::string written_valid(std::string_view text) {
    std::string out(json_string_bound(text.size()), '\0');
    char* end = write_json_string_valid(out.data(), text);
    out.resize(static_cast<std::size_t>(end - out.data()));
    return out;
}

} // namespace

BOOST_AUTO_TEST_CASE(valid_text_writer_escapes_every_special_byte_as_append_json_string) {
    BOOST_TEST(written_valid("") == R"("")");
    BOOST_TEST(written_valid(R"(say "hi" \o/)") == R"("say \"hi\" \\o/")");
    BOOST_TEST(written_valid(std::string("\x00\x01\x1f", 3)) == R"("\u0000\u0001\u001f")");
    BOOST_TEST(written_valid("caf\xc3\xa9 \x7f") == "\"caf\xc3\xa9 \x7f\"");
    // Each special byte (and a plain neighbour of each class) alone, and at every
    // offset of texts of 1 to 40 bytes: inside the 8-byte words, in a 4-byte
    // half, in the overlapping last word, in the byte-by-byte tail.
    std::string specials = "\"\\";
    for (int c = 0; c < 0x20; ++c) specials += static_cast<char>(c);
    specials += "\x20\x21\x7f\x80\xff/"; // no escape: the neighbours of the ranges
    for (const char special : specials) {
        for (std::size_t size = 1; size <= 40; ++size) {
            for (std::size_t at = 0; at < size; ++at) {
                std::string text(size, 'a');
                text[at] = special;
                std::string expected;
                append_json_string(expected, text);
                if (static_cast<unsigned char>(special) >= 0x80) continue; // a lone byte is not UTF-8
                BOOST_TEST_REQUIRE(written_valid(text) == expected,
                                   "byte " << int(static_cast<unsigned char>(special)) << " at " << at << " of " << size);
            }
        }
    }
    // Several specials in one word, and a word of them only.
    BOOST_TEST(written_valid("a\"b\\c\nd\x01") == R"("a\"b\\c\nd\u0001")");
    BOOST_TEST(written_valid("\"\"\"\"\"\"\"\"\"") == R"("\"\"\"\"\"\"\"\"\"")");
}

// Property (fixed seed, printed): on random well-formed UTF-8 (ASCII, the
// special bytes, 2-, 3- and 4-byte sequences, any length), the writer for valid
// text gives exactly append_json_string's bytes.
BOOST_AUTO_TEST_CASE(valid_text_writer_equals_append_json_string_on_random_utf8) {
    const unsigned seed = 20261207;
    BOOST_TEST_MESSAGE("seed " << seed);
    std::mt19937 random(seed);
    const std::vector<std::string> pieces = {"a",  "arn:aws:iam::", "\"", "\\", "\n", "\t", std::string(1, '\0'),
                                             "\x1f", "\x7f", "\xc3\xa9", "\xdf\xbf", "\xe2\x82\xac", "\xef\xbf\xbd",
                                             "\xed\x9f\xbf", "\xf0\x9f\x98\x80", "\xf4\x8f\xbf\xbf", " ", "/"};
    for (int round = 0; round < 5000; ++round) {
        std::string text;
        const int parts = static_cast<int>(random() % 24);
        for (int i = 0; i < parts; ++i) {
            if (random() % 4 == 0) text += static_cast<char>(random() % 0x80); // any ASCII byte
            else text += pieces[random() % pieces.size()];
        }
        BOOST_TEST_REQUIRE(utf8_invalid_at(text) == std::string_view::npos);
        std::string expected;
        append_json_string(expected, text);
        BOOST_TEST_REQUIRE(written_valid(text) == expected, "round " << round);
    }
}

BOOST_AUTO_TEST_SUITE_END()
