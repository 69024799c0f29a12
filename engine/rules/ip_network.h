#pragma once
// An IPv4 or IPv6 network for |cidr (pySigma SigmaCIDRExpression, strict like
// Python's ip_network: host bits set is an error). Matching parses the event
// value without allocating; a value that is not an IP address does not match.

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace trailproof::rules {

class IpNetwork {
public:
    // Parses "10.0.0.0/8", "2001:db8::/32" or a bare address (a /32 or /128).
    // On failure returns nullopt and sets `error` to a one-line reason.
    static std::optional<IpNetwork> parse(std::string_view text, std::string& error);

    // True when `address` is an IP address of the same family inside the network.
    [[nodiscard]] bool contains(std::string_view address) const noexcept;
    // The same for an address already parsed by parse_ip_bytes (core/ip_text.h;
    // `length` 4, 16, or 0 for none). Inline, two masked 64-bit compares: every
    // |cidr item tests each of its networks per event (sourceIPAddress).
    [[nodiscard]] bool contains(const std::array<std::uint8_t, 16>& bytes, int length) const noexcept {
        if (length == 0 || (length == 16) != m_v6) return false;
        std::uint64_t word[2];
        std::memcpy(word, bytes.data(), sizeof word);
        return (word[0] & m_mask[0]) == m_net[0] && (word[1] & m_mask[1]) == m_net[1];
    }

    [[nodiscard]] bool is_v6() const noexcept { return m_v6; }
    [[nodiscard]] int prefix() const noexcept { return m_prefix; }
    [[nodiscard]] const std::array<std::uint8_t, 16>& bytes() const noexcept { return m_bytes; }

private:
    std::array<std::uint8_t, 16> m_bytes{};
    int m_prefix = 0;
    bool m_v6 = false;
    // The first m_prefix bits set, and m_bytes under that mask, as two words
    // read in memory order (byte order does not matter: both sides are read alike).
    std::uint64_t m_mask[2] = {0, 0};
    std::uint64_t m_net[2] = {0, 0};
};

} // namespace trailproof::rules
