#pragma once
// Newline framing for NDJSON and text lines, streamed in chunks.
//
// Lines are found with memchr in the chunk buffer and handed out as views into it;
// only the partial line at the end of a chunk is moved (to the buffer's front) before
// the next chunk is read behind it. A line longer than max_record_bytes is never
// buffered: it is skipped up to its newline and becomes one RecordTooLarge reject.
// CRLF is accepted, blank lines are skipped (their numbers still count), and a last
// line without a newline is a record, unless the input was damaged there: then the
// partial line is dropped and the damage is the one reject.
//
// A line that starts a Records envelope ({"Records": ...}, e.g. a delivery file
// appended to an NDJSON stream) is not framed as one line: next() ends with
// handover() set, the document framer frames the envelope member by member from
// handover_offset(), then line framing resumes() behind it.

#include <cstddef>
#include <cstdint>

#include "ingest/input_reader.h"
#include "ingest/input_stream.h"
#include "ingest/padded_buffer.h"

namespace trailproof::ingest {

class LineFramer {
public:
    // Starts on the input whose unread bytes begin at `offset` in the buffer, on line `line`.
    void start(std::uint32_t source, std::size_t offset, std::uint64_t line = 1) noexcept;
    // Goes on at `offset`/`line` after the document framer handed back.
    void resume(std::size_t offset, std::uint64_t line) noexcept;
    // After End: a Records envelope starts at handover_offset() (in the buffer), on handover_line().
    [[nodiscard]] bool handover() const noexcept { return m_handover; }
    [[nodiscard]] std::size_t handover_offset() const noexcept { return m_handover_offset; }
    [[nodiscard]] std::uint64_t handover_line() const noexcept { return m_handover_line; }
    // Record, Reject, or End once the input is exhausted and its damage (if any) reported.
    [[nodiscard]] ReadItem next(InputStream& stream, PaddedBuffer& buffer, const ReaderOptions& options,
                                RawRecord& record, Reject& reject);

private:
    // Moves the partial line to the front and reads one more chunk; false once the stream is finished.
    [[nodiscard]] static bool refill(InputStream& stream, PaddedBuffer& buffer, const ReaderOptions& options);
    // True (and handover set) when the line at `begin` starts a Records envelope.
    [[nodiscard]] bool hand_over(const char* buffer, const char* begin, std::size_t size, std::uint64_t line) noexcept;
    // Frames one line (without '\n'); false for a blank line.
    [[nodiscard]] bool frame_line(const char* begin, std::size_t size, std::uint64_t line,
                                  const ReaderOptions& options, RawRecord& record, Reject& reject, ReadItem& item);

    std::uint32_t m_source = 0;
    std::size_t m_pos = 0;      // offset of the first unframed byte in the buffer
    std::uint64_t m_line = 1;   // line number of the line starting at m_pos
    bool m_done = false;
    bool m_handover = false;
    std::size_t m_handover_offset = 0;
    std::uint64_t m_handover_line = 0;
    // Skipping an oversized line: its number, bytes seen so far and the last byte seen.
    bool m_skipping = false;
    std::uint64_t m_skip_line = 0;
    std::uint64_t m_skip_bytes = 0;
    char m_skip_last = 0;
};

} // namespace trailproof::ingest
