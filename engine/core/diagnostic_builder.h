#pragma once
// Builds a Diagnostic in one expression, so no caller fills the struct field by
// field:
//
//   result.add(diagnostic_at(codes::load_unreadable, "cannot read pack file", file)
//                  .item("pack", id).snippet_from(text));
//
// Codes come from the table (diagnostic_codes.h). Load time only.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/diagnostic.h"
#include "core/diagnostic_codes.h"

namespace trailproof {

class DiagnosticBuilder {
public:
    DiagnosticBuilder(Severity severity, std::string_view code, std::string message, std::string file, int line,
                      int column) {
        m_d.severity = severity;
        m_d.code = std::string(code);
        m_d.message = std::move(message);
        m_d.file = std::move(file);
        m_d.line = line;
        m_d.column = column;
    }

    // The item the finding is about ("rule", "pack", ...) and its id.
    DiagnosticBuilder&& item(std::string kind, std::string id) && {
        m_d.item_kind = std::move(kind);
        m_d.item_id = std::move(id);
        return std::move(*this);
    }
    // The pack the finding is in, as a context step "pack 'id'"; nothing when `pack` is empty.
    // Comes first: the chain runs outside-in.
    DiagnosticBuilder&& in_pack(std::string_view pack) && {
        if (!pack.empty()) m_d.context_chain.push_back("pack '" + std::string(pack) + "'");
        return std::move(*this);
    }
    // One more step of the context chain (outside-in); an empty step adds nothing.
    DiagnosticBuilder&& context(std::string step) && {
        if (!step.empty()) m_d.context_chain.push_back(std::move(step));
        return std::move(*this);
    }
    // Several more steps, in order (empty ones add nothing).
    DiagnosticBuilder&& context(const std::vector<std::string>& steps) && {
        for (const std::string& step : steps)
            if (!step.empty()) m_d.context_chain.push_back(step);
        return std::move(*this);
    }
    // The snippet: line `line` of the file's text (none when the line is 0 or past the end).
    DiagnosticBuilder&& snippet_from(std::string_view text) && {
        m_d.snippet = std::string(source_line(text, m_d.line));
        return std::move(*this);
    }
    // The same from an index of the file's lines (many diagnostics of one file).
    DiagnosticBuilder&& snippet_from(const LineIndex& lines) && {
        m_d.snippet = std::string(lines.line(m_d.line));
        return std::move(*this);
    }
    DiagnosticBuilder&& warning() && {
        m_d.severity = Severity::Warning;
        return std::move(*this);
    }

    operator Diagnostic() && { return std::move(m_d); } // NOLINT(google-explicit-constructor): the point

private:
    Diagnostic m_d;
};

// A finding `code` of `severity` at file:line:column (0 = unknown).
[[nodiscard]] inline DiagnosticBuilder diagnostic(Severity severity, std::string_view code, std::string message,
                                                  std::string file = {}, int line = 0, int column = 0) {
    return {severity, code, std::move(message), std::move(file), line, column};
}

// An error `code` at file:line:column (0 = unknown).
[[nodiscard]] inline DiagnosticBuilder diagnostic_at(std::string_view code, std::string message, std::string file,
                                                     int line = 0, int column = 0) {
    return diagnostic(Severity::Error, code, std::move(message), std::move(file), line, column);
}

} // namespace trailproof
