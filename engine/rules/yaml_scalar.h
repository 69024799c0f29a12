#pragma once
// YAML 1.1 typing of plain scalars, the way PyYAML (the reference implementation's
// loader) types them: plain true/yes/on -> Bool, 0x17 -> Number 23, 010 -> Number 8,
// 1.5 -> Number; quoted or !!str scalars stay strings (README "YAML").

#include <string_view>

#include "rules/rule_ast.h"
#include "rules/yaml_tree.h"

namespace trailproof::rules {

[[nodiscard]] DetectionValue typed_value(const YamlNode& node);

// PyYAML's boolean spellings (true/True/TRUE/yes/Yes/YES/on/On/ON and the false ones).
[[nodiscard]] bool is_yaml11_true(std::string_view s) noexcept;
[[nodiscard]] bool is_yaml11_false(std::string_view s) noexcept;

} // namespace trailproof::rules
