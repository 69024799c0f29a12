#pragma once
// Renders a ValidateReport: a readable table per pack (documented vs derived
// counts side by side, then the diagnostics), one JSON object, or SARIF 2.1.0 so
// CI systems annotate the offending YAML line.

#include <string>

#include "validate.h"

namespace trailproof::harness {

// With `show_warnings` false (--quiet) the warnings are counted but their text
// is left out.
[[nodiscard]] std::string render_validate_table(const ValidateReport& report, bool show_warnings = true);

// {"packs":[{"id","title","dir","counts":[{"figure","documented","derived","status"}],
//  "errors","warnings","diagnostics":{"errors":[...],"warnings":[...]}}],
//  "errors","warnings","diagnostics":{...}}; diagnostics as LoadResult::render_json.
[[nodiscard]] std::string render_validate_json(const ValidateReport& report);

// SARIF 2.1.0: one run; tool.driver.rules are the diagnostic codes used (with the
// summary and description of core/diagnostic_codes.h); one taxonomy per pack whose
// taxa are its detection rules (id, title, helpUri: rule_help_uri); one result per
// finding with ruleId, level, message.text, taxa naming the detection rule it is
// about and, when the file is known, a physical location whose artifact URI is
// relative to %SRCROOT% (report.srcroot, declared in originalUriBaseIds without
// its absolute location) with the 1-based start line and column.
[[nodiscard]] std::string render_validate_sarif(const ValidateReport& report);

} // namespace trailproof::harness
