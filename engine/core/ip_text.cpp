#include "core/ip_text.h"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

namespace trailproof {

int parse_ip_bytes(std::string_view text, std::array<std::uint8_t, 16>& out) noexcept {
    // inet_pton needs a NUL-terminated string: copy into a stack buffer (the longest IPv6 text is 45 bytes).
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

bool parse_prefix_length(std::string_view text, int max, int& out) noexcept {
    int value = -1;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < 0 || value > max)
        return false;
    out = value;
    return true;
}

bool has_host_bits(const std::array<std::uint8_t, 16>& bytes, int prefix, int max) noexcept {
    for (int bit = prefix; bit < max; ++bit)
        if (bytes[static_cast<std::size_t>(bit / 8)] & (0x80u >> (bit % 8))) return true;
    return false;
}

} // namespace trailproof
