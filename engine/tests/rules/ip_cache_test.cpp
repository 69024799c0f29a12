// The `|cidr` parse cache (PredicateMemo::ip_bytes): an address text is parsed
// once per memo however many cidr items of however many packs read it, and
// the result is the uncached one: parse_ip_bytes on random texts, and
// memoized == plain == full-scan matching of random cidr rules.

#include <random>

#include "core/ip_text.h"
#include "rules_fixture.h"

using namespace trailproof;
using namespace trailproof::rules;
using namespace trailproof::rules::test;

namespace {

// Address-like texts over a small pool, so the same text (and texts of the
// same length that differ in one byte) come back often.
struct IpTexts {
    std::mt19937& rng;
    int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); }
    std::string octet() {
        const int k = pick(10);
        if (k == 0) return "0" + std::to_string(pick(10)); // a leading zero: not an address
        if (k == 1) return std::to_string(250 + pick(10));  // 256..259 are not octets
        return std::to_string(pick(3) == 0 ? 10 : pick(256));
    }
    std::string text() {
        switch (pick(9)) {
        case 0:
        case 1:
        case 2: return octet() + "." + octet() + "." + octet() + "." + octet();
        case 3: return "10.0.0." + std::to_string(pick(4));
        case 4: return std::vector<std::string>{"::1", "2001:db8::1", "2001:db8::2", "fe80::", "::ffff:10.0.0.1",
                                                "2001:db8:0:0:0:0:0:1", "1:2:3:4:5:6:7:8:9"}[static_cast<std::size_t>(pick(7))];
        case 5: return std::vector<std::string>{"AWS Internal", "", "lambda.amazonaws.com", "10.0.0",
                                                "10.0.0.1.", " 10.0.0.1"}[static_cast<std::size_t>(pick(6))];
        case 6: return std::string(40 + static_cast<std::size_t>(pick(12)), '1'); // around the cache's 45 bytes
        case 7: return std::string("10.0.0.1\0", 9);                             // a NUL byte
        default: return "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255." + std::to_string(pick(300)); // 45 bytes or so
        }
    }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(cidr_parse_cache, RulesFixture)

BOOST_AUTO_TEST_CASE(ip_bytes_equals_parse_ip_bytes) {
    constexpr unsigned k_seed = 4545;
    BOOST_TEST_MESSAGE("ip cache seed " << k_seed);
    std::mt19937 rng(k_seed);
    IpTexts gen{rng};
    PredicateMemo m;
    std::size_t addresses = 0;
    for (int round = 0; round < 20000; ++round) {
        const std::string text = gen.text();
        std::array<std::uint8_t, 16> expected{}, scratch{};
        const int length = parse_ip_bytes(text, expected);
        const std::array<std::uint8_t, 16>* bytes = nullptr;
        BOOST_REQUIRE_MESSAGE(m.ip_bytes(text, scratch, bytes) == length, "seed " << k_seed << " round " << round);
        BOOST_REQUIRE(bytes != nullptr);
        BOOST_REQUIRE_MESSAGE(std::equal(expected.begin(), expected.begin() + length, bytes->begin()),
                              "seed " << k_seed << " round " << round << ": '" << text << "'");
        addresses += length != 0 ? 1u : 0u;
    }
    // An empty view without a data pointer, after an empty text and after an address.
    for (const std::string_view text : {std::string_view("10.0.0.1"), std::string_view(), std::string_view(""),
                                        std::string_view()}) {
        std::array<std::uint8_t, 16> expected{}, scratch{};
        const std::array<std::uint8_t, 16>* bytes = nullptr;
        BOOST_TEST(m.ip_bytes(text, scratch, bytes) == parse_ip_bytes(text, expected));
    }
    BOOST_TEST_MESSAGE("addresses: " << addresses << " of 20000");
    BOOST_TEST(addresses > 5000u);
    BOOST_TEST(addresses < 18000u);
}

// Three packs of cidr rules (IPv4, IPv6, several networks, two cidr fields,
// `not`, items repeated so rules share them), matched in turn on each event
// with one memo, as detect's workers do: memoized == plain == full scan.
BOOST_AUTO_TEST_CASE(cidr_rules_match_as_uncached) {
    const std::vector<std::string> nets = {"10.0.0.0/8", "10.0.0.0/30", "0.0.0.0/0", "2001:db8::/32", "::/0",
                                           "192.168.0.0/16", "::ffff:10.0.0.0/104", "10.0.0.2/32"};
    constexpr unsigned k_seed = 5454;
    BOOST_TEST_MESSAGE("cidr rules seed " << k_seed);
    std::mt19937 rng(k_seed);
    IpTexts gen{rng};
    const auto cidr_item = [&](const std::string& field) {
        std::string item = "      " + field + "|cidr:\n";
        for (int n = 0, count = 1 + gen.pick(3); n < count; ++n)
            item += "        - '" + nets[static_cast<std::size_t>(gen.pick(static_cast<int>(nets.size())))] + "'\n";
        return item;
    };
    std::vector<RuleSet> packs;
    for (int p = 0; p < 3; ++p) {
        std::string text;
        for (int r = 0; r < 12; ++r) {
            std::string detection = "    sel:\n" + cidr_item("sourceIPAddress");
            if (gen.pick(3) == 0) detection += cidr_item("otherIp");
            const std::string condition = gen.pick(4) == 0 ? "not sel" : "sel";
            const std::string id = "p" + std::to_string(p) + "r" + std::to_string(r);
            text += (r ? "---\n" : "") + rule_with(detection, condition, id);
            if (gen.pick(3) == 0) text += "---\n" + rule_with(detection, "sel", id + "-same");
        }
        load(text, "pack" + std::to_string(p) + ".yml");
        BOOST_TEST_REQUIRE(result.successful(), result.render_text());
        packs.push_back(std::move(set));
    }
    std::size_t total_hits = 0;
    for (int round = 0; round < 3000; ++round) {
        auto b = event();
        for (int i = 0, n = gen.pick(3); i < n; ++i) b.str("sourceIPAddress", gen.text());
        if (gen.pick(3) == 0) b.str("otherIp", gen.text());
        const Event& e = b.build();
        for (std::size_t p = 0; p < packs.size(); ++p) {
            std::vector<std::uint32_t> full, plain, memoized;
            packs[p].match_full_scan(e, full);
            packs[p].match(e, plain);
            packs[p].match(e, memo, memoized);
            BOOST_REQUIRE_MESSAGE(memoized == full, "seed " << k_seed << " round " << round << " pack " << p);
            BOOST_REQUIRE_MESSAGE(plain == full, "seed " << k_seed << " round " << round << " pack " << p);
            total_hits += full.size();
        }
    }
    BOOST_TEST_MESSAGE("hits: " << total_hits);
    BOOST_TEST(total_hits > 3000u);
}

BOOST_AUTO_TEST_SUITE_END()
