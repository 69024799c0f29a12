#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "parse/parser_reader.h"

using namespace trailproof;
using namespace trailproof::parse;

namespace {

// Reads `yaml` as "p.yml"; the rendered diagnostics (errors, then warnings, by location).
struct Read {
    explicit Read(std::string_view yaml) : result(read_parsers(yaml, "p.yml", infos)) {}
    std::string text() const { return result.render_text(); }
    std::vector<ParserInfo> infos;
    LoadResult result;
};

} // namespace

BOOST_AUTO_TEST_SUITE(parser_reader)

BOOST_AUTO_TEST_CASE(reads_every_key_with_marks) {
    Read r(R"(parsers:
  - name: cloudtrail-json
    format: json
    conditions: ["eventName", "eventTime"]
    required: [eventName, {field: eventTime, type: string}, {field: userIdentity, type: object}]
    time: {field: eventTime, format: iso8601}
    fields:
      user: userIdentity.arn
      operation: eventName
    activity_types:
      - {type: app-activity-failed, when: {errorCode: {exists: true}}}
      - {type: app-login, when: {eventName: [ConsoleLogin, GetSigninToken], eventSource: signin.amazonaws.com}}
      - {type: app-activity}
  - name: cef-lines
    format: cef
    fields: {user: suser, vendor: cef.vendor}
)");
    BOOST_TEST(r.text() == "");
    BOOST_REQUIRE_EQUAL(r.infos.size(), 2u);
    const ParserInfo& p = r.infos[0];
    BOOST_TEST(p.name == "cloudtrail-json");
    BOOST_TEST(p.file == "p.yml");
    BOOST_TEST(p.mark.line == 2);
    BOOST_TEST(p.mark.column == 5);
    BOOST_TEST(p.name_mark.column == 11);
    BOOST_TEST((p.format == ParserFormat::Json));
    BOOST_TEST(p.conditions == (std::vector<std::string>{"eventName", "eventTime"}), boost::test_tools::per_element());
    BOOST_REQUIRE_EQUAL(p.required.size(), 3u);
    BOOST_TEST(p.required[0].field == "eventName");
    BOOST_TEST((p.required[0].type == ValueType::String));
    BOOST_TEST(p.required[1].field == "eventTime");
    BOOST_TEST((p.required[2].type == ValueType::Object));
    BOOST_TEST(p.time.field == "eventTime");
    BOOST_TEST(p.time.format == "iso8601");
    BOOST_REQUIRE_EQUAL(p.fields.size(), 2u);
    BOOST_TEST(p.fields[0].name == "user");
    BOOST_TEST(p.fields[0].source == "userIdentity.arn");
    BOOST_TEST(p.fields[0].mark.line == 8);
    BOOST_TEST(p.fields[0].mark.column == 7);
    BOOST_TEST(p.fields[0].source_mark.column == 13);
    BOOST_REQUIRE_EQUAL(p.activity_types.size(), 3u);
    BOOST_TEST(p.activity_types[0].type == "app-activity-failed");
    BOOST_REQUIRE_EQUAL(p.activity_types[0].when.size(), 1u);
    BOOST_TEST(p.activity_types[0].when[0].exists_test);
    BOOST_TEST(p.activity_types[0].when[0].exists);
    BOOST_REQUIRE_EQUAL(p.activity_types[1].when.size(), 2u);
    BOOST_TEST(p.activity_types[1].when[0].field == "eventName");
    BOOST_TEST(p.activity_types[1].when[0].values == (std::vector<std::string>{"ConsoleLogin", "GetSigninToken"}),
               boost::test_tools::per_element());
    BOOST_TEST(p.activity_types[1].when[1].values == (std::vector<std::string>{"signin.amazonaws.com"}),
               boost::test_tools::per_element());
    BOOST_TEST(p.activity_types[2].when.empty());
    BOOST_TEST((r.infos[1].format == ParserFormat::Cef));
    BOOST_TEST(r.infos[1].fields[1].source == "cef.vendor");
}

