#pragma once
// Addresses that have no geography: private, loopback, link-local, carrier-grade
// NAT, multicast and other special-purpose ranges. They get no country or ASN
// (a GeoIP database would answer nothing or nonsense for them), but zones and IP
// lists still apply: an office zone is usually exactly such a range.
//
// Decision: the documentation ranges (RFC 5737 192.0.2.0/24, 198.51.100.0/24,
// 203.0.113.0/24; RFC 3849 2001:db8::/32) are NOT special here. They are reserved,
// but only examples and tests use them, and tests need addresses that behave
// like public ones.

#include "context/ip_address.h"

namespace trailproof::enrich {

// True for the special-purpose ranges listed in special_ranges.cpp.
[[nodiscard]] bool is_special_address(const context::IpAddress& address) noexcept;

} // namespace trailproof::enrich
