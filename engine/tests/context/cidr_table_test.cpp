// CidrTable: longest-prefix match at range edges (first/last address, one
// outside), nesting, the whole address space, IPv6, repeated networks, and a
// randomized comparison against a linear scan.

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "context/cidr_table.h"

using namespace trailproof::context;

namespace {

IpNetwork net(const char* text) {
    IpNetwork n;
    std::string error;
    BOOST_TEST_REQUIRE(parse_network(text, n, error), error);
    return n;
}

// The value for `address`, or -1.
long ask(const CidrTable& t, const char* address) {
    IpAddress a;
    BOOST_TEST_REQUIRE(parse_ip(address, a), address);
    std::uint32_t v = 0;
    return t.find(a, v) ? static_cast<long>(v) : -1;
}

} // namespace

BOOST_AUTO_TEST_SUITE(cidr_table)

BOOST_AUTO_TEST_CASE(ipv4_edges) {
    CidrTable t;
    t.add(net("198.51.100.64/28"), 7);
    BOOST_TEST(t.build().empty());
    BOOST_TEST(ask(t, "198.51.100.64") == 7);  // first
    BOOST_TEST(ask(t, "198.51.100.79") == 7);  // last
    BOOST_TEST(ask(t, "198.51.100.63") == -1); // one below
    BOOST_TEST(ask(t, "198.51.100.80") == -1); // one above
    BOOST_TEST(ask(t, "2001:db8::1") == -1);   // other family
}

BOOST_AUTO_TEST_CASE(nested_networks_most_specific_wins) {
    CidrTable t;
    t.add(net("10.0.0.0/8"), 1);
    t.add(net("10.1.0.0/16"), 2);
    t.add(net("10.1.2.0/24"), 3);
    t.add(net("10.1.2.255/32"), 4);
    t.add(net("10.200.0.0/16"), 5);
    (void)t.build();
    BOOST_TEST(ask(t, "10.0.0.0") == 1);
    BOOST_TEST(ask(t, "10.0.255.255") == 1);
    BOOST_TEST(ask(t, "10.1.0.0") == 2);
    BOOST_TEST(ask(t, "10.1.1.255") == 2);
    BOOST_TEST(ask(t, "10.1.2.0") == 3);
    BOOST_TEST(ask(t, "10.1.2.254") == 3);
    BOOST_TEST(ask(t, "10.1.2.255") == 4);
    BOOST_TEST(ask(t, "10.1.3.0") == 2);
    BOOST_TEST(ask(t, "10.1.255.255") == 2);
    BOOST_TEST(ask(t, "10.2.0.0") == 1);
    BOOST_TEST(ask(t, "10.199.255.255") == 1);
    BOOST_TEST(ask(t, "10.200.0.0") == 5);
    BOOST_TEST(ask(t, "10.200.255.255") == 5);
    BOOST_TEST(ask(t, "10.201.0.0") == 1);
    BOOST_TEST(ask(t, "10.255.255.255") == 1);
    BOOST_TEST(ask(t, "11.0.0.0") == -1);
    BOOST_TEST(ask(t, "9.255.255.255") == -1);
}

BOOST_AUTO_TEST_CASE(whole_address_space_and_its_last_address) {
    CidrTable t;
    t.add(net("0.0.0.0/0"), 1);
    t.add(net("255.255.255.255/32"), 2);
    t.add(net("0.0.0.0/32"), 3);
    (void)t.build();
    BOOST_TEST(ask(t, "0.0.0.0") == 3);
    BOOST_TEST(ask(t, "0.0.0.1") == 1);
    BOOST_TEST(ask(t, "255.255.255.254") == 1);
    BOOST_TEST(ask(t, "255.255.255.255") == 2);
    BOOST_TEST(ask(t, "::1") == -1);
}

