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

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ingest/json_scanner.h"

namespace trailproof::ingest {

enum class Shape : std::uint8_t {
    Undecided, // give me more bytes
    Lines,     // newline framing (NDJSON and text lines; also empty and whitespace-only inputs)
    Document,  // whole-document framing (Records files, arrays, multi-line objects)
};

class ShapeDetector {
public:
    void reset() noexcept;
    // Looks at the first bytes of the input (always from its start; it resumes where it
    // stopped). `finished`: no more bytes will come. `limit`: when the first object is still
    // open on its first line past this many bytes, it is an (oversized) NDJSON line.
    [[nodiscard]] Shape detect(std::string_view text, bool finished, std::size_t limit) noexcept;
    // Offset of the first byte after the byte order mark (0 or 3).
    [[nodiscard]] std::size_t start() const noexcept { return m_start; }

private:
    enum class Step : std::uint8_t { Bom, Space, ArrayStart, ObjectStart, Scan };
    Step m_step = Step::Bom;
    std::size_t m_start = 0;
    std::size_t m_pos = 0;
    ValueScanner m_scan;
};

} // namespace trailproof::ingest
