#pragma once
// A Sigma string value as parts: plain text and wildcards, never a flattened
// regex (rsigma value.rs / pySigma SigmaString). The escape table follows
// pySigma SigmaString.__init__ (SIGMA.md §2 "Escaping"):
//   \* \? \\  -> the literal character, backslash consumed
//   \x (other) -> backslash kept, then x
//   trailing \ -> literal backslash
// Modifiers work on parts (tokens), so `contains` on 'foo\' gives * + foo\ + *.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace trailproof::rules {

struct SigmaPart {
    enum class Kind : std::uint8_t {
        Text,   // literal bytes
        AnyRun, // '*': any run of characters, including none
        AnyOne, // '?': exactly one character (one UTF-8 sequence)
        OneOf,  // exactly one of `choices` (windash); choices are prefix-free
    };
    Kind kind = Kind::Text;
    std::string text;
    std::vector<std::string> choices;
    bool operator==(const SigmaPart&) const = default;
};

class SigmaString {
public:
    SigmaString() = default;
    // Parses a rule value with the escape table above.
    static SigmaString parse(std::string_view raw);
    // One literal text part (no wildcard parsing): base64 output, fieldref names...
    static SigmaString literal(std::string_view text);

    [[nodiscard]] const std::vector<SigmaPart>& parts() const noexcept { return m_parts; }
    [[nodiscard]] bool empty() const noexcept { return m_parts.empty(); }
    [[nodiscard]] bool has_wildcards() const noexcept;
    [[nodiscard]] bool has_choices() const noexcept;
    // Concatenated text parts (meaningful when there are no wildcards or choices).
    [[nodiscard]] std::string plain_text() const;

    // contains/startswith/endswith: add '*' at the start/end unless one is there.
    void add_leading_wildcard();
    void add_trailing_wildcard();
    // Puts literal bytes in front (the utf16 BOM).
    void prepend_text(std::string_view text);
    // windash: every '-' or '/' at the start of a word (pySigma \B[-/]\b) becomes one of - / – — ―.
    void apply_windash();
    // Applies `transform` to every text part (utf16 encodings); wildcards stay.
    template <class F>
    void transform_text(F transform) {
        for (auto& p : m_parts)
            if (p.kind == SigmaPart::Kind::Text) p.text = transform(p.text);
    }
    // ASCII-lowers every text part and choice (case-insensitive needles).
    void lower();
    // Every string the choices can produce (windash before an encoding); at most `limit`, else empty.
    [[nodiscard]] std::vector<SigmaString> expand_choices(std::size_t limit) const;

    // An equivalent RE2 pattern anchored at both ends (tests use it as the reference).
    [[nodiscard]] std::string to_regex() const;
    // The value written back in Sigma syntax (escapes restored).
    [[nodiscard]] std::string to_sigma() const;

    bool operator==(const SigmaString&) const = default;

private:
    void push_text(std::string_view text);
    void push(SigmaPart::Kind kind);
    std::vector<SigmaPart> m_parts;
};

} // namespace trailproof::rules
