// SigmaString: the escape table, token-aware modifiers, windash, encodings, and
// the glob matcher checked against a reference RE2 regex on random strings.

#include <boost/test/unit_test.hpp>

#include <re2/re2.h>

#include <random>

#include "core/ascii.h"
#include "rules/matcher.h"
#include "rules/sigma_string.h"
#include "rules/value_encoding.h"

using namespace trailproof::rules;
using K = SigmaPart::Kind;

namespace {

SigmaPart text(std::string t) {
    SigmaPart p;
    p.text = std::move(t);
    return p;
}
SigmaPart wild(K k) {
    SigmaPart p;
    p.kind = k;
    return p;
}

} // namespace

BOOST_AUTO_TEST_SUITE(sigma_string)

// SIGMA.md §2 "Escaping", the exact pySigma SigmaString table.
BOOST_AUTO_TEST_CASE(escape_table) {
    BOOST_TEST((SigmaString::parse(R"(\*)").parts() == std::vector<SigmaPart>{text("*")}));
    BOOST_TEST((SigmaString::parse(R"(\?)").parts() == std::vector<SigmaPart>{text("?")}));
    BOOST_TEST((SigmaString::parse(R"(a\\b)").parts() == std::vector<SigmaPart>{text(R"(a\b)")}));
    // A backslash before an ordinary character stays: C:\Windows needs no doubling.
    BOOST_TEST((SigmaString::parse(R"(C:\Windows)").parts() == std::vector<SigmaPart>{text(R"(C:\Windows)")}));
    BOOST_TEST((SigmaString::parse(R"(\W)").parts() == std::vector<SigmaPart>{text(R"(\W)")}));
    // A trailing lone backslash is literal.
    BOOST_TEST((SigmaString::parse(R"(foo\)").parts() == std::vector<SigmaPart>{text(R"(foo\)")}));
    // \\* is a backslash then a wildcard; \\\* a backslash then a literal star.
    BOOST_TEST((SigmaString::parse(R"(\\*)").parts() == std::vector<SigmaPart>{text(R"(\)"), wild(K::AnyRun)}));
    BOOST_TEST((SigmaString::parse(R"(\\\*)").parts() == std::vector<SigmaPart>{text(R"(\*)")}));
    // \\\\ and \\\ both give two backslashes.
    BOOST_TEST((SigmaString::parse(R"(\\\\)").parts() == std::vector<SigmaPart>{text(R"(\\)")}));
    BOOST_TEST((SigmaString::parse(R"(\\\)").parts() == std::vector<SigmaPart>{text(R"(\\)")}));
    BOOST_TEST((SigmaString::parse("a*b?c").parts() ==
                std::vector<SigmaPart>{text("a"), wild(K::AnyRun), text("b"), wild(K::AnyOne), text("c")}));
    BOOST_TEST(SigmaString::parse("").empty());
}

// SIGMA.md §7.1: contains works on tokens, so 'foo\' gets wildcards around an intact 'foo\'.
BOOST_AUTO_TEST_CASE(contains_is_token_aware) {
    SigmaString s = SigmaString::parse(R"(foo\)");
    s.add_leading_wildcard();
    s.add_trailing_wildcard();
    BOOST_TEST((s.parts() == std::vector<SigmaPart>{wild(K::AnyRun), text(R"(foo\)"), wild(K::AnyRun)}));
    // Already there: no second star.
    SigmaString t = SigmaString::parse("*x*");
    t.add_leading_wildcard();
    t.add_trailing_wildcard();
    BOOST_TEST(t.parts().size() == 3u);
}

BOOST_AUTO_TEST_CASE(to_sigma_restores_escapes) {
    for (std::string v : {R"(C:\Windows\*)", R"(a\*b)", R"(x\\*)", R"(foo\)", "plain", "a?b*", R"(\\\*)"}) {
        const SigmaString s = SigmaString::parse(v);
        BOOST_TEST((SigmaString::parse(s.to_sigma()) == s), v);
    }
}

