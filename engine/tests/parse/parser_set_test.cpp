#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "parse/default_parser.h"
#include "parse/parser_reader.h"
#include "parse/parser_set.h"

using namespace trailproof;
using namespace trailproof::parse;

namespace {

std::vector<ParserInfo> read(std::string_view yaml, std::string_view file) {
    std::vector<ParserInfo> out;
    LoadResult r = read_parsers(yaml, file, out);
    BOOST_TEST_REQUIRE(r.successful(), r.render_text());
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(parser_set)

BOOST_AUTO_TEST_CASE(compile_registers_every_name) {
    FieldRegistry registry;
    ParserSet set;
    LoadResult r = ParserSet::compile(read(R"(parsers:
  - name: p
    format: json
    required: [eventName]
    time: {field: when.at, format: epoch_s}
    fields: {user: userIdentity.arn}
    activity_types:
      - {type: t, when: {errorCode: {exists: true}}}
)",
                                           "a.yml"),
                                      registry, set);
    BOOST_TEST(r.successful());
    BOOST_TEST(!r.has_warnings());
    for (const char* name : {"user", "userIdentity.arn", "eventName", "when.at", "errorCode", "activity_type"})
        BOOST_TEST(registry.find(name) != k_no_field, name);
    BOOST_TEST(set.size() == 1u);
    BOOST_TEST(set.name(0) == "p");
    BOOST_TEST((set.format(0) == ParserFormat::Json));
    BOOST_TEST(set.field_count() == registry.size());
    BOOST_TEST(set.activity_type_field() == registry.find("activity_type"));
}

BOOST_AUTO_TEST_CASE(builtin_parser_compiles_clean) {
    FieldRegistry registry;
    ParserSet set;
    LoadResult r = ParserSet::compile({default_cloudtrail_parser()}, registry, set);
    BOOST_TEST(r.render_text() == "");
    BOOST_TEST(set.name(0) == "cloudtrail-json");
    for (const char* name : {"user", "user_name", "user_type", "account_id", "src_ip", "user_agent", "operation",
                             "service", "region", "error_code", "event_id"})
        BOOST_TEST(registry.find(name) != k_no_field, name);
}

// Duplicate names across files are found at compile; nothing is swapped in on error.
BOOST_AUTO_TEST_CASE(compile_errors_leave_the_set_unchanged) {
    FieldRegistry registry;
    ParserSet set;
    BOOST_TEST_REQUIRE(ParserSet::compile({default_cloudtrail_parser()}, registry, set).successful());

    std::vector<ParserInfo> infos = read("parsers:\n  - name: x\n    format: json\n", "a.yml");
    for (ParserInfo& p : read("parsers:\n  - name: y\n    format: cef\n  - name: x\n    format: json\n", "b.yml"))
        infos.push_back(std::move(p));
    ParserInfo bad; // built in code, so no snippet
    bad.name = "z";
    bad.file = "code";
    bad.mark = {3, 1};
    bad.fields.push_back({"user", "a..b", {4, 2}, {4, 8}});
    bad.time.format = "nope";
    bad.time.format_mark = {5, 9};
    infos.push_back(bad);
    LoadResult r = ParserSet::compile(std::move(infos), registry, set);
    BOOST_TEST(r.render_text() ==
               "b.yml:4:11: error[load.duplicate_id]: duplicate parser name 'x' (first defined at a.yml:2:11)\n"
               "code:4:8: error[parser.bad_field]: bad JSON path 'a..b' for field 'user': empty path segment\n"
               "code:5:9: error[parser.bad_time_format]: unknown letter 'n' in time format 'nope'\n");
    BOOST_TEST(set.size() == 1u);
    BOOST_TEST(set.name(0) == "cloudtrail-json");
}

BOOST_AUTO_TEST_SUITE_END()
