#pragma once
// A record that could not become an Event. Rejects are counted, written to the
// dead-letter sink and never stop a run: records_read == accepted + rejected.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/origin.h"

namespace trailproof {

// Stable codes; never renumber or reuse one. Code 0 means success.
enum class RejectCode : std::uint8_t {
    Ok = 0,
    // ingest
    Unreadable,        // file could not be opened or read
    GzipTruncated,     // gzip stream ended early; records before the damage were kept
    GzipCorrupt,       // gzip data error; records before the damage were kept
    TruncatedTail,     // partial record at the end of an input
    RecordTooLarge,    // a record above the configured maximum size
    BadEnvelope,       // {"Records": ...} is not an array, or a top-level value is unusable
    // parse
    MalformedJson,     // the record is not valid JSON
    NotAnObject,       // valid JSON, but not an object
    InvalidUtf8,       // the record is not valid UTF-8
    NoParser,          // no parser's conditions matched the record
    MissingField,      // a field the parser requires is absent
    WrongType,         // a required field has the wrong JSON type
    BadTime,           // the event time could not be parsed
    MalformedCef,      // a CEF line with a broken header
    // ingest limits and input checks (after the parse codes: codes are never renumbered)
    DocumentTooLarge,    // a JSON document over max_document_bytes; the rest of the input is skipped
    WhitespaceTooLong,   // a run of whitespace over max_whitespace_bytes; the rest of the input is skipped
    GzipRatio,           // gzip expanding more than max_gzip_ratio times; the rest of the input is skipped
    NestingTooDeep,      // a record nested deeper than max_nesting_depth
    UnsupportedEncoding, // UTF-16/UTF-32 or binary input: the whole input is rejected once
    DanglingSymlink,     // a symbolic link in an input folder whose target does not exist
};

// "ingest.gzip_truncated", "parse.malformed_json", ...: stable ids for reports.
[[nodiscard]] std::string_view reject_code_id(RejectCode code) noexcept;

struct Reject {
    Origin origin;
    RejectCode code = RejectCode::Ok;
    std::string detail; // human readable reason; allocated only on a reject
};

} // namespace trailproof
