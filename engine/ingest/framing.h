#pragma once
// Small helpers shared by the two framers: how records and rejects are filled.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/raw_record.h"
#include "core/reject.h"
#include "ingest/input_reader.h"
#include "ingest/input_stream.h"

namespace trailproof::ingest {

// Fills `record`, or `reject` (RecordTooLarge) when `bytes` is over the limit.
[[nodiscard]] ReadItem frame_record(std::string_view bytes, const Origin& origin, RecordFormat format,
                                    const ReaderOptions& options, RawRecord& record, Reject& reject);

// RecordTooLarge for a record of `size` bytes.
void reject_too_large(std::uint64_t size, const Origin& origin, const ReaderOptions& options, Reject& reject);

// The stream's failure (Unreadable, GzipTruncated, GzipCorrupt) at `origin`.
void reject_stream_failure(const InputStream& stream, const Origin& origin, Reject& reject);

} // namespace trailproof::ingest
