#pragma once
// Reading one in-memory input to the end, each item rendered as one line, for
// the ingest fuzz targets: framing must not depend on how the bytes arrive, and
// every item returned is counted exactly once.

#include <string>
#include <vector>

#include "core/origin.h"
#include "core/reject.h"
#include "fuzz_check.h"
#include "ingest/input_reader.h"

namespace tp_fuzz {

struct Items {
    std::vector<std::string> lines;
    std::uint64_t records = 0;
    std::uint64_t rejects = 0;
};

// Small limits, so the fuzzer reaches every cap with small inputs.
inline trailproof::ingest::ReaderOptions small_limits(std::size_t chunk_bytes) {
    trailproof::ingest::ReaderOptions options;
    options.chunk_bytes = chunk_bytes;
    options.max_record_bytes = 512;
    return options;
}

inline Items read_items(std::string_view bytes, const trailproof::ingest::ReaderOptions& options) {
    using namespace trailproof;
    SourceTable sources;
    ingest::InputReader reader(sources, options);
    reader.add_buffer("in", std::string(bytes));
    Items out;
    RawRecord record;
    Reject reject;
    std::uint64_t returned = 0;
    for (;;) {
        ingest::ReadItem item = reader.next(record, reject);
        if (item == ingest::ReadItem::End) break;
        ++returned;
        if (item == ingest::ReadItem::Record) {
            TP_FUZZ_REQUIRE(record.bytes.size() <= options.max_record_bytes);
            // The padding promise: k_padding readable bytes after the record (ASan checks the reads).
            unsigned sum = 0;
            for (std::size_t i = 0; i < k_padding; ++i) sum += static_cast<unsigned char>(record.bytes.data()[record.bytes.size() + i]);
            TP_FUZZ_REQUIRE(sum != 0xFFFFFFFFu);
            out.lines.push_back((record.format == RecordFormat::Json ? "json " : "text ") +
                                render_origin(record.origin, sources) + " " + std::string(record.bytes));
        } else {
            TP_FUZZ_REQUIRE(reject.code != RejectCode::Ok);
            out.lines.push_back(std::string(reject_code_id(reject.code)) + " " + render_origin(reject.origin, sources) +
                                " | " + reject.detail);
        }
    }
    out.records = reader.records();
    out.rejects = reader.rejects();
    TP_FUZZ_REQUIRE(out.records + out.rejects == returned);
    return out;
}

// Reads `bytes` with several chunk sizes; all must give the same items.
inline void check_chunk_independence(std::string_view bytes) {
    const Items reference = read_items(bytes, small_limits(4096));
    for (std::size_t chunk : {1u, 7u, 64u}) {
        const Items other = read_items(bytes, small_limits(chunk));
        if (other.lines != reference.lines) {
            std::fprintf(stderr, "chunk %zu gives %zu items, chunk 4096 gives %zu\n", chunk, other.lines.size(),
                         reference.lines.size());
            for (std::size_t i = 0; i < other.lines.size() || i < reference.lines.size(); ++i) {
                const std::string a = i < reference.lines.size() ? reference.lines[i] : "<none>";
                const std::string b = i < other.lines.size() ? other.lines[i] : "<none>";
                if (a != b) {
                    std::fprintf(stderr, "first difference at %zu:\n  4096: %s\n  %zu: %s\n", i, a.c_str(), chunk,
                                 b.c_str());
                    break;
                }
            }
            TP_FUZZ_REQUIRE(other.lines == reference.lines);
        }
    }
}

} // namespace tp_fuzz
