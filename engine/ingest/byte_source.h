#pragma once
// Raw bytes of one input as stored: a file, stdin, or an in-memory buffer.
// No decoding here (gzip_source.h inflates on top of it).

#include <cstddef>
#include <cstdint>
#include <string>

namespace trailproof::ingest {

enum class ByteStatus : std::uint8_t {
    Ok,    // `got` > 0 bytes were read
    End,   // no more bytes
    Error, // the OS refused; error() holds its text
};

class ByteSource {
public:
    ByteSource() = default;
    ByteSource(const ByteSource&) = delete;
    ByteSource& operator=(const ByteSource&) = delete;
    ~ByteSource();

    // Opens `path` for reading. On failure returns false and error() holds the OS text.
    [[nodiscard]] bool open_file(const std::string& path);
    // Reads standard input (never closed by us).
    void open_stdin() noexcept;
    // Reads from `bytes`, which the source keeps until close().
    void open_memory(std::string bytes) noexcept;

    // Reads up to `capacity` bytes into `dst`; retries interrupted reads.
    [[nodiscard]] ByteStatus read(char* dst, std::size_t capacity, std::size_t& got) noexcept;

    void close() noexcept;
    // Bytes read so far from this input.
    [[nodiscard]] std::uint64_t offset() const noexcept { return m_offset; }
    [[nodiscard]] const std::string& error() const noexcept { return m_error; }

private:
    int m_fd = -1;
    bool m_owns_fd = false;
    bool m_memory = false;
    std::string m_bytes;      // memory input
    std::size_t m_cursor = 0; // next byte of m_bytes
    std::uint64_t m_offset = 0;
    std::string m_error;
};

} // namespace trailproof::ingest
