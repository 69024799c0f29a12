#include "load/content.h"

#include <algorithm>

#include "core/diagnostic_builder.h"
#include "load/pack_compiler.h"
#include "load/pack_discovery.h"
#include "parse/default_parser.h"

namespace trailproof::load {

namespace {

Diagnostic content_pack_error(std::string_view code, std::string message, std::string file) {
    return diagnostic_at(code, std::move(message), std::move(file)).item("pack", "");
}

// validate checks one pack of a content folder: the pack it reuses loads with it,
// from beside it (and so on, when that one reuses another).
void add_reused_packs(std::vector<FoundPack>& found, LoadResult& result) {
    for (std::size_t i = 0; i < found.size(); ++i) {
        const std::string wanted = found[i].info.reuse.pack;
        if (wanted.empty() ||
            std::any_of(found.begin(), found.end(), [&](const FoundPack& f) { return f.info.id == wanted; }))
            continue;
        if (auto pack = find_pack_beside(found[i].info.dir, wanted, result)) found.push_back(std::move(*pack));
    }
}

// The parser groups: group 0 is the built-in CloudTrail parser alone, with the
// default principal policy; each pack that declares parsers gets its own group
// (its parsers, then the built-in one); a pack without parsers but with its own
// `principal:` policy gets the built-in parser with that policy (packs with the
// same policy share one); a pack without parsers that reuses another's content
// reads through that pack's group.
void compile_parsers(Content& out, std::vector<PackInfo>& infos, const std::vector<PackSource>& sources,
                     LoadResult& result) {
    for (std::size_t i = 0; i < infos.size(); ++i)
        for (const auto& parser : sources[i].parsers) infos[i].parser_names.push_back(parser.name);
    out.parser_groups.emplace_back();
    result.merge(parse::ParserSet::compile({parse::default_cloudtrail_parser()}, out.registry, out.parser_groups[0]));
    std::vector<std::size_t> group(infos.size(), 0);
    for (std::size_t i = 0; i < infos.size(); ++i) {
        const bool own_policy = !(infos[i].principal == parse::PrincipalPolicy{});
        if (sources[i].parsers.empty()) {
            if (!own_policy || sources[i].reused != PackSource::k_none) continue;
            for (std::size_t j = 0; j < i && group[i] == 0; ++j)
                if (sources[j].parsers.empty() && group[j] != 0 && infos[j].principal == infos[i].principal)
                    group[i] = group[j];
            if (group[i] != 0) continue;
        }
        std::vector<parse::ParserInfo> parsers = sources[i].parsers;
        parsers.push_back(parse::default_cloudtrail_parser());
        out.parser_groups.emplace_back();
        result.merge(parse::ParserSet::compile(std::move(parsers), out.registry, out.parser_groups.back(),
                                               infos[i].principal));
        group[i] = out.parser_groups.size() - 1;
    }
    for (std::size_t i = 0; i < infos.size(); ++i) {
        if (group[i] == 0 && sources[i].reused != PackSource::k_none) group[i] = group[sources[i].reused];
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
    result.merge(context::ContextTables::compile(tables, out.context, options.limits.yaml));
}

bool same_finding(const Diagnostic& a, const Diagnostic& b) {
    return a.severity == b.severity && a.code == b.code && a.file == b.file && a.line == b.line &&
           a.column == b.column && a.message == b.message;
}

// A reused file compiles in the pack that owns it and again in each pack that
// reuses it. What the second compile finds again is the owner's to report, once;
// what only the reusing pack's context causes (its field map, a clash with one of
// its own ids) is reported too.
void add_once(LoadResult& result, const LoadResult& pack, const LoadResult* owner) {
    for (const auto* list : {&pack.errors(), &pack.warnings()})
        for (const auto& d : *list) {
            if (owner) {
                const auto& owned = d.severity == Severity::Error ? owner->errors() : owner->warnings();
                if (std::any_of(owned.begin(), owned.end(), [&](const Diagnostic& o) { return same_finding(o, d); }))
                    continue;
            }
            result.add(d);
        }
}

} // namespace

namespace {

// Content::head_first, and then every group's head plan: the union of what each
// group's first look reads, with the rules index's eventName and every field an
// unindexed rule reads (they are matched on the head), so one head walk serves
// every group of a record. An unindexed rule that reads what the head cannot
// hold (enriched fields, the activity type) makes every record whole.
void plan_heads(Content& content) {
    std::vector<FieldId> not_in_head;
    for (const std::string_view name : content.enricher.used_fields())
        not_in_head.push_back(content.registry.find(name));
    not_in_head.push_back(content.registry.find("activity_type"));
    std::vector<FieldId> also = {content.registry.find("eventName")};
    bool quiet = !content.packs.empty();
    for (const auto& p : content.packs) {
        quiet = quiet && p->models.size() == 0 && p->bindings.session_fields().empty() &&
                p->correlations.size() == 0 && p->derived.empty();
        for (std::uint32_t r = 0; quiet && r < p->rules.size(); ++r) {
            if (!p->rules.unindexed(r)) continue;
            quiet = !p->rules.reads_activity_type(r);
            for (const FieldId field : p->rules.fields_read(r)) {
                quiet = quiet && std::find(not_in_head.begin(), not_in_head.end(), field) == not_in_head.end();
                also.push_back(field);
            }
        }
    }
    content.head_first = quiet;
    if (!quiet) return;
    std::vector<FieldId> head;
    for (const auto& group : content.parser_groups) {
        const auto fields = group.head_fields(also);
        head.insert(head.end(), fields.begin(), fields.end());
    }
    for (auto& group : content.parser_groups) group.finalize_head(content.registry, head);
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
    std::vector<FoundPack> found;
    for (const auto& path : paths)
        for (auto& p : discover_packs(path, result)) found.push_back(std::move(p));
    loaded.requested = found.size();
    if (options.with_reused_packs) add_reused_packs(found, result);
    std::vector<PackInfo>& infos = loaded.packs;
    std::vector<PackSource>& sources = loaded.sources;
    for (auto& f : found) {
        infos.push_back(std::move(f.info));
        sources.push_back(std::move(f.source));
    }

    // Duplicate pack ids would make alerts ambiguous.
    for (std::size_t i = 0; i < infos.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (infos[i].id == infos[j].id)
                result.add(content_pack_error(codes::load_duplicate_id,
                                      "pack id '" + infos[i].id + "' is also used by " + infos[j].dir,
                                      infos[i].dir + "/pack.yml"));

    // read: every file once, kept in `sources` whatever happens next.
    for (std::size_t i = 0; i < infos.size(); ++i) {
        read_pack_source(infos[i], options.limits, sources[i], result);
        if (infos[i].reuse.pack.empty()) continue;
        for (std::size_t j = 0; j < infos.size() && sources[i].reused == PackSource::k_none; ++j)
            if (infos[j].id == infos[i].reuse.pack) sources[i].reused = j;
    }

    // collect and compile
    auto content = std::make_unique<Content>();
    for (std::size_t i = 0; i < infos.size(); ++i) content->packs.push_back(std::make_unique<CompiledPack>());
    compile_parsers(*content, infos, sources, result);
    compile_context(*content, infos, options, result);
    std::vector<LoadResult> compiled(infos.size());
    for (std::size_t i = 0; i < infos.size(); ++i) {
        content->packs[i]->info = infos[i];
        compile_pack(*content, i, infos, sources, options.limits, compiled[i]);
    }
    for (std::size_t i = 0; i < infos.size(); ++i) {
        const std::size_t owner = sources[i].reused;
        add_once(result, compiled[i], owner == PackSource::k_none || owner == i ? nullptr : &compiled[owner]);
    }
    content->alert_builder = std::make_unique<alerts::AlertBuilder>(content->registry);
    // Enrichment fills only the derived fields some rule names; it interns its inputs,
    // so it runs before the parsers build their extraction plans.
    result.merge(enrich::Enricher::compile(options.enrich, &content->context, content->registry, content->enricher));
    // Every field name is known now: build the parsers' extraction plans.
    for (auto& group : content->parser_groups) group.finalize(content->registry);
    plan_heads(*content);
    if (result.successful()) loaded.content = std::move(content);
    return loaded;
}

} // namespace trailproof::load
