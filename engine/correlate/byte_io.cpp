#include "correlate/byte_io.h"

namespace trailproof::correlate {

bool ByteReader::get(std::uint64_t& v, int n) noexcept {
    const auto width = static_cast<std::size_t>(n);
    if (remaining() < width) return false;
    v = 0;
    for (std::size_t i = 0; i < width; ++i)
        v |= static_cast<std::uint64_t>(static_cast<unsigned char>(m_in[m_at + i])) << (8 * i);
    m_at += width;
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

bool ByteReader::u64(std::uint64_t& v) noexcept {
    return get(v, 8);
}

bool ByteReader::i64(std::int64_t& v) noexcept {
    std::uint64_t x = 0;
    if (!get(x, 8)) return false;
    v = static_cast<std::int64_t>(x);
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

} // namespace trailproof::correlate
