#pragma once
// Little-endian integers and length-prefixed strings in and out of a byte
// string, for the correlation state's byte form. The reader checks every bound
// and never reads past the end, so damaged bytes become an error, never
// undefined behaviour. (engine/state has its own codec; this stage comes before
// it in the data flow and cannot include it.)

#include <cstdint>
#include <string>
#include <string_view>

namespace trailproof::correlate {

class ByteWriter {
public:
    explicit ByteWriter(std::string& out) : m_out(out) {}
    void u8(std::uint8_t v) { m_out.push_back(static_cast<char>(v)); }
    void u32(std::uint32_t v) { put(v, 4); }
    void u64(std::uint64_t v) { put(v, 8); }
    void i64(std::int64_t v) { put(static_cast<std::uint64_t>(v), 8); }
    // u32 length, then the bytes.
    void str(std::string_view s) {
        u32(static_cast<std::uint32_t>(s.size()));
        m_out.append(s);
    }

private:
    void put(std::uint64_t v, int n) {
        for (int i = 0; i < n; ++i) m_out.push_back(static_cast<char>((v >> (8 * i)) & 0xffU));
    }
    std::string& m_out;
};

class ByteReader {
public:
    explicit ByteReader(std::string_view in) : m_in(in) {}
    [[nodiscard]] bool u8(std::uint8_t& v) noexcept;
    [[nodiscard]] bool u32(std::uint32_t& v) noexcept;
    [[nodiscard]] bool u64(std::uint64_t& v) noexcept;
    [[nodiscard]] bool i64(std::int64_t& v) noexcept;
    // A view of the next length-prefixed string (into the input).
    [[nodiscard]] bool str(std::string_view& out) noexcept;
    [[nodiscard]] std::size_t remaining() const noexcept { return m_in.size() - m_at; }
    [[nodiscard]] std::size_t offset() const noexcept { return m_at; }

private:
    [[nodiscard]] bool get(std::uint64_t& v, int n) noexcept;
    std::string_view m_in;
    std::size_t m_at = 0;
};

} // namespace trailproof::correlate
