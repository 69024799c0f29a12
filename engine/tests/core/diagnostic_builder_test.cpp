// DiagnosticBuilder (core/diagnostic_builder.h): every field from one expression.

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "core/diagnostic_builder.h"

using namespace trailproof;

BOOST_AUTO_TEST_SUITE(diagnostic_builder)

BOOST_AUTO_TEST_CASE(fills_every_field) {
    const Diagnostic d = diagnostic_at(codes::load_duplicate_id, "id 'x' is already used", "p/rules/a.yml", 2, 5)
                             .item("rule", "x")
                             .in_pack("p")
                             .context("rule 'x'")
                             .context(std::vector<std::string>{"detection 'sel'", "", "field 'a'"})
                             .snippet_from("title: t\nid: x\n");
    BOOST_TEST((d.severity == Severity::Error));
    BOOST_TEST(d.code == "load.duplicate_id");
    BOOST_TEST(render_text(d) == "p/rules/a.yml:2:5: error[load.duplicate_id]: id 'x' is already used\n"
                                 "  | id: x\n"
                                 "  |     ^");
    BOOST_TEST(d.item_kind == "rule");
    BOOST_TEST(d.item_id == "x");
    BOOST_TEST(d.context_chain ==
               (std::vector<std::string>{"pack 'p'", "rule 'x'", "detection 'sel'", "field 'a'"}));
}

BOOST_AUTO_TEST_CASE(empty_pack_and_steps_add_nothing) {
    const Diagnostic d =
        diagnostic(Severity::Warning, codes::load_unknown_key, "unknown key 'k'").in_pack("").context("");
    BOOST_TEST((d.severity == Severity::Warning));
    BOOST_TEST(d.context_chain.empty());
    BOOST_TEST(d.snippet.empty());
    BOOST_TEST(render_text(d) == "<input>: warning[load.unknown_key]: unknown key 'k'");
}

BOOST_AUTO_TEST_CASE(no_snippet_without_a_line) {
    const Diagnostic d = diagnostic_at(codes::load_unreadable, "cannot read", "f.yml").snippet_from("text\n");
    BOOST_TEST(d.snippet.empty());
}

BOOST_AUTO_TEST_SUITE_END()
