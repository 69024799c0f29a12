#pragma once
// Civil-time arithmetic, the one copy every stage uses: parsing event times
// (parse), the |day/|week... modifiers (rules), hour-of-day and day-of-week
// features (models) and ISO-8601 alert times (alerts). Proleptic Gregorian
// calendar, UTC, no time zones, no locale, no allocation. Day 0 is 1970-01-01,
// a Thursday. The per-event pieces are constexpr here so every caller inlines
// them; the ISO week, which only the |week modifier needs, is in the .cpp.

#include <cstdint>

namespace trailproof {

inline constexpr std::int64_t k_ms_per_hour = 3'600'000;
inline constexpr std::int64_t k_ms_per_day = 24 * k_ms_per_hour;

// Division rounding towards minus infinity (-1 ms is day -1, not day 0); `b` > 0.
[[nodiscard]] constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept {
    const std::int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

// The remainder that goes with floor_div: in [0, b) for b > 0.
[[nodiscard]] constexpr std::int64_t floor_mod(std::int64_t a, std::int64_t b) noexcept {
    return a - floor_div(a, b) * b;
}

[[nodiscard]] constexpr bool is_leap_year(std::int64_t year) noexcept {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

// Days in `month` (1..12) of `year`.
[[nodiscard]] constexpr unsigned days_in_month(std::int64_t year, unsigned month) noexcept {
    constexpr unsigned k_days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap_year(year) ? 29u : k_days[month - 1];
}

// Days since 1970-01-01 of year/month (1..12)/day (1..31) (H. Hinnant's days_from_civil).
// A day past the month's end counts on into the next month (Feb 30 = Mar 1 or 2).
[[nodiscard]] constexpr std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) noexcept {
    year -= month <= 2;
    const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
    const auto yoe = static_cast<unsigned>(year - era * 400);
    const unsigned doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct CivilDate {
    std::int64_t year = 1970;
    unsigned month = 1; // 1..12
    unsigned day = 1;   // 1..31
};

// The date of day `days` since 1970-01-01 (H. Hinnant's civil_from_days).
[[nodiscard]] constexpr CivilDate civil_from_days(std::int64_t days) noexcept {
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const auto doe = static_cast<unsigned>(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    CivilDate out;
    out.day = doy - (153 * mp + 2) / 5 + 1;
    out.month = mp < 10 ? mp + 3 : mp - 9;
    out.year = static_cast<std::int64_t>(yoe) + era * 400 + (out.month <= 2);
    return out;
}

// ISO-8601 weekday of day `days` since 1970-01-01: 1 = Monday ... 7 = Sunday.
[[nodiscard]] constexpr unsigned iso_weekday(std::int64_t days) noexcept {
    return static_cast<unsigned>(floor_mod(days + 3, 7)) + 1;
}

// ISO-8601 week number (1..53) of year/month/day: week 1 holds the year's first
// Thursday, so early January can be week 52/53 and late December week 1.
// Years 0..9999 (what four digits can write).
[[nodiscard]] unsigned iso_week(std::int64_t year, unsigned month, unsigned day) noexcept;

} // namespace trailproof
