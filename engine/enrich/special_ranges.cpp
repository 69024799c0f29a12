#include "enrich/special_ranges.h"

#include <cstdint>

namespace trailproof::enrich {

namespace {

struct V4Range {
    std::uint32_t base;
    int prefix;
};

// IANA IPv4 special-purpose registry, minus the documentation ranges (see header).
constexpr V4Range k_v4[] = {
    {0x00000000u, 8},  // 0.0.0.0/8 "this network"
    {0x0A000000u, 8},  // 10.0.0.0/8 private (RFC 1918)
    {0x64400000u, 10}, // 100.64.0.0/10 carrier-grade NAT (RFC 6598)
    {0x7F000000u, 8},  // 127.0.0.0/8 loopback
    {0xA9FE0000u, 16}, // 169.254.0.0/16 link-local
    {0xAC100000u, 12}, // 172.16.0.0/12 private (RFC 1918)
    {0xC0000000u, 24}, // 192.0.0.0/24 IETF protocol assignments
    {0xC0A80000u, 16}, // 192.168.0.0/16 private (RFC 1918)
    {0xC6120000u, 15}, // 198.18.0.0/15 benchmarking
    {0xE0000000u, 4},  // 224.0.0.0/4 multicast
    {0xF0000000u, 4},  // 240.0.0.0/4 reserved, and 255.255.255.255
};

} // namespace

bool is_special_address(const context::IpAddress& a) noexcept {
    const auto& b = a.bytes;
    if (!a.v6) {
        const std::uint32_t v = (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) |
                                (std::uint32_t{b[2]} << 8) | std::uint32_t{b[3]};
        for (const V4Range& r : k_v4) {
            const std::uint32_t mask = ~std::uint32_t{0} << (32 - r.prefix);
            if ((v & mask) == r.base) return true;
        }
        return false;
    }
    bool zero_prefix = true; // ::/128 unspecified and ::1 loopback
    for (std::size_t i = 0; i < 15; ++i)
        if (b[i] != 0) zero_prefix = false;
    if (zero_prefix && b[15] <= 1) return true;
    if ((b[0] & 0xFE) == 0xFC) return true;                 // fc00::/7 unique local
    if (b[0] == 0xFE && (b[1] & 0xC0) == 0x80) return true; // fe80::/10 link-local
    if (b[0] == 0xFF) return true;                          // ff00::/8 multicast
    return false;
}

} // namespace trailproof::enrich
