#include "load/content.h"

#include <algorithm>
#include <map>

#include "core/diagnostic_builder.h"
#include "load/files.h"
#include "load/pack_discovery.h"
#include "models/model_reader.h"
#include "parse/default_parser.h"
#include "parse/parser_reader.h"
#include "yaml/yaml_tree.h"

namespace trailproof::load {

namespace {

Diagnostic pack_error(std::string_view code, std::string message, std::string file) {
    return diagnostic_at(code, std::move(message), std::move(file)).item("pack", "");
}

const PackInfo* find_info(const std::vector<PackInfo>& packs, std::string_view id) {
    for (const auto& p : packs)
        if (p.id == id) return &p;
    return nullptr;
}

// The rule files of `from` that define one of `ids` (by a document's `id`).
// Every reused id must be found exactly once.
std::vector<std::string> reused_rule_files(const PackInfo& from, const PackInfo& view, LoadResult& result) {
    std::vector<std::string> out;
    std::map<std::string, int> found;
    for (const auto& file : from.rule_files) {
        std::string text;
        if (!read_file(file, text)) continue; // reported when `from` itself loads
        bool take = false;
        // A syntax error is reported when `from` itself loads; the documents before it still count.
        for (const auto& doc : yaml::read_yaml_documents(text).documents) {
            const yaml::YamlEntry* id = doc.root.kind == yaml::YamlKind::Map ? doc.root.find("id") : nullptr;
            if (!id || id->value.kind != yaml::YamlKind::Scalar) continue;
            if (std::find(view.reuse_rules.begin(), view.reuse_rules.end(), id->value.text) == view.reuse_rules.end())
                continue;
            ++found[id->value.text];
            take = true;
        }
        if (take) out.push_back(file);
    }
    for (const auto& id : view.reuse_rules)
        if (!found.count(id))
            result.add(pack_error(codes::pack_reuse_unknown_rule,
                                  "pack '" + view.id + "' reuses rule '" + id + "', which pack '" + from.id +
                                      "' does not define",
                                  view.dir + "/pack.yml"));
    return out;
}

// Models of a pack: its own files, plus the models it reuses from another pack.
std::vector<models::ModelInfo> read_pack_models(const PackInfo& p, const std::vector<PackInfo>& packs,
                                                LoadResult& result) {
    std::vector<models::ModelInfo> infos;
    for (const auto& file : p.model_files) {
        std::string text;
        if (!read_file(file, text)) result.add(pack_error(codes::load_unreadable, "cannot read model file", file));
        else result.merge(models::read_models(text, file, infos, p.id));
    }
    if (p.reuse_models.empty()) return infos;
    const PackInfo* from = find_info(packs, p.reuse_pack);
    if (!from) return infos; // reported with the reused rules
    std::vector<models::ModelInfo> theirs;
    LoadResult ignored; // the other pack reports its own problems when it loads
    for (const auto& file : from->model_files) {
        std::string text;
        if (read_file(file, text)) ignored.merge(models::read_models(text, file, theirs, p.id));
    }
    for (const auto& id : p.reuse_models) {
        auto it = std::find_if(theirs.begin(), theirs.end(), [&](const models::ModelInfo& m) { return m.id == id; });
        if (it == theirs.end())
            result.add(pack_error(codes::pack_reuse_unknown_model,
                                  "pack '" + p.id + "' reuses model '" + id + "', which pack '" + from->id +
                                      "' does not define",
                                  p.dir + "/pack.yml"));
        else
            infos.push_back(*it);
    }
    return infos;
}

void add_tactic(alerts::AlertSource& s, std::string_view tag) {
    auto id = alerts::tactic_id(tag);
    if (!id.empty() && std::find(s.tactics.begin(), s.tactics.end(), id) == s.tactics.end()) s.tactics.emplace_back(id);
}

// What an alert of a rule or correlation says about its source. A correlation's
// base rule may carry only a name; a correlation has no score of its own.
template <typename Meta>
alerts::AlertSource alert_source_of(const Meta& m, int score) {
    alerts::AlertSource s;
    s.id = m.id.empty() ? m.name : m.id;
    s.title = m.title;
    s.pack = m.pack;
    s.level = m.level;
    s.score = score;
    s.techniques = m.techniques;
    for (const auto& t : m.tactics) add_tactic(s, t);
    return s;
}

// The parser groups: group 0 is the built-in CloudTrail parser alone; each pack
// that declares parsers gets its own group (its parsers, then the built-in one);
// a pack without parsers that reuses another's content reads through that pack's group.
void compile_parsers(Content& out, std::vector<PackInfo>& infos, LoadResult& result) {
    std::vector<std::vector<parse::ParserInfo>> pack_parsers(infos.size());
    for (std::size_t i = 0; i < infos.size(); ++i) {
        for (const auto& file : infos[i].parser_files) {
            std::string text;
            if (!read_file(file, text)) {
                result.add(pack_error(codes::load_unreadable, "cannot read parser file", file));
                continue;
            }
            result.merge(parse::read_parsers(text, file, pack_parsers[i]));
        }
        for (const auto& parser : pack_parsers[i]) infos[i].parser_names.push_back(parser.name);
    }
    out.parser_groups.emplace_back();
    result.merge(parse::ParserSet::compile({parse::default_cloudtrail_parser()}, out.registry, out.parser_groups[0]));
    std::vector<std::size_t> group(infos.size(), 0);
    for (std::size_t i = 0; i < infos.size(); ++i) {
        if (pack_parsers[i].empty()) continue;
        std::vector<parse::ParserInfo> parsers = std::move(pack_parsers[i]);
        parsers.push_back(parse::default_cloudtrail_parser());
        out.parser_groups.emplace_back();
        result.merge(parse::ParserSet::compile(std::move(parsers), out.registry, out.parser_groups.back()));
        group[i] = out.parser_groups.size() - 1;
    }
    for (std::size_t i = 0; i < infos.size(); ++i) {
        if (group[i] == 0 && !infos[i].reuse_pack.empty())
            for (std::size_t j = 0; j < infos.size(); ++j)
                if (infos[j].id == infos[i].reuse_pack) group[i] = group[j];
        out.packs[i]->parser_group = group[i];
    }
}

// Context tables: every pack's, later packs replacing same-named tables, then --context.
void compile_context(Content& out, const std::vector<PackInfo>& infos, const LoadOptions& options,
                     LoadResult& result) {
    std::vector<context::TableSource> tables;
    for (const auto& p : infos) {
        if (p.context_dir.empty()) continue;
        std::vector<context::TableSource> pack_tables;
        result.merge(context::read_table_dir(p.context_dir, pack_tables));
        context::overlay_tables(tables, std::move(pack_tables));
    }
    for (const auto& dir : options.context_dirs) {
        std::vector<context::TableSource> overrides;
        result.merge(context::read_table_dir(dir, overrides));
        context::overlay_tables(tables, std::move(overrides));
    }
    result.merge(context::ContextTables::compile(tables, out.context));
}

// A pack's rules (with its field map), the models and the rules bound to them,
// then the correlations over its rules.
void compile_pack(Content& out, CompiledPack& pack, const std::vector<PackInfo>& infos, LoadResult& result) {
    const PackInfo& p = pack.info;
    std::vector<std::string> files = p.rule_files;
    if (!p.reuse_rules.empty()) {
        if (const PackInfo* from = find_info(infos, p.reuse_pack))
            for (auto& file : reused_rule_files(*from, p, result)) files.push_back(std::move(file));
        else
            result.add(pack_error(codes::pack_reuse_unknown_pack,
                                  "pack '" + p.id + "' reuses pack '" + p.reuse_pack + "', which is not loaded",
                                  p.dir + "/pack.yml"));
    }
    std::vector<rules::RuleSource> sources;
    for (const auto& file : files) {
        rules::RuleSource s;
        s.file = file;
        s.pack = p.id;
        if (!read_file(file, s.text)) {
            result.add(pack_error(codes::load_unreadable, "cannot read rule file", file));
            continue;
        }
        sources.push_back(std::move(s));
    }
    rules::CompileOptions compile_options;
    compile_options.require_uuid_ids = p.plain_sigma;
    compile_options.placeholders = out.context.placeholders();
    if (!p.field_map.empty())
        compile_options.map_field = [map = &p.field_map](std::string_view name) { return map->map(name); };
    result.merge(rules::compile_rules(sources, out.registry, compile_options, pack.rules));
    for (std::uint32_t i = 0; i < pack.rules.size(); ++i) {
        const rules::RuleMeta& meta = pack.rules.meta(i);
        pack.alert_sources.push_back(alert_source_of(meta, meta.score));
    }

    result.merge(models::compile_models(read_pack_models(p, infos, result), out.registry, pack.models,
                                        compile_options));
    result.merge(models::bind_rules(pack.models, pack.rules, out.registry, pack.bindings));
    correlate::CorrelationOptions correlation_options;
    correlation_options.map_field = compile_options.map_field;
    result.merge(correlate::CorrelationSet::compile(pack.rules, out.registry, correlation_options, pack.correlations));
    for (const auto& c : pack.rules.correlations()) pack.correlation_sources.push_back(alert_source_of(c, 0));
    pack.derived.compile(p.derived, out.registry);
}

} // namespace

const CompiledPack* Content::find_pack(std::string_view id) const noexcept {
    for (const auto& p : packs)
        if (p->info.id == id) return p.get();
    return nullptr;
}

Loaded load(const std::vector<std::string>& paths, const LoadOptions& options) {
    Loaded loaded;
    LoadResult& result = loaded.result;
    std::vector<PackInfo>& infos = loaded.packs;
    for (const auto& path : paths)
        for (auto& p : discover_packs(path, result)) infos.push_back(std::move(p));

    // Duplicate pack ids would make alerts ambiguous.
    for (std::size_t i = 0; i < infos.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (infos[i].id == infos[j].id)
                result.add(pack_error(codes::load_duplicate_id,
                                      "pack id '" + infos[i].id + "' is also used by " + infos[j].dir,
                                      infos[i].dir + "/pack.yml"));

    auto content = std::make_unique<Content>();
    for (std::size_t i = 0; i < infos.size(); ++i) content->packs.push_back(std::make_unique<CompiledPack>());
    compile_parsers(*content, infos, result);
    compile_context(*content, infos, options, result);
    for (std::size_t i = 0; i < infos.size(); ++i) {
        content->packs[i]->info = infos[i];
        compile_pack(*content, *content->packs[i], infos, result);
    }
    content->alert_builder = std::make_unique<alerts::AlertBuilder>(content->registry);
    // Enrichment fills only the derived fields some rule names; it interns its inputs,
    // so it runs before the parsers build their extraction plans.
    result.merge(enrich::Enricher::compile(options.enrich, &content->context, content->registry, content->enricher));
    // Every field name is known now: build the parsers' extraction plans.
    for (auto& group : content->parser_groups) group.finalize(content->registry);
    if (result.successful()) loaded.content = std::move(content);
    return loaded;
}

} // namespace trailproof::load
