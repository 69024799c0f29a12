#pragma once
// Framing of whole JSON documents, loaded whole (decompressed) before framing:
// - {"Records":[m0, m1, ...]}  each member is a record, origin.index = its position;
// - [m0, m1, ...]              the same, for a plain JSON array of events;
// - {...} spanning lines       the object is one record;
// - several of these one after the other (concatenated delivery files) work too.
// A member's bytes are exactly its text. Members that are not objects are still
// records (parse rejects them). {"Records": <not an array>} is BadEnvelope; a
// document cut short ends with one TruncatedTail, or with the stream's own failure
// (e.g. GzipTruncated) when the input was damaged.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ingest/input_reader.h"
#include "ingest/input_stream.h"
#include "ingest/json_scanner.h"

namespace trailproof::ingest {

class DocumentFramer {
public:
    // Starts on a document whose first byte is at `offset`.
    void start(std::uint32_t source, std::size_t offset) noexcept;
    // `text` is the whole decoded input; `stream` is finished and tells whether it was damaged.
    // Record, Reject, or End once the document is exhausted and its damage (if any) reported.
    [[nodiscard]] ReadItem next(const InputStream& stream, std::string_view text, const ReaderOptions& options,
                                RawRecord& record, Reject& reject);

private:
    enum class State : std::uint8_t {
        Top,          // between top-level values
        Members,      // inside an array: Records or plain
        EnvelopeTail, // after the Records array, inside the envelope object
        Finish,       // report the damage, if any
        Done,
    };

    [[nodiscard]] ReadItem next_top(std::string_view text, const ReaderOptions& options, RawRecord& record,
                                    Reject& reject);
    [[nodiscard]] ReadItem next_member(std::string_view text, const ReaderOptions& options, RawRecord& record,
                                       Reject& reject);
    // The input ends inside `what`, at `line`/`index`.
    void cut(std::uint64_t line, std::uint32_t index, const char* what) noexcept;

    std::uint32_t m_source = 0;
    State m_state = State::Top;
    std::size_t m_pos = 0;
    std::uint64_t m_line = 1;      // line of the byte at m_pos
    std::uint32_t m_index = 0;     // next member index
    bool m_envelope = false;       // the current array is a Records array
    std::uint64_t m_envelope_line = 0;
    ValueScanner m_scan;
    // Where the input ended: a partial value (`m_cut_what` set) or a clean end.
    Origin m_cut;
    const char* m_cut_what = nullptr;
};

} // namespace trailproof::ingest
