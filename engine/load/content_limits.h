#pragma once
// The limits on what content may hold (README.md "Limits"): `--max-yaml-depth`,
// `--max-yaml-aliases` and `--max-condition-depth` on every command that loads
// content. They apply to rules, correlations, models, parsers and context
// tables; pack.yml and fixtures are read with the defaults.

#include <cstddef>

#include "rules/condition_parser.h"
#include "yaml/yaml_tree.h"

namespace trailproof::load {

struct ContentLimits {
    yaml::YamlLimits yaml;
    std::size_t max_condition_depth = rules::k_condition_max_depth;
};

} // namespace trailproof::load
