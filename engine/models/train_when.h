#pragma once
// `train_when` selections, compiled by the rules stage's selection compiler
// (rules::compile_selections) straight from the model file's YAML tree, so a
// model's training filter has exactly the semantics of a rule selection
// (modifiers, lists as OR, list of maps as OR, |exists, |cidr, |re ...) and its
// diagnostics sit at the node's own line and column in the model file.

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
