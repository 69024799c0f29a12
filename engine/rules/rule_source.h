#pragma once
// What the rules stage reads (one YAML file per RuleSource) and how to compile it.

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "rules/condition_parser.h"
#include "yaml/yaml_tree.h"

namespace trailproof::rules {

// One YAML file; it may hold several documents separated by `---`.
struct RuleSource {
    std::string file; // path as shown in diagnostics
    std::string text; // the file's bytes
    std::string pack; // pack id, copied into RuleMeta::pack
};

struct CompileOptions {
    // Maps a field name used in a rule to the name the event carries (a pack's
    // field map, e.g. ECS "event.action" -> "eventName"); identity when empty.
    std::function<std::string(std::string_view)> map_field;
    // %name% placeholders for |expand: name -> values. An unresolved placeholder rejects the rule.
    std::map<std::string, std::vector<std::string>, std::less<>> placeholders;
    // Plain Sigma packs: `id` must be a UUID (vendor packs keep ids like "CS-Admin-Activty-F").
    bool require_uuid_ids = false;
    // Limits (README.md "Limits"): --max-yaml-depth, --max-yaml-aliases, --max-condition-depth.
    yaml::YamlLimits yaml_limits;
    std::size_t max_condition_depth = k_condition_max_depth;
};

} // namespace trailproof::rules
