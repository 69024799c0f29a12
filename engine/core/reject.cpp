#include "core/reject.h"

namespace trailproof {

std::string_view reject_code_id(RejectCode code) noexcept {
    switch (code) {
    case RejectCode::Ok: return "ok";
    case RejectCode::Unreadable: return "ingest.unreadable";
    case RejectCode::GzipTruncated: return "ingest.gzip_truncated";
    case RejectCode::GzipCorrupt: return "ingest.gzip_corrupt";
    case RejectCode::TruncatedTail: return "ingest.truncated";
    case RejectCode::RecordTooLarge: return "ingest.record_too_large";
    case RejectCode::BadEnvelope: return "ingest.bad_envelope";
    case RejectCode::MalformedJson: return "parse.malformed_json";
    case RejectCode::NotAnObject: return "parse.not_an_object";
    case RejectCode::InvalidUtf8: return "parse.invalid_utf8";
    case RejectCode::NoParser: return "parse.no_parser";
    case RejectCode::MissingField: return "parse.missing_field";
    case RejectCode::WrongType: return "parse.wrong_type";
    case RejectCode::BadTime: return "parse.bad_time";
    case RejectCode::MalformedCef: return "parse.malformed_cef";
    case RejectCode::DocumentTooLarge: return "ingest.document_too_large";
    case RejectCode::WhitespaceTooLong: return "ingest.whitespace_too_long";
    case RejectCode::GzipRatio: return "ingest.gzip_ratio";
    case RejectCode::NestingTooDeep: return "ingest.nesting_too_deep";
    case RejectCode::UnsupportedEncoding: return "ingest.unsupported_encoding";
    case RejectCode::DanglingSymlink: return "ingest.dangling_symlink";
    }
    return "unknown";
}

} // namespace trailproof
