#include "rules/ip_network.h"

#include <cstring>

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
    std::array<std::uint8_t, 16> mask{};
    for (int bit = 0; bit < net.m_prefix; ++bit)
        mask[static_cast<std::size_t>(bit / 8)] |= static_cast<std::uint8_t>(0x80u >> (bit % 8));
    std::array<std::uint8_t, 16> masked{};
    for (std::size_t i = 0; i < masked.size(); ++i) masked[i] = static_cast<std::uint8_t>(net.m_bytes[i] & mask[i]);
    std::memcpy(net.m_mask, mask.data(), sizeof net.m_mask);
    std::memcpy(net.m_net, masked.data(), sizeof net.m_net);
    return net;
}

bool IpNetwork::contains(std::string_view address) const noexcept {
    std::array<std::uint8_t, 16> bytes{};
    const int len = parse_ip_bytes(address, bytes);
    return contains(bytes, len);
}

} // namespace trailproof::rules
