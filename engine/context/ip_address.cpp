#include "context/ip_address.h"

#include <arpa/inet.h>

#include <cstring>

#include "core/ip_text.h"

namespace trailproof::context {

namespace {

bool is_v4_mapped(const std::array<std::uint8_t, 16>& b) noexcept {
    for (std::size_t i = 0; i < 10; ++i)
        if (b[i] != 0) return false;
    return b[10] == 0xff && b[11] == 0xff;
}

int max_prefix(const IpAddress& a) noexcept { return a.v6 ? 128 : 32; }

} // namespace

bool parse_ip(std::string_view text, IpAddress& out) noexcept {
    out = IpAddress{};
    const int length = parse_ip_bytes(text, out.bytes);
    if (length == 0) return false;
    if (length == 4) return true;
    if (is_v4_mapped(out.bytes)) {
        std::memmove(out.bytes.data(), out.bytes.data() + 12, 4);
        std::memset(out.bytes.data() + 4, 0, 12);
        return true;
    }
    out.v6 = true;
    return true;
}

IpKey ip_key(const IpAddress& a) noexcept {
    IpKey k;
    if (!a.v6) {
        k.lo = (std::uint64_t{a.bytes[0]} << 24) | (std::uint64_t{a.bytes[1]} << 16) |
               (std::uint64_t{a.bytes[2]} << 8) | std::uint64_t{a.bytes[3]};
        return k;
    }
    for (std::size_t i = 0; i < 8; ++i) k.hi = (k.hi << 8) | a.bytes[i];
    for (std::size_t i = 8; i < 16; ++i) k.lo = (k.lo << 8) | a.bytes[i];
    return k;
}

bool parse_network(std::string_view text, IpNetwork& out, std::string& error) {
    out = IpNetwork{};
    const auto slash = text.find('/');
    const std::string_view addr = text.substr(0, slash);
    // Parse the address without the v4-mapped folding first, so a mapped network's
    // prefix can be shifted together with its address.
    const int length = parse_ip_bytes(addr, out.base.bytes);
    if (length == 0) {
        error = "'" + std::string(addr) + "' is not an IPv4 or IPv6 address";
        return false;
    }
    out.base.v6 = length == 16;
    const bool mapped = out.base.v6 && is_v4_mapped(out.base.bytes);
    const int max = max_prefix(out.base);
    out.prefix = max;
    if (slash != std::string_view::npos) {
        const std::string_view p = text.substr(slash + 1);
        if (!parse_prefix_length(p, max, out.prefix)) {
            error = "prefix length '" + std::string(p) + "' in '" + std::string(text) + "' must be 0.." +
                    std::to_string(max);
            return false;
        }
    }
    if (has_host_bits(out.base.bytes, out.prefix, max)) {
        IpNetwork fixed = out;
        for (int b = out.prefix; b < max; ++b)
            fixed.base.bytes[static_cast<std::size_t>(b / 8)] &= static_cast<std::uint8_t>(~(0x80u >> (b % 8)));
        error = "host bits are set in '" + std::string(text) + "' (the network is " + render_network(fixed) + ")";
        return false;
    }
    if (mapped && out.prefix >= 96) {
        std::memmove(out.base.bytes.data(), out.base.bytes.data() + 12, 4);
        std::memset(out.base.bytes.data() + 4, 0, 12);
        out.base.v6 = false;
        out.prefix -= 96;
    }
    return true;
}

IpKey network_first(const IpNetwork& n) noexcept { return ip_key(n.base); }

IpKey network_last(const IpNetwork& n) noexcept {
    IpKey k = ip_key(n.base);
    const int host_bits = max_prefix(n.base) - n.prefix;
    if (!n.base.v6) {
        k.lo |= host_bits >= 32 ? 0xFFFFFFFFull : ((std::uint64_t{1} << host_bits) - 1);
        return k;
    }
    if (host_bits >= 64) {
        k.lo = ~std::uint64_t{0};
        k.hi |= host_bits >= 128 ? ~std::uint64_t{0} : ((std::uint64_t{1} << (host_bits - 64)) - 1);
    } else if (host_bits > 0) {
        k.lo |= (std::uint64_t{1} << host_bits) - 1;
    }
    return k;
}

std::string render_network(const IpNetwork& n) {
    char buf[INET6_ADDRSTRLEN + 8] = {};
    if (n.base.v6)
        inet_ntop(AF_INET6, n.base.bytes.data(), buf, sizeof buf);
    else
        inet_ntop(AF_INET, n.base.bytes.data(), buf, sizeof buf);
    return std::string(buf) + "/" + std::to_string(n.prefix);
}

bool looks_like_ip(std::string_view text) noexcept {
    if (text.empty()) return false;
    const auto slash = text.find('/');
    const std::string_view addr = text.substr(0, slash);
    if (slash != std::string_view::npos) {
        const std::string_view p = text.substr(slash + 1);
        for (char c : p)
            if (c < '0' || c > '9') return false;
    }
    bool colon = false, dot = false, digit = false, hex_letter = false;
    for (char c : addr) {
        if (c == ':') colon = true;
        else if (c == '.') dot = true;
        else if (c >= '0' && c <= '9') digit = true;
        else if ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) hex_letter = true;
        else return false;
    }
    if (colon) return true;                   // hex and colons: an IPv6 attempt
    return dot && digit && !hex_letter;       // digits and dots: an IPv4 attempt
}

} // namespace trailproof::context
