#pragma once
// Rule text the YAML fuzz targets share: a plain rule that correlations refer to.

#include <string_view>

namespace tp_fuzz {

// rule_a: ConsoleLogin, followed by a document separator.
inline constexpr std::string_view k_rule_a = R"(title: a
id: rule-a
name: rule_a
logsource: {product: aws, service: cloudtrail}
detection:
  sel: {eventName: ConsoleLogin}
  condition: sel
---
)";

} // namespace tp_fuzz
