// Calendar arithmetic (core/civil_time.h) against known dates and std::chrono.

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstdint>

#include "core/civil_time.h"

using namespace trailproof;

BOOST_AUTO_TEST_SUITE(civil_time)

// Moved here from the time_parse tests with the function.
BOOST_AUTO_TEST_CASE(days_from_civil_known_dates) {
    BOOST_TEST(days_from_civil(1970, 1, 1) == 0);
    BOOST_TEST(days_from_civil(2000, 3, 1) == 11017);
    BOOST_TEST(days_from_civil(1969, 12, 31) == -1);
    BOOST_TEST(days_from_civil(2024, 1, 2) == 19724);
}

BOOST_AUTO_TEST_CASE(civil_from_days_round_trips_like_chrono) {
    for (std::int64_t days = -800'000; days <= 800'000; days += 97) {
        const CivilDate date = civil_from_days(days);
        const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{days}}};
        BOOST_TEST_REQUIRE(date.year == static_cast<int>(ymd.year()), days);
        BOOST_TEST_REQUIRE(date.month == static_cast<unsigned>(ymd.month()), days);
        BOOST_TEST_REQUIRE(date.day == static_cast<unsigned>(ymd.day()), days);
        BOOST_TEST_REQUIRE(days_from_civil(date.year, date.month, date.day) == days);
        const std::chrono::weekday wd{std::chrono::sys_days{std::chrono::days{days}}};
        BOOST_TEST_REQUIRE(iso_weekday(days) == wd.iso_encoding(), days);
    }
}

BOOST_AUTO_TEST_CASE(leap_years_and_month_lengths) {
    BOOST_TEST(is_leap_year(2024));
    BOOST_TEST(is_leap_year(2000));
    BOOST_TEST(!is_leap_year(1900));
    BOOST_TEST(!is_leap_year(2023));
    BOOST_TEST(days_in_month(2024, 2) == 29u);
    BOOST_TEST(days_in_month(2023, 2) == 28u);
    BOOST_TEST(days_in_month(2023, 12) == 31u);
    BOOST_TEST(days_in_month(2023, 4) == 30u);
}

BOOST_AUTO_TEST_CASE(floor_division_rounds_down) {
    BOOST_TEST(floor_div(-1, k_ms_per_day) == -1);
    BOOST_TEST(floor_mod(-1, k_ms_per_day) == k_ms_per_day - 1);
    BOOST_TEST(floor_div(k_ms_per_day, k_ms_per_day) == 1);
    BOOST_TEST(floor_mod(0, 7) == 0);
}

BOOST_AUTO_TEST_CASE(iso_weeks_at_year_boundaries) {
    BOOST_TEST(iso_week(2021, 1, 3) == 53u);  // Sunday: still week 53 of 2020
    BOOST_TEST(iso_week(2021, 1, 4) == 1u);   // Monday
    BOOST_TEST(iso_week(2024, 12, 30) == 1u); // Monday of week 1 of 2025
    BOOST_TEST(iso_week(2023, 1, 1) == 52u);  // Sunday: week 52 of 2022
    BOOST_TEST(iso_week(2024, 6, 15) == 24u);
}

BOOST_AUTO_TEST_SUITE_END()
