#pragma once
// A Sigma selection on its own, for filters another stage writes in its own files
// (a model's `train_when`). It goes through the same detection reader and
// compiler as a rule's `detection:` entries, so it has exactly a rule
// selection's semantics: modifiers, a list of values as OR, a list of maps as
// OR, |exists, |cidr, |re, YAML 1.1 typing of plain scalars.

#include <cstdint>
#include <vector>

#include "core/field_registry.h"
#include "rules/rule_set.h"
#include "rules/rule_source.h"
#include "yaml/diagnostic_sink.h"
#include "yaml/yaml_tree.h"

namespace trailproof::rules {

struct SelectionSource {
    const yaml::YamlNode* selection = nullptr; // a map, or a list of maps; not owned
    yaml::DiagnosticSink* sink = nullptr;      // the node's file, with item and context set; not owned
};

// Compiles each selection into one rule of `out` (replacing what it held) whose
// condition is the selection alone, indexed like any rule. Returns, by source,
// the rule's index in `out`, or UINT32_MAX when the selection has an error.
//
// Diagnostics go to each source's sink at the node's own positions, under the
// sink's context chain plus the steps inside a selection ("field 'a|contains'").
// Repeated keys are left to the caller, who checks them with the document the
// node comes from; and there is no rule.unindexed warning (a filter need not
// name an eventName). With no sources, `out` is emptied and nothing is interned.
[[nodiscard]] std::vector<std::uint32_t> compile_selections(const std::vector<SelectionSource>& sources,
                                                            FieldRegistry& registry, const CompileOptions& options,
                                                            RuleSet& out);

} // namespace trailproof::rules
