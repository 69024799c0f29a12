// IpNetwork::contains (two masked 64-bit compares) against the plain rule it
// implements: same family, and the first `prefix` bits of the address equal
// the network's. Random networks of every prefix length, random addresses
// near and inside them, v4 and v6 mixed, stale bytes past a v4 address.

#include <boost/test/unit_test.hpp>

#include <random>
#include <string>

#include "core/ip_text.h"
#include "rules/ip_network.h"

using namespace trailproof;
using namespace trailproof::rules;

namespace {

bool reference_contains(const IpNetwork& net, const std::array<std::uint8_t, 16>& bytes, int length) {
    if (length == 0 || (length == 16) != net.is_v6()) return false;
    for (int bit = 0; bit < net.prefix(); ++bit) {
        const auto i = static_cast<std::size_t>(bit / 8);
        const auto m = static_cast<std::uint8_t>(0x80u >> (bit % 8));
        if ((bytes[i] & m) != (net.bytes()[i] & m)) return false;
    }
    return true;
}

std::string v4_text(const std::array<std::uint8_t, 16>& b) {
    return std::to_string(b[0]) + "." + std::to_string(b[1]) + "." + std::to_string(b[2]) + "." + std::to_string(b[3]);
}

std::string v6_text(const std::array<std::uint8_t, 16>& b) {
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < 16; i += 2) {
        if (i) out += ':';
        for (const std::uint8_t byte : {b[i], b[i + 1]}) {
            out += hex[byte >> 4];
            out += hex[byte & 15];
        }
    }
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(ip_network)

BOOST_AUTO_TEST_CASE(contains_equals_the_bitwise_rule) {
    std::mt19937 rng(1313);
    const auto byte = [&] { return static_cast<std::uint8_t>(std::uniform_int_distribution<int>(0, 255)(rng)); };
    std::size_t inside = 0, checked = 0;
    for (int round = 0; round < 400; ++round) {
        const bool v6 = round % 2 == 1;
        const int bits = v6 ? 128 : 32;
        const int prefix = std::uniform_int_distribution<int>(0, bits)(rng);
        std::array<std::uint8_t, 16> base{};
        for (std::size_t i = 0; i < (v6 ? 16u : 4u); ++i) base[i] = byte();
        for (int bit = prefix; bit < bits; ++bit) // clear the host bits: networks are strict
            base[static_cast<std::size_t>(bit / 8)] &= static_cast<std::uint8_t>(~(0x80u >> (bit % 8)));
        std::string error;
        const auto net = IpNetwork::parse((v6 ? v6_text(base) : v4_text(base)) + "/" + std::to_string(prefix), error);
        BOOST_TEST_REQUIRE(net.has_value(), error);
        for (int k = 0; k < 60; ++k) {
            std::array<std::uint8_t, 16> addr = base;
            int length = v6 ? 16 : 4;
            switch (k % 5) {
            case 0: break; // the network's own address
            case 1: { // one bit flipped somewhere in the address
                const int bit = std::uniform_int_distribution<int>(0, bits - 1)(rng);
                addr[static_cast<std::size_t>(bit / 8)] ^= static_cast<std::uint8_t>(0x80u >> (bit % 8));
                break;
            }
            case 2: // random host bits
                for (int bit = prefix; bit < bits; ++bit)
                    if (byte() & 1) addr[static_cast<std::size_t>(bit / 8)] ^= static_cast<std::uint8_t>(0x80u >> (bit % 8));
                break;
            case 3: // the other family, or no address at all
                length = (k % 2) ? (v6 ? 4 : 16) : 0;
                break;
            default:
                for (auto& b : addr) b = byte();
                break;
            }
            if (length == 4) // bytes past a v4 address may be stale (PredicateMemo's cache)
                for (std::size_t i = 4; i < 16; ++i) addr[i] = byte();
            const bool expected = reference_contains(*net, addr, length);
            BOOST_TEST(net->contains(addr, length) == expected,
                       "prefix " << prefix << " v6 " << v6 << " case " << k % 5);
            inside += expected;
            ++checked;
        }
    }
    BOOST_TEST(inside > checked / 4);
    BOOST_TEST(inside < checked);
    // Through the text: the same answer as parsing then testing.
    std::string error;
    const auto ten = IpNetwork::parse("10.0.0.0/8", error);
    BOOST_TEST_REQUIRE(ten.has_value());
    BOOST_TEST(ten->contains(std::string_view("10.200.3.4")));
    BOOST_TEST(!ten->contains(std::string_view("11.0.0.1")));
    BOOST_TEST(!ten->contains(std::string_view("::ffff:10.0.0.1")));
    BOOST_TEST(!ten->contains(std::string_view("not an address")));
}

BOOST_AUTO_TEST_SUITE_END()
