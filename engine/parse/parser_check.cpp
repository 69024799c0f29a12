#include "core/diagnostic_builder.h"
#include "parse/parser_check.h"

#include <algorithm>

#include "parse/compiled_parser.h"
#include "parse/time_parse.h"

namespace trailproof::parse {

Diagnostic parser_diagnostic(Severity severity, std::string_view code, std::string message, const ParserInfo& info,
                             SourceMark mark, std::string_view context) {
    return diagnostic(severity, code, std::move(message), info.file, mark.line, mark.column)
        .item("parser", info.name)
        .context(info.name.empty() ? std::string() : "parser '" + info.name + "'")
        .context(std::string(context));
}

bool is_valid_path(std::string_view path) noexcept {
    if (path.empty() || path.front() == '.' || path.back() == '.') return false;
    return path.find("..") == std::string_view::npos;
}

bool is_cef_key(std::string_view key) noexcept {
    if (key.empty()) return false;
    return std::all_of(key.begin(), key.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
               c == '-';
    });
}

namespace {

// A field name used by required/time/when: a registry name, so only its path shape matters.
bool check_name(const ParserInfo& info, std::string_view name, SourceMark mark, std::string_view what,
                std::vector<Diagnostic>& out) {
    if (is_valid_path(name)) return true;
    out.push_back(parser_diagnostic(Severity::Error, codes::parser_bad_field,
                                    "bad field name '" + std::string(name) + "' in " + std::string(what) +
                                        ": empty path segment",
                                    info, mark, what));
    return false;
}

void check_source(const ParserInfo& info, const FieldMapInfo& f, std::vector<Diagnostic>& out) {
    if (f.name.empty()) {
        out.push_back(parser_diagnostic(Severity::Error, codes::parser_bad_field, "empty normalized field name", info,
                                        f.mark, "fields"));
    } else if (f.name == "activity_type") {
        out.push_back(parser_diagnostic(Severity::Error, codes::parser_bad_field,
                                        "'activity_type' is reserved: it is set from activity_types", info, f.mark,
                                        "fields"));
    }
    if (info.format == ParserFormat::Json) {
        if (!is_valid_path(f.source))
            out.push_back(parser_diagnostic(Severity::Error, codes::parser_bad_field,
                                            "bad JSON path '" + f.source + "' for field '" + f.name +
                                                "': empty path segment",
                                            info, f.source_mark, "fields"));
        return;
    }
    if (f.source.starts_with("cef.")) {
        if (std::find(k_cef_header_names.begin(), k_cef_header_names.end(), f.source) == k_cef_header_names.end())
            out.push_back(parser_diagnostic(Severity::Error, codes::parser_bad_field,
                                            "unknown CEF header field '" + f.source +
                                                "' (expected cef.version, cef.vendor, cef.product, "
                                                "cef.device_version, cef.signature_id, cef.name or cef.severity)",
                                            info, f.source_mark, "fields"));
    } else if (!is_cef_key(f.source)) {
        out.push_back(parser_diagnostic(Severity::Error, codes::parser_bad_field,
                                        "bad CEF extension key '" + f.source + "' for field '" + f.name +
                                            "' (letters, digits, '_', '.', '-')",
                                        info, f.source_mark, "fields"));
    }
}

} // namespace

void check_parser(const ParserInfo& info, std::vector<Diagnostic>& out) {
    if (info.name.empty())
        out.push_back(parser_diagnostic(Severity::Error, codes::load_missing_key, "missing required key 'name'", info,
                                        info.mark));
    for (const std::string& c : info.conditions)
        if (c.empty())
            out.push_back(parser_diagnostic(Severity::Error, codes::parser_bad_condition,
                                            "empty condition (a condition is a substring of the raw record)", info,
                                            info.mark, "conditions"));
    for (const FieldMapInfo& f : info.fields) check_source(info, f, out);
    for (std::size_t i = 0; i < info.fields.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (info.fields[i].name == info.fields[j].name) {
                out.push_back(parser_diagnostic(Severity::Error, codes::load_duplicate_key,
                                                "duplicate key '" + info.fields[i].name + "'", info,
                                                info.fields[i].mark, "fields"));
                break;
            }
    for (const RequiredInfo& r : info.required) check_name(info, r.field, r.mark, "required", out);
    if (!info.time.field.empty()) check_name(info, info.time.field, info.time.mark, "time", out);
    if (!info.time.format.empty()) {
        TimeFormat format;
        std::string error;
        if (!compile_time_format(info.time.format, format, error))
            out.push_back(parser_diagnostic(Severity::Error, codes::parser_bad_time_format, error, info,
                                            info.time.format_mark, "time"));
    }
    for (const ActivityTypeInfo& a : info.activity_types) {
        if (a.type.empty())
            out.push_back(parser_diagnostic(Severity::Error, codes::load_missing_key, "empty activity type", info, a.mark,
                                            "activity_types"));
        for (const WhenInfo& w : a.when) check_name(info, w.field, w.mark, "activity_types", out);
    }
}

} // namespace trailproof::parse
