// RegexBounds (rules/regex_bounds.h): the pre-check never rejects a text RE2
// matches. Differential, fixed seed: random patterns of the subset (and a few
// outside it), each with texts sampled to match it, case-folded variants
// (k -> U+212A, s -> U+017F) included, and random texts; RE2 decides.

#include <boost/test/unit_test.hpp>

#include <re2/re2.h>

#include <functional>
#include <random>
#include <string>
#include <vector>

#include "rules/regex_bounds.h"

using namespace trailproof::rules;

namespace {

constexpr unsigned k_seed = 1313;

// A random pattern of the subset, with a sampler of texts it matches.
struct Generated {
    std::string pattern;
    std::function<std::string(std::mt19937&)> sample;
};

struct PatternGen {
    std::mt19937 rng{k_seed};
    int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); }

    static char from(std::mt19937& r, std::string_view chars) {
        return chars[std::uniform_int_distribution<std::size_t>(0, chars.size() - 1)(r)];
    }

    Generated atom(int depth) {
        switch (pick(depth > 2 ? 6 : 8)) {
        case 0:
        case 1: {
            const char c = "aAkKsSz09-_ :\"/"[pick(15)];
            return {std::string(1, c), [c](std::mt19937&) { return std::string(1, c); }};
        }
        case 2: {
            const char c = "[].*?+(){}|$^\\"[pick(14)];
            return {std::string("\\") + c, [c](std::mt19937&) { return std::string(1, c); }};
        }
        case 3: {
            static const std::vector<std::pair<std::string, std::string>> classes = {
                {"[A-Za-z]", "AbkKsSzZ"}, {"[0-9A-Fa-f]", "09aFf"}, {"[ks_-]", "ks_-"}, {"[\\[\\]x]", "[]x"}};
            const auto& c = classes[static_cast<std::size_t>(pick(static_cast<int>(classes.size())))];
            const std::string members = c.second;
            return {c.first, [members](std::mt19937& r) { return std::string(1, from(r, members)); }};
        }
        case 4: {
            static const std::vector<std::pair<std::string, std::string>> escapes = {
                {"\\d", "0759"}, {"\\s", " \t\n"}, {"\\w", "aZ_5k"}};
            const auto& e = escapes[static_cast<std::size_t>(pick(3))];
            const std::string members = e.second;
            return {e.first, [members](std::mt19937& r) { return std::string(1, from(r, members)); }};
        }
        case 5:
            return {".", [](std::mt19937& r) {
                        static const std::vector<std::string> any = {"a", "-", "\xc3\xa9", "\xe2\x82\xac",
                                                                     "\xf0\x9f\x98\x80"};
                        return any[std::uniform_int_distribution<std::size_t>(0, any.size() - 1)(r)];
                    }};
        default: {
            std::vector<Generated> branches;
            const int n = 1 + pick(3);
            std::string pattern = pick(2) ? "(" : "(?:";
            for (int i = 0; i < n; ++i) {
                branches.push_back(sequence(depth + 1));
                pattern += (i ? "|" : "") + branches.back().pattern;
            }
            pattern += ")";
            return {pattern, [branches](std::mt19937& r) {
                        return branches[std::uniform_int_distribution<std::size_t>(0, branches.size() - 1)(r)].sample(r);
                    }};
        }
        }
    }

    Generated repeated(int depth) {
        Generated a = atom(depth);
        int lo = 1, hi = 1;
        std::string q;
        switch (pick(7)) {
        case 0: q = "*", lo = 0, hi = 3; break;
        case 1: q = "+", lo = 1, hi = 3; break;
        case 2: q = "?", lo = 0, hi = 1; break;
        case 3:
            lo = hi = pick(4);
            q = "{" + std::to_string(lo) + "}";
            break;
        case 4:
            lo = pick(3), hi = lo + pick(3);
            q = "{" + std::to_string(lo) + "," + std::to_string(hi) + "}";
            break;
        case 5:
            lo = pick(3), hi = lo + 2;
            q = "{" + std::to_string(lo) + ",}";
            break;
        default: break;
        }
        if (!q.empty() && pick(4) == 0) q += "?";
        return {a.pattern + q, [a, lo, hi](std::mt19937& r) {
                    std::string out;
                    const int n = std::uniform_int_distribution<int>(lo, hi)(r);
                    for (int i = 0; i < n; ++i) out += a.sample(r);
                    return out;
                }};
    }

    Generated sequence(int depth) {
        std::vector<Generated> items;
        const int n = pick(4);
        std::string pattern;
        for (int i = 0; i < n; ++i) {
            items.push_back(repeated(depth));
            pattern += items.back().pattern;
        }
        return {pattern, [items](std::mt19937& r) {
                    std::string out;
                    for (const auto& i : items) out += i.sample(r);
                    return out;
                }};
    }
};

// A case-folded variant of a match: ASCII case flipped, k and s sometimes
// their non-ASCII fold partners (KELVIN SIGN, LATIN SMALL LETTER LONG S).
std::string folded_variant(const std::string& text, std::mt19937& r) {
    std::string out;
    for (const char c : text) {
        const int roll = std::uniform_int_distribution<int>(0, 3)(r);
        if ((c == 'k' || c == 'K') && roll == 0) out += "\xe2\x84\xaa";
        else if ((c == 's' || c == 'S') && roll == 0) out += "\xc5\xbf";
        else if (std::isalpha(static_cast<unsigned char>(c)) && roll == 1) out += static_cast<char>(c ^ 0x20);
        else out += c;
    }
    return out;
}

