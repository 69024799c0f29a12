#pragma once
// IP addresses and prefix lengths from text, the one parser the rules stage
// (|cidr) and the context tables and enrichment use. No allocation (IPv4 read
// in place, IPv6 by inet_pton on a stack copy), so both parse event values per event. What an address
// means to each (IPv4-mapped IPv6 folding, strictness, messages) stays with
// them; this only reads the text.

#include <array>
#include <cstdint>
#include <string_view>

namespace trailproof {

// Dotted IPv4 or textual IPv6 (no brackets, port or zone id) into network-order
// bytes: returns 4 (bytes[0..3] written), 16, or 0 when `text` is not an address
// ("AWS Internal", "lambda.amazonaws.com", "", text holding a NUL byte). IPv4 is
// read as inet_pton reads it: no leading zeros ("01.2.3.4"), octets <= 255.
[[nodiscard]] int parse_ip_bytes(std::string_view text, std::array<std::uint8_t, 16>& out) noexcept;

// The prefix length written after a '/': a whole number from 0 to `max`.
[[nodiscard]] bool parse_prefix_length(std::string_view text, int max, int& out) noexcept;

// True when a bit at position `prefix` or later (before `max`) is set: host
// bits in a network written "a.b.c.d/prefix".
[[nodiscard]] bool has_host_bits(const std::array<std::uint8_t, 16>& bytes, int prefix, int max) noexcept;

} // namespace trailproof
