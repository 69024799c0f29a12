#pragma once
// The limits on what content may hold (README.md "Limits"): `--max-yaml-depth`,
// `--max-yaml-aliases`, `--max-condition-depth` and `--max-model-values` on
// every command that loads content. The YAML limits apply to rules,
// correlations, models, parsers and context tables; pack.yml and fixtures are
// read with the defaults.

#include <cstddef>
#include <cstdint>

#include "models/model_info.h"
#include "rules/condition_parser.h"
#include "yaml/yaml_tree.h"

namespace trailproof::load {

struct ContentLimits {
    yaml::YamlLimits yaml;
    std::size_t max_condition_depth = rules::k_condition_max_depth;
    // Distinct values a model stores per entity, for models without their own
    // `max_values:` (a model's own value wins: its author chose it).
    std::uint32_t max_model_values = models::k_default_max_values;
};

} // namespace trailproof::load
