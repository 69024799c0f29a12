#include "load/pack_compiler.h"

#include <algorithm>
#include <set>

#include "core/diagnostic_builder.h"

namespace trailproof::load {

namespace {

Diagnostic pack_error(std::string_view code, std::string message, std::string file) {
    return diagnostic_at(code, std::move(message), std::move(file)).item("pack", "");
}

bool listed(const std::vector<std::string>& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// The rule files of `from` that define one of the ids `view` reuses (by a rule's
// or a correlation's id), whole, as `view` compiles them: with its pack id. Every
// reused id must be found.
void add_reused_rule_files(const PackSource& from, const PackInfo& from_info, const PackInfo& view,
                           std::vector<rules::RuleFile>& files, LoadResult& result) {
    std::set<std::string> found;
    for (const auto& file : from.rule_files) {
        bool take = false;
        auto check = [&](const std::string& id) {
            if (!listed(view.reuse.rules, id)) return;
            found.insert(id);
            take = true;
        };
        for (const auto& r : file.rules) check(r.meta.id);
        for (const auto& c : file.correlations) check(c.rule.id);
        if (!take) continue;
        rules::RuleFile copy = file;
        copy.source.pack = view.id;
        for (auto& r : copy.rules) r.meta.pack = view.id;
        for (auto& c : copy.correlations) c.rule.pack = view.id;
        files.push_back(std::move(copy));
    }
    for (const auto& id : view.reuse.rules)
        if (!found.count(id))
            result.add(pack_error(codes::pack_reuse_unknown_rule,
                                  "pack '" + view.id + "' reuses rule '" + id + "', which pack '" + from_info.id +
                                      "' does not define",
                                  view.dir + "/pack.yml"));
}

// Models of a pack: its own, then the ones it reuses (compiled as its own, as its reused rules are).
std::vector<models::ModelInfo> pack_models(const PackInfo& p, const PackSource& source, const PackSource* from,
                                           const PackInfo* from_info, LoadResult& result) {
    std::vector<models::ModelInfo> infos = source.models;
    if (p.reuse.models.empty() || !from) return infos; // a missing pack is reported with the reused rules
    for (const auto& id : p.reuse.models) {
        auto it = std::find_if(from->models.begin(), from->models.end(),
                               [&](const models::ModelInfo& m) { return m.id == id; });
        if (it == from->models.end()) {
            result.add(pack_error(codes::pack_reuse_unknown_model,
                                  "pack '" + p.id + "' reuses model '" + id + "', which pack '" + from_info->id +
                                      "' does not define",
                                  p.dir + "/pack.yml"));
            continue;
        }
        infos.push_back(*it);
        infos.back().pack = p.id;
    }
    return infos;
}

void add_tactic(alerts::AlertSource& s, std::string_view tag) {
    auto id = alerts::tactic_id(tag);
    if (!id.empty() && std::find(s.tactics.begin(), s.tactics.end(), id) == s.tactics.end()) s.tactics.emplace_back(id);
}

// What an alert of a rule or correlation says about its source (a correlation
// has no score of its own).
alerts::AlertSource alert_source_of(const rules::DocumentMeta& m, int score) {
    alerts::AlertSource s;
    s.id = rules::alert_id(m);
    s.title = m.title;
    s.pack = m.pack;
    s.level = m.level;
    s.score = score;
    s.techniques = m.techniques;
    for (const auto& t : m.tactics) add_tactic(s, t);
    return s;
}

} // namespace

void compile_pack(Content& out, std::size_t index, const std::vector<PackInfo>& infos,
                  const std::vector<PackSource>& sources, const ContentLimits& limits, LoadResult& result) {
    CompiledPack& pack = *out.packs[index];
    const PackInfo& p = pack.info;
    const PackSource& source = sources[index];
    const bool reuses = source.reused != PackSource::k_none;
    const PackSource* from = reuses ? &sources[source.reused] : nullptr;
    const PackInfo* from_info = reuses ? &infos[source.reused] : nullptr;

    std::vector<rules::RuleFile> files = source.rule_files;
    if (!p.reuse.rules.empty()) {
        if (from)
            add_reused_rule_files(*from, *from_info, p, files, result);
        else
            result.add(pack_error(codes::pack_reuse_unknown_pack,
                                  "pack '" + p.id + "' reuses pack '" + p.reuse.pack + "', which is not loaded",
                                  p.dir + "/pack.yml"));
    }
    rules::CompileOptions compile_options;
    compile_options.require_uuid_ids = p.plain_sigma;
    compile_options.yaml_limits = limits.yaml;
    compile_options.max_condition_depth = limits.max_condition_depth;
    compile_options.placeholders = out.context.placeholders();
    if (!p.field_map.empty())
        compile_options.map_field = [map = &p.field_map](std::string_view name) { return map->map(name); };
    result.merge(rules::compile_rule_files(std::move(files), out.registry, compile_options, pack.rules));
    for (std::uint32_t i = 0; i < pack.rules.size(); ++i) {
        const rules::RuleMeta& meta = pack.rules.meta(i);
        pack.alert_sources.push_back(alert_source_of(meta, meta.score));
        // A rule's own `alerting:` wins over its pack's; correlations stay alerts.
        pack.alert_sources.back().signal = meta.alerting.empty() ? p.risk_based : meta.alerting == "risk-based";
    }

    std::vector<models::ModelInfo> model_infos = pack_models(p, source, from, from_info, result);
    for (auto& m : model_infos)
        if (!m.max_values_given) m.max_values = limits.max_model_values;
    result.merge(models::compile_models(std::move(model_infos), out.registry, pack.models, compile_options));
    result.merge(models::bind_rules(pack.models, pack.rules, out.registry, pack.bindings));
    correlate::CorrelationOptions correlation_options;
    correlation_options.map_field = compile_options.map_field;
    result.merge(correlate::CorrelationSet::compile(pack.rules, out.registry, correlation_options, pack.correlations));
    for (const auto& c : pack.rules.correlations()) pack.correlation_sources.push_back(alert_source_of(c, 0));
    pack.derived.compile(p.derived, out.registry);
}

} // namespace trailproof::load