// SIGMA.md §7.5: windash changes only word-initial - and /; the inner dash of -param-1 stays.
BOOST_AUTO_TEST_CASE(windash_only_word_initial_dashes) {
    SigmaString s = SigmaString::parse("-param-1 /x a-b");
    s.apply_windash();
    const auto& p = s.parts();
    BOOST_REQUIRE(p.size() == 4u);
    BOOST_TEST((p[0].kind == K::OneOf));
    BOOST_TEST(p[0].choices.size() == 5u);
    BOOST_TEST(p[1].text == "param-1 ");
    BOOST_TEST((p[2].kind == K::OneOf));
    BOOST_TEST(p[3].text == "x a-b");
    // The five variants of the first dash, times one for the inner dash: 25 for "-a -b".
    SigmaString two = SigmaString::parse("-a -b");
    two.apply_windash();
    BOOST_TEST(two.expand_choices(100).size() == 25u);
    BOOST_TEST(two.expand_choices(10).empty());
}

// SIGMA.md §7.4: base64offset must equal pySigma's vectors.
BOOST_AUTO_TEST_CASE(base64_vectors) {
    BOOST_TEST(encode_base64("foobar") == "Zm9vYmFy");
    BOOST_TEST(encode_base64("f") == "Zg==");
    BOOST_TEST(encode_base64("fo") == "Zm8=");
    BOOST_TEST(encode_base64("") == "");
    const auto o = encode_base64_offsets("foobar");
    BOOST_TEST(o[0] == "Zm9vYmFy");
    BOOST_TEST(o[1] == "Zvb2Jhc");
    BOOST_TEST(o[2] == "mb29iYX");
    // A length-7 value (values computed with the pySigma formula in Python).
    const auto p = encode_base64_offsets("foobar7");
    BOOST_TEST(p[0] == "Zm9vYmFyN");
    BOOST_TEST(p[1] == "Zvb2Jhcj");
    BOOST_TEST(p[2] == "mb29iYXI3");
}

BOOST_AUTO_TEST_CASE(utf16_encodings) {
    BOOST_TEST(encode_utf16le("ab") == std::string("a\0b\0", 4));
    BOOST_TEST(encode_utf16be("ab") == std::string("\0a\0b", 4));
    BOOST_TEST(encode_utf16le("\xC3\xA9") == std::string("\xE9\0", 2));                   // é
    BOOST_TEST(encode_utf16le("\xF0\x9F\x98\x80") == std::string("\x3D\xD8\x00\xDE", 4)); // U+1F600 surrogates
    BOOST_TEST(encode_base64(encode_utf16le("ping")) == "cABpAG4AZwA=");
}

// Property: the glob matcher agrees with the reference regex (SigmaString::to_regex
// through RE2) on random patterns and strings. Fixed seed, printed on failure.
BOOST_AUTO_TEST_CASE(glob_matches_reference_regex) {
    constexpr unsigned k_seed = 20240521;
    BOOST_TEST_MESSAGE("glob property seed " << k_seed);
    std::mt19937 rng(k_seed);
    const std::vector<std::string> atoms = {"a", "b", "A", "-", "/", "\xC3\xA9", "\xE2\x80\x94", "x"};
    const std::vector<std::string> pattern_atoms = {"a", "b", "A", "-", "*", "?", "\\*", "\\\\", "\xC3\xA9", "x"};
    auto pick = [&](const std::vector<std::string>& from) {
        return from[std::uniform_int_distribution<std::size_t>(0, from.size() - 1)(rng)];
    };
    int mismatches = 0;
    for (int round = 0; round < 4000; ++round) {
        std::string raw;
        const int plen = std::uniform_int_distribution<int>(0, 6)(rng);
        for (int i = 0; i < plen; ++i) raw += pick(pattern_atoms);
        SigmaString pattern = SigmaString::parse(raw);
        const bool windash = round % 5 == 0;
        if (windash) pattern.apply_windash();
        const bool cased = round % 2 == 0;
        SigmaString lowered = pattern;
        if (!cased) lowered.lower();
        RE2::Options options;
        options.set_case_sensitive(cased);
        RE2 reference(pattern.to_regex(), options);
        BOOST_REQUIRE_MESSAGE(reference.ok(), "seed " << k_seed << " regex " << pattern.to_regex());
        for (int k = 0; k < 10; ++k) {
            std::string s;
            const int slen = std::uniform_int_distribution<int>(0, 8)(rng);
            for (int i = 0; i < slen; ++i) s += pick(atoms);
            // RE2 folds case beyond ASCII; keep the comparison to ASCII-foldable text when uncased.
            const bool expected = RE2::FullMatch(s, reference);
            const bool actual = match_glob(lowered.parts(), s, cased);
            if (expected != actual && ++mismatches < 10)
                BOOST_ERROR("seed " << k_seed << ": pattern '" << raw << "' (windash " << windash << ", cased " << cased
                                    << ") on '" << s << "': regex " << expected << ", glob " << actual);
        }
    }
    BOOST_TEST(mismatches == 0);
}

