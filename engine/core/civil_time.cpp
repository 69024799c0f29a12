#include "core/civil_time.h"

namespace trailproof {

namespace {

// 52 or 53: a year has 53 ISO weeks when it starts on a Thursday, or on a
// Wednesday in a leap year (the weekday of Dec 31 of the year before decides).
unsigned iso_weeks_in_year(std::int64_t year) noexcept {
    const auto p = [](std::int64_t y) { return (y + y / 4 - y / 100 + y / 400) % 7; };
    return (p(year) == 4 || p(year - 1) == 3) ? 53u : 52u;
}

} // namespace

unsigned iso_week(std::int64_t year, unsigned month, unsigned day) noexcept {
    const std::int64_t days = days_from_civil(year, month, day);
    const std::int64_t ordinal = days - days_from_civil(year, 1, 1) + 1;
    const std::int64_t week = (ordinal - iso_weekday(days) + 10) / 7;
    if (week < 1) return iso_weeks_in_year(year - 1);
    if (week > iso_weeks_in_year(year)) return 1;
    return static_cast<unsigned>(week);
}

} // namespace trailproof
