#pragma once
// Converts inline YAML events in fixture files to JSON text, so fixtures can be
// written as readable YAML and still reach the engine as real CloudTrail JSON.

#include <string>

namespace YAML {
class Node;
}

namespace trailproof::harness {

// Plain scalars that read as YAML 1.2 core numbers, booleans or null become JSON
// literals; quoted scalars always stay strings. Map keys keep their order.
[[nodiscard]] std::string yaml_to_json(const YAML::Node& node);

// Deep merge: `over` wins; maps merge key by key, everything else is replaced.
[[nodiscard]] YAML::Node yaml_merge(const YAML::Node& base, const YAML::Node& over);

} // namespace trailproof::harness
