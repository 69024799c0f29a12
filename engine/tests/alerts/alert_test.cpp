#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstdio>
#include <random>

#include "alerts/alert.h"
#include "support/event_builder.h"

using namespace trailproof;
using namespace trailproof::alerts;

BOOST_AUTO_TEST_SUITE(alerts)

BOOST_AUTO_TEST_CASE(time_formats_as_iso8601_utc) {
    BOOST_TEST(format_time_ms(0) == "1970-01-01T00:00:00.000Z");
    BOOST_TEST(format_time_ms(1709164805123) == "2024-02-29T00:00:05.123Z");
    BOOST_TEST(format_time_ms(-1) == "1969-12-31T23:59:59.999Z");
}

BOOST_AUTO_TEST_CASE(time_formats_years_outside_four_digits) {
    BOOST_TEST(format_time_ms(253402300799999) == "9999-12-31T23:59:59.999Z");
    BOOST_TEST(format_time_ms(253402300800000) == "10000-01-01T00:00:00.000Z");
    BOOST_TEST(format_time_ms(-62167219200000) == "0000-01-01T00:00:00.000Z");
    BOOST_TEST(format_time_ms(-62167219200001) == "-001-12-31T23:59:59.999Z");
}

BOOST_AUTO_TEST_CASE(time_formats_like_printf_over_random_times) {
    // Reference: std::chrono's civil calendar and the printf layout. Fixed seed.
    constexpr unsigned k_seed = 7301;
    BOOST_TEST_MESSAGE("time seed " << k_seed);
    std::mt19937_64 rng(k_seed);
    std::uniform_int_distribution<std::int64_t> any_ms(-900000000000000, 900000000000000); // about +-28500 years
    for (int round = 0; round < 20000; ++round) {
        const std::int64_t ms = round % 2 ? any_ms(rng) : any_ms(rng) % 4102444800000; // half of them before 2100
        const auto tp = std::chrono::sys_time<std::chrono::milliseconds>(std::chrono::milliseconds(ms));
        const auto day = std::chrono::floor<std::chrono::days>(tp);
        const std::chrono::year_month_day ymd(day);
        const std::int64_t rest = (tp - day).count();
        char want[64];
        std::snprintf(want, sizeof want, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%03lldZ",
                      static_cast<long long>(static_cast<int>(ymd.year())), static_cast<unsigned>(ymd.month()),
                      static_cast<unsigned>(ymd.day()), static_cast<long long>(rest / 3600000),
                      static_cast<long long>(rest / 60000 % 60), static_cast<long long>(rest / 1000 % 60),
                      static_cast<long long>(rest % 1000));
        BOOST_TEST(format_time_ms(ms) == want, "seed " << k_seed << " round " << round << ": " << ms);
    }
}

BOOST_AUTO_TEST_CASE(tactic_ids_accept_v1_and_v2_names) {
    BOOST_TEST(tactic_id("initial-access") == "TA0001");
    BOOST_TEST(tactic_id("privilege_escalation") == "TA0004");
    BOOST_TEST(tactic_id("impact") == "TA0040");
    BOOST_TEST(tactic_id("t1078").empty());
}

BOOST_AUTO_TEST_CASE(alert_takes_first_present_entity_field_and_renders_stably) {
    FieldRegistry reg;
    AlertBuilder builder(reg);
    SourceTable sources;
    tp_test::EventBuilder event(reg);
    event.user("alice")
        .str("recipientAccountId", "111122223333")
        .name("StopLogging")
        .str("eventSource", "cloudtrail.amazonaws.com")
        .str("eventID", "e-1")
        .str("awsRegion", "eu-west-1")
        .at_time(1700000000000)
        .origin({sources.add("in.json"), 3, k_no_index});
    const Event& e = event.build();
    AlertSource src{"r-1", "Trail \"stopped\"", "sample", "high", 40, {"T1562.008"}, {"TA0005"}, false};
    Alert a = builder.build(src, e, sources);
    BOOST_TEST(a.user == "alice");
    BOOST_TEST(render_alert_json(a) ==
               R"({"kind":"alert","rule_id":"r-1","title":"Trail \"stopped\"","pack":"sample","level":"high","score":40,)"
               R"("techniques":["T1562.008"],"tactics":["TA0005"],"user":"alice","principal":"alice","account_id":"111122223333",)"
               R"("event_time":"2023-11-14T22:13:20.000Z","event_id":"e-1","event_source":"cloudtrail.amazonaws.com",)"
               R"("event_name":"StopLogging","src_ip":"","origin":"in.json:3","region":"eu-west-1","alert_id":")" +
                   alert_id(a) + R"("})");
    // With the run's detection time (pipeline/alert_format.h), it comes last.
    BOOST_TEST(render_alert_json(a, "2024-03-02T00:00:00.000Z").ends_with(
        R"(","detected_at":"2024-03-02T00:00:00.000Z"})"));
    event.str("userIdentity.arn", "arn:aws:iam::111122223333:user/alice");
    BOOST_TEST(builder.build(src, event.build(), sources).user == "arn:aws:iam::111122223333:user/alice");
}

// The record's ARN stays the alert's user; the resolved principal (field `user`,
// the entity of the models) is beside it.
BOOST_AUTO_TEST_CASE(alert_keeps_the_raw_arn_beside_the_resolved_principal) {
    FieldRegistry reg;
    AlertBuilder builder(reg);
    SourceTable sources;
    tp_test::EventBuilder event(reg);
    event.user("arn:aws:iam::111122223333:role/ci-deployer")
        .str("userIdentity.arn", "arn:aws:sts::111122223333:assumed-role/ci-deployer/botocore-session-1711962000")
        .name("StopLogging")
        .at_time(1700000000000)
        .origin({sources.add("in.json"), 1, k_no_index});
    AlertSource src{"r-1", "t", "sample", "high", 40, {}, {}, false};
    Alert a = builder.build(src, event.build(), sources);
    BOOST_TEST(a.user == "arn:aws:sts::111122223333:assumed-role/ci-deployer/botocore-session-1711962000");
    BOOST_TEST(a.principal == "arn:aws:iam::111122223333:role/ci-deployer");
}

// A risk-based rule's hit is a signal: same keys, kind "signal", and the session it scored.
BOOST_AUTO_TEST_CASE(signal_line_names_its_session) {
    FieldRegistry reg;
    AlertBuilder builder(reg);
    SourceTable sources;
    tp_test::EventBuilder event(reg);
    event.user("alice").name("GetObject").str("eventID", "e-7").at_time(1700000000000).origin(
        {sources.add("in.json"), 2, k_no_index});
    AlertSource src{"APP-F", "First app", "exa", "low", 10, {}, {}, true};
    Alert a = builder.build(src, event.build(), sources);
    a.session_id = session_id("alice", 1699999000000);
    BOOST_TEST(render_alert_json(a) ==
               R"({"kind":"signal","rule_id":"APP-F","title":"First app","pack":"exa","level":"low","score":10,)"
               R"("techniques":[],"tactics":[],"user":"alice","principal":"alice","account_id":"",)"
               R"("event_time":"2023-11-14T22:13:20.000Z","event_id":"e-7","event_source":"",)"
               R"("event_name":"GetObject","src_ip":"","origin":"in.json:2","session_id":"alice@2023-11-14T21:56:40.000Z",)"
               R"("region":"","alert_id":"3538f27e-7e9c-8c94-a339-df434ffcf182"})");
}

BOOST_AUTO_TEST_SUITE_END()
