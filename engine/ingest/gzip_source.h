#pragma once
// Streaming gzip decoding of one ByteSource (zlib, multi-member). Decoded bytes
// are written straight into the caller's buffer, so there is no extra copy.
//
// Damage is reported once, after every byte decoded before it was delivered:
// a stream that ends inside a member is GzipTruncated, a data error GzipCorrupt,
// an OS read error Unreadable.

#include <cstddef>
#include <memory>
#include <string>

#include <zlib.h>

#include "core/reject.h"
#include "ingest/byte_source.h"
#include "ingest/stream_status.h"

namespace trailproof::ingest {

class GzipSource {
public:
    GzipSource();
    GzipSource(const GzipSource&) = delete;
    GzipSource& operator=(const GzipSource&) = delete;
    ~GzipSource();

    // Starts decoding `raw`. `head` holds bytes already read from it (the sniffed magic).
    // The zlib state is allocated once and reset per input.
    void start(ByteSource& raw, const char* head, std::size_t head_size) noexcept;

    // Decodes up to `capacity` bytes into `dst`. Ok means `got` > 0.
    [[nodiscard]] StreamStatus read(char* dst, std::size_t capacity, std::size_t& got) noexcept;

    // After Failed: the reject code and its reason, without the input's name.
    [[nodiscard]] RejectCode failure() const noexcept { return m_failure; }
    [[nodiscard]] const std::string& error() const noexcept { return m_error; }

private:
    // Reads more raw bytes so at least `wanted` are available, unless the input ends first.
    // Returns false (and fails the stream) on an OS read error.
    [[nodiscard]] bool fill(std::size_t wanted) noexcept;
    // Byte offset in the raw input of the next byte zlib would consume.
    [[nodiscard]] std::uint64_t raw_position() const noexcept;
    void fail(RejectCode code, const char* what, const char* why) noexcept;

    z_stream m_zs{};
    bool m_zlib_ready = false;
    std::unique_ptr<unsigned char[]> m_in;
    ByteSource* m_raw = nullptr;
    bool m_raw_done = false;    // the raw input reached its end
    bool m_member_done = false; // between two gzip members
    StreamStatus m_status = StreamStatus::Ok;
    RejectCode m_failure = RejectCode::Ok;
    std::string m_error;
};

} // namespace trailproof::ingest
