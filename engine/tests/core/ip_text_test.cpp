// IP text parsing (core/ip_text.h): addresses, prefix lengths, host bits.

#include <boost/test/unit_test.hpp>

#include <array>
#include <cstdint>

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
