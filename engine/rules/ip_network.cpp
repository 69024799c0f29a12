#include "rules/ip_network.h"

#include "core/ip_text.h"

namespace trailproof::rules {

std::optional<IpNetwork> IpNetwork::parse(std::string_view text, std::string& error) {
    IpNetwork net;
    const auto slash = text.find('/');
    const std::string_view addr = text.substr(0, slash);
    const int len = parse_ip_bytes(addr, net.m_bytes);
    if (len == 0) {
        error = "'" + std::string(addr) + "' is not an IPv4 or IPv6 address";
        return std::nullopt;
    }
    net.m_v6 = len == 16;
    const int max_prefix = len * 8;
    net.m_prefix = max_prefix;
    if (slash != std::string_view::npos) {
        const std::string_view p = text.substr(slash + 1);
        if (!parse_prefix_length(p, max_prefix, net.m_prefix)) {
            error = "prefix length '" + std::string(p) + "' must be 0.." + std::to_string(max_prefix);
            return std::nullopt;
        }
    }
    if (has_host_bits(net.m_bytes, net.m_prefix, max_prefix)) {
        error = "host bits are set in '" + std::string(text) + "'";
        return std::nullopt;
    }
    return net;
}

bool IpNetwork::contains(std::string_view address) const noexcept {
    std::array<std::uint8_t, 16> bytes{};
    const int len = parse_ip_bytes(address, bytes);
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
