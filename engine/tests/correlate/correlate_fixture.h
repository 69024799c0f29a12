#pragma once
// Shared helpers for the correlate tests: compile base rules and correlation
// YAML through the real rules stage, build Events by hand (support/event_builder.h)
// and run them through RuleSet::match -> CorrelationState::on_event, rendering
// hits as short text so a test compares whole results exactly.

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "core/event.h"
#include "core/field_registry.h"
#include "correlate/correlation_set.h"
#include "correlate/correlation_state.h"
#include "rules/rule_set.h"
#include "support/event_builder.h"

namespace trailproof::correlate::test {

inline constexpr std::int64_t k_t0 = 1'700'000'000'000; // 2023-11-14T22:13:20Z
inline constexpr std::int64_t k_second = 1'000;
inline constexpr std::int64_t k_minute = 60 * k_second;
inline constexpr std::int64_t k_hour = 60 * k_minute;

using tp_test::EventBuilder; // events start at k_t0; at_offset() counts from there

// A base rule `id` (also its name) that matches eventName `event_name`.
inline std::string base_rule(std::string_view id, std::string_view event_name) {
    return "title: rule " + std::string(id) + "\nid: " + std::string(id) + "\nname: " + std::string(id) +
           "\nlogsource:\n  product: aws\n  service: cloudtrail\ndetection:\n  sel:\n    eventName: " +
           std::string(event_name) + "\n  condition: sel\n---\n";
}

// "key(v1,v2) value=N @offset_ms [hits=H first=F last=L]" with times relative to k_t0;
// " quiet" when the hit is not emitted (generate: false chain).
inline std::string describe(const CorrelationSet& set, const CorrelationHit& h, bool window = false) {
    std::string out = set.correlation(h.correlation).key + "(";
    for (std::size_t i = 0; i < h.group.size(); ++i) out += (i ? "," : "") + h.group[i];
    out += ") value=" + std::to_string(h.value) + " @" + std::to_string(h.time_ms - k_t0);
    if (window)
        out += " hits=" + std::to_string(h.hits) + " first=" + std::to_string(h.first_ms - k_t0) +
               " last=" + std::to_string(h.last_ms - k_t0);
    if (!h.emit) out += " quiet";
    return out;
}

struct CorrelateFixture {
    FieldRegistry registry;
    rules::RuleSet rules;
    CorrelationSet set;
    CorrelationOptions options;
    std::unique_ptr<CorrelationState> state;
    LoadResult result;
    std::vector<std::uint32_t> hits;
    std::vector<CorrelationHit> out;
    std::vector<std::string> log; // every hit so far, described

    // Compiles `yaml` (one file, rules and correlations) and builds a fresh state.
    const LoadResult& try_load(std::string_view yaml) {
        result = LoadResult{};
        std::vector<rules::RuleSource> sources{{"rules.yml", std::string(yaml), "pack"}};
        result.merge(rules::compile_rules(sources, registry, rules::CompileOptions{}, rules));
        result.merge(CorrelationSet::compile(rules, registry, options, set));
        state = std::make_unique<CorrelationState>(set);
        log.clear();
        return result;
    }
    void load(std::string_view yaml) {
        try_load(yaml);
        BOOST_TEST_REQUIRE(result.successful(), result.render_text());
        BOOST_TEST_REQUIRE(!result.has_warnings(), result.render_text());
    }

    EventBuilder event() { return EventBuilder(registry, k_t0); }

    // One event through match + on_event; returns its hits described, and logs them.
    std::vector<std::string> feed(const Event& e, CorrelationState* s = nullptr, bool window = false) {
        rules.match(e, hits);
        (s ? *s : *state).on_event(e, hits, out);
        return record(window);
    }
    // Shorthand: eventName + user at an offset.
    std::vector<std::string> feed(std::string_view event_name, std::string_view user, std::int64_t offset_ms) {
        EventBuilder b = event();
        return feed(b.name(event_name).user(user).at_offset(offset_ms).build());
    }
    std::vector<std::string> flush(CorrelationState* s = nullptr, bool window = false) {
        (s ? *s : *state).flush(out);
        return record(window);
    }
    std::vector<std::string> record(bool window) {
        std::vector<std::string> described;
        for (const auto& h : out) described.push_back(describe(set, h, window));
        log.insert(log.end(), described.begin(), described.end());
        return described;
    }

    std::uint32_t correlation_index(std::string_view key) const {
        for (std::uint32_t c = 0; c < set.size(); ++c)
            if (set.correlation(c).key == key) return c;
        BOOST_FAIL("no correlation " << key);
        return 0;
    }
    CorrelationStats stats(std::string_view key) const { return state->stats(correlation_index(key)); }

    // Every diagnostic rendered, errors then warnings.
    std::string diagnostics_text() const {
        std::string text;
        for (const auto& d : result.errors()) text += render_text(d) + "\n";
        for (const auto& d : result.warnings()) text += render_text(d) + "\n";
        return text;
    }
};

using Hits = std::vector<std::string>;

} // namespace trailproof::correlate::test
