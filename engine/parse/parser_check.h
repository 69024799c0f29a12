#pragma once
// Semantic checks of one ParserInfo (paths, reserved names, time format, CEF
// names), shared by the YAML reader (which adds snippets) and ParserSet::compile
// (which also sees parsers built in code). Internal to parse/.

#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "parse/parser_info.h"

namespace trailproof::parse {

// A Diagnostic for parser `info` at `mark`, with item kind/id and context chain set.
[[nodiscard]] Diagnostic parser_diagnostic(Severity severity, std::string_view code, std::string message,
                                           const ParserInfo& info, SourceMark mark, std::string_view context = {});

// Appends one error per problem in `info` to `out`; nothing when it is fine.
void check_parser(const ParserInfo& info, std::vector<Diagnostic>& out);

// True for "a.b.c"; false for "", "a..b", ".a", "a.".
[[nodiscard]] bool is_valid_path(std::string_view path) noexcept;
// True for a CEF extension key as written: [A-Za-z0-9_.-]+.
[[nodiscard]] bool is_cef_key(std::string_view key) noexcept;

} // namespace trailproof::parse
