#pragma once
// Little-endian fixed-width integers and length-prefixed strings in and out of a
// byte string (state files, correlation state). The reader
// checks every bound and never reads past the end: a damaged file becomes a
// "corrupt" error, never undefined behaviour.

#include <cstdint>
#include <string>
#include <string_view>

namespace trailproof {

class ByteWriter {
public:
    explicit ByteWriter(std::string& out) : m_out(out) {}
    void u8(std::uint8_t v) { m_out.push_back(static_cast<char>(v)); }
    void u32(std::uint32_t v) { put(v, 4); }
    void u64(std::uint64_t v) { put(v, 8); }
    void i32(std::int32_t v) { put(static_cast<std::uint32_t>(v), 4); }
    void i64(std::int64_t v) { put(static_cast<std::uint64_t>(v), 8); }
    void bytes(std::string_view b) { m_out.append(b); }
    // u32 length, then the bytes.
    void str(std::string_view s) {
        u32(static_cast<std::uint32_t>(s.size()));
        m_out.append(s);
    }
    [[nodiscard]] std::size_t size() const noexcept { return m_out.size(); }
    // Overwrites 8 bytes at `at` (a length written before its content was known).
    void patch_u64(std::size_t at, std::uint64_t v) noexcept {
        for (int i = 0; i < 8; ++i) m_out[at + static_cast<std::size_t>(i)] = static_cast<char>((v >> (8 * i)) & 0xff);
    }

private:
    void put(std::uint64_t v, int n) {
        for (int i = 0; i < n; ++i) m_out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
    }
    std::string& m_out;
};

class ByteReader {
public:
    explicit ByteReader(std::string_view in) : m_in(in) {}
    [[nodiscard]] bool u8(std::uint8_t& v) noexcept;
    [[nodiscard]] bool u32(std::uint32_t& v) noexcept;
    [[nodiscard]] bool u64(std::uint64_t& v) noexcept;
    [[nodiscard]] bool i32(std::int32_t& v) noexcept;
    [[nodiscard]] bool i64(std::int64_t& v) noexcept;
    // A view of the next `n` bytes (into the input).
    [[nodiscard]] bool bytes(std::uint64_t n, std::string_view& out) noexcept;
    // A view of the next length-prefixed string (into the input).
    [[nodiscard]] bool str(std::string_view& out) noexcept;
    [[nodiscard]] std::size_t offset() const noexcept { return m_at; }
    [[nodiscard]] std::size_t remaining() const noexcept { return m_in.size() - m_at; }

private:
    [[nodiscard]] bool get(std::uint64_t& v, int n) noexcept;
    std::string_view m_in;
    std::size_t m_at = 0;
};

} // namespace trailproof
