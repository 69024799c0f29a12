#pragma once
// Event-time parsing without locale functions or allocation: ISO-8601, epoch
// milliseconds/seconds, the CEF "MMM dd yyyy HH:mm:ss" date, and simple
// Java-style patterns ("dd/MMM/yyyy:HH:mm:ss Z") compiled once at load.
// All results are milliseconds since the Unix epoch, UTC (calendar arithmetic:
// core/civil_time.h).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace trailproof::parse {

enum class TimeKind : std::uint8_t {
    Iso8601, // 2024-01-02T03:04:05[.fff][Z|+hh:mm|+hhmm]; no zone = UTC
    EpochMs, // integer milliseconds
    EpochS,  // seconds, optional fraction
    CefDate, // MMM dd yyyy HH:mm:ss[.SSS][ zone]
    Auto,    // epoch ms if all digits, else ISO-8601, else CEF date
    Pattern, // compiled pattern tokens
};

enum class TimeTokenKind : std::uint8_t {
    Literal,   // one literal character
    Year,      // yyyy: 4 digits
    Month,     // MM: 2 digits
    MonthName, // MMM: Jan..Dec, ASCII case-insensitive
    Day,       // dd: 2 digits; d: 1-2 digits
    Hour,      // HH: 2 digits; H: 1-2 digits
    Minute,    // mm: 2 digits
    Second,    // ss: 2 digits
    Fraction,  // S..: 1-9 digits of a second's fraction
    Zone,      // Z/X/z: Z, UTC, GMT, +hh, +hhmm, +hh:mm
};

struct TimeToken {
    TimeTokenKind kind = TimeTokenKind::Literal;
    char literal = 0;
    std::uint8_t min_digits = 0; // for numeric tokens
    std::uint8_t max_digits = 0;
};

struct TimeFormat {
    TimeKind kind = TimeKind::Iso8601;
    std::vector<TimeToken> pattern; // TimeKind::Pattern only
};

// Compiles a `time.format` value: a named format (iso8601, epoch_ms, epoch_s,
// cef, auto) or a pattern. On failure returns false and sets `error` (one line).
[[nodiscard]] bool compile_time_format(std::string_view text, TimeFormat& out, std::string& error);

// Parses `text` with `format` into milliseconds since the epoch. False when the
// text does not fit the format or names an impossible date (2023-02-29).
[[nodiscard]] bool parse_time(std::string_view text, const TimeFormat& format, std::int64_t& ms) noexcept;

[[nodiscard]] bool parse_iso8601(std::string_view text, std::int64_t& ms) noexcept;
[[nodiscard]] bool parse_epoch_ms(std::string_view text, std::int64_t& ms) noexcept;
[[nodiscard]] bool parse_epoch_s(std::string_view text, std::int64_t& ms) noexcept;
[[nodiscard]] bool parse_cef_date(std::string_view text, std::int64_t& ms) noexcept;

} // namespace trailproof::parse
