#pragma once
// collect: checks across documents and files (falco rule_loader_collector):
// duplicate ids and names, and correlation references (by id first, then name),
// with chains and cycles. Items that fail are flagged, not removed, so the
// loader still reports everything in one run.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "yaml/diagnostic_sink.h"
#include "rules/rule_ast.h"
#include "rules/yaml_names.h"

namespace trailproof::rules {

struct LoadedRule {
    RuleAst ast;
    std::size_t source = 0;              // index into the sources / sinks
    std::uint32_t compiled = UINT32_MAX; // RuleSet index once compiled, else UINT32_MAX
};

struct LoadedCorrelation {
    CorrelationAst ast;
    std::size_t source = 0;
};

// Flags (with load.duplicate_id / rule.duplicate_name) every rule or correlation
// whose id or name an earlier document already uses.
void collect_ids(std::vector<LoadedRule>& rules, std::vector<LoadedCorrelation>& correlations,
                 std::vector<DiagnosticSink>& sinks);

// Resolves correlation references against compiled rules and other correlations.
// Returns the correlations that are fine, with refs filled and renumbered.
[[nodiscard]] std::vector<CorrelationRule> resolve_correlations(const std::vector<LoadedRule>& rules,
                                                                std::vector<LoadedCorrelation>& correlations,
                                                                std::vector<DiagnosticSink>& sinks);

} // namespace trailproof::rules
