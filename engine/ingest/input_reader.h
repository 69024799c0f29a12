#pragma once
// The ingest stage: turns input files, folders, stdin and in-memory buffers into
// RawRecords, one at a time and in input order.
//
// Shapes are recognized by content (see shape_detector.h): CloudTrail S3 delivery
// files {"Records":[...]} (compact or pretty), NDJSON, a JSON array of events, a
// single pretty-printed object, and text lines (CEF, syslog collector lines), each
// possibly gzip-compressed (multi-member too). Nothing is parsed here: each record is
// the exact text of one NDJSON line, one Records/array member or one document.
//
// Conservation: every framed record and every reject is returned exactly once, so
// records() + rejects() is what the run must account for. Damage never stops a run:
// records before it are kept and the damage becomes one Reject.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "core/origin.h"
#include "core/raw_record.h"
#include "core/reject.h"

namespace trailproof::ingest {

// Limits on what one input may do to memory and time; each hit is one counted reject
// with its own code (README.md, "Limits"), and the run goes on with the next input.
// Memory stays bounded by about max_record_bytes + max_whitespace_bytes + chunk_bytes
// whatever the input holds.
struct ReaderOptions {
    std::size_t max_record_bytes = 64u << 20;     // larger records are rejected (RecordTooLarge) and skipped
    std::size_t chunk_bytes = 4u << 20;           // read size
    std::uint64_t max_document_bytes = 1ull << 30; // one JSON document (Records file, array, object); DocumentTooLarge
    std::size_t max_whitespace_bytes = 1u << 20;  // a run of whitespace (and separators) in or before a document
    std::uint32_t max_gzip_ratio = 200;           // decoded / compressed bytes, checked past k_gzip_ratio_floor
    std::uint32_t max_nesting_depth = 256;        // nesting of one record in a document; NestingTooDeep
};

// The gzip ratio is only checked once an input has decoded this many bytes, so small,
// very repetitive files pass.
inline constexpr std::uint64_t k_gzip_ratio_floor = 1u << 20;

// How the reader's one buffer behaved (for tests of bounded memory).
struct BufferStats {
    std::size_t peak_capacity = 0; // the buffer's largest capacity so far
    std::uint64_t bytes_moved = 0; // bytes moved to the front of the buffer (partial records carried over)
};

enum class ReadItem : std::uint8_t { Record, Reject, End };

class InputReader {
public:
    // Each input gets its name added to `sources` when it is opened; `sources` must outlive the reader.
    explicit InputReader(SourceTable& sources, ReaderOptions options = {});
    InputReader(const InputReader&) = delete;
    InputReader& operator=(const InputReader&) = delete;
    ~InputReader();

    // Queues a file, a directory (its regular files, recursively, sorted by path; symlinked
    // directories are not followed) or "-" for stdin. A missing or unreadable path becomes an
    // Unreadable reject when its turn comes.
    void add_path(std::string path);
    // Queues an in-memory input named `name` (gzip is recognized here too).
    void add_buffer(std::string name, std::string bytes);

    // Returns the next item in input order.
    // Record: `record` is filled; its bytes view the reader's buffer, stay valid until the
    //         next call, and are followed by at least k_padding readable bytes.
    // Reject: `reject` is filled (origin, code, detail).
    // End:    no more input.
    [[nodiscard]] ReadItem next(RawRecord& record, Reject& reject);

    [[nodiscard]] std::uint64_t records() const noexcept; // Record items returned so far
    [[nodiscard]] std::uint64_t rejects() const noexcept; // Reject items returned so far
    // Bytes read from the inputs as stored (compressed bytes for gzip).
    [[nodiscard]] std::uint64_t bytes_read() const noexcept;
    // Bytes after gzip decoding (equal to bytes_read() for plain inputs).
    [[nodiscard]] std::uint64_t bytes_decoded() const noexcept;
    [[nodiscard]] BufferStats buffer_stats() const noexcept;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace trailproof::ingest
