#include <boost/test/unit_test.hpp>

#include "core/diagnostic.h"
#include "core/event.h"
#include "core/origin.h"

#include <string>
#include <vector>

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

// own_text copies a text that lies outside the record and the arena (a scratch
// buffer that is about to change) and leaves a `lasting` one where it is.
BOOST_AUTO_TEST_CASE(own_text_copies_passing_texts_and_leaves_lasting_ones) {
    static const std::string lasting_text = "app-activity"; // outlives the event, as content does
    std::string scratch = "scratch";
    Event e;
    e.reset(2);
    e.raw = "{}";
    e.add(0, {ValueKind::String, scratch, 0, -1});
    e.add(1, {ValueKind::String, lasting_text, 0, -1, true});
    e.own_text();
    scratch = "changed";
    BOOST_TEST(e.first(0)->text == "scratch");
    BOOST_TEST(e.arena().owns(e.first(0)->text));
    BOOST_TEST(!e.first(0)->lasting);
    BOOST_TEST(e.first(1)->text.data() == lasting_text.data()); // not copied
    BOOST_TEST(e.first(1)->lasting);
}

// A field's values as "a;b;", in chain order.
static std::string chain_texts(const Event& e, FieldId f) {
    std::string out;
    for (const Value* v = e.first(f); v; v = e.next(*v)) out += std::string(v->text) + ";";
    return out;
}

// The parse stage fills events in bulk from its extraction table (adopt), then
// rewires single fields (link); later adds and replaces work as on any event.
BOOST_AUTO_TEST_CASE(adopted_values_keep_their_chains) {
    // Field 0: x -> y (indices 0, 2); field 1: z (index 1); field 2: none.
    const std::vector<Value> values{
        {ValueKind::String, "x", 0, 2}, {ValueKind::String, "z", 0, -1}, {ValueKind::String, "y", 0, -1}};
    const std::vector<Event::Chain> chains{{0, 2}, {1, 1}};
    Event e;
    e.reset(4);
    e.add(3, {ValueKind::String, "gone", 0, -1}); // adopt replaces whatever the event held
    e.adopt(values, chains);
    BOOST_TEST(chain_texts(e, 0) == "x;y;");
    BOOST_TEST(chain_texts(e, 1) == "z;");
    BOOST_TEST(!e.present(2));
    BOOST_TEST(!e.present(3)); // past the end of the chains: no values
    e.add(0, {ValueKind::String, "w", 0, -1});
    BOOST_TEST(chain_texts(e, 0) == "x;y;w;");
    BOOST_TEST(chain_texts(e, 1) == "z;"); // appending to field 0 leaves field 1 alone
    e.link(1, {});
    BOOST_TEST(!e.present(1));
    e.add(1, {ValueKind::String, "v", 0, -1});
    BOOST_TEST(chain_texts(e, 1) == "v;");
    e.link(2, {1, 1}); // a field can take another's chain
    BOOST_TEST(chain_texts(e, 2) == "z;");
    e.replace(0, {ValueKind::Number, "1", 1, -1});
    BOOST_TEST(chain_texts(e, 0) == "1;");
    BOOST_TEST(chain_texts(e, 2) == "z;");
}

// One adopted chain linked to several fields (the parse stage links a
// normalized name to its source's chain): appending to one of them copies that
// field's chain first, so the others keep exactly their values.
BOOST_AUTO_TEST_CASE(a_chain_linked_to_several_fields_stays_theirs_when_one_grows) {
    // Field 0: x -> y (indices 0, 1); field 1: none.
    const std::vector<Value> values{{ValueKind::String, "x", 0, 1}, {ValueKind::String, "y", 0, -1}};
    const std::vector<Event::Chain> chains{{0, 1}};
    Event e;
    e.reset(4);
    e.adopt(values, chains);
    e.link(1, chains[0]);
    e.link(2, chains[0]);
    BOOST_TEST(e.first(1) == e.first(0)); // the same values, not copies
    e.add(1, {ValueKind::String, "w", 0, -1});
    BOOST_TEST(chain_texts(e, 0) == "x;y;");
    BOOST_TEST(chain_texts(e, 1) == "x;y;w;");
    BOOST_TEST(chain_texts(e, 2) == "x;y;");
    e.add(0, {ValueKind::String, "v", 0, -1});
    e.add(0, {ValueKind::String, "u", 0, -1}); // field 0's own copy now: appended in place
    BOOST_TEST(chain_texts(e, 0) == "x;y;v;u;");
    BOOST_TEST(chain_texts(e, 1) == "x;y;w;");
    BOOST_TEST(chain_texts(e, 2) == "x;y;");
    e.replace(2, {ValueKind::String, "r", 0, -1});
    BOOST_TEST(chain_texts(e, 2) == "r;");
    BOOST_TEST(chain_texts(e, 1) == "x;y;w;");
    e.link(3, {1, 1}); // a chain's tail alone
    e.add(3, {ValueKind::String, "t", 0, -1});
    BOOST_TEST(chain_texts(e, 3) == "y;t;");
    BOOST_TEST(chain_texts(e, 1) == "x;y;w;");
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
