#include "core/ip_text.h"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

namespace trailproof {

namespace {

// Dotted IPv4 exactly as glibc's inet_pton(AF_INET) reads it (four decimal
// octets of at most 255, no leading zeros, nothing else), on the view itself:
// the rules stage (|cidr) and enrichment parse an address per event, and the
// copy inet_pton needs cost several times the parse.
bool parse_ipv4(std::string_view text, std::uint8_t* out) noexcept {
    const char* p = text.data();
    const char* const end = p + text.size();
    std::uint8_t bytes[4];
    for (std::size_t i = 0; i < 4; ++i) {
        if (i > 0 && (p == end || *p++ != '.')) return false;
        if (p == end) return false;
        unsigned value = static_cast<unsigned char>(*p) - unsigned{'0'};
        if (value > 9) return false;
        ++p;
        // A leading 0 is the whole octet: "01" fails at the '.' expected after it.
        for (int more = 0; value != 0 && more < 2 && p != end; ++more, ++p) {
            const unsigned digit = static_cast<unsigned char>(*p) - unsigned{'0'};
            if (digit > 9) break;
            value = value * 10 + digit;
        }
        if (value > 255) return false;
        bytes[i] = static_cast<std::uint8_t>(value);
    }
    if (p != end) return false;
    std::memcpy(out, bytes, 4);
    return true;
}

} // namespace

int parse_ip_bytes(std::string_view text, std::array<std::uint8_t, 16>& out) noexcept {
    if (text.find(':') == std::string_view::npos) return parse_ipv4(text, out.data()) ? 4 : 0;
    // inet_pton needs a NUL-terminated string: copy into a stack buffer (the
    // longest IPv6 text is 45 bytes). A NUL inside the text would end it early.
    char buf[64];
    if (text.size() >= sizeof buf || text.find('\0') != std::string_view::npos) return 0;
    std::memcpy(buf, text.data(), text.size());
    buf[text.size()] = '\0';
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
