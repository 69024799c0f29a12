// Property (STYLE.md §5): flipping the ASCII case of event values changes no
// result unless a rule says |cased (or uses a case-sensitive regex). Fixed seed.

#include <random>

#include "rules_fixture.h"

using namespace trailproof;
using namespace trailproof::rules;
using namespace trailproof::rules::test;

namespace {

const std::vector<std::string> k_words = {"GetObject",       "aws-cli", "AdminRole", "Bucket",
                                          "-EncodedCommand", "x",       "Root"};

struct CaseGen {
    std::mt19937 rng;
    int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); }
    std::string word() { return k_words[static_cast<std::size_t>(pick(static_cast<int>(k_words.size())))]; }

    std::string value() {
        std::string w = word();
        if (pick(3) == 0) w = w.substr(0, 1 + static_cast<std::size_t>(pick(static_cast<int>(w.size()))));
        if (pick(4) == 0) w += "*";
        if (pick(5) == 0) w = "?" + w;
        return w;
    }

    std::string rules(bool cased) {
        const std::vector<std::string> mods = {
            "", "|contains", "|startswith", "|endswith", "|contains|all", "|windash|contains", "|re|i"};
        std::string out;
        for (int r = 0; r < 60; ++r) {
            std::string mod = mods[static_cast<std::size_t>(pick(static_cast<int>(mods.size())))];
            if (cased && mod != "|re|i") mod += "|cased";
            out += (r ? "---\n" : "") + std::string("title: t\nid: r") + std::to_string(r) +
                   "\nlogsource: {product: aws}\ndetection:\n  sel:\n    a" + mod + ":\n";
            const int n = mod.find("all") != std::string::npos ? 2 : 1 + pick(2);
            for (int i = 0; i < n; ++i) {
                std::string v = value();
                if (mod.starts_with("|re")) v = word(); // a plain regex
                out += "      - '" + v + "'\n";
            }
            out += "  condition: sel\n";
        }
        return out;
    }

    std::string text() {
        std::string out;
        for (int i = 0, n = 1 + pick(3); i < n; ++i) out += (pick(2) ? " " : "") + word();
        return out;
    }

    std::string flip(std::string s) {
        for (char& c : s)
            if (std::isalpha(static_cast<unsigned char>(c)) && pick(2))
                c = static_cast<char>(std::isupper(static_cast<unsigned char>(c)) ? std::tolower(c) : std::toupper(c));
        return s;
    }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(case_property, RulesFixture)

BOOST_AUTO_TEST_CASE(ascii_case_flips_change_nothing_unless_cased) {
    constexpr unsigned k_seed = 99173;
    BOOST_TEST_MESSAGE("case-flip seed " << k_seed);
    for (bool cased : {false, true}) {
        CaseGen gen{std::mt19937(k_seed)};
        load(gen.rules(cased), "case.yml");
        BOOST_TEST_REQUIRE(result.successful(), result.render_text().substr(0, 1000));
        std::size_t changed = 0, hits_seen = 0;
        for (int round = 0; round < 2000; ++round) {
            const std::string original = gen.text();
            const std::string flipped = gen.flip(original);
            auto a = event();
            auto b = event();
            std::vector<std::uint32_t> ha, hb;
            set.match(a.str("a", original).build(), ha);
            set.match(b.str("a", flipped).build(), hb);
            hits_seen += ha.size();
            if (ha != hb) {
                ++changed;
                if (!cased)
                    BOOST_ERROR("seed " << k_seed << " round " << round << ": '" << original << "' vs '" << flipped
                                        << "' changed the hits");
            }
        }
        BOOST_TEST_MESSAGE((cased ? "cased" : "uncased") << ": " << hits_seen << " hits, " << changed << " changed");
        BOOST_TEST(hits_seen > 200u);
        if (cased) BOOST_TEST(changed > 50u); // the property is not vacuous: |cased does see case
    }
}

BOOST_AUTO_TEST_SUITE_END()