BOOST_AUTO_TEST_CASE(ipv6_edges_and_whole_space) {
    CidrTable t;
    t.add(net("2001:db8:dead::/48"), 1);
    t.add(net("::/0"), 9);
    t.add(net("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128"), 2);
    (void)t.build();
    BOOST_TEST(ask(t, "2001:db8:dead::") == 1);
    BOOST_TEST(ask(t, "2001:db8:dead:ffff:ffff:ffff:ffff:ffff") == 1);
    BOOST_TEST(ask(t, "2001:db8:deac:ffff:ffff:ffff:ffff:ffff") == 9);
    BOOST_TEST(ask(t, "2001:db8:deae::") == 9);
    BOOST_TEST(ask(t, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe") == 9);
    BOOST_TEST(ask(t, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff") == 2);
    BOOST_TEST(ask(t, "::") == 9);
    BOOST_TEST(ask(t, "203.0.113.1") == -1);
}

BOOST_AUTO_TEST_CASE(repeated_networks_keep_the_first_value) {
    CidrTable t;
    t.add(net("10.0.0.0/8"), 1);
    t.add(net("192.168.0.0/16"), 2);
    t.add(net("10.0.0.0/8"), 3);
    const auto repeats = t.build();
    BOOST_TEST_REQUIRE(repeats.size() == 1u);
    BOOST_TEST(repeats[0].first == 0u);
    BOOST_TEST(repeats[0].second == 2u);
    BOOST_TEST(ask(t, "10.9.9.9") == 1);
}

BOOST_AUTO_TEST_CASE(adjacent_ranges_with_one_value_merge) {
    CidrTable t;
    t.add(net("10.0.0.0/25"), 1);
    t.add(net("10.0.0.128/25"), 1);
    t.add(net("10.0.1.0/24"), 2);
    (void)t.build();
    BOOST_TEST(t.range_count() == 2u);
    BOOST_TEST(ask(t, "10.0.0.127") == 1);
    BOOST_TEST(ask(t, "10.0.0.128") == 1);
    BOOST_TEST(ask(t, "10.0.1.0") == 2);
}

BOOST_AUTO_TEST_CASE(random_networks_match_a_linear_scan) {
    // Seed printed so a failure can be replayed.
    const unsigned seed = 20240501u;
    BOOST_TEST_MESSAGE("seed " << seed);
    std::mt19937 rng(seed);
    struct Net {
        std::uint32_t base;
        int prefix;
    };
    std::vector<Net> nets;
    CidrTable t;
    for (std::uint32_t i = 0; i < 300; ++i) {
        // Concentrate in 10.0.0.0/16 so networks nest often.
        const int prefix = 16 + static_cast<int>(rng() % 17);
        const std::uint32_t mask = prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix);
        const std::uint32_t base = (0x0A000000u | (rng() & 0xFFFFu)) & mask;
        nets.push_back({base, prefix});
        IpNetwork n;
        n.base.bytes = {static_cast<std::uint8_t>(base >> 24), static_cast<std::uint8_t>(base >> 16),
                        static_cast<std::uint8_t>(base >> 8), static_cast<std::uint8_t>(base)};
        n.prefix = prefix;
        t.add(n, i);
    }
    (void)t.build();
    for (int probe = 0; probe < 20000; ++probe) {
        const std::uint32_t addr = 0x0A000000u | (rng() & 0x1FFFFu); // some outside 10.0/16
        long expected = -1;
        int best = -1;
        for (std::size_t i = 0; i < nets.size(); ++i) {
            const std::uint32_t mask = ~std::uint32_t{0} << (32 - nets[i].prefix);
            // Most specific wins; among equal networks the first added.
            if ((addr & mask) == nets[i].base && nets[i].prefix > best) {
                best = nets[i].prefix;
                expected = static_cast<long>(i);
            }
        }
        IpAddress a;
        a.bytes = {static_cast<std::uint8_t>(addr >> 24), static_cast<std::uint8_t>(addr >> 16),
                   static_cast<std::uint8_t>(addr >> 8), static_cast<std::uint8_t>(addr)};
        std::uint32_t v = 0;
        const long got = t.find(a, v) ? static_cast<long>(v) : -1;
        BOOST_TEST_REQUIRE(got == expected, "address " << addr);
    }
}

BOOST_AUTO_TEST_SUITE_END()
