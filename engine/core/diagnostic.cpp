#include "core/diagnostic.h"
#include "core/json_text.h"

#include <algorithm>
#include <tuple>

namespace trailproof {

std::string_view source_line(std::string_view text, int line) noexcept {
    if (line < 1) return {};
    std::size_t pos = 0;
    for (int i = 1; i < line; ++i) {
        pos = text.find('\n', pos);
        if (pos == std::string_view::npos) return {};
        ++pos;
    }
    std::size_t end = text.find('\n', pos);
    std::string_view out = text.substr(pos, end == std::string_view::npos ? text.size() - pos : end - pos);
    if (!out.empty() && out.back() == '\r') out.remove_suffix(1);
    return out;
}

LineIndex::LineIndex(std::string_view text) : m_text(text) {
    m_starts.push_back(0);
    for (std::size_t pos = text.find('\n'); pos != std::string_view::npos; pos = text.find('\n', pos + 1))
        m_starts.push_back(pos + 1);
}

std::string_view LineIndex::line(int line) const noexcept {
    if (line < 1 || static_cast<std::size_t>(line) > m_starts.size()) return {};
    const std::size_t pos = m_starts[static_cast<std::size_t>(line) - 1];
    if (pos > m_text.size()) return {};
    const std::size_t end = m_text.find('\n', pos);
    std::string_view out = m_text.substr(pos, end == std::string_view::npos ? m_text.size() - pos : end - pos);
    if (!out.empty() && out.back() == '\r') out.remove_suffix(1);
    return out;
}

std::string render_text(const Diagnostic& d) {
    std::string out = d.file.empty() ? std::string("<input>") : d.file;
    if (d.line > 0) {
        out += ':' + std::to_string(d.line);
        if (d.column > 0) out += ':' + std::to_string(d.column);
    }
    out += d.severity == Severity::Error ? ": error[" : ": warning[";
    out += d.code;
    out += "]: ";
    out += d.message;
    if (!d.snippet.empty()) {
        out += "\n  | ";
        out += d.snippet;
        if (d.column > 0) {
            out += "\n  | ";
            // Keep tabs so the caret lines up under the snippet.
            for (int i = 1; i < d.column && static_cast<std::size_t>(i - 1) < d.snippet.size(); ++i)
                out += d.snippet[static_cast<std::size_t>(i - 1)] == '\t' ? '\t' : ' ';
            out += '^';
        }
    }
    return out;
}

std::string render_json(const Diagnostic& d) {
    std::string out = "{\"severity\":";
    out += d.severity == Severity::Error ? "\"error\"" : "\"warning\"";
    out += ",\"code\":" + json_quote(d.code);
    out += ",\"message\":" + json_quote(d.message);
    out += ",\"file\":" + json_quote(d.file);
    out += ",\"line\":" + std::to_string(d.line);
    out += ",\"column\":" + std::to_string(d.column);
    out += ",\"item_kind\":" + json_quote(d.item_kind);
    out += ",\"item_id\":" + json_quote(d.item_id);
    out += ",\"context_chain\":";
    append_json_strings(out, d.context_chain);
    out += ",\"snippet\":" + json_quote(d.snippet) + "}";
    return out;
}

void LoadResult::add(Diagnostic d) {
    (d.severity == Severity::Error ? m_errors : m_warnings).push_back(std::move(d));
}

void LoadResult::merge(const LoadResult& other) {
    m_errors.insert(m_errors.end(), other.m_errors.begin(), other.m_errors.end());
    m_warnings.insert(m_warnings.end(), other.m_warnings.begin(), other.m_warnings.end());
}

LoadResult LoadResult::with_warnings_as_errors() const {
    LoadResult out;
    out.m_errors = m_errors;
    for (Diagnostic d : m_warnings) {
        d.severity = Severity::Error;
        out.m_errors.push_back(std::move(d));
    }
    return out;
}

namespace {

std::vector<const Diagnostic*> sorted(const std::vector<Diagnostic>& list) {
    std::vector<const Diagnostic*> out;
    for (const auto& d : list) out.push_back(&d);
    std::stable_sort(out.begin(), out.end(), [](const Diagnostic* a, const Diagnostic* b) {
        return std::tie(a->file, a->line, a->column) < std::tie(b->file, b->line, b->column);
    });
    return out;
}

} // namespace

std::string LoadResult::render_text() const {
    std::string out;
    for (const auto* list : {&m_errors, &m_warnings})
        for (const Diagnostic* d : sorted(*list)) {
            out += trailproof::render_text(*d);
            out += '\n';
        }
    return out;
}

std::string LoadResult::render_json() const {
    std::string out = "{\"errors\":[";
    bool first = true;
    for (const Diagnostic* d : sorted(m_errors)) {
        if (!first) out += ',';
        first = false;
        out += trailproof::render_json(*d);
    }
    out += "],\"warnings\":[";
    first = true;
    for (const Diagnostic* d : sorted(m_warnings)) {
        if (!first) out += ',';
        first = false;
        out += trailproof::render_json(*d);
    }
    out += "]}";
    return out;
}

} // namespace trailproof
