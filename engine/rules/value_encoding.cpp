#include "rules/value_encoding.h"

#include <cstdint>
#include <vector>

namespace trailproof::rules {

namespace {

constexpr char k_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Decodes UTF-8 into code points; a bad sequence yields U+FFFD for its first byte.
std::vector<std::uint32_t> code_points(std::string_view s) {
    std::vector<std::uint32_t> out;
    for (std::size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        std::size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
        if (len == 0 || i + len > s.size()) {
            out.push_back(0xFFFD);
            ++i;
            continue;
        }
        std::uint32_t cp = len == 1 ? b : len == 2 ? (b & 0x1Fu) : len == 3 ? (b & 0x0Fu) : (b & 0x07u);
        bool ok = true;
        for (std::size_t k = 1; k < len; ++k) {
            const auto c = static_cast<unsigned char>(s[i + k]);
            if ((c & 0xC0) != 0x80) ok = false;
            cp = (cp << 6) | (c & 0x3Fu);
        }
        if (!ok) {
            out.push_back(0xFFFD);
            ++i;
            continue;
        }
        out.push_back(cp);
        i += len;
    }
    return out;
}

std::string encode_utf16(std::string_view utf8, bool big_endian) {
    std::string out;
    auto put = [&](std::uint32_t unit) {
        const char lo = static_cast<char>(unit & 0xFF);
        const char hi = static_cast<char>((unit >> 8) & 0xFF);
        if (big_endian) {
            out += hi;
            out += lo;
        } else {
            out += lo;
            out += hi;
        }
    };
    for (std::uint32_t cp : code_points(utf8)) {
        if (cp >= 0x10000) {
            cp -= 0x10000;
            put(0xD800 + (cp >> 10));
            put(0xDC00 + (cp & 0x3FF));
        } else {
            put(cp);
        }
    }
    return out;
}

} // namespace

std::string encode_base64(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const std::uint32_t n = (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16) |
                                (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8) |
                                static_cast<unsigned char>(bytes[i + 2]);
        out += k_alphabet[(n >> 18) & 63];
        out += k_alphabet[(n >> 12) & 63];
        out += k_alphabet[(n >> 6) & 63];
        out += k_alphabet[n & 63];
    }
    const std::size_t rest = bytes.size() - i;
    if (rest == 1) {
        const std::uint32_t n = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
        out += k_alphabet[(n >> 18) & 63];
        out += k_alphabet[(n >> 12) & 63];
        out += "==";
    } else if (rest == 2) {
        const std::uint32_t n = (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16) |
                                (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8);
        out += k_alphabet[(n >> 18) & 63];
        out += k_alphabet[(n >> 12) & 63];
        out += k_alphabet[(n >> 6) & 63];
        out += '=';
    }
    return out;
}

std::array<std::string, 3> encode_base64_offsets(std::string_view bytes) {
    constexpr std::size_t k_start[3] = {0, 2, 3};
    constexpr std::size_t k_end_trim[3] = {0, 3, 2}; // python slice ends None, -3, -2
    std::array<std::string, 3> out;
    for (std::size_t i = 0; i < 3; ++i) {
        std::string shifted(i, ' ');
        shifted += bytes;
        const std::string b64 = encode_base64(shifted);
        const std::size_t trim = k_end_trim[(bytes.size() + i) % 3];
        const std::size_t end = b64.size() >= trim ? b64.size() - trim : 0;
        out[i] = end > k_start[i] ? b64.substr(k_start[i], end - k_start[i]) : std::string();
    }
    return out;
}

std::string encode_utf16le(std::string_view utf8) {
    return encode_utf16(utf8, false);
}
std::string encode_utf16be(std::string_view utf8) {
    return encode_utf16(utf8, true);
}

} // namespace trailproof::rules
