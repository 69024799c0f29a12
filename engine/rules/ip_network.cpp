#include "rules/ip_network.h"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

namespace trailproof::rules {

int parse_ip_address(std::string_view text, std::array<std::uint8_t, 16>& out) noexcept {
    // inet_pton needs a NUL-terminated string: copy into a stack buffer (longest IPv6 text is 45 bytes).
    char buf[64];
    if (text.empty() || text.size() >= sizeof buf) return 0;
    std::memcpy(buf, text.data(), text.size());
    buf[text.size()] = '\0';
    if (text.find(':') == std::string_view::npos) {
        in_addr v4{};
        if (inet_pton(AF_INET, buf, &v4) != 1) return 0;
        std::memcpy(out.data(), &v4, 4);
        return 4;
    }
    in6_addr v6{};
    if (inet_pton(AF_INET6, buf, &v6) != 1) return 0;
    std::memcpy(out.data(), &v6, 16);
    return 16;
}

std::optional<IpNetwork> IpNetwork::parse(std::string_view text, std::string& error) {
    IpNetwork net;
    const auto slash = text.find('/');
    const std::string_view addr = text.substr(0, slash);
    const int len = parse_ip_address(addr, net.m_bytes);
    if (len == 0) {
        error = "'" + std::string(addr) + "' is not an IPv4 or IPv6 address";
        return std::nullopt;
    }
    net.m_v6 = len == 16;
    const int max_prefix = len * 8;
    net.m_prefix = max_prefix;
    if (slash != std::string_view::npos) {
        const std::string_view p = text.substr(slash + 1);
        int value = -1;
        auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), value);
        if (p.empty() || ec != std::errc() || end != p.data() + p.size() || value < 0 || value > max_prefix) {
            error = "prefix length '" + std::string(p) + "' must be 0.." + std::to_string(max_prefix);
            return std::nullopt;
        }
        net.m_prefix = value;
    }
    for (int bit = net.m_prefix; bit < max_prefix; ++bit) {
        const auto byte = static_cast<std::size_t>(bit / 8);
        if (net.m_bytes[byte] & (0x80u >> (bit % 8))) {
            error = "host bits are set in '" + std::string(text) + "'";
            return std::nullopt;
        }
    }
    return net;
}

bool IpNetwork::contains(std::string_view address) const noexcept {
    std::array<std::uint8_t, 16> bytes{};
    const int len = parse_ip_address(address, bytes);
    return contains(bytes, len);
}

bool IpNetwork::contains(const std::array<std::uint8_t, 16>& bytes, int len) const noexcept {
    if (len == 0 || (len == 16) != m_v6) return false;
    const int full = m_prefix / 8;
    for (int i = 0; i < full; ++i)
        if (bytes[static_cast<std::size_t>(i)] != m_bytes[static_cast<std::size_t>(i)]) return false;
    const int rest = m_prefix % 8;
    if (rest == 0) return true;
    const auto mask = static_cast<std::uint8_t>(0xFFu << (8 - rest));
    const auto i = static_cast<std::size_t>(full);
    return (bytes[i] & mask) == (m_bytes[i] & mask);
}

} // namespace trailproof::rules
