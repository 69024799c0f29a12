#pragma once
// Converts inline YAML events in fixture files to JSON text, so fixtures can be
// written as readable YAML and still reach the engine as real CloudTrail JSON.
// Works on the engine's YAML tree (engine/yaml), as every reader does.

#include <string>

#include "yaml/yaml_tree.h"

namespace trailproof::harness {

// Plain scalars that read as YAML 1.2 core numbers, booleans or null become JSON
// literals; quoted and block scalars always stay strings. Map keys keep their order.
[[nodiscard]] std::string yaml_to_json(const yaml::YamlNode& node);

// Deep merge: `over` wins; maps merge key by key (base keys in their order, then
// the keys only `over` has), everything else is replaced. `base` may be null
// (no defaults). Keys are taken as unique: readers report repeated ones.
[[nodiscard]] yaml::YamlNode yaml_merge(const yaml::YamlNode* base, const yaml::YamlNode& over);

} // namespace trailproof::harness
