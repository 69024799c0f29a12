#include "models/train_when.h"

#include <algorithm>
#include <deque>
#include <string_view>
#include <tuple>

#include "rules/selection_compiler.h"
#include "yaml/diagnostic_sink.h"

namespace trailproof::models {

namespace {

// One selection's diagnostics by line and column (reading reports before
// compiling does), errors and warnings each, as compile_rules orders a file's.
void add_in_position_order(const LoadResult& selection, LoadResult& out) {
    for (const auto* list : {&selection.errors(), &selection.warnings()}) {
        std::vector<Diagnostic> sorted = *list;
        std::stable_sort(sorted.begin(), sorted.end(), [](const Diagnostic& a, const Diagnostic& b) {
            return std::tie(a.line, a.column) < std::tie(b.line, b.column);
        });
        for (auto& d : sorted) out.add(std::move(d));
    }
}

} // namespace

LoadResult compile_train_when(const std::vector<ModelInfo>& models, FieldRegistry& registry,
                              const rules::CompileOptions& options, TrainWhenSet& out) {
    LoadResult result;
    out.rule_of_model.assign(models.size(), UINT32_MAX);
    out.failed.assign(models.size(), false);
    std::deque<LoadResult> reports;         // one per selection
    std::deque<yaml::DiagnosticSink> sinks; // one per selection; deques keep their addresses
    std::vector<rules::SelectionSource> sources;
    std::vector<std::size_t> model_of; // by source
    for (std::size_t i = 0; i < models.size(); ++i) {
        const ModelInfo& m = models[i];
        if (!m.train_when) continue;
        const std::string_view text = m.source_text ? std::string_view(*m.source_text) : std::string_view();
        yaml::DiagnosticSink& sink = sinks.emplace_back(reports.emplace_back(), m.file, text, m.pack);
        sink.set_item("model", m.id);
        sink.push_context("train_when");
        sources.push_back({&*m.train_when, &sink});
        model_of.push_back(i);
    }
    const std::vector<std::uint32_t> rule_of = rules::compile_selections(sources, registry, options, out.rules);
    for (std::size_t s = 0; s < sources.size(); ++s) {
        out.rule_of_model[model_of[s]] = rule_of[s];
        out.failed[model_of[s]] = rule_of[s] == UINT32_MAX;
        add_in_position_order(reports[s], result);
    }
    return result;
}

} // namespace trailproof::models