std::string random_text(std::mt19937& r) {
    static const std::string chars = "aAkKsz09-_ :\"/[].*x\n\xff";
    std::string out;
    const int n = std::uniform_int_distribution<int>(0, 12)(r);
    for (int i = 0; i < n; ++i) out += chars[std::uniform_int_distribution<std::size_t>(0, chars.size() - 1)(r)];
    return out;
}

bool re2_finds(const RE2& re, std::string_view text) {
    return re.Match(re2::StringPiece(text.data(), text.size()), 0, text.size(), RE2::UNANCHORED, nullptr, 0);
}

} // namespace

BOOST_AUTO_TEST_SUITE(regex_bounds_suite)

BOOST_AUTO_TEST_CASE(never_rejects_a_text_re2_matches) {
    PatternGen gen;
    std::mt19937 texts{k_seed + 1};
    std::size_t checked = 0, rejected = 0, matched = 0;
    for (int round = 0; round < 3000; ++round) {
        Generated g = gen.sequence(0);
        const int anchors = gen.pick(4); // none, ^, $, both
        std::string pattern = (anchors & 1 ? "^" : "") + g.pattern + (anchors & 2 ? "$" : "");
        const bool folded = gen.pick(3) == 0;
        if (gen.pick(5) == 0) pattern = (gen.pick(2) ? "(?s)" : "(?i)") + pattern;
        RE2::Options options;
        options.set_log_errors(false);
        options.set_case_sensitive(!folded);
        const RE2 re(pattern, options);
        if (!re.ok()) continue;
        const RegexBounds bounds = regex_bounds(re.pattern(), re.options().case_sensitive());
        for (int t = 0; t < 40; ++t) {
            std::string text;
            switch (t % 4) {
            case 0: text = g.sample(texts); break;
            case 1: text = folded_variant(g.sample(texts), texts); break;
            case 2: text = random_text(texts) + g.sample(texts) + (t % 8 == 2 ? random_text(texts) : ""); break;
            default: text = random_text(texts); break;
            }
            const bool found = re2_finds(re, text);
            ++checked;
            matched += found;
            if (bounds.rejects(text)) {
                ++rejected;
                if (found) BOOST_ERROR("pattern '" << pattern << "' (folded " << folded << ") rejects '" << text
                                                   << "', which RE2 matches");
            }
        }
    }
    BOOST_TEST_MESSAGE(checked << " texts, " << matched << " matched, " << rejected << " rejected");
    // Not vacuous: the bounds decide many texts, and many texts match.
    BOOST_TEST(rejected > checked / 10);
    BOOST_TEST(matched > checked / 4);
}

BOOST_AUTO_TEST_CASE(the_user_agent_rules_are_decided_without_re2) {
    // content/sekoia-aws-cloudtrail: Nimbo-C2 and Lemon Duck, run on every event.
    const RegexBounds nimbo = regex_bounds("^\\[?[0-9A-Fa-f]{8}\\]?$", true);
    BOOST_TEST(nimbo.min_length == 8u);
    BOOST_TEST(nimbo.max_length == 10u);
    BOOST_TEST(nimbo.rejects("aws-cli/2.15.30 Python/3.11.8 Linux/6.1"));
    BOOST_TEST(nimbo.rejects("AWS Internal"));
    BOOST_TEST(nimbo.rejects("xf9a0c7e"));
    BOOST_TEST(!nimbo.rejects("3f9a0c7e"));
    BOOST_TEST(!nimbo.rejects("[3f9a0c7e]"));

    const RegexBounds lemon =
        regex_bounds("^(Lemon-Duck-[A-Za-z]+-[A-Za-z]+|\\[Lemon-Duck-[A-Za-z]+-[A-Za-z]+\\])$", true);
    BOOST_TEST(lemon.min_length == 14u);
    BOOST_TEST(lemon.rejects("console.amazonaws.com"));
    BOOST_TEST(lemon.rejects("Boto3/1.34.51 md/Botocore#1.34.51"));
    BOOST_TEST(lemon.rejects("Mozilla/5.0 (Windows NT 10.0; Win64; x64)"));
    BOOST_TEST(!lemon.rejects("Lemon-Duck-ABCD-EFGH"));
    BOOST_TEST(!lemon.rejects("[Lemon-Duck-ABCD-EFGH]"));

    // Case-folded, a letter may be U+212A (3 bytes, first byte 0xE2).
    const RegexBounds folded = regex_bounds("^k$", false);
    BOOST_TEST(!folded.rejects("K"));
    BOOST_TEST(!folded.rejects("\xe2\x84\xaa"));
    BOOST_TEST(folded.rejects("kkkk"));
}

BOOST_AUTO_TEST_CASE(patterns_outside_the_subset_reject_nothing) {
    for (const char* pattern : {"\\bfoo\\b", "(?m)^abc$", "^[^a]$", "^a|bc$", "(?P<n>ab)", "a\\1", "[[:alpha:]]x",
                                "\\pLx", "(?i:ab)", "^(?i)ab$", "a{,3}"}) {
        const RegexBounds b = regex_bounds(pattern, true);
        BOOST_TEST(!b.rejects(""), pattern);
        BOOST_TEST(!b.rejects("zzzzzzzzzzzzzzzzzzzzzz"), pattern);
    }
    // An escaped final $ is a literal, not an anchor: longer texts can match.
    BOOST_TEST(!regex_bounds("^a\\$", true).rejects("a$ and more"));
    BOOST_TEST(regex_bounds("^a\\$", true).rejects("b$"));
}

BOOST_AUTO_TEST_SUITE_END()
