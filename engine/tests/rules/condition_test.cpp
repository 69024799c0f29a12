// The condition grammar (SIGMA.md §4): parsing, precedence, printing, the
// parse -> print -> parse round trip, and how rules resolve identifiers.

#include <random>

#include "rules/condition_parser.h"
#include "rules/matcher.h"
#include "rules_fixture.h"

using namespace trailproof;
using namespace trailproof::rules;
using namespace trailproof::rules::test;

namespace {

std::string reprint(std::string_view text) {
    ConditionParse p = parse_condition(text);
    if (p.error) return "error@" + std::to_string(p.error->offset) + ": " + p.error->message;
    return print_condition(*p.expr);
}

// Fully parenthesized, to show the tree shape.
std::string shape(const ConditionExpr& e) {
    switch (e.kind) {
    case ConditionExpr::Kind::Identifier: return e.name;
    case ConditionExpr::Kind::Selector:
        return std::string("[") +
               (e.quantifier == ConditionExpr::Quantifier::All   ? "all"
                : e.quantifier == ConditionExpr::Quantifier::Any ? "1"
                                                                 : std::to_string(e.count)) +
               " of " + e.name + "]";
    case ConditionExpr::Kind::Not: return "not(" + shape(e.children.front()) + ")";
    default: {
        std::string out = e.kind == ConditionExpr::Kind::And ? "and(" : "or(";
        for (std::size_t i = 0; i < e.children.size(); ++i) out += (i ? ", " : "") + shape(e.children[i]);
        return out + ")";
    }
    }
}

std::string shape_of(std::string_view text) {
    ConditionParse p = parse_condition(text);
    return p.expr ? shape(*p.expr) : "error: " + p.error->message;
}

} // namespace

BOOST_AUTO_TEST_SUITE(condition_parser)

// SIGMA.md §7.10: x of binds tighter than not, not tighter than and, and tighter than or.
BOOST_AUTO_TEST_CASE(precedence) {
    BOOST_TEST(shape_of("a or b and c") == "or(a, and(b, c))");
    BOOST_TEST(shape_of("a and b or c") == "or(and(a, b), c)");
    BOOST_TEST(shape_of("not a and b") == "and(not(a), b)");
    BOOST_TEST(shape_of("not 1 of filter*") == "not([1 of filter*])");
    BOOST_TEST(shape_of("sel and not 1 of filter_*") == "and(sel, not([1 of filter_*]))");
    BOOST_TEST(shape_of("(a or b) and c") == "and(or(a, b), c)");
    BOOST_TEST(shape_of("a and b and c") == "and(a, b, c)");
    BOOST_TEST(shape_of("(a and b) and c") == "and(and(a, b), c)");
    BOOST_TEST(shape_of("not not a") == "not(not(a))");
    BOOST_TEST(shape_of("all of them") == "[all of them]");
    BOOST_TEST(shape_of("any of sel_*") == "[1 of sel_*]");
    BOOST_TEST(shape_of("sel-1 or sel_2") == "or(sel-1, sel_2)");
}

BOOST_AUTO_TEST_CASE(print_uses_minimal_parentheses) {
    BOOST_TEST(reprint("a and (b or c)") == "a and (b or c)");
    BOOST_TEST(reprint("((a))") == "a");
    BOOST_TEST(reprint("not (a or b)") == "not (a or b)");
    BOOST_TEST(reprint("not (1 of x*)") == "not 1 of x*");
    BOOST_TEST(reprint("any of them") == "1 of them");
    BOOST_TEST(reprint("a\n  and\tb") == "a and b");
}

