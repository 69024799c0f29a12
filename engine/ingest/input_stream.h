#pragma once
// The decoded bytes of one input. gzip is recognized by its magic bytes (1f 8b),
// never by the file name, and inflated on the fly; anything else passes through.
// Reads are sticky: after End or Failed, every read reports the same.

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/reject.h"
#include "ingest/byte_source.h"
#include "ingest/gzip_source.h"
#include "ingest/stream_status.h"

namespace trailproof::ingest {

class InputStream {
public:
    // Opens a file. On failure returns false; failure()/failure_detail() say why (Unreadable).
    [[nodiscard]] bool open_file(const std::string& path, std::string name);
    void open_stdin(std::string name);
    void open_memory(std::string name, std::string bytes);
    void close() noexcept;
    // gzip inputs that decode more than `ratio` times their compressed size, once past `floor`
    // decoded bytes, fail with GzipRatio (0: no limit). Kept across inputs.
    void limit_gzip_ratio(std::uint32_t ratio, std::uint64_t floor) noexcept {
        m_max_ratio = ratio;
        m_ratio_floor = floor;
    }
    [[nodiscard]] const std::string& name() const noexcept { return m_name; }

    // Reads up to `capacity` decoded bytes into `dst`. Ok means `got` > 0.
    [[nodiscard]] StreamStatus read(char* dst, std::size_t capacity, std::size_t& got) noexcept;

    [[nodiscard]] bool finished() const noexcept { return m_status != StreamStatus::Ok; }
    [[nodiscard]] bool failed() const noexcept { return m_status == StreamStatus::Failed; }
    // After a failure: Unreadable, GzipTruncated, GzipCorrupt or GzipRatio.
    [[nodiscard]] RejectCode failure() const noexcept { return m_failure; }
    // "<name>: <reason>", e.g. "a.json.gz: gzip stream truncated at byte 812".
    [[nodiscard]] std::string failure_detail() const;

    // Bytes read from the input as stored (compressed size for gzip).
    [[nodiscard]] std::uint64_t raw_bytes() const noexcept { return m_raw.offset(); }
    [[nodiscard]] std::uint64_t decoded_bytes() const noexcept { return m_decoded; }

private:
    enum class Mode : std::uint8_t { Unknown, Plain, Gzip };

    void reset(std::string name) noexcept;
    [[nodiscard]] bool sniff() noexcept;

    ByteSource m_raw;
    GzipSource m_gzip;
    std::string m_name;
    Mode m_mode = Mode::Unknown;
    char m_head[2] = {};
    std::size_t m_head_size = 0; // sniffed bytes not yet delivered (plain mode)
    std::size_t m_head_pos = 0;
    std::uint64_t m_decoded = 0;
    std::uint32_t m_max_ratio = 0;
    std::uint64_t m_ratio_floor = 0;
    std::string m_ratio_error; // set when the ratio limit failed the stream
    StreamStatus m_status = StreamStatus::Ok;
    RejectCode m_failure = RejectCode::Ok;
};

} // namespace trailproof::ingest
