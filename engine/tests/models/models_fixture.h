#pragma once
// Shared helpers for the models and state tests: a fixture that loads model
// YAML and rule YAML, binds them, and runs events through the per-event
// pipeline (begin_event -> rules -> check -> add_alert_score -> train); events
// come from support/event_builder.h.

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "core/event.h"
#include "core/field_registry.h"
#include "models/model_reader.h"
#include "models/model_set.h"
#include "models/model_state.h"
#include "models/rule_binding.h"
#include "rules/rule_set.h"
#include "support/event_builder.h"

namespace trailproof::models::test {

inline constexpr std::int64_t k_t0 = 1'700'000'000'000; // 2023-11-14T22:13:20Z, a Tuesday
inline constexpr std::int64_t k_minute = 60'000;
inline constexpr std::int64_t k_hour = 60 * k_minute;
inline constexpr std::int64_t k_day = 24 * k_hour;

using tp_test::EventBuilder; // events start at k_t0 with activity "app-activity"; at_time() is absolute

// The model most tests train: countries per user (UA-UC), app-activity events only.
// Its tests train within minutes, so it converges on one day (`min_days: 1`);
// the distinct-days requirement has its own tests (days_test.cpp).
inline constexpr std::string_view k_countries_model = R"(models:
  - id: UA-UC
    description: Countries for user
    scope: user
    feature: src_country
    activity_types: [app-activity]
    convergence: {min_days: 1}
)";

// A rule document: title/id/logsource, a detection `sel` (YAML lines indented by
// 4 spaces; matches every event with a user when empty) and extra top-level keys.
inline std::string rule_doc(std::string_view id, std::string_view extensions, std::string_view selection = "") {
    std::string out = "title: " + std::string(id) + "\nid: " + std::string(id) +
                      "\nlogsource:\n  product: aws\n  service: cloudtrail\ndetection:\n  sel:\n";
    out += selection.empty() ? std::string("    user|exists: true\n") : std::string(selection);
    out += "  condition: sel\n";
    out += extensions;
    if (!out.empty() && out.back() != '\n') out += '\n';
    return out + "---\n";
}

struct ModelsFixture {
    FieldRegistry registry;
    ModelSet models;
    rules::RuleSet rules;
    RuleBindings bindings;
    std::unique_ptr<ModelState> state;
    SessionOptions session;
    LoadResult result;
    std::vector<std::uint32_t> hits;

    // Reads + compiles model YAML (one file) and compiles + binds rule YAML; all
    // diagnostics land in `result`. Builds a fresh state.
    const LoadResult& try_load(std::string_view models_yaml, std::string_view rules_yaml = "",
                               std::string models_file = "models.yml") {
        result = LoadResult{};
        std::vector<ModelInfo> infos;
        result.merge(read_models(models_yaml, models_file, infos));
        result.merge(compile_models(std::move(infos), registry, models));
        std::vector<rules::RuleSource> sources;
        if (!rules_yaml.empty()) sources.push_back({"rules.yml", std::string(rules_yaml), ""});
        result.merge(rules::compile_rules(sources, registry, rules::CompileOptions{}, rules));
        result.merge(bind_rules(models, rules, registry, bindings));
        state = std::make_unique<ModelState>(models, bindings, session);
        return result;
    }
    void load(std::string_view models_yaml, std::string_view rules_yaml = "") {
        try_load(models_yaml, rules_yaml);
        BOOST_TEST_REQUIRE(result.successful(), result.render_text());
    }

    EventBuilder event() {
        EventBuilder b(registry, k_t0);
        b.activity("app-activity");
        return b;
    }

    // The per-event pipeline; returns the ids of the rules that fired, in rule order.
    std::vector<std::string> run(const Event& e) { return run_on(*state, e); }
    std::vector<std::string> run_on(ModelState& s, const Event& e) {
        std::vector<std::string> fired;
        s.begin_event(e);
        rules.match(e, hits);
        for (std::uint32_t r : hits) {
            const RuleBinding* b = bindings.find(r);
            if (b && !s.check(*b, e)) continue;
            fired.push_back(rules.meta(r).id);
            s.add_alert_score(e, rules.meta(r).score, r);
        }
        s.train(e);
        return fired;
    }
    // A new ModelState loaded from `image` (exported from a state), as a save and
    // load would: the image's strings are copied first, since they view the exporter.
    std::unique_ptr<ModelState> reload(StateImage image) {
        std::vector<std::string> texts(image.strings.begin(), image.strings.end());
        for (std::size_t i = 0; i < texts.size(); ++i) image.strings[i] = texts[i];
        auto out = std::make_unique<ModelState>(models, bindings, session);
        std::string error;
        std::vector<std::string> notes;
        BOOST_TEST_REQUIRE(out->import_image(image, error, notes), error);
        return out;
    }
    // True when rule `id` fired for `e`.
    bool fires(const Event& e, std::string_view id) {
        for (const auto& f : run(e))
            if (f == id) return true;
        return false;
    }

    // Every diagnostic rendered, errors then warnings, in order.
    std::string diagnostics_text() const {
        std::string out;
        for (const auto& d : result.errors()) out += render_text(d) + "\n";
        for (const auto& d : result.warnings()) out += render_text(d) + "\n";
        return out;
    }
};

} // namespace trailproof::models::test
