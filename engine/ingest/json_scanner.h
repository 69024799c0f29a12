#pragma once
// A JSON *scanner*, not a parser: it finds where values begin and end by skipping
// strings (with their escapes) and counting {} and [] depth. It never validates;
// the parse stage does that on each framed record. Every '\n' passed is counted so
// framers can give records their 1-based line.

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace trailproof::ingest {

[[nodiscard]] constexpr bool is_json_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Whether `c` (the first byte after whitespace) may follow '{' in JSON: a key or '}'.
[[nodiscard]] constexpr bool can_follow_brace(char c) noexcept { return c == '"' || c == '}'; }
// Whether `c` (the first byte after whitespace) may follow '[' in JSON: a value or ']'.
[[nodiscard]] constexpr bool can_follow_bracket(char c) noexcept {
    return c == '{' || c == '[' || c == ']' || c == '"' || c == '-' || (c >= '0' && c <= '9') || c == 't' ||
           c == 'f' || c == 'n';
}

// True when `line` starts (after spaces and tabs) like a JSON object or array: '{' or '['
// followed by something JSON allows there (or nothing). "[INFO] ..." and "{pid 7} ..." are text.
[[nodiscard]] bool starts_like_json(std::string_view line) noexcept;

// Returns the offset of the first non-whitespace byte at or after `pos` (or text.size()),
// adding the newlines skipped to `line`.
[[nodiscard]] std::size_t skip_space(std::string_view text, std::size_t pos, std::uint64_t& line) noexcept;

enum class ObjectKind : std::uint8_t {
    Records,  // first key is "Records": a CloudTrail delivery envelope
    Plain,    // any other object
    NeedMore, // the text ends before the first key is known
};

// Classifies the object whose '{' is at `pos`. CloudTrail's S3 delivery files always put
// "Records" first, so only the first key is looked at: cheap, and an event that happens to
// have a "Records" field further in stays an event.
[[nodiscard]] ObjectKind classify_object(std::string_view text, std::size_t pos) noexcept;

// Resumable scan of one container ({...} or [...]): give it more text and it continues
// where it stopped. Brackets of either kind count the same (it does not validate).
class ValueScanner {
public:
    enum class Stop : std::uint8_t {
        Closed,  // pos() is just past the bracket that closed the value
        Newline, // pos() is at a '\n' (only when asked to stop there); not counted in `line`
        End,     // the text ran out first; call again with more text
    };

    // Starts at the opening bracket at `pos`, or, with depth > 0, inside an open container.
    void start(std::size_t pos, std::uint32_t depth = 0) noexcept;
    // Starts on the string whose opening quote is at `pos`: Closed just past its closing quote.
    void start_string(std::size_t pos) noexcept;
    [[nodiscard]] Stop advance(std::string_view text, bool stop_at_newline, std::uint64_t& line) noexcept;
    // The text's first `count` bytes were dropped: positions move down by `count`.
    void shift(std::size_t count) noexcept { m_pos -= count; }

    [[nodiscard]] std::size_t pos() const noexcept { return m_pos; }
    [[nodiscard]] bool in_string() const noexcept { return m_in_string; }
    // The deepest nesting reached since start (1 for a flat object).
    [[nodiscard]] std::uint32_t peak_depth() const noexcept { return m_peak; }

private:
    std::size_t m_pos = 0;
    std::uint32_t m_depth = 0;
    std::uint32_t m_peak = 0;
    bool m_in_string = false;
    bool m_escaped = false;
};

} // namespace trailproof::ingest
