#pragma once
// One rule file as the read pass leaves it: every document as an AST with source
// positions (rule_ast.h), also the documents that have errors. The loader reads
// each file once with read_rule_file, keeps the ASTs (the validator checks the
// tags, model references and eventName literals of a rule the compiler rejects,
// in the same run) and compiles them with compile_rule_files. compile_rules
// (rule_set.h) does both for callers that only want the RuleSet.

#include <vector>

#include "core/diagnostic.h"
#include "core/field_registry.h"
#include "rules/rule_ast.h"
#include "rules/rule_source.h"

namespace trailproof::rules {

class RuleSet;

struct RuleFile {
    RuleSource source;
    std::vector<RuleAst> rules;               // rule documents in file order; has_errors set on those that failed
    std::vector<CorrelationAst> correlations; // correlation documents, the same way
    bool yaml_failed = false;                 // a YAML syntax error ended the file: the documents after it are missing
};

// read: every document of `source` (filter and v1 action documents are reported
// and left out); diagnostics go to `result`. Only options.require_uuid_ids matters here.
[[nodiscard]] RuleFile read_rule_file(RuleSource source, const CompileOptions& options, LoadResult& result);

// collect -> compile -> index over `files`, as read and in this order, into `out`
// (replacing what it held). Returns the diagnostics of these passes in source
// order (files as given, then line and column); rules with errors are left out.
[[nodiscard]] LoadResult compile_rule_files(std::vector<RuleFile> files, FieldRegistry& registry,
                                            const CompileOptions& options, RuleSet& out);

} // namespace trailproof::rules