// SIGMA.md §7.11 and the grammar's errors, with the offset of the offending token.
BOOST_AUTO_TEST_CASE(syntax_errors) {
    BOOST_TEST(reprint("sel AND filter") == "error@4: operators are lowercase: write 'and', not 'AND'");
    BOOST_TEST(reprint("sel OR filter") == "error@4: operators are lowercase: write 'or', not 'OR'");
    BOOST_TEST(reprint("NOT sel") == "error@0: operators are lowercase: write 'not', not 'NOT'");
    BOOST_TEST(reprint("sel and") == "error@7: expected a detection identifier at the end of the condition");
    BOOST_TEST(reprint("(sel or x") == "error@0: '(' is never closed");
    BOOST_TEST(reprint("sel)") == "error@3: unexpected ')'");
    BOOST_TEST(reprint("sel filter") == "error@4: expected 'and', 'or' or ')' before 'filter'");
    BOOST_TEST(reprint("sel*") == "error@0: 'sel*' has a wildcard; write '1 of sel*' or 'all of sel*'");
    BOOST_TEST(reprint("them") == "error@0: 'them' needs a quantifier: '1 of them' or 'all of them'");
    BOOST_TEST(reprint("0 of them") == "error@0: invalid quantifier '0'");
    BOOST_TEST(reprint("few of them") == "error@0: invalid quantifier 'few'; use 1, any or all");
    BOOST_TEST(reprint("1 of") == "error@4: expected an identifier pattern or 'them' after 'of'");
    BOOST_TEST(reprint("sel & x") == "error@4: unexpected character '&'");
    BOOST_TEST(reprint("") == "error@0: the condition is empty");
    BOOST_TEST(reprint("sel | count() > 5").starts_with("error@4: the pipe syntax in conditions"));
}

// Limit (README.md "Limits"): a condition nests at most 256 levels (parentheses and
// 'not' count alike); deeper is an error at the first token past the limit, never
// a stack overflow.
BOOST_AUTO_TEST_CASE(nesting_depth_limit) {
    const auto parens = [](std::size_t n) { return std::string(n, '(') + "a" + std::string(n, ')'); };
    BOOST_TEST(reprint(parens(255)) == "a");
    BOOST_TEST(reprint(parens(256)) == "error@256: the condition is nested too deeply");
    BOOST_TEST(reprint(parens(100000)) == "error@256: the condition is nested too deeply");
    std::string nots;
    for (int i = 0; i < 256; ++i) nots += "not ";
    BOOST_TEST(reprint(nots + "a") == "error@1024: the condition is nested too deeply");
}

BOOST_AUTO_TEST_CASE(numeric_quantifier_is_an_extension_warning) {
    ConditionParse p = parse_condition("2 of sel*");
    BOOST_REQUIRE(p.expr);
    BOOST_TEST(p.expr->count == 2u);
    BOOST_REQUIRE(p.warnings.size() == 1u);
    BOOST_TEST(p.warnings[0].code == "rule.quantifier_extension");
    BOOST_TEST(p.warnings[0].message == "'2 of' is an extension (Sigma defines '1 of', 'any of' and 'all of')");
}

// Property: parse -> print -> parse gives the same tree, on random trees. Fixed seed.
BOOST_AUTO_TEST_CASE(print_round_trips) {
    constexpr unsigned k_seed = 7331;
    BOOST_TEST_MESSAGE("condition round-trip seed " << k_seed);
    std::mt19937 rng(k_seed);
    auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
    const std::vector<std::string> names = {"sel", "filter_1", "a-b", "_x", "sel2"};
    const std::vector<std::string> patterns = {"them", "sel*", "filter_*", "*", "_*"};
    auto make = [&](auto&& self, int depth) -> ConditionExpr {
        ConditionExpr e;
        const int k = depth > 3 ? pick(2) : pick(5);
        if (k == 0) {
            e.kind = ConditionExpr::Kind::Identifier;
            e.name = names[static_cast<std::size_t>(pick(5))];
        } else if (k == 1) {
            e.kind = ConditionExpr::Kind::Selector;
            e.name = patterns[static_cast<std::size_t>(pick(5))];
            const int q = pick(3);
            e.quantifier = q == 0   ? ConditionExpr::Quantifier::Any
                           : q == 1 ? ConditionExpr::Quantifier::All
                                    : ConditionExpr::Quantifier::Count;
            e.count = q == 2 ? 2u + static_cast<unsigned>(pick(3)) : 1u;
        } else if (k == 2) {
            e.kind = ConditionExpr::Kind::Not;
            e.children.push_back(self(self, depth + 1));
        } else {
            e.kind = k == 3 ? ConditionExpr::Kind::And : ConditionExpr::Kind::Or;
            const int n = 2 + pick(3);
            for (int i = 0; i < n; ++i) e.children.push_back(self(self, depth + 1));
        }
        return e;
    };
    for (int round = 0; round < 2000; ++round) {
        const ConditionExpr tree = make(make, 0);
        const std::string text = print_condition(tree);
        const ConditionParse back = parse_condition(text);
        BOOST_REQUIRE_MESSAGE(back.expr,
                              "seed " << k_seed << " round " << round << ": '" << text << "' does not parse");
        BOOST_REQUIRE_MESSAGE(same_condition(tree, *back.expr), "seed " << k_seed << " round " << round << ": '" << text
                                                                        << "' reparses as '"
                                                                        << print_condition(*back.expr) << "'");
        BOOST_REQUIRE(print_condition(*back.expr) == text);
    }
}

