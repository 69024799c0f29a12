#include "core/byte_codec.h"

namespace trailproof {

bool ByteReader::get(std::uint64_t& v, int n) noexcept {
    if (remaining() < static_cast<std::size_t>(n)) return false;
    v = 0;
    for (int i = 0; i < n; ++i)
        v |= static_cast<std::uint64_t>(static_cast<unsigned char>(m_in[m_at + static_cast<std::size_t>(i)])) << (8 * i);
    m_at += static_cast<std::size_t>(n);
    return true;
}

bool ByteReader::u8(std::uint8_t& v) noexcept {
    std::uint64_t x = 0;
    if (!get(x, 1)) return false;
    v = static_cast<std::uint8_t>(x);
    return true;
}

bool ByteReader::u32(std::uint32_t& v) noexcept {
    std::uint64_t x = 0;
    if (!get(x, 4)) return false;
    v = static_cast<std::uint32_t>(x);
    return true;
}

bool ByteReader::u64(std::uint64_t& v) noexcept { return get(v, 8); }

bool ByteReader::i32(std::int32_t& v) noexcept {
    std::uint32_t x = 0;
    if (!u32(x)) return false;
    v = static_cast<std::int32_t>(x);
    return true;
}

bool ByteReader::i64(std::int64_t& v) noexcept {
    std::uint64_t x = 0;
    if (!get(x, 8)) return false;
    v = static_cast<std::int64_t>(x);
    return true;
}

bool ByteReader::bytes(std::uint64_t n, std::string_view& out) noexcept {
    if (remaining() < n) return false;
    out = m_in.substr(m_at, static_cast<std::size_t>(n));
    m_at += static_cast<std::size_t>(n);
    return true;
}

bool ByteReader::str(std::string_view& out) noexcept {
    std::uint32_t n = 0;
    const std::size_t start = m_at;
    if (!u32(n)) return false;
    if (remaining() < n) {
        m_at = start;
        return false;
    }
    out = m_in.substr(m_at, n);
    m_at += n;
    return true;
}

} // namespace trailproof
