#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <cstdio>
#include <random>
#include <string>

#include "parse/time_parse.h"

using namespace trailproof::parse;

namespace {

// Milliseconds for `text` in `format`, or -1 when it does not parse (no test uses a negative time).
std::int64_t ms_of(std::string_view text, std::string_view format = "iso8601") {
    TimeFormat f;
    std::string error;
    BOOST_TEST_REQUIRE(compile_time_format(format, f, error), error);
    std::int64_t ms = 0;
    return parse_time(text, f, ms) ? ms : -1;
}

std::string compile_error(std::string_view format) {
    TimeFormat f;
    std::string error;
    return compile_time_format(format, f, error) ? std::string("ok") : error;
}

} // namespace

BOOST_AUTO_TEST_SUITE(time_parse)

BOOST_AUTO_TEST_CASE(iso8601_utc_fraction_and_offsets) {
    BOOST_TEST(ms_of("1970-01-01T00:00:00Z") == 0);
    BOOST_TEST(ms_of("2024-01-02T03:04:05Z") == 1704164645000);
    BOOST_TEST(ms_of("2024-01-02T03:04:05.123Z") == 1704164645123);
    BOOST_TEST(ms_of("2024-01-02T03:04:05.1Z") == 1704164645100);
    BOOST_TEST(ms_of("2024-01-02T03:04:05.123456789Z") == 1704164645123); // truncated to ms
    BOOST_TEST(ms_of("2024-01-02T05:04:05+02:00") == 1704164645000);
    BOOST_TEST(ms_of("2024-01-01T22:34:05-0430") == 1704164645000);
    BOOST_TEST(ms_of("2024-01-02T05:04:05+02") == 1704164645000);
    BOOST_TEST(ms_of("2024-01-02T03:04:05") == 1704164645000); // no zone = UTC
    BOOST_TEST(ms_of("2024-01-02 03:04:05z") == 1704164645000);
}

BOOST_AUTO_TEST_CASE(iso8601_leap_days) {
    BOOST_TEST(ms_of("2024-02-29T00:00:00Z") == 1709164800000);
    BOOST_TEST(ms_of("2000-02-29T00:00:00Z") == 951782400000); // divisible by 400
    BOOST_TEST(ms_of("2023-02-29T00:00:00Z") == -1);
    BOOST_TEST(ms_of("1900-02-29T00:00:00Z") == -1); // divisible by 100, not 400
    BOOST_TEST(ms_of("2024-12-31T23:59:59.999Z") == 1735689599999);
}

BOOST_AUTO_TEST_CASE(iso8601_cloudtrail_form_reads_as_the_general_form) {
    // "YYYY-MM-DDTHH:MM:SSZ" has a path of its own; with a fraction or a
    // numeric zone the same time takes the general path. Random times (days
    // and fields out of range among them) and corrupted ones must read the
    // same both ways, or fail both ways.
    std::mt19937 random(2026);
    const auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(random); };
    int valid = 0;
    for (int round = 0; round < 20000; ++round) {
        char text[32];
        std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d", pick(10000), pick(14), pick(33), pick(26),
                      pick(62), pick(62));
        std::string time = text; // the 19 bytes before the zone
        if (pick(4) == 0) time[static_cast<std::size_t>(pick(19))] = "0Z9T:-a /"[pick(9)];
        const std::string form = time + "Z";
        const std::string general = time + (pick(2) == 0 ? ".000Z" : "+00:00");
        BOOST_TEST_CONTEXT(form << " and " << general) {
            BOOST_TEST(ms_of(form) == ms_of(general));
            valid += ms_of(form) >= 0 ? 1 : 0;
        }
    }
    BOOST_TEST(valid > 2000); // both ways read many
}

BOOST_AUTO_TEST_CASE(iso8601_rejects_bad_fields_and_garbage) {
    for (const char* bad : {"2024-13-01T00:00:00Z", "2024-00-10T00:00:00Z", "2024-04-31T00:00:00Z",
                            "2024-01-00T00:00:00Z", "2024-01-02T24:00:00Z", "2024-01-02T03:60:00Z",
                            "2024-01-02T03:04:60Z", "2024-01-02T03:04:05+24:00", "2024-01-02T03:04:05+02:60",
                            "2024-01-02T03:04:05.Z", "2024-01-02T03:04:05.1234567890Z", "2024-01-02T03:04:05ZZ",
                            "2024-01-02T03:04:05 ", "2024-01-02", "2024-1-02T03:04:05Z", "24-01-02T03:04:05Z",
                            "yesterday", "", "2024-01-02X03:04:05Z", "2024-01-02T03:04:05+2:00"})
        BOOST_TEST(ms_of(bad) == -1, bad);
}

