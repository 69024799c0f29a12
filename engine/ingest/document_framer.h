#pragma once
// Framing of JSON documents, streamed element by element:
// - {"Records":[m0, m1, ...]}  each member is a record, origin.index = its position;
// - [m0, m1, ...]              the same, for a plain JSON array of events;
// - {...} spanning lines       the object is one record;
// - several of these one after the other (concatenated delivery files) work too.
// A member's bytes are exactly its text. Members that are not objects are still
// records (parse rejects them). {"Records": <not an array>} is BadEnvelope; a
// document cut short ends with one TruncatedTail, or with the stream's own failure
// (e.g. GzipTruncated) when the input was damaged.
//
// Memory: the buffer holds at most the value being framed (a member, or the head of
// an object until its first key is known) plus one chunk; bytes before it are
// dropped as the framer goes, and a value over max_record_bytes is scanned to its end
// without being kept. Every scan resumes where it stopped, so time is linear in the
// input. The limits of ReaderOptions are checked by position, never by how the bytes
// arrived, so the items do not depend on the chunk size.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ingest/input_reader.h"
#include "ingest/input_stream.h"
#include "ingest/json_scanner.h"
#include "ingest/padded_buffer.h"

namespace trailproof::ingest {

class DocumentFramer {
public:
    // Starts on a document whose first byte is at `offset` in the buffer, on line `line`.
    // `one_document`: stop after one top-level value (a Records envelope found inside
    // line-framed input); handover() then says where line framing resumes.
    void start(std::uint32_t source, std::size_t offset, std::uint64_t line, bool one_document = false) noexcept;
    // Record, Reject, or End once the input is exhausted (and its damage, if any, reported)
    // or, with one_document, once the document is done.
    [[nodiscard]] ReadItem next(InputStream& stream, PaddedBuffer& buffer, const ReaderOptions& options,
                                RawRecord& record, Reject& reject);

    // After End with one_document: true when line framing takes over at offset()/line().
    [[nodiscard]] bool handover() const noexcept { return m_handover; }
    [[nodiscard]] std::size_t offset() const noexcept { return m_pos; }
    [[nodiscard]] std::uint64_t line() const noexcept { return m_line; }

private:
    enum class State : std::uint8_t {
        Top,          // between top-level values
        ObjectHead,   // after a top-level '{': is its first key "Records"?
        EnvelopeHead, // after "Records": expecting ':' then '['
        Members,      // inside an array: Records or plain
        Value,        // scanning one value (a member, an object, a stray line, the envelope's tail)
        Finish,       // report the damage, if any
        Done,
    };
    enum class Kind : std::uint8_t { Container, String, Token, Line, BadEnvelope, Tail };
    enum class More : std::uint8_t { Yes, End, Limit };

    // Reads one more chunk after dropping the bytes no longer needed. Limit: the
    // document reached max_document_bytes (its reject is filled).
    [[nodiscard]] More more(InputStream& stream, PaddedBuffer& buffer, const ReaderOptions& options, Reject& reject);
    // The part of the buffer the framer may look at: all of it, or up to the document limit.
    [[nodiscard]] std::string_view view(const PaddedBuffer& buffer, const ReaderOptions& options) const noexcept;
    // Skips whitespace (and commas, inside an array) from m_pos, or from m_scan_pos in the
    // envelope's head. True at a value's first byte; false when the view ran out or (reject
    // filled) the run went over the limit.
    [[nodiscard]] bool skip_gap(std::string_view text, bool commas, const ReaderOptions& options, Reject& reject);
    void begin_value(Kind kind, std::size_t begin, std::uint32_t index, const char* what, State after) noexcept;
    [[nodiscard]] ReadItem scan_value(InputStream& stream, PaddedBuffer& buffer, const ReaderOptions& options,
                                      RawRecord& record, Reject& reject);
    [[nodiscard]] ReadItem end_value(std::string_view text, std::size_t end, std::size_t next,
                                     const ReaderOptions& options, RawRecord& record, Reject& reject);
    // The input ends inside `what`, at `line`/`index`.
    void cut(std::uint64_t line, std::uint32_t index, const char* what) noexcept;
    void stop(Reject& reject, RejectCode code, std::uint64_t line, std::string detail);

    std::uint32_t m_source = 0;
    State m_state = State::Top;
    bool m_one_document = false;
    bool m_handover = false;
    std::size_t m_pos = 0;         // next unframed byte in the buffer
    std::uint64_t m_line = 1;      // line of the byte at m_pos
    std::uint64_t m_base = 0;      // input offset of the buffer's first byte
    std::uint32_t m_index = 0;     // next member index
    bool m_envelope = false;       // the current array is a Records array
    std::uint64_t m_envelope_line = 0;
    // The current document: its input offset (UINT64_MAX outside one) and first line.
    std::uint64_t m_doc_begin = UINT64_MAX;
    std::uint64_t m_doc_line = 0;
    // The gap being skipped: its length so far and its first line.
    std::uint64_t m_gap = 0;
    std::uint64_t m_gap_line = 0;
    std::uint64_t m_gap_line_head = 0; // line at m_scan_pos while reading the envelope's head
    bool m_colon = false;              // the envelope's head: ':' seen
    // The value being scanned.
    Kind m_kind = Kind::Container;
    State m_after = State::Top;
    std::size_t m_begin = 0;       // its first byte still in the buffer
    std::size_t m_scan_pos = 0;    // Token and Line scans resume here
    std::uint64_t m_value_line = 0;
    std::uint32_t m_value_index = k_no_index;
    const char* m_what = nullptr;  // for a cut: "a Records member", ...
    bool m_skipping = false;       // over max_record_bytes: scanned, not kept
    std::uint64_t m_skipped = 0;   // bytes of it already dropped
    char m_last = 0;               // last byte dropped while skipping (a line's '\r')
    ValueScanner m_scan;
    // Where the input ended: a partial value (`m_cut_what` set) or a clean end.
    Origin m_cut;
    const char* m_cut_what = nullptr;
};

} // namespace trailproof::ingest
