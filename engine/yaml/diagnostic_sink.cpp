#include "yaml/diagnostic_sink.h"

#include "core/diagnostic_builder.h"

namespace trailproof::yaml {

DiagnosticSink::DiagnosticSink(LoadResult& out, std::string_view file, std::string_view text, std::string_view pack)
    : m_out(out), m_file(file), m_text(text), m_pack(pack) {}

void DiagnosticSink::set_item(std::string_view kind, std::string_view id) {
    std::string step(kind);
    if (!kind.empty() && !id.empty()) step += " '" + std::string(id) + "'";
    set_item(kind, id, std::move(step));
}

void DiagnosticSink::set_item(std::string_view kind, std::string_view id, std::string step) {
    m_item_kind = std::string(kind);
    m_item_id = std::string(id);
    m_item_step = std::move(step);
    m_chain.clear();
}

void DiagnosticSink::push_context(std::string step) {
    m_chain.push_back(std::move(step));
}

void DiagnosticSink::pop_context() {
    if (!m_chain.empty()) m_chain.pop_back();
}

void DiagnosticSink::error(std::string_view code, std::string message, SourcePos pos) {
    ++m_errors;
    emit(Severity::Error, code, std::move(message), pos);
}

void DiagnosticSink::warning(std::string_view code, std::string message, SourcePos pos) {
    emit(Severity::Warning, code, std::move(message), pos);
}

void DiagnosticSink::add(Diagnostic d) {
    if (d.file.empty()) d.file = m_file;
    if (d.snippet.empty()) d.snippet = std::string(lines().line(d.line));
    if (d.severity == Severity::Error) ++m_errors;
    m_out.add(std::move(d));
}

void DiagnosticSink::emit(Severity severity, std::string_view code, std::string message, SourcePos pos) {
    m_out.add(diagnostic(severity, code, std::move(message), m_file, pos.line, pos.column)
                  .item(m_item_kind, m_item_id)
                  .in_pack(m_pack)
                  .context(m_item_step)
                  .context(m_chain)
                  .snippet_from(lines()));
}

const LineIndex& DiagnosticSink::lines() {
    if (!m_indexed) {
        m_lines = LineIndex(m_text);
        m_indexed = true;
    }
    return m_lines;
}

} // namespace trailproof::yaml