BOOST_AUTO_TEST_SUITE_END()

// ------------------------------------------------------------------ conditions in rules

BOOST_FIXTURE_TEST_SUITE(condition_rules, RulesFixture)

namespace {
const char* k_three = "    selection:\n      a: x\n    selection_extra:\n      b: y\n    _helper:\n      c: z\n";
}

// SIGMA.md §7.9: 1 of selection matches only 'selection', not 'selection_extra'.
BOOST_AUTO_TEST_CASE(one_of_exact_name_has_no_prefix_collision) {
    rule(k_three, "1 of selection");
    auto extra_only = event();
    BOOST_TEST(!fires(extra_only.str("b", "y").build()));
    auto exact = event();
    BOOST_TEST(fires(exact.str("a", "x").build()));
}

// SIGMA.md §7.9: them and x of * skip _identifiers.
BOOST_AUTO_TEST_CASE(them_skips_underscore_identifiers) {
    rule(k_three, "all of them");
    auto without_helper = event();
    BOOST_TEST(fires(without_helper.str("a", "x").str("b", "y").build()));
    auto one_missing = event();
    BOOST_TEST(!fires(one_missing.str("a", "x").str("c", "z").build()));
}

BOOST_AUTO_TEST_CASE(star_pattern_skips_underscore_identifiers) {
    rule(k_three, "1 of *");
    auto helper_only = event();
    BOOST_TEST(!fires(helper_only.str("c", "z").build()));
    auto sel = event();
    BOOST_TEST(fires(sel.str("b", "y").build()));
}

BOOST_AUTO_TEST_CASE(underscore_pattern_and_direct_name_reach_helpers) {
    rule(k_three, "1 of _* and _helper");
    auto helper = event();
    BOOST_TEST(fires(helper.str("c", "z").build()));
    auto other = event();
    BOOST_TEST(!fires(other.str("a", "x").build()));
}

BOOST_AUTO_TEST_CASE(one_of_pattern_is_or_all_of_is_and) {
    rule("    sel:\n      a: x\n    filter_1:\n      b: y\n    filter_2:\n      c: z\n", "sel and not 1 of filter_*");
    auto clean = event();
    BOOST_TEST(fires(clean.str("a", "x").build()));
    auto filtered = event();
    BOOST_TEST(!fires(filtered.str("a", "x").str("c", "z").build()));
    rule("    sel:\n      a: x\n    filter_1:\n      b: y\n    filter_2:\n      c: z\n", "sel and not all of filter_*");
    auto one = event();
    BOOST_TEST(fires(one.str("a", "x").str("c", "z").build()));
    auto both = event();
    BOOST_TEST(!fires(both.str("a", "x").str("b", "y").str("c", "z").build()));
}

BOOST_AUTO_TEST_CASE(numeric_quantifier_counts_matches) {
    load(rule_with("    s1:\n      a: x\n    s2:\n      b: y\n    s3:\n      c: z\n", "2 of s*"));
    BOOST_TEST_REQUIRE(result.successful());
    BOOST_TEST(warning_codes() == (std::vector<std::string>{"rule.quantifier_extension", "rule.unindexed"}));
    auto two = event();
    BOOST_TEST(fires(two.str("a", "x").str("c", "z").build()));
    auto one = event();
    BOOST_TEST(!fires(one.str("a", "x").build()));
}

// SIGMA.md §7.11: a condition list is OR.
BOOST_AUTO_TEST_CASE(condition_list_is_or) {
    load("title: t\nid: r1\nlogsource: {product: aws}\ndetection:\n  a:\n    x: 1\n  b:\n    y: 2\n"
         "  condition:\n    - a\n    - b\n");
    BOOST_TEST_REQUIRE(result.successful(), result.render_text());
    auto e1 = event();
    BOOST_TEST(fires(e1.num("y", 2, "2").build()));
    auto e2 = event();
    BOOST_TEST(!fires(e2.num("y", 3, "3").build()));
}

