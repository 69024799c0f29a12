#pragma once
// Reads a correlation document (SIGMA.md §5) into a CorrelationAst and checks its
// schema: type, rules, group-by, timespan, condition (ranges), aliases, generate.
// References are resolved later, by the collector.

#include "rules/meta_reader.h"
#include "rules/rule_ast.h"

namespace trailproof::rules {

class CorrelationReader : public MetaReader {
public:
    CorrelationReader(DiagnosticSink& sink, const CompileOptions& options, const RuleSource& source)
        : MetaReader(sink, options), m_source(source) {}

    void read_correlation(const YamlNode& root, CorrelationAst& c);

private:
    void read_timespan(const YamlNode& body, SourcePos correlation_pos, CorrelationRule& r);
    void read_correlation_condition(const YamlNode& body, SourcePos correlation_pos, CorrelationRule& r);
    void read_aliases(const YamlNode& body, CorrelationRule& r);

    const RuleSource& m_source;
};

} // namespace trailproof::rules
