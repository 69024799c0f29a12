#pragma once
// Decides, from its first bytes, how an input is framed. The content decides, never
// the file name:
// - first value is an array, or an object whose first key is "Records" -> Document
// - first value is an object that spans several lines                -> Document,
//   unless the line after its first line starts with '{' or '[' (NDJSON whose
//   first record is broken)                                            -> Lines
// - first value is an object that closes on its first line           -> Lines (NDJSON)
// - first byte is anything else (CEF, syslog collector lines, ...)    -> Lines (text)
// A '[' or '{' not followed by what JSON allows there ("[INFO] ...", "{pid 7} ...")
// is a text line, not a document. A UTF-8 byte order mark at the start is skipped.
// UTF-16 and UTF-32 (a byte order mark, or NUL bytes in their pattern) and input
// starting with NUL bytes are Rejected once, with the reason.
//
// Memory: whole lines of leading whitespace may be dropped while detecting
// (droppable()); more than max_whitespace_bytes of it is Rejected. The first line of
// an object is looked at up to max_record_bytes; past that it is an (oversized) line.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/reject.h"
#include "ingest/input_reader.h"
#include "ingest/json_scanner.h"

namespace trailproof::ingest {

enum class Shape : std::uint8_t {
    Undecided, // give me more bytes
    Lines,     // newline framing (NDJSON and text lines; also empty and whitespace-only inputs)
    Document,  // whole-document framing (Records files, arrays, multi-line objects)
    Rejected,  // the whole input is one reject: reject_code(), reason()
};

class ShapeDetector {
public:
    void reset() noexcept;
    // Looks at the first bytes of the input (from its start, less what was dropped; it
    // resumes where it stopped). `finished`: no more bytes will come.
    [[nodiscard]] Shape detect(std::string_view text, bool finished, const ReaderOptions& options);
    // Where framing starts: the first line holding something other than whitespace (after
    // the byte order mark), and its 1-based line number.
    [[nodiscard]] std::size_t start() const noexcept { return m_line_start; }
    [[nodiscard]] std::uint64_t line() const noexcept { return m_lines + 1; }
    // After Undecided: bytes at the front that may be dropped (whole whitespace lines);
    // call dropped(n) after dropping them.
    [[nodiscard]] std::size_t droppable() const noexcept { return m_step == Step::Space ? m_line_start : 0; }
    void dropped(std::size_t count) noexcept;
    // After Rejected.
    [[nodiscard]] RejectCode reject_code() const noexcept { return m_reject; }
    [[nodiscard]] const std::string& reason() const noexcept { return m_reason; }

private:
    enum class Step : std::uint8_t { Bom, Space, ArrayStart, ObjectStart, Scan };
    // Checks the first bytes for UTF-16/UTF-32/NUL; false (reason set) when the input is not UTF-8 text.
    [[nodiscard]] bool check_encoding(std::string_view head);

    Step m_step = Step::Bom;
    std::size_t m_pos = 0;
    std::size_t m_line_start = 0;  // offset just past the last newline of the leading whitespace
    std::uint64_t m_lines = 0;     // newlines before m_line_start
    std::uint64_t m_space = 0;     // leading whitespace bytes seen
    ValueScanner m_scan;
    RejectCode m_reject = RejectCode::Ok;
    std::string m_reason;
};

} // namespace trailproof::ingest
