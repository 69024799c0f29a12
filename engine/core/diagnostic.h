#pragma once
// Diagnostics for content (rules, parsers, models, packs): where, what was
// expected, what was found. A LoadResult collects every diagnostic of a load, so
// all errors of a pack are reported in one run (falco rule_loader::result).
// Nothing prints while loading; callers render the result.

#include <string>
#include <string_view>
#include <vector>

namespace trailproof {

enum class Severity : std::uint8_t { Error, Warning };

struct Diagnostic {
    Severity severity = Severity::Error;
    std::string code;    // stable id, e.g. "rule.unknown_modifier" (see diagnostic_codes.h)
    std::string message; // one line, no location
    std::string file;
    int line = 0;        // 1-based; 0 when unknown
    int column = 0;      // 1-based; 0 when unknown
    std::string item_kind;                  // "rule", "parser", "model", "pack", ...
    std::string item_id;                    // the item's id when known
    std::vector<std::string> context_chain; // outside-in: pack -> rule 'x' -> detection 'sel'
    std::string snippet;                    // the source line, without newline; may be empty
};

// "file:line:col: error[code]: message", then snippet and caret lines when a snippet is set.
[[nodiscard]] std::string render_text(const Diagnostic& d);
// One JSON object with every field of the record.
[[nodiscard]] std::string render_json(const Diagnostic& d);

class LoadResult {
public:
    void add(Diagnostic d);
    void merge(const LoadResult& other);

    [[nodiscard]] bool successful() const noexcept { return m_errors.empty(); }
    [[nodiscard]] bool has_warnings() const noexcept { return !m_warnings.empty(); }
    [[nodiscard]] const std::vector<Diagnostic>& errors() const noexcept { return m_errors; }
    [[nodiscard]] const std::vector<Diagnostic>& warnings() const noexcept { return m_warnings; }

    // Errors, then warnings, each sorted by file, line and column; one render_text per diagnostic.
    [[nodiscard]] std::string render_text() const;
    // {"errors":[...],"warnings":[...]} with the same order.
    [[nodiscard]] std::string render_json() const;
    // A copy in which every warning is an error (validate --strict, --warnings-as-errors).
    [[nodiscard]] LoadResult with_warnings_as_errors() const;

private:
    std::vector<Diagnostic> m_errors;
    std::vector<Diagnostic> m_warnings;
};

// Returns line `line` (1-based) of `text` without its newline, or "" past the end.
// Scans from the start: for one look-up; many diagnostics of one file use LineIndex.
[[nodiscard]] std::string_view source_line(std::string_view text, int line) noexcept;

// The line starts of one text, found once, so each snippet costs O(1) and a file
// with thousands of findings is read once, not once per finding (validate was
// quadratic in rule count). The text must outlive the index.
class LineIndex {
public:
    LineIndex() = default;
    explicit LineIndex(std::string_view text);
    // Same result as source_line(text, line).
    [[nodiscard]] std::string_view line(int line) const noexcept;

private:
    std::string_view m_text;
    std::vector<std::size_t> m_starts; // offset of each line's first byte
};

} // namespace trailproof
