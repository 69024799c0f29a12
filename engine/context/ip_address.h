#pragma once
// IPv4/IPv6 addresses and networks as context tables and enrichment see them.
// Parsing never allocates (inet_pton on a stack copy), so enrichment can parse
// event text per event. An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is treated
// as the IPv4 address: CloudTrail and dual-stack proxies write both forms.

#include <array>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

namespace trailproof::context {

struct IpAddress {
    std::array<std::uint8_t, 16> bytes{}; // IPv4 uses bytes[0..3], network order
    bool v6 = false;
};

// Parses dotted IPv4 or textual IPv6 (no brackets, no port, no zone id).
// Returns false for anything else ("AWS Internal", "lambda.amazonaws.com", "").
[[nodiscard]] bool parse_ip(std::string_view text, IpAddress& out) noexcept;

// An address as a 128-bit number, so ranges compare with <. IPv4 uses only `lo`.
struct IpKey {
    std::uint64_t hi = 0;
    std::uint64_t lo = 0;
    friend constexpr auto operator<=>(const IpKey&, const IpKey&) = default;
};

[[nodiscard]] IpKey ip_key(const IpAddress& address) noexcept;

struct IpNetwork {
    IpAddress base;  // host bits are zero
    int prefix = 0;  // 0..32 or 0..128
};

// Parses "a.b.c.d/n", "x:y::/n" or a bare address (a /32 or /128). Set host bits are
// an error, as in Python's ip_network (a typo like 10.0.0.1/8 is rarely what was meant).
// On failure returns false and sets `error` to a one-line reason naming the text.
[[nodiscard]] bool parse_network(std::string_view text, IpNetwork& out, std::string& error);

// First and last address of the network.
[[nodiscard]] IpKey network_first(const IpNetwork& network) noexcept;
[[nodiscard]] IpKey network_last(const IpNetwork& network) noexcept;

// "10.0.0.0/8", "2001:db8::/32" (canonical text, for messages).
[[nodiscard]] std::string render_network(const IpNetwork& network);

// True when `text` looks like an address or network (digits and dots, or hex and
// colons, with an optional /n). Used to tell an IP list from a word list; a
// malformed network in an IP list still looks like one, so it is reported, not
// silently read as a word.
[[nodiscard]] bool looks_like_ip(std::string_view text) noexcept;

} // namespace trailproof::context
