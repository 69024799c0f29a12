// compile_rule_files and compile_rules: read -> collect -> compile -> index
// (falco rule_loader's three passes). Each document is read, collected and
// compiled inside its own error boundary; a bad one is left out and the loop goes
// on, so one run reports every error of every file.

#include <algorithm>

#include "core/diagnostic_codes.h"
#include "rules/rule_collector.h"
#include "rules/predicate_set.h"
#include "rules/rule_compiler.h"
#include "rules/rule_file.h"
#include "rules/rule_reader.h"
#include "rules/rule_set.h"
#include "rules/rule_set_data.h"

namespace trailproof::rules {

namespace {

// The passes report in pass order; callers read diagnostics in file order (files
// as given, then line and column), so sort each list once at the end.
LoadResult in_source_order(const LoadResult& result, const std::vector<std::string>& files) {
    auto rank = [&](const Diagnostic& d) {
        for (std::size_t i = 0; i < files.size(); ++i)
            if (files[i] == d.file) return i;
        return files.size();
    };
    LoadResult out;
    for (const auto* list : {&result.errors(), &result.warnings()}) {
        std::vector<Diagnostic> sorted = *list;
        std::stable_sort(sorted.begin(), sorted.end(), [&](const Diagnostic& a, const Diagnostic& b) {
            const auto ra = rank(a), rb = rank(b);
            if (ra != rb) return ra < rb;
            if (a.line != b.line) return a.line < b.line;
            return a.column < b.column;
        });
        for (auto& d : sorted) out.add(std::move(d));
    }
    return out;
}

} // namespace

LoadResult compile_rule_files(std::vector<RuleFile> files, FieldRegistry& registry, const CompileOptions& options,
                              RuleSet& out) {
    LoadResult result;
    std::vector<DiagnosticSink> sinks;
    sinks.reserve(files.size());
    std::vector<std::string> names;
    std::vector<LoadedRule> rules;
    std::vector<LoadedCorrelation> correlations;
    for (std::size_t i = 0; i < files.size(); ++i) {
        RuleFile& file = files[i];
        sinks.emplace_back(result, file.source.file, file.source.text, file.source.pack);
        names.push_back(file.source.file);
        for (auto& r : file.rules) rules.push_back({std::move(r), i, UINT32_MAX});
        for (auto& c : file.correlations) correlations.push_back({std::move(c), i});
    }

    // collect
    collect_ids(rules, correlations, sinks);

    // compile
    auto data = std::make_unique<RuleSetData>();
    const FieldId event_name = registry.intern("eventName");
    const FieldId event_source = registry.intern("eventSource");
    RegexCache regexes;
    PredicateInterner predicates;
    for (auto& loaded : rules) {
        RuleAst& ast = loaded.ast;
        DiagnosticSink& sink = sinks[loaded.source];
        sink.set_item("rule", item_label(ast.meta));
        CompiledRule compiled;
        if (!compile_rule(ast, registry, options, regexes, sink, compiled)) continue;
        RuleKeys keys = derive_rule_keys(compiled, event_name, event_source);
        if (!keys.indexed && !keys.mentions_event_name) {
            const SourcePos pos = ast.conditions.empty() ? ast.pos : ast.conditions.front().pos;
            sink.warning(codes::rule_unindexed,
                         "the condition does not name an eventName, so the rule is checked against every event", pos);
        }
        loaded.compiled = static_cast<std::uint32_t>(data->rules.size());
        data->groups.push_back(predicates.assign(compiled));
        data->rules.push_back(std::move(compiled));
        data->keys.push_back(std::move(keys));
        data->metas.push_back(ast.meta); // the collector still reads ast.meta below
    }
    for (std::uint32_t i = 0; i < data->metas.size(); ++i)
        if (!data->metas[i].id.empty()) data->by_id.emplace(data->metas[i].id, i);

    // correlations (read and checked, not evaluated here)
    data->correlations = resolve_correlations(rules, correlations, sinks);

    // index
    finish_rule_set_data(*data, predicates, event_name, registry.event_names());

    RuleSet set;
    set.m_data = std::move(data);
    out = std::move(set);
    return in_source_order(result, names);
}

LoadResult compile_rules(const std::vector<RuleSource>& sources, FieldRegistry& registry, const CompileOptions& options,
                         RuleSet& out) {
    // read
    LoadResult result;
    std::vector<RuleFile> files;
    std::vector<std::string> names;
    for (const auto& source : sources) {
        files.push_back(read_rule_file(source, options, result));
        names.push_back(source.file);
    }
    result.merge(compile_rule_files(std::move(files), registry, options, out));
    return in_source_order(result, names);
}

} // namespace trailproof::rules