// The caret of a condition error lands on the file column, whatever the scalar style.
BOOST_AUTO_TEST_CASE(condition_carets_in_every_scalar_style) {
    const std::vector<std::pair<std::string, std::string>> styles = {
        {"  condition: sel and nope\n", "9:22"},
        {"  condition: 'sel and nope'\n", "9:23"},
        {"  condition: \"sel and nope\"\n", "9:23"},
        {"  condition: |\n    sel\n    and nope\n", "11:9"},
        {"  condition:\n    - sel\n    - sel and nope\n", "11:15"},
    };
    for (const auto& [condition, where] : styles) {
        load("title: t\nid: r1\nlogsource:\n  product: aws\ndetection:\n  sel:\n    a: x\n  # comment\n" + condition);
        BOOST_REQUIRE(result.errors().size() == 1u);
        const Diagnostic& d = result.errors()[0];
        BOOST_TEST(std::to_string(d.line) + ":" + std::to_string(d.column) == where, condition);
        BOOST_TEST(d.snippet.substr(static_cast<std::size_t>(d.column - 1), 4) == "nope", condition);
    }
}

BOOST_AUTO_TEST_CASE(parenthesized_or_inside_and) {
    rule("    a:\n      x: 1\n    b:\n      y: 2\n    c:\n      z: 3\n", "a and (b or c)");
    auto e1 = event();
    BOOST_TEST(fires(e1.num("x", 1, "1").num("z", 3, "3").build()));
    auto e2 = event();
    BOOST_TEST(!fires(e2.num("y", 2, "2").num("z", 3, "3").build()));
}

BOOST_AUTO_TEST_SUITE_END()

// ------------------------------------------------------------------ ORs of item detections

BOOST_FIXTURE_TEST_SUITE(or_of_detections, RulesFixture)

// The shape match_one_detection evaluates inline besides one detection
// (matcher.h): an Or whose children all name detections of items.
BOOST_AUTO_TEST_CASE(ors_item_detections_takes_only_an_or_of_item_detections) {
    using Op = ConditionNode::Op;
    std::vector<DetectionMatcher> detections(3);
    detections[2].any_of = true; // a list of maps
    const auto leaf = [](std::uint32_t d) {
        ConditionNode n;
        n.op = Op::Detection;
        n.detection = d;
        return n;
    };
    ConditionNode either;
    either.op = Op::Or;
    either.children = {leaf(0), leaf(1)};
    BOOST_TEST(ors_item_detections(either, detections));

    ConditionNode with_any_of = either;
    with_any_of.children.push_back(leaf(2));
    BOOST_TEST(!ors_item_detections(with_any_of, detections));

    ConditionNode both = either;
    both.op = Op::And;
    BOOST_TEST(!ors_item_detections(both, detections));

    ConditionNode nested = either;
    nested.children.push_back(both);
    BOOST_TEST(!ors_item_detections(nested, detections));

    ConditionNode out_of_range = either;
    out_of_range.children.push_back(leaf(7));
    BOOST_TEST(!ors_item_detections(out_of_range, detections));

    ConditionNode empty;
    empty.op = Op::Or;
    BOOST_TEST(!ors_item_detections(empty, detections));
    BOOST_TEST(!ors_item_detections(leaf(0), detections));
}

// Evaluated inline, every child of the Or is tried in turn, with the activity
// gate first; hits() holds the index, the full scan and the memo to one answer.
BOOST_AUTO_TEST_CASE(an_or_of_detections_fires_on_any_child) {
    for (const char* condition : {"sel1 or sel2 or sel3", "1 of sel*"}) {
        rule("    sel1:\n      a: x\n    sel2:\n      b: y\n      c: z\n    sel3:\n      d|exists: true\n", condition);
        BOOST_TEST(fires(event().str("a", "x").build()), condition);
        BOOST_TEST(fires(event().str("b", "y").str("c", "z").build()), condition);
        BOOST_TEST(!fires(event().str("b", "y").str("c", "q").build()), condition);
        BOOST_TEST(fires(event().str("b", "y").str("d", "").build()), condition);
        BOOST_TEST(!fires(event().str("e", "x").build()), condition);
    }
    load("title: t\nid: g\nactivity_types: [app-activity]\nlogsource: {product: aws}\n"
         "detection:\n  sel1:\n    a: x\n  sel2:\n    b: y\n  condition: sel1 or sel2\n");
    BOOST_TEST_REQUIRE(result.successful(), result.render_text());
    BOOST_TEST(fires(event().str("b", "y").activity("app-activity").build()));
    BOOST_TEST(!fires(event().str("b", "y").activity("other").build()));
}

BOOST_AUTO_TEST_SUITE_END()
