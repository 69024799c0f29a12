#pragma once
// The ingest limits of `detect` (README.md, "Limits"): --max-record-bytes,
// --max-document-bytes, --max-whitespace-bytes, --max-gzip-ratio and
// --max-nesting-depth, with the engine's defaults. Each hit is one counted
// reject with its own code. Included only by command_*.cpp (cxxopts stays there).

#include <optional>
#include <string>

#include <cxxopts.hpp>

#include "command_args.h"
#include "ingest/input_reader.h"

namespace trailproof::harness {

inline void add_ingest_flags(cxxopts::Options& options) {
    const ingest::ReaderOptions d;
    options.add_options("limits")
        ("max-record-bytes", "reject records larger than N bytes (ingest.record_too_large)",
         cxxopts::value<std::uint64_t>()->default_value(std::to_string(d.max_record_bytes)), "N")
        ("max-document-bytes", "reject the rest of a JSON document (Records file, array) past N bytes "
                               "(ingest.document_too_large)",
         cxxopts::value<std::uint64_t>()->default_value(std::to_string(d.max_document_bytes)), "N")
        ("max-whitespace-bytes", "reject the rest of an input after N bytes of whitespace in a row before or "
                                 "inside a JSON document (ingest.whitespace_too_long)",
         cxxopts::value<std::uint64_t>()->default_value(std::to_string(d.max_whitespace_bytes)), "N")
        ("max-gzip-ratio", "reject the rest of a gzip input decoding to more than N times its size, 0 = no limit "
                           "(ingest.gzip_ratio)",
         cxxopts::value<std::uint64_t>()->default_value(std::to_string(d.max_gzip_ratio)), "N")
        ("max-nesting-depth", "reject records of a JSON document nested deeper than N levels "
                              "(ingest.nesting_too_deep)",
         cxxopts::value<std::uint64_t>()->default_value(std::to_string(d.max_nesting_depth)), "N");
}

// The limits given on the command line; an error message naming the flag when one is out of range.
[[nodiscard]] inline std::optional<std::string> ingest_options(const cxxopts::ParseResult& args,
                                                               ingest::ReaderOptions& out) {
    const auto value = [&](const char* flag, std::uint64_t min, std::uint64_t max, std::uint64_t& v) {
        return flag_in_range(args, flag, min, max, v);
    };
    constexpr std::uint64_t k_max_buffer = std::uint64_t{1} << 32; // what one record or blank run may hold in memory
    std::uint64_t record = 0, document = 0, whitespace = 0, ratio = 0, depth = 0;
    for (auto error : {value("max-record-bytes", 1, k_max_buffer, record),
                       value("max-document-bytes", 1, UINT64_MAX / 2, document),
                       value("max-whitespace-bytes", 1, k_max_buffer, whitespace),
                       value("max-gzip-ratio", 0, UINT32_MAX, ratio),
                       value("max-nesting-depth", 1, UINT32_MAX, depth)})
        if (error) return error;
    out.max_record_bytes = static_cast<std::size_t>(record);
    out.max_document_bytes = document;
    out.max_whitespace_bytes = static_cast<std::size_t>(whitespace);
    out.max_gzip_ratio = static_cast<std::uint32_t>(ratio);
    out.max_nesting_depth = static_cast<std::uint32_t>(depth);
    return std::nullopt;
}

} // namespace trailproof::harness
