#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "parse_test_util.h"

using namespace trailproof;
using tp_test::Engine;
using Strings = std::vector<std::string>;

namespace {

constexpr std::string_view k_cef_parsers = R"(parsers:
  - name: cef-cloudtrail
    format: cef
    conditions: ["CEF:", "|AWS|"]
    required: [cef.name, suser]
    fields:
      vendor: cef.vendor
      product: cef.product
      version: cef.version
      device_version: cef.device_version
      signature: cef.signature_id
      title: cef.name
      severity: cef.severity
      user: suser
      src_ip: src
      operation: act
      message: msg
      label: cs1Label
      value: cs1
      request: request
    activity_types:
      - {type: app-activity-failed, when: {outcome: FAILURE}}
      - {type: app-activity}
  - name: any-cef
    format: cef
    fields: {user: suser}
)";

} // namespace

BOOST_AUTO_TEST_SUITE(cef_reader)

BOOST_AUTO_TEST_CASE(header_and_extension_with_escapes) {
    Engine e(k_cef_parsers, {"outcome", "rt"});
    const std::string line =
        R"(<134>Jan 02 2024 03:04:05 host CEF:0|AWS|Cloud\|Trail|1.0|ConsoleLogin|Sign in\\ event|5|)"
        R"(rt=1704164645123 suser=alice src=203.0.113.7 act=ConsoleLogin msg=first line\nsecond\r a\=b back\\slash \q )"
        R"(outcome=failure request=https://x/?a=b&c=d cs1Label=Policy cs1=  spaced  value  )";
    BOOST_TEST(e.parse(line, RecordFormat::Text) == RejectCode::Ok, e.detail);
    BOOST_TEST(e.set.name(e.event.parser) == "cef-cloudtrail");
    BOOST_TEST(e.text("version") == "0");
    BOOST_TEST(e.text("vendor") == "AWS");
    BOOST_TEST(e.text("product") == "Cloud|Trail");
    BOOST_TEST(e.text("device_version") == "1.0");
    BOOST_TEST(e.text("signature") == "ConsoleLogin");
    BOOST_TEST(e.text("title") == "Sign in\\ event");
    BOOST_TEST(e.text("severity") == "5");
    BOOST_TEST(e.text("user") == "alice");
    BOOST_TEST(e.text("suser") == "alice"); // the source is a registered name too
    BOOST_TEST(e.text("src_ip") == "203.0.113.7");
    BOOST_TEST(e.text("operation") == "ConsoleLogin");
    BOOST_TEST(e.text("message") == "first line\nsecond\r a=b back\\slash \\q"); // unknown escapes stay literal
    BOOST_TEST(e.text("request") == "https://x/?a=b&c=d"); // '=' inside a value is not a new key
    BOOST_TEST(e.text("label") == "Policy");
    BOOST_TEST(e.text("value") == "  spaced  value"); // trailing spaces end the value
    BOOST_TEST(e.values("user") == Strings{"string:alice"}, boost::test_tools::per_element());
    BOOST_TEST(e.event.time_ms == 1704164645123);
    BOOST_TEST(e.event.activity_type == "app-activity-failed"); // FAILURE matched case-insensitively
}

BOOST_AUTO_TEST_CASE(cef_date_time_repeated_keys_and_selection) {
    Engine e(k_cef_parsers);
    BOOST_TEST(e.parse("CEF:1|AWS|CloudTrail|1|GetObject|GetObject|3|rt=Jan 02 2024 03:04:05.250 suser=bob suser=carol",
                       RecordFormat::Text) == RejectCode::Ok,
               e.detail);
    BOOST_TEST(e.event.time_ms == 1704164645250);
    BOOST_TEST(e.values("user") == (Strings{"string:bob", "string:carol"}), boost::test_tools::per_element());
    BOOST_TEST(e.event.activity_type == "app-activity");
    // Not AWS: the second parser claims it.
    BOOST_TEST(e.parse("CEF:0|Okta|SSO|1|login|Login|3|rt=1704164645000 suser=dave", RecordFormat::Text) == RejectCode::Ok);
    BOOST_TEST(e.set.name(e.event.parser) == "any-cef");
    BOOST_TEST(e.text("user") == "dave");
    BOOST_TEST(e.event.activity_type == "");
    BOOST_TEST(!e.event.present(e.id("activity_type")));
}

BOOST_AUTO_TEST_CASE(malformed_lines) {
    Engine e(k_cef_parsers);
    auto reject = [&](std::string_view line) {
        RejectCode code = e.parse(line, RecordFormat::Text);
        return std::string(reject_code_id(code)) + ": " + e.detail;
    };
    BOOST_TEST(reject("<134>host hello world") == "parse.malformed_cef: no 'CEF:' header");
    BOOST_TEST(reject("CEF:0|AWS|CloudTrail") == "parse.malformed_cef: CEF header ends after 2 of 7 fields");
    BOOST_TEST(reject(R"(CEF:0|AWS|a\|b|c|d|e\|f)") == "parse.malformed_cef: CEF header ends after 5 of 7 fields");
    BOOST_TEST(reject("CEF:x|AWS|p|v|s|n|5|rt=1") == "parse.malformed_cef: bad CEF version 'x'");
    BOOST_TEST(reject("CEF:|AWS|p|v|s|n|5|rt=1") == "parse.malformed_cef: bad CEF version ''");
    BOOST_TEST(reject("CEF:0|AWS|p|v|s|n|5|=oops") ==
               "parse.malformed_cef: CEF extension does not start with key=value: '=oops'");
    BOOST_TEST(reject("CEF:0|AWS|p|v|s|n|5|just some text") ==
               "parse.malformed_cef: CEF extension does not start with key=value: 'just some text'");
    BOOST_TEST(reject("CEF:0|AWS|p|v|s|n|5|suser=\xe2\x82 rt=1") == "parse.invalid_utf8: invalid UTF-8 at byte offset 26");
    BOOST_TEST(reject("CEF:0|AWS|p|v|s|n|5|suser=x") == "parse.missing_field: missing field 'rt'");
    BOOST_TEST(reject("CEF:0|AWS|p|v|s|n|5|") == "parse.missing_field: missing field 'suser'");
    BOOST_TEST(reject("CEF:0|AWS|p|v|s|n|5|suser=x rt=tomorrow") ==
               "parse.bad_time: bad time 'tomorrow' in field 'rt' (format auto)");
    // An empty header field is present (empty text), so `required` accepts it.
    BOOST_TEST(reject("CEF:0|AWS|p|v|s||5|suser=x rt=1") == "ok: ");
    BOOST_TEST(e.event.present(e.id("title")));
    BOOST_TEST(e.text("title") == "");
    BOOST_TEST(reject("CEF:0|AWS|p|v|s|n|5|suser=x rt=1\r\n") == "ok: ");
    BOOST_TEST(e.text("user") == "x");
}

BOOST_AUTO_TEST_SUITE_END()
