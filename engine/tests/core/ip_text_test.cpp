// IP text parsing (core/ip_text.h): addresses, prefix lengths, host bits.

#include <boost/test/unit_test.hpp>

#include <arpa/inet.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>

#include "core/ip_text.h"

using namespace trailproof;

BOOST_AUTO_TEST_SUITE(ip_text)

BOOST_AUTO_TEST_CASE(addresses_to_bytes) {
    std::array<std::uint8_t, 16> b{};
    BOOST_TEST(parse_ip_bytes("203.0.113.5", b) == 4);
    BOOST_TEST((b[0] == 203 && b[1] == 0 && b[2] == 113 && b[3] == 5));
    BOOST_TEST(parse_ip_bytes("2001:db8::1", b) == 16);
    BOOST_TEST((b[0] == 0x20 && b[1] == 0x01 && b[15] == 1));
    for (const char* bad : {"", "AWS Internal", "lambda.amazonaws.com", "1.2.3", "[::1]", "10.0.0.0/8"})
        BOOST_TEST(parse_ip_bytes(bad, b) == 0, bad);
}

// The IPv4 reader in place agrees with glibc's inet_pton on every text, valid or
// not: random texts over the characters that matter, plus the edge cases.
BOOST_AUTO_TEST_CASE(ipv4_reads_as_inet_pton_does) {
    std::vector<std::string> texts = {"0.0.0.0", "255.255.255.255", "256.1.1.1", "1.2.3.4.", ".1.2.3.4", "1..2.3",
                                      "01.2.3.4", "1.2.3.04", "1.2.3.0", "1.2.3.4.5", "1.2.3", "1.2.3.-4",
                                      "1.2.3.4 ", " 1.2.3.4", "1.2.3.1000", "999.0.0.0", "1.2.3.4x", "4294967296"};
    std::mt19937 rng(20261207);
    const std::string alphabet = "0123456789.......125 x";
    const auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    for (int i = 0; i < 100000; ++i) {
        std::string t;
        const int length = pick(0, 16);
        for (int k = 0; k < length; ++k) t += alphabet[static_cast<std::size_t>(pick(0, static_cast<int>(alphabet.size()) - 1))];
        texts.push_back(t);
    }
    for (int i = 0; i < 100000; ++i) { // address-shaped: 3 to 5 groups of 0 to 4 digits
        std::string t;
        const int groups = pick(3, 5);
        for (int g = 0; g < groups; ++g) {
            if (g) t += '.';
            const int digits = pick(0, 4);
            for (int k = 0; k < digits; ++k) t += static_cast<char>('0' + pick(0, 9));
        }
        texts.push_back(t);
    }
    int valid = 0;
    for (const std::string& t : texts) {
        in_addr expected{};
        const bool glibc = inet_pton(AF_INET, t.c_str(), &expected) == 1;
        std::array<std::uint8_t, 16> b{};
        const int length = parse_ip_bytes(t, b);
        BOOST_TEST((length == 4) == glibc, t);
        if (glibc && length == 4) {
            BOOST_TEST(std::memcmp(b.data(), &expected, 4) == 0, t);
            ++valid;
        }
    }
    BOOST_TEST(valid > 500); // enough addresses to compare bytes, not only verdicts
}

BOOST_AUTO_TEST_CASE(a_nul_byte_ends_no_address_early) {
    std::array<std::uint8_t, 16> b{};
    using namespace std::string_view_literals;
    BOOST_TEST(parse_ip_bytes("1.2.3.4\0junk"sv, b) == 0);
    BOOST_TEST(parse_ip_bytes("::1\0junk"sv, b) == 0);
    BOOST_TEST(parse_ip_bytes("1.2.3.4"sv, b) == 4);
}

BOOST_AUTO_TEST_CASE(prefix_lengths) {
    int p = -1;
    BOOST_TEST(parse_prefix_length("8", 32, p));
    BOOST_TEST(p == 8);
    BOOST_TEST(parse_prefix_length("128", 128, p));
    BOOST_TEST(!parse_prefix_length("33", 32, p));
    BOOST_TEST(!parse_prefix_length("", 32, p));
    BOOST_TEST(!parse_prefix_length("8x", 32, p));
    BOOST_TEST(p == 128); // unchanged by a failure
}

BOOST_AUTO_TEST_CASE(host_bits) {
    std::array<std::uint8_t, 16> b{};
    BOOST_TEST(parse_ip_bytes("10.0.0.0", b) == 4);
    BOOST_TEST(!has_host_bits(b, 8, 32));
    BOOST_TEST(parse_ip_bytes("10.0.0.1", b) == 4);
    BOOST_TEST(has_host_bits(b, 8, 32));
    BOOST_TEST(!has_host_bits(b, 32, 32));
}

BOOST_AUTO_TEST_SUITE_END()
