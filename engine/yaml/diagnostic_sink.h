#pragma once
// Builds Diagnostics for one source file: location, snippet, item and context
// chain (pack -> rule 'id' -> detection 'sel' -> field 'key'), so every stage of
// the loader reports the same way. Counts errors so a caller can tell whether
// the item it is working on failed.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "yaml/yaml_tree.h"

namespace trailproof::yaml {

class DiagnosticSink {
public:
    DiagnosticSink(LoadResult& out, std::string_view file, std::string_view text, std::string_view pack);

    // Starts a new item ("rule", "correlation", ...): resets the context chain, whose
    // first step (after the pack) is then "kind 'id'", or "kind" while the id is unknown.
    void set_item(std::string_view kind, std::string_view id);
    // Same, with `step` as the item's chain step instead: "parsers[3]" for a parser
    // without a name, "" for none (a context table is named by its file alone).
    void set_item(std::string_view kind, std::string_view id, std::string step);
    // Pushes one context step ("detection 'sel'"); pop_context removes the last.
    void push_context(std::string step);
    void pop_context();

    void error(std::string_view code, std::string message, SourcePos pos);
    void warning(std::string_view code, std::string message, SourcePos pos);
    // Adds a diagnostic built elsewhere (checks shared with items built in code): the
    // file and snippet are filled in when missing; an error counts like error().
    void add(Diagnostic d);

    [[nodiscard]] std::size_t error_count() const noexcept { return m_errors; }
    [[nodiscard]] std::string_view file() const noexcept { return m_file; }
    [[nodiscard]] std::string_view text() const noexcept { return m_text; }

private:
    void emit(Severity severity, std::string_view code, std::string message, SourcePos pos);
    const LineIndex& lines();

    LoadResult& m_out;
    std::string m_file;
    std::string_view m_text;
    LineIndex m_lines; // of m_text, built at the first snippet
    bool m_indexed = false;
    std::string m_pack;
    std::string m_item_kind;
    std::string m_item_id;
    std::string m_item_step;
    std::vector<std::string> m_chain;
    std::size_t m_errors = 0;
};

// RAII helper for push_context/pop_context.
class ContextScope {
public:
    ContextScope(DiagnosticSink& sink, std::string step) : m_sink(sink) { m_sink.push_context(std::move(step)); }
    ~ContextScope() { m_sink.pop_context(); }
    ContextScope(const ContextScope&) = delete;
    ContextScope& operator=(const ContextScope&) = delete;

private:
    DiagnosticSink& m_sink;
};

} // namespace trailproof::yaml
