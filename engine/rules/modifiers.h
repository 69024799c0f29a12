#pragma once
// Value modifiers as data: one name -> enum table (pySigma modifier_mapping,
// rsigma ast.rs Modifier) and the structural checks on a chain (which modifier
// may follow which). Value-dependent checks (gt needs a number, base64 refuses
// wildcards) happen in the compiler, which sees the values.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace trailproof::rules {

enum class Modifier : std::uint8_t {
    Contains,
    StartsWith,
    EndsWith,
    All,
    Base64,
    Base64Offset,
    Utf16le, // spec name; pySigma lacks it
    Wide,    // pySigma's name for utf16le
    Utf16be,
    Utf16, // BOM FF FE + UTF-16LE
    Windash,
    Re,
    IgnoreCase, // i
    Multiline,  // m
    DotAll,     // s
    Cidr,
    Exists,
    Cased,
    Neq,
    Lt,
    Lte,
    Gt,
    Gte,
    Expand,
    FieldRef,
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Year,
    Every, // extension: every value of the field must match (a path through a list: every element)
};

// The modifier named `name` (aliases: ignorecase, multiline, dotall), or nullopt.
[[nodiscard]] std::optional<Modifier> parse_modifier(std::string_view name) noexcept;
// Canonical name, as Sigma writes it.
[[nodiscard]] std::string_view modifier_name(Modifier m) noexcept;

// all, neq and every act on the whole item (AND across values, negation, every
// event value); the other modifiers transform the value.
[[nodiscard]] bool is_item_modifier(Modifier m) noexcept;
[[nodiscard]] bool is_time_part(Modifier m) noexcept;
[[nodiscard]] bool is_comparison(Modifier m) noexcept;
[[nodiscard]] bool is_encoding(Modifier m) noexcept; // base64*, utf16*, wide
[[nodiscard]] bool is_anchor(Modifier m) noexcept;   // contains, startswith, endswith
// "'contains'": the name as messages quote it.
[[nodiscard]] std::string quoted_modifier(Modifier m);

struct ChainProblem {
    std::size_t index = 0; // the modifier the message is about
    bool error = true;     // false: a warning (repeated modifier)
    std::string message;
};

// Structural checks of a chain, left to right (SIGMA.md §3): re/cidr/exists/fieldref
// must come first, i/m/s need re, only some modifiers may follow re, cidr, exists
// or a comparison, and so on. Repeated modifiers are warnings (base64 exempt).
[[nodiscard]] std::vector<ChainProblem> check_modifier_chain(std::span<const Modifier> chain);

} // namespace trailproof::rules
