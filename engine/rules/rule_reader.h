#pragma once
// read: YAML text -> RuleAst / CorrelationAst (plain data with positions). No
// cross-references here (falco rule_loader_reader): duplicate ids and correlation
// references are the collector's job. Every problem is reported and reading
// goes on, so one run shows all errors of a file.

#include <vector>

#include "yaml/diagnostic_sink.h"
#include "rules/rule_ast.h"
#include "rules/rule_file.h"
#include "rules/rule_source.h"
#include "yaml/yaml_scalar.h" // typed_value
#include "yaml/yaml_tree.h"
#include "rules/yaml_names.h"

namespace trailproof::rules {

// Reads every document of `out.source` into `out`; diagnostics go to `sink`.
void read_rule_source(const CompileOptions& options, DiagnosticSink& sink, RuleFile& out);

} // namespace trailproof::rules