BOOST_AUTO_TEST_CASE(string_pattern_shapes) {
    auto m = [](std::string raw, std::string_view s, bool cased = false) {
        return StringPattern(SigmaString::parse(raw), cased).match(s);
    };
    BOOST_TEST(m("GetObject", "getobject"));
    BOOST_TEST(!m("GetObject", "getobject", true));
    BOOST_TEST(!m("Get", "GetObject")); // exact, no implicit contains
    BOOST_TEST(m("*Obj*", "GETOBJECT"));
    BOOST_TEST(m("Get*", "GetObject"));
    BOOST_TEST(m("*Object", "GetObject"));
    BOOST_TEST(m("*", ""));
    BOOST_TEST(m("", ""));
    BOOST_TEST(!m("", "x"));
    BOOST_TEST(m("G?t*t", "Get object"));
    BOOST_TEST(!m("G?t", "Gt"));
    BOOST_TEST(m("?", "\xC3\xA9")); // ? is one character, not one byte
    BOOST_TEST(!m("??", "\xC3\xA9"));
    // ASCII folding only: É and é stay different (README "Case").
    BOOST_TEST(!m("\xC3\x89", "\xC3\xA9"));
    BOOST_TEST(m("caf\xC3\xA9", "CAF\xC3\xA9"));
}

BOOST_AUTO_TEST_SUITE_END()

// match_value (matcher.h) takes String matchers inline: the same answer as
// ValueMatcher::match for every shape and value kind (a JSON null never
// matches, not even the pattern "null"; objects match through their text).
BOOST_AUTO_TEST_SUITE(inline_value_match)

BOOST_AUTO_TEST_CASE(match_value_equals_value_matcher_match) {
    trailproof::Event event;
    event.reset(0);
    using trailproof::Value;
    using trailproof::ValueKind;
    const std::vector<Value> values = {
        {ValueKind::String, "GetObject"}, {ValueKind::String, "null"},    {ValueKind::Null, "null"},
        {ValueKind::Number, "42", 42},    {ValueKind::Bool, "true"},      {ValueKind::Object, "{\"a\":\"getobject\"}"},
        {ValueKind::Array, "[1,2]"},      {ValueKind::String, ""},        {ValueKind::String, "xGETOBJECTx"}};
    std::size_t hits = 0, checked = 0;
    for (const char* pattern : {"getobject", "null", "*object*", "get*", "*2]", "*", "g?tobject", "42", "true", ""})
        for (const bool cased : {false, true}) {
            ValueMatcher m;
            m.kind = ValueMatcher::Kind::String;
            m.pattern = StringPattern(SigmaString::parse(pattern), cased);
            for (const Value& v : values) {
                const bool expected = m.match(v, event);
                BOOST_TEST(match_value(m, v, event, nullptr) == expected, pattern << " on " << v.text);
                hits += expected;
                ++checked;
            }
        }
    BOOST_TEST(hits > 10u);
    BOOST_TEST(hits < checked);
    ValueMatcher number;
    number.kind = ValueMatcher::Kind::Number;
    number.number = 42;
    number.number_text = "42";
    BOOST_TEST(match_value(number, values[3], event, nullptr));
    BOOST_TEST(!match_value(number, values[0], event, nullptr));
}

BOOST_AUTO_TEST_SUITE_END()
