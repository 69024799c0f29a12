#include <boost/test/unit_test.hpp>

#include "core/diagnostic.h"
#include "core/event.h"
#include "core/origin.h"

using namespace trailproof;

BOOST_AUTO_TEST_SUITE(core)

BOOST_AUTO_TEST_CASE(event_values_chain_per_field) {
    FieldRegistry reg;
    FieldId a = reg.intern("a");
    FieldId b = reg.intern("b");
    BOOST_TEST(reg.intern("a") == a);
    Event e;
    e.reset(reg.size());
    e.add(a, {ValueKind::String, "x", 0, -1});
    e.add(b, {ValueKind::Null, "null", 0, -1});
    e.add(a, {ValueKind::String, "y", 0, -1});
    const Value* v = e.first(a);
    BOOST_REQUIRE(v);
    BOOST_TEST(v->text == "x");
    v = e.next(*v);
    BOOST_REQUIRE(v);
    BOOST_TEST(v->text == "y");
    BOOST_TEST(e.next(*v) == nullptr);
    BOOST_TEST(e.present(b));
    BOOST_TEST(!e.has(b));
    e.reset(reg.size());
    BOOST_TEST(!e.present(a));
}

BOOST_AUTO_TEST_CASE(arena_views_survive_growth) {
    TextArena arena;
    std::string_view first = arena.store("hello");
    for (int i = 0; i < 1000; ++i) (void)arena.store(std::string(200, 'x'));
    BOOST_TEST(first == "hello");
}

BOOST_AUTO_TEST_CASE(diagnostic_renders_location_snippet_and_caret) {
    Diagnostic d;
    d.code = "rule.unknown_modifier";
    d.message = "unknown modifier 'contain'";
    d.file = "rules/a.yml";
    d.line = 7;
    d.column = 19;
    d.snippet = "    eventName|contain: Get";
    BOOST_TEST(render_text(d) ==
               "rules/a.yml:7:19: error[rule.unknown_modifier]: unknown modifier 'contain'\n"
               "  |     eventName|contain: Get\n"
               "  |                   ^");
}

BOOST_AUTO_TEST_CASE(load_result_sorts_by_location) {
    LoadResult r;
    r.add({Severity::Error, "x", "b", "f.yml", 9, 1, "", "", {}, ""});
    r.add({Severity::Error, "x", "a", "f.yml", 2, 5, "", "", {}, ""});
    r.add({Severity::Warning, "w", "c", "a.yml", 1, 1, "", "", {}, ""});
    BOOST_TEST(!r.successful());
    BOOST_TEST(r.has_warnings());
    BOOST_TEST(r.render_text() ==
               "f.yml:2:5: error[x]: a\nf.yml:9:1: error[x]: b\na.yml:1:1: warning[w]: c\n");
}

BOOST_AUTO_TEST_CASE(warnings_as_errors_promotes_every_warning) {
    LoadResult r;
    r.add({Severity::Warning, "w", "c", "a.yml", 1, 1, "", "", {}, ""});
    r.add({Severity::Error, "x", "a", "f.yml", 2, 5, "", "", {}, ""});
    const LoadResult strict = r.with_warnings_as_errors();
    BOOST_TEST(!strict.has_warnings());
    BOOST_TEST(strict.errors().size() == 2u);
    BOOST_TEST(strict.render_text() == "a.yml:1:1: error[w]: c\nf.yml:2:5: error[x]: a\n");
    BOOST_TEST(r.has_warnings()); // the original is unchanged
}

BOOST_AUTO_TEST_CASE(origin_renders_line_and_index) {
    SourceTable t;
    auto s = t.add("logs/a.json");
    BOOST_TEST(render_origin({s, 12, k_no_index}, t) == "logs/a.json:12");
    BOOST_TEST(render_origin({s, 0, 3}, t) == "logs/a.json[3]");
    BOOST_TEST(source_line("a\nbc\r\nd", 2) == "bc");
}

BOOST_AUTO_TEST_SUITE_END()
