// JSON string writing (core/json_text.h): the escape table, and the array form.

#include <boost/test/unit_test.hpp>

#include <set>
#include <string>
#include <vector>

#include "core/json_text.h"

using namespace trailproof;

BOOST_AUTO_TEST_SUITE(json_text)

BOOST_AUTO_TEST_CASE(escapes_quotes_backslashes_and_control_characters) {
    BOOST_TEST(json_quote("") == R"("")");
    BOOST_TEST(json_quote(R"(say "hi" \o/)") == R"("say \"hi\" \\o/")");
    BOOST_TEST(json_quote("a\nb\rc\td\be\ff") == R"("a\nb\rc\td\be\ff")");
    BOOST_TEST(json_quote(std::string("\x00\x01\x1f", 3)) == R"("\u0000\u0001\u001f")");
    BOOST_TEST(json_quote("caf\xc3\xa9 \x7f") == "\"caf\xc3\xa9 \x7f\""); // UTF-8 and DEL stay as they are
}

BOOST_AUTO_TEST_CASE(appends_in_place) {
    std::string out = "{\"k\":";
    append_json_string(out, "v\"");
    out += '}';
    BOOST_TEST(out == R"({"k":"v\""})");
}

BOOST_AUTO_TEST_CASE(arrays_of_strings) {
    std::string out;
    append_json_strings(out, std::vector<std::string>{});
    BOOST_TEST(out == "[]");
    out.clear();
    append_json_strings(out, std::set<std::string>{"b", "a\\"});
    BOOST_TEST(out == R"(["a\\","b"])");
}

BOOST_AUTO_TEST_SUITE_END()