BOOST_AUTO_TEST_CASE(missing_format) {
    Read r("parsers:\n  - name: a\n    fields: {user: x}\n");
    BOOST_TEST(r.text() == "p.yml:2:5: error[load.missing_key]: missing required key 'format'\n"
                           "  |   - name: a\n"
                           "  |     ^\n");
    BOOST_TEST(r.infos.empty());
    BOOST_REQUIRE_EQUAL(r.result.errors().size(), 1u);
    const Diagnostic& d = r.result.errors()[0];
    BOOST_TEST(d.item_kind == "parser");
    BOOST_TEST(d.item_id == "a");
    BOOST_TEST(d.context_chain == (std::vector<std::string>{"parser 'a'"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(unknown_format) {
    Read r("parsers:\n  - name: a\n    format: xml\n");
    BOOST_TEST(r.text() == "p.yml:3:13: error[parser.unknown_format]: unknown format 'xml' (expected json or cef)\n"
                           "  |     format: xml\n"
                           "  |             ^\n");
}

BOOST_AUTO_TEST_CASE(unknown_keys_are_warnings) {
    Read r("version: 2\nparsers:\n  - name: a\n    format: json\n    feilds: {user: x}\n    time: {field: t, fmt: x}\n");
    BOOST_TEST(r.result.successful());
    BOOST_TEST(r.text() == "p.yml:1:1: warning[load.unknown_key]: unknown key 'version'\n"
                           "  | version: 2\n"
                           "  | ^\n"
                           "p.yml:5:5: warning[load.unknown_key]: unknown key 'feilds'\n"
                           "  |     feilds: {user: x}\n"
                           "  |     ^\n"
                           "p.yml:6:22: warning[load.unknown_key]: unknown key 'fmt'\n"
                           "  |     time: {field: t, fmt: x}\n"
                           "  |                      ^\n");
    BOOST_TEST(r.infos.size() == 1u);
}

BOOST_AUTO_TEST_CASE(wrong_types) {
    Read r(R"(parsers:
  - name: a
    format: [json]
    conditions: eventName
    required: {eventName: true}
    fields: [user]
  - name: b
    format: json
    time: eventTime
    activity_types: {type: x}
    conditions: [{a: b}]
)");
    BOOST_TEST(r.text() ==
               "p.yml:3:13: error[load.wrong_type]: expected a string for 'format', found a sequence\n"
               "  |     format: [json]\n"
               "  |             ^\n"
               "p.yml:4:17: error[load.wrong_type]: expected a sequence of strings for 'conditions', found 'eventName'\n"
               "  |     conditions: eventName\n"
               "  |                 ^\n"
               "p.yml:5:15: error[load.wrong_type]: expected a sequence of field names for 'required', found a map\n"
               "  |     required: {eventName: true}\n"
               "  |               ^\n"
               "p.yml:6:13: error[load.wrong_type]: expected a map of normalized name to source for 'fields', found a sequence\n"
               "  |     fields: [user]\n"
               "  |             ^\n"
               "p.yml:9:11: error[load.wrong_type]: expected a map {field, format} for 'time', found 'eventTime'\n"
               "  |     time: eventTime\n"
               "  |           ^\n"
               "p.yml:10:21: error[load.wrong_type]: expected a sequence of {type, when} for 'activity_types', found a map\n"
               "  |     activity_types: {type: x}\n"
               "  |                     ^\n"
               "p.yml:11:18: error[load.wrong_type]: expected a string in 'conditions', found a map\n"
               "  |     conditions: [{a: b}]\n"
               "  |                  ^\n");
    BOOST_TEST(r.infos.empty());
}

BOOST_AUTO_TEST_CASE(empty_value_reports_at_its_key) {
    Read r("parsers:\n  - name: a\n    format:\n    fields: {}\n");
    BOOST_TEST(r.text() == "p.yml:3:5: error[load.wrong_type]: expected a string for 'format', found null\n"
                           "  |     format:\n"
                           "  |     ^\n");
}

BOOST_AUTO_TEST_CASE(duplicate_keys_and_names) {
    Read r("parsers:\n  - name: a\n    format: json\n    format: cef\n  - name: b\n    format: json\n"
           "  - name: b\n    format: cef\n");
    BOOST_TEST(r.text() == "p.yml:4:5: error[load.duplicate_key]: duplicate key 'format'\n"
                           "  |     format: cef\n"
                           "  |     ^\n"
                           "p.yml:7:11: error[load.duplicate_id]: duplicate parser name 'b' (first defined at p.yml:5:11)\n"
                           "  |   - name: b\n"
                           "  |           ^\n");
    BOOST_REQUIRE_EQUAL(r.infos.size(), 1u);
    BOOST_TEST(r.infos[0].name == "b");
    BOOST_TEST((r.infos[0].format == ParserFormat::Json));
}

BOOST_AUTO_TEST_CASE(yaml_syntax_error) {
    Read r("parsers:\n  - name: a\n    conditions: [x, y\n    format: json\n");
    BOOST_REQUIRE_EQUAL(r.result.errors().size(), 1u);
    BOOST_TEST(r.result.errors()[0].code == "load.yaml_parse");
    BOOST_TEST(r.text() == "p.yml:4:11: error[load.yaml_parse]: end of sequence flow not found\n"
                           "  |     format: json\n"
                           "  |           ^\n");
}

BOOST_AUTO_TEST_CASE(file_shape_errors) {
    BOOST_TEST(Read("").text() == "p.yml:1:1: error[load.missing_key]: missing required key 'parsers'\n");
    BOOST_TEST(Read("- a\n").text() == "p.yml:1:1: error[load.wrong_type]: expected a map with key 'parsers', found a sequence\n"
                                       "  | - a\n"
                                       "  | ^\n");
    BOOST_TEST(Read("parsers: x\n").text() == "p.yml:1:10: error[load.wrong_type]: expected a sequence for 'parsers', found 'x'\n"
                                             "  | parsers: x\n"
                                             "  |          ^\n");
    BOOST_TEST(Read("other: 1\n").text() == "p.yml:1:1: error[load.missing_key]: missing required key 'parsers'\n"
                                           "  | other: 1\n"
                                           "  | ^\n"
                                           "p.yml:1:1: warning[load.unknown_key]: unknown key 'other'\n"
                                           "  | other: 1\n"
                                           "  | ^\n");
    Read empty("parsers: []\n");
    BOOST_TEST(empty.result.successful());
    BOOST_TEST(empty.infos.empty());
}

BOOST_AUTO_TEST_CASE(semantic_errors) {
    Read r(R"(parsers:
  - name: a
    format: json
    fields: {user: userIdentity..arn, activity_type: eventType}
    time: {format: yyyy-QQ-dd}
  - name: c
    format: cef
    fields: {vendor: cef.vendr, user: "s user"}
    conditions: [""]
)");
    BOOST_TEST(r.text() ==
               "p.yml:4:20: error[parser.bad_field]: bad JSON path 'userIdentity..arn' for field 'user': empty path segment\n"
               "  |     fields: {user: userIdentity..arn, activity_type: eventType}\n"
               "  |                    ^\n"
               "p.yml:4:39: error[parser.bad_field]: 'activity_type' is reserved: it is set from activity_types\n"
               "  |     fields: {user: userIdentity..arn, activity_type: eventType}\n"
               "  |                                       ^\n"
               "p.yml:5:20: error[parser.bad_time_format]: unknown letter 'Q' in time format 'yyyy-QQ-dd'\n"
               "  |     time: {format: yyyy-QQ-dd}\n"
               "  |                    ^\n"
               "p.yml:6:5: error[parser.bad_condition]: empty condition (a condition is a substring of the raw record)\n"
               "  |   - name: c\n"
               "  |     ^\n"
               "p.yml:8:22: error[parser.bad_field]: unknown CEF header field 'cef.vendr' (expected cef.version, cef.vendor, "
               "cef.product, cef.device_version, cef.signature_id, cef.name or cef.severity)\n"
               "  |     fields: {vendor: cef.vendr, user: \"s user\"}\n"
               "  |                      ^\n"
               "p.yml:8:39: error[parser.bad_field]: bad CEF extension key 's user' for field 'user' (letters, digits, '_', '.', '-')\n"
               "  |     fields: {vendor: cef.vendr, user: \"s user\"}\n"
               "  |                                       ^\n");
    BOOST_TEST(r.infos.empty());
}

BOOST_AUTO_TEST_CASE(activity_type_errors_and_unreachable_warning) {
    Read r(R"(parsers:
  - name: a
    format: json
    activity_types:
      - {type: app-activity}
      - {type: app-activity-failed, when: {errorCode: {exists: true}}}
  - name: b
    format: json
    activity_types:
      - {when: {x: 1}}
      - {type: t1, when: {x: {exists: maybe}}}
      - {type: t2, when: {x: {equals: 1}}}
      - {type: t3, when: {x: []}}
      - {type: t4, when: {}}
      - {type: t5, when: {x: [{a: 1}]}}
)");
    BOOST_TEST(r.text() ==
               "p.yml:10:9: error[load.missing_key]: missing required key 'type'\n"
               "  |       - {when: {x: 1}}\n"
               "  |         ^\n"
               "p.yml:11:39: error[load.wrong_type]: expected true or false for 'exists', found 'maybe'\n"
               "  |       - {type: t1, when: {x: {exists: maybe}}}\n"
               "  |                                       ^\n"
               "p.yml:12:30: error[parser.bad_condition]: expected {exists: true|false} for 'x'\n"
               "  |       - {type: t2, when: {x: {equals: 1}}}\n"
               "  |                              ^\n"
               "p.yml:13:30: error[parser.bad_condition]: empty value list for 'x'\n"
               "  |       - {type: t3, when: {x: []}}\n"
               "  |                              ^\n"
               "p.yml:14:26: error[parser.bad_condition]: empty 'when' for activity type 't4'\n"
               "  |       - {type: t4, when: {}}\n"
               "  |                          ^\n"
               "p.yml:15:31: error[load.wrong_type]: expected a value in the list for 'x', found a map\n"
               "  |       - {type: t5, when: {x: [{a: 1}]}}\n"
               "  |                               ^\n"
               "p.yml:6:9: warning[parser.unreachable_activity_type]: activity type 'app-activity-failed' follows the "
               "default 'app-activity' and is never assigned\n"
               "  |       - {type: app-activity-failed, when: {errorCode: {exists: true}}}\n"
               "  |         ^\n");
    BOOST_REQUIRE_EQUAL(r.infos.size(), 1u);
    BOOST_TEST(r.infos[0].name == "a");
}

// All errors of a file in one run: every bad parser is reported, the good one is kept.
BOOST_AUTO_TEST_CASE(multi_error_file) {
    Read r(R"(parsers:
  - name: good
    format: json
  - name: bad-format
    format: xml
  - name: bad-types
    format: json
    conditions: eventName
    fields:
      user: [a, b]
  - format: cef
    fieldz: {}
  - name: good
    format: cef
    time: {format: yyyy-QQ}
)");
    BOOST_TEST(r.text() ==
               "p.yml:5:13: error[parser.unknown_format]: unknown format 'xml' (expected json or cef)\n"
               "  |     format: xml\n"
               "  |             ^\n"
               "p.yml:8:17: error[load.wrong_type]: expected a sequence of strings for 'conditions', found 'eventName'\n"
               "  |     conditions: eventName\n"
               "  |                 ^\n"
               "p.yml:10:13: error[load.wrong_type]: expected a source path for 'user', found a sequence\n"
               "  |       user: [a, b]\n"
               "  |             ^\n"
               "p.yml:11:5: error[load.missing_key]: missing required key 'name'\n"
               "  |   - format: cef\n"
               "  |     ^\n"
               "p.yml:13:11: error[load.duplicate_id]: duplicate parser name 'good' (first defined at p.yml:2:11)\n"
               "  |   - name: good\n"
               "  |           ^\n"
               "p.yml:15:20: error[parser.bad_time_format]: unknown letter 'Q' in time format 'yyyy-QQ'\n"
               "  |     time: {format: yyyy-QQ}\n"
               "  |                    ^\n"
               "p.yml:12:5: warning[load.unknown_key]: unknown key 'fieldz'\n"
               "  |     fieldz: {}\n"
               "  |     ^\n");
    BOOST_REQUIRE_EQUAL(r.result.errors().size(), 6u);
    // An unnamed parser is identified by its position.
    BOOST_TEST(r.result.errors()[3].context_chain == (std::vector<std::string>{"parsers[3]"}),
               boost::test_tools::per_element());
    BOOST_TEST(r.result.errors()[4].context_chain == (std::vector<std::string>{"parser 'good'", "time"}),
               boost::test_tools::per_element());
    BOOST_REQUIRE_EQUAL(r.infos.size(), 1u);
    BOOST_TEST(r.infos[0].name == "good");
    BOOST_TEST((r.infos[0].format == ParserFormat::Json));
}

BOOST_AUTO_TEST_CASE(diagnostics_render_as_json) {
    Read r("parsers:\n  - name: a\n    format: xml\n");
    BOOST_TEST(r.result.render_json() ==
               "{\"errors\":[{\"severity\":\"error\",\"code\":\"parser.unknown_format\",\"message\":\"unknown format "
               "'xml' (expected json or cef)\",\"file\":\"p.yml\",\"line\":3,\"column\":13,\"item_kind\":\"parser\","
               "\"item_id\":\"a\",\"context_chain\":[\"parser 'a'\"],\"snippet\":\"    format: xml\"}],\"warnings\":[]}");
}

BOOST_AUTO_TEST_SUITE_END()
