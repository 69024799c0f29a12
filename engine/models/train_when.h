#pragma once
// `train_when` selections, compiled by the rules stage's Sigma compiler so a
// model's training filter has exactly the semantics of a rule selection
// (modifiers, lists as OR, list of maps as OR, |exists, |cidr, |re ...).
//
// How: each selection is written out as a one-detection Sigma rule
// (`detection: {train_when: <selection>, condition: train_when}`) and all of
// them go through rules::compile_rules in one call. Each written line remembers
// which node of the model file it came from, so every diagnostic the rules
// compiler reports is mapped back to the model file's own line and column.
// The written form keeps each scalar's style (plain or quoted), so YAML 1.1
// typing (`readOnly: false` is a bool, `'false'` a string) is unchanged.

#include <cstdint>
#include <vector>

#include "core/diagnostic.h"
#include "core/field_registry.h"
#include "models/model_info.h"
#include "rules/rule_set.h"
#include "rules/rule_source.h"

namespace trailproof::models {

struct TrainWhenSet {
    rules::RuleSet rules;                    // one rule per model with a selection
    std::vector<std::uint32_t> rule_of_model; // by model (index into the input): rule index, or UINT32_MAX
    std::vector<bool> failed;                 // by model: the selection had errors
};

// Compiles the selections of `models`. Diagnostics point into the model files,
// with the context chain pack -> model 'id' -> train_when -> field '...'.
[[nodiscard]] LoadResult compile_train_when(const std::vector<ModelInfo>& models, FieldRegistry& registry,
                                            const rules::CompileOptions& options, TrainWhenSet& out);

} // namespace trailproof::models
