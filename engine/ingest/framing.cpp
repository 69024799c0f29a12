#include "ingest/framing.h"

#include <string>

namespace trailproof::ingest {

ReadItem frame_record(std::string_view bytes, const Origin& origin, RecordFormat format,
                      const ReaderOptions& options, RawRecord& record, Reject& reject) {
    if (bytes.size() > options.max_record_bytes) {
        reject_too_large(bytes.size(), origin, options, reject);
        return ReadItem::Reject;
    }
    record.bytes = bytes;
    record.origin = origin;
    record.format = format;
    return ReadItem::Record;
}

void reject_too_large(std::uint64_t size, const Origin& origin, const ReaderOptions& options, Reject& reject) {
    reject.origin = origin;
    reject.code = RejectCode::RecordTooLarge;
    reject.detail = "record of " + std::to_string(size) + " bytes exceeds the limit of " +
                    std::to_string(options.max_record_bytes) + " bytes";
}

void reject_stream_failure(const InputStream& stream, const Origin& origin, Reject& reject) {
    reject.origin = origin;
    reject.code = stream.failure();
    reject.detail = stream.failure_detail();
}

} // namespace trailproof::ingest
