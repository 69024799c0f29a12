#pragma once
// Shared helpers for the rules stage tests: a fixture that compiles rule text
// into a RuleSet (falco test_falco_engine.h: load_rules / check_error_message);
// hand-made Events come from support/event_builder.h.

#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "core/event.h"
#include "core/field_registry.h"
#include "rules/rule_set.h"
#include "support/event_builder.h"

namespace trailproof::rules::test {

using tp_test::EventBuilder;

// A minimal valid rule around one detection block (indented by 4 spaces) and condition.
inline std::string rule_with(std::string_view detection, std::string_view condition = "sel",
                             std::string_view id = "r1") {
    std::string out = "title: t\nid: " + std::string(id) + "\nlogsource:\n  product: aws\n  service: cloudtrail\n";
    out += "detection:\n";
    out += detection;
    out += "    condition: ";
    out += condition;
    out += "\n";
    return out;
}

struct RulesFixture {
    FieldRegistry registry;
    RuleSet set;
    LoadResult result;
    CompileOptions options;
    mutable PredicateMemo memo;

    // Compiles `text` as one file (replacing the previous set).
    const LoadResult& load(std::string_view text, std::string file = "test.yml", std::string pack = "") {
        std::vector<RuleSource> sources{{std::move(file), std::string(text), std::move(pack)}};
        result = compile_rules(sources, registry, options, set);
        return result;
    }
    const LoadResult& load_many(std::vector<RuleSource> sources) {
        result = compile_rules(sources, registry, options, set);
        return result;
    }

    EventBuilder event() { return EventBuilder(registry); }

    // Compiles one rule around `detection` and requires it to load.
    void rule(std::string_view detection, std::string_view condition = "sel") {
        load(rule_with(detection, condition));
        BOOST_TEST_REQUIRE(result.successful(), result.render_text());
        BOOST_TEST_REQUIRE(set.size() == 1u);
    }

    // Ids of the rules that match, via the index, checked against the full scan
    // and against the shared-predicate match (one memo, as a worker holds it).
    std::vector<std::string> hits(const Event& e) const {
        std::vector<std::uint32_t> indexed, full, memoized;
        set.match(e, indexed);
        set.match_full_scan(e, full);
        set.match(e, memo, memoized);
        BOOST_TEST(indexed == full, "index and full scan disagree");
        BOOST_TEST(memoized == indexed, "shared predicates and plain matching disagree");
        std::vector<std::string> out;
        for (auto i : indexed) out.push_back(set.meta(i).id);
        return out;
    }
    bool fires(const Event& e) const { return !hits(e).empty(); }

    // Every error, rendered, in order (LoadResult::render_text sorts by location).
    std::string errors_text() const {
        std::string out;
        for (const auto& d : result.errors()) out += render_text(d) + "\n";
        return out;
    }
    std::string warnings_text() const {
        std::string out;
        for (const auto& d : result.warnings()) out += render_text(d) + "\n";
        return out;
    }
    std::vector<std::string> warning_codes() const {
        std::vector<std::string> out;
        for (const auto& d : result.warnings()) out.push_back(d.code);
        return out;
    }
};

} // namespace trailproof::rules::test
