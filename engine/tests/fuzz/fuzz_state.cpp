// The state decoder (--state files). The first byte picks what the rest is:
//   0  a whole bundle file ("TPRB"), decoded and each section loaded as detect does;
//   1  a bundle payload, framed with a valid header and CRC first (so the fuzzer
//      gets past the checksum and reaches the section parser);
//   2  a model-state payload, framed as "TPST" with a valid CRC, loaded into a model state;
//   3  the bytes of one pack's correlation windows, loaded into a correlation state.
// Any bytes must give Ok or an error message, never a crash or a partial load
// that breaks a later save.

#include <memory>
#include <string>
#include <vector>

#include "core/field_registry.h"
#include "correlate/correlation_set.h"
#include "correlate/correlation_state.h"
#include "fuzz_check.h"
#include "fuzz_rules.h"
#include "models/model_reader.h"
#include "models/model_set.h"
#include "models/model_state.h"
#include "models/rule_binding.h"
#include "rules/rule_set.h"
#include "state/state_bundle.h"
#include "state/state_file.h"
#include "state/state_frame.h"

using namespace trailproof;

namespace {

constexpr std::string_view k_models = R"(models:
  - id: UA-UC
    description: countries of a user
    scope: user
    feature: src_country
  - id: B-ORG
    description: operations of the organization
    scope: org
    feature: eventName
)";

constexpr std::string_view k_correlation = R"(title: c
name: many_logins
correlation:
  type: event_count
  rules: [rule_a]
  group-by: [userIdentity.arn]
  timespan: 10m
  condition: {gte: 3}
)";

// Compiled once: the content the state belongs to.
struct Content {
    FieldRegistry registry;
    models::ModelSet models;
    rules::RuleSet rules;
    models::RuleBindings bindings;
    correlate::CorrelationSet correlations;

    Content() {
        std::vector<models::ModelInfo> infos;
        LoadResult result = models::read_models(k_models, "models.yml", infos, "fuzz");
        result.merge(models::compile_models(std::move(infos), registry, models));
        std::vector<rules::RuleSource> sources{{"rules.yml", std::string(tp_fuzz::k_rule_a) + std::string(k_correlation), "fuzz"}};
        result.merge(rules::compile_rules(sources, registry, rules::CompileOptions{}, rules));
        result.merge(models::bind_rules(models, rules, registry, bindings));
        result.merge(correlate::CorrelationSet::compile(rules, registry, correlate::CorrelationOptions{}, correlations));
        TP_FUZZ_REQUIRE(result.successful());
    }
};

const Content& content() {
    static const Content c;
    return c;
}

void load_models(std::string_view bytes) {
    models::ModelState state(content().models, content().bindings);
    state::StateResult r = state::decode_state(bytes, "fuzz.state", state);
    TP_FUZZ_REQUIRE(r.ok() || !r.message.empty());
    // Whatever was loaded must save and load again.
    const std::string saved = state::encode_state(state);
    models::ModelState again(content().models, content().bindings);
    TP_FUZZ_REQUIRE(state::decode_state(saved, "saved.state", again).ok());
}

void load_correlations(std::string_view bytes) {
    correlate::CorrelationState state(content().correlations);
    std::string error;
    if (!state.load(bytes, error)) TP_FUZZ_REQUIRE(!error.empty());
}

void load_bundle(std::string_view bytes) {
    std::vector<state::StateSection> sections;
    state::StateResult r = state::decode_bundle(bytes, "fuzz.state", sections);
    if (!r.ok()) {
        TP_FUZZ_REQUIRE(!r.message.empty());
        return;
    }
    for (const state::StateSection& section : sections) {
        if (section.name.starts_with("models/")) load_models(section.bytes);
        if (section.name.starts_with("correlate/")) load_correlations(section.bytes);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    std::string_view rest = tp_fuzz::as_text(data + 1, size - 1);
    switch (data[0] % 4) {
    case 0: load_bundle(rest); break;
    case 1: load_bundle(state::frame_payload("TPRB", 1, rest)); break;
    case 2: load_models(state::frame_payload("TPST", 1, rest)); break;
    default: load_correlations(rest); break;
    }
    return 0;
}
