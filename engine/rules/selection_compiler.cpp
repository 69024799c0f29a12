#include "rules/selection_compiler.h"

#include "rules/detection_reader.h"
#include "rules/predicate_set.h"
#include "rules/rule_compiler.h"
#include "rules/rule_index.h"
#include "rules/rule_set_data.h"

namespace trailproof::rules {

namespace {

// The selection's name inside its one-detection rule; never shown (bare_selection).
constexpr std::string_view k_selection = "selection";

// read: the node as the rule's only detection, and the condition naming it.
RuleAst read_selection_rule(const YamlNode& node, DiagnosticSink& sink) {
    const std::size_t errors_before = sink.error_count();
    RuleAst ast;
    ast.bare_selection = true;
    ast.pos = node.pos;
    ast.meta.file = std::string(sink.file());
    ast.meta.line = node.pos.line;
    NamedDetection named;
    named.name = std::string(k_selection);
    named.pos = node.pos;
    (void)DetectionReader(sink, sink.text()).read_selection(node, named.detection);
    ast.detections.push_back(std::move(named));
    ConditionSource condition;
    condition.text = std::string(k_selection);
    condition.pos = node.pos;
    ast.conditions.push_back(std::move(condition));
    ast.has_errors = sink.error_count() != errors_before;
    return ast;
}

} // namespace

std::vector<std::uint32_t> compile_selections(const std::vector<SelectionSource>& sources, FieldRegistry& registry,
                                              const CompileOptions& options, RuleSet& out) {
    std::vector<std::uint32_t> rule_of(sources.size(), UINT32_MAX);
    auto data = std::make_unique<RuleSetData>();
    if (!sources.empty()) {
        const FieldId event_name = registry.intern("eventName");
        const FieldId event_source = registry.intern("eventSource");
        RegexCache regexes;
        PredicateInterner predicates;
        for (std::size_t i = 0; i < sources.size(); ++i) {
            DiagnosticSink& sink = *sources[i].sink;
            RuleAst ast = read_selection_rule(*sources[i].selection, sink);
            CompiledRule compiled;
            if (!compile_rule(ast, registry, options, regexes, sink, compiled)) continue;
            rule_of[i] = static_cast<std::uint32_t>(data->rules.size());
            data->keys.push_back(derive_rule_keys(compiled, event_name, event_source));
            data->groups.push_back(predicates.assign(compiled));
            data->rules.push_back(std::move(compiled));
            data->metas.push_back(std::move(ast.meta));
        }
        finish_rule_set_data(*data, predicates, event_name, registry.event_names());
    }
    RuleSet set;
    set.m_data = std::move(data);
    out = std::move(set);
    return rule_of;
}

} // namespace trailproof::rules
