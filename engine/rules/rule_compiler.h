#pragma once
// compile: RuleAst -> CompiledRule. Parses the conditions and resolves their
// identifiers, checks modifier chains against the values, builds the matchers
// (RE2 regexes, CIDRs, field ids) and fills RuleMeta::fields_used. Every problem
// of the rule is reported in the same run (rsigma compiler/mod.rs, falco
// rule_loader_compiler).

#include <string>
#include <string_view>

#include "core/field_registry.h"
#include "yaml/diagnostic_sink.h"
#include "rules/matcher.h"
#include "rules/rule_ast.h"
#include "rules/rule_source.h"
#include "rules/value_compiler.h" // RegexCache
#include "rules/yaml_names.h"

namespace trailproof::rules {

// Compiles `ast` into `out`; returns false when the rule has an error (reported to `sink`).
// Interns every field the rule uses in `registry` and records them in ast.meta.fields_used.
[[nodiscard]] bool compile_rule(RuleAst& ast, FieldRegistry& registry, const CompileOptions& options,
                                RegexCache& regexes, DiagnosticSink& sink, CompiledRule& out);

// "sel_*" style glob over identifiers: '*' matches any run; the whole name must match.
[[nodiscard]] bool identifier_matches(std::string_view pattern, std::string_view name) noexcept;

} // namespace trailproof::rules