BOOST_AUTO_TEST_CASE(epoch_formats) {
    BOOST_TEST(ms_of("1704164645123", "epoch_ms") == 1704164645123);
    BOOST_TEST(ms_of("0", "epoch_ms") == 0);
    BOOST_TEST(ms_of("17041646451x", "epoch_ms") == -1);
    BOOST_TEST(ms_of("", "epoch_ms") == -1);
    BOOST_TEST(ms_of("1234567890123456789", "epoch_ms") == -1); // 19 digits may overflow
    BOOST_TEST(ms_of("1704164645", "epoch_s") == 1704164645000);
    BOOST_TEST(ms_of("1704164645.25", "epoch_s") == 1704164645250);
    BOOST_TEST(ms_of("1704164645.", "epoch_s") == -1);
}

BOOST_AUTO_TEST_CASE(cef_date_and_auto) {
    BOOST_TEST(ms_of("Jan 02 2024 03:04:05", "cef") == 1704164645000);
    BOOST_TEST(ms_of("jan 02 2024 03:04:05.123", "cef") == 1704164645123);
    BOOST_TEST(ms_of("Jan 02 2024 05:04:05 +02:00", "cef") == 1704164645000);
    BOOST_TEST(ms_of("Jan 02 2024 03:04:05 UTC", "cef") == 1704164645000);
    BOOST_TEST(ms_of("Feb 30 2024 03:04:05", "cef") == -1);
    BOOST_TEST(ms_of("Foo 02 2024 03:04:05", "cef") == -1);
    BOOST_TEST(ms_of("Jan 2 2024 03:04:05", "cef") == -1);
    BOOST_TEST(ms_of("1704164645123", "auto") == 1704164645123);
    BOOST_TEST(ms_of("2024-01-02T03:04:05Z", "auto") == 1704164645000);
    BOOST_TEST(ms_of("Jan 02 2024 03:04:05", "auto") == 1704164645000);
    BOOST_TEST(ms_of("soon", "auto") == -1);
}

BOOST_AUTO_TEST_CASE(patterns) {
    BOOST_TEST(ms_of("02/Jan/2024:05:04:05 +0200", "dd/MMM/yyyy:HH:mm:ss Z") == 1704164645000);
    BOOST_TEST(ms_of("2024-01-02T03:04:05.123Z", "yyyy-MM-dd'T'HH:mm:ss.SSSZ") == 1704164645123);
    BOOST_TEST(ms_of("Jan 02 2024 03:04:05", "MMM dd yyyy HH:mm:ss") == 1704164645000);
    BOOST_TEST(ms_of("2/1/2024 3:04:05", "d/MM/yyyy H:mm:ss") == -1); // MM needs two digits
    BOOST_TEST(ms_of("2/01/2024 3:04:05", "d/MM/yyyy H:mm:ss") == 1704164645000);
    BOOST_TEST(ms_of("it's 2024-01-02", "'it''s' yyyy-MM-dd") == 1704153600000); // '' inside quotes is a quote
    BOOST_TEST(ms_of("'2024-01-02", "''yyyy-MM-dd") == 1704153600000);
    BOOST_TEST(ms_of("2024-01-02 trailing", "yyyy-MM-dd") == -1);
}

BOOST_AUTO_TEST_CASE(pattern_compile_errors) {
    BOOST_TEST(compile_error("yyyy-QQ-dd") == "unknown letter 'Q' in time format 'yyyy-QQ-dd'");
    BOOST_TEST(compile_error("yy-MM-dd") == "unsupported 'yy' in time format 'yy-MM-dd'");
    BOOST_TEST(compile_error("HH:mm:ss") == "time format 'HH:mm:ss' needs yyyy, MM or MMM, and dd");
    BOOST_TEST(compile_error("yyyy-MM-dd'T") == "unterminated quote in time format 'yyyy-MM-dd'T'");
    BOOST_TEST(compile_error("yyyy-MM-dd yyyy") == "'y' appears twice in time format 'yyyy-MM-dd yyyy'");
    BOOST_TEST(compile_error("") == "empty time format");
    BOOST_TEST(compile_error("iso8601") == "ok");
}

BOOST_AUTO_TEST_SUITE_END()
