// Address and network parsing: accepted forms, IPv4-mapped IPv6, exact reasons
// for rejected networks, and the "looks like an IP" test that decides list kinds.

#include <boost/test/unit_test.hpp>

#include <string>

#include "context/ip_address.h"

using namespace trailproof::context;

namespace {

std::string network_error(const char* text) {
    IpNetwork n;
    std::string error;
    if (parse_network(text, n, error)) return "ok " + render_network(n);
    return error;
}

} // namespace

BOOST_AUTO_TEST_SUITE(ip_address)

BOOST_AUTO_TEST_CASE(addresses) {
    IpAddress a;
    BOOST_TEST(parse_ip("203.0.113.5", a));
    BOOST_TEST(!a.v6);
    BOOST_TEST(ip_key(a).lo == 0xCB007105u);
    BOOST_TEST(parse_ip("2001:db8::1", a));
    BOOST_TEST(a.v6);
    BOOST_TEST(ip_key(a).hi == 0x20010DB800000000ull);
    BOOST_TEST(ip_key(a).lo == 1u);
    BOOST_TEST(parse_ip("::ffff:203.0.113.5", a)); // IPv4-mapped reads as IPv4
    BOOST_TEST(!a.v6);
    BOOST_TEST(ip_key(a).lo == 0xCB007105u);
    for (const char* bad : {"", "AWS Internal", "lambda.amazonaws.com", "203.0.113", "203.0.113.256", "1.2.3.4 ",
                            "[2001:db8::1]", "2001:db8::1%eth0", "203.0.113.5:443", "2001:db8:::1"})
        BOOST_TEST(!parse_ip(bad, a), bad);
}

BOOST_AUTO_TEST_CASE(networks) {
    BOOST_TEST(network_error("10.0.0.0/8") == "ok 10.0.0.0/8");
    BOOST_TEST(network_error("203.0.113.7") == "ok 203.0.113.7/32");
    BOOST_TEST(network_error("0.0.0.0/0") == "ok 0.0.0.0/0");
    BOOST_TEST(network_error("2001:DB8::/32") == "ok 2001:db8::/32");
    BOOST_TEST(network_error("::ffff:10.0.0.0/104") == "ok 10.0.0.0/8");
    BOOST_TEST(network_error("10.0.0.0/33") == "prefix length '33' in '10.0.0.0/33' must be 0..32");
    BOOST_TEST(network_error("2001:db8::/129") == "prefix length '129' in '2001:db8::/129' must be 0..128");
    BOOST_TEST(network_error("10.0.0.0/") == "prefix length '' in '10.0.0.0/' must be 0..32");
    BOOST_TEST(network_error("10.0.0.0/8x") == "prefix length '8x' in '10.0.0.0/8x' must be 0..32");
    BOOST_TEST(network_error("10.0.0.1/8") == "host bits are set in '10.0.0.1/8' (the network is 10.0.0.0/8)");
    BOOST_TEST(network_error("300.0.0.0/8") == "'300.0.0.0' is not an IPv4 or IPv6 address");
    BOOST_TEST(network_error("corp/8") == "'corp' is not an IPv4 or IPv6 address");
}

BOOST_AUTO_TEST_CASE(first_and_last_addresses) {
    IpNetwork n;
    std::string error;
    BOOST_TEST_REQUIRE(parse_network("198.51.100.64/28", n, error));
    BOOST_TEST(network_first(n).lo == 0xC6336440u);
    BOOST_TEST(network_last(n).lo == 0xC633644Fu);
    BOOST_TEST_REQUIRE(parse_network("0.0.0.0/0", n, error));
    BOOST_TEST(network_last(n).lo == 0xFFFFFFFFu);
    BOOST_TEST_REQUIRE(parse_network("2001:db8::/32", n, error));
    BOOST_TEST(network_last(n).hi == 0x20010DB8FFFFFFFFull);
    BOOST_TEST(network_last(n).lo == ~0ull);
    BOOST_TEST_REQUIRE(parse_network("2001:db8::/96", n, error));
    BOOST_TEST(network_last(n).hi == 0x20010DB800000000ull);
    BOOST_TEST(network_last(n).lo == 0xFFFFFFFFull);
    BOOST_TEST_REQUIRE(parse_network("::/0", n, error));
    BOOST_TEST(network_last(n).hi == ~0ull);
}

BOOST_AUTO_TEST_CASE(looks_like_an_ip) {
    for (const char* yes : {"10.0.0.0/8", "203.0.113.7", "10.0.0.0/33", "300.1.2.3", "2001:db8::/32", "fe80::1", "1.2.3"})
        BOOST_TEST(looks_like_ip(yes), yes);
    for (const char* no : {"", "example.com", "cafe.be", "KP", "invoice", "@gmail.com", "10.0.0.0/8x", "123"})
        BOOST_TEST(!looks_like_ip(no), no);
}

BOOST_AUTO_TEST_SUITE_END()
