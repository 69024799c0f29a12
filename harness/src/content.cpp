#include "content.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "files.h"

#include "models/model_reader.h"
#include "parse/default_parser.h"
#include "parse/parser_reader.h"

namespace trailproof::harness {

namespace fs = std::filesystem;

namespace {


Diagnostic make_error(std::string code, std::string message, std::string file, int line = 0, int column = 0) {
    Diagnostic d;
    d.code = std::move(code);
    d.message = std::move(message);
    d.file = std::move(file);
    d.line = line;
    d.column = column;
    d.item_kind = "pack";
    return d;
}


// Reads pack.yml into `pack`; structural errors go to `result`.
void read_pack_file(const std::string& file, PackInfo& pack, LoadResult& result) {
    std::string text;
    if (!read_file(file, text)) {
        result.add(make_error("load.unreadable", "cannot read pack file", file));
        return;
    }
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::ParserException& e) {
        auto d = make_error("load.yaml_parse", e.msg, file, e.mark.line + 1, e.mark.column + 1);
        d.snippet = std::string(source_line(text, d.line));
        result.add(std::move(d));
        return;
    }
    auto at = [&](const YAML::Node& n, std::string code, std::string message, Severity severity = Severity::Error) {
        auto d = make_error(std::move(code), std::move(message), file, n.Mark().line + 1, n.Mark().column + 1);
        d.severity = severity;
        d.item_id = pack.id;
        d.snippet = std::string(source_line(text, d.line));
        result.add(std::move(d));
    };
    if (!root.IsMap()) {
        at(root, "load.wrong_type", "pack.yml must be a mapping");
        return;
    }
    static const std::vector<std::string> k_known = {"id", "title", "vendor", "description", "source", "sigma",
                                                      "field_map", "field_derived", "documented", "context", "version",
                                                      "reuse"};
    for (const auto& kv : root) {
        auto key = kv.first.as<std::string>("");
        if (std::find(k_known.begin(), k_known.end(), key) == k_known.end())
            at(kv.first, "load.unknown_key", "unknown key '" + key + "' in pack.yml", Severity::Warning);
    }
    auto scalar = [&](const char* key, std::string& out, bool required) {
        const YAML::Node n = root[key];
        if (!n) {
            if (required) at(root, "load.missing_key", std::string("missing required key '") + key + "'");
            return;
        }
        if (!n.IsScalar()) {
            at(n, "load.wrong_type", std::string("'") + key + "' must be a string");
            return;
        }
        out = n.Scalar();
    };
    if (const YAML::Node derived = root["field_derived"]) {
        if (!derived.IsSequence()) at(derived, "load.wrong_type", "'field_derived' must be a list");
        else
            for (const auto& item : derived) {
                if (!item.IsMap() || !item["field"] || !item["field"].IsScalar() ||
                    (!item["value"] && !(item["path"] && item["translate"]))) {
                    at(item, "load.wrong_type",
                       "a field_derived entry needs 'field' and either 'value' or 'path' with 'translate'");
                    continue;
                }
                DerivedFieldInfo info;
                info.field = item["field"].Scalar();
                auto strings = [](const YAML::Node& n) {
                    std::vector<std::string> out;
                    if (n.IsScalar()) out.push_back(n.Scalar());
                    else if (n.IsSequence())
                        for (const auto& v : n) out.push_back(v.Scalar());
                    return out;
                };
                if (const YAML::Node when = item["when"]; when && when.IsMap())
                    for (const auto& kv : when) info.when.emplace_back(kv.first.Scalar(), strings(kv.second));
                if (item["value"]) info.values = strings(item["value"]);
                if (item["path"]) info.path = item["path"].Scalar();
                if (const YAML::Node tr = item["translate"]; tr && tr.IsMap())
                    for (const auto& kv : tr) info.translate[kv.first.Scalar()] = strings(kv.second);
                pack.derived.push_back(std::move(info));
            }
    }
    if (const YAML::Node reuse = root["reuse"]) {
        if (!reuse.IsMap() || !reuse["pack"] || !reuse["pack"].IsScalar()) {
            at(reuse, "load.wrong_type", "'reuse' must be a mapping with 'pack', 'rules' and 'models'");
        } else {
            pack.reuse_pack = reuse["pack"].Scalar();
            for (const char* key : {"rules", "models"}) {
                const YAML::Node list = reuse[key];
                if (!list) continue;
                if (!list.IsSequence()) {
                    at(list, "load.wrong_type", std::string("'reuse.") + key + "' must be a list of ids");
                    continue;
                }
                for (const auto& id : list)
                    (std::string(key) == "rules" ? pack.reuse_rules : pack.reuse_models).push_back(id.Scalar());
            }
        }
    }
    scalar("id", pack.id, true);
    scalar("title", pack.title, true);
    scalar("vendor", pack.vendor, false);
    if (const YAML::Node s = root["sigma"]) {
        if (!s.IsScalar() || (s.Scalar() != "true" && s.Scalar() != "false"))
            at(s, "load.wrong_type", "'sigma' must be true or false");
        else
            pack.plain_sigma = s.Scalar() == "true";
    }
    if (const YAML::Node fm = root["field_map"]) {
        if (!fm.IsMap()) {
            at(fm, "load.wrong_type", "'field_map' must be a mapping of field names");
        } else {
            // `name: path`, or `name: {path: P, fallback: Q, only_if: ip|hostname, transform: json_string}`.
            // Only `path` is applied so far; the other options are reported, not silently dropped.
            for (const auto& kv : fm) {
                const std::string name = kv.first.as<std::string>("");
                if (kv.second.IsScalar()) {
                    pack.field_map[name] = kv.second.Scalar();
                    continue;
                }
                if (!kv.second.IsMap() || !kv.second["path"] || !kv.second["path"].IsScalar()) {
                    at(kv.second, "load.wrong_type", "field_map values must be a field name or a map with 'path'");
                    continue;
                }
                pack.field_map[name] = kv.second["path"].Scalar();
                for (const auto& opt : kv.second) {
                    const std::string key = opt.first.as<std::string>("");
                    if (key == "path") continue;
                    // json_string needs nothing more: object values match through their JSON text.
                    if (key == "transform" && opt.second.IsScalar() && opt.second.Scalar() == "json_string") continue;
                    if (key == "fallback" || key == "only_if" || key == "transform")
                        at(opt.first, "pack.field_map_option_ignored",
                           "field_map option '" + key + "' of '" + name + "' is not applied yet; only 'path' is used",
                           Severity::Warning);
                    else
                        at(opt.first, "load.unknown_key", "unknown field_map option '" + key + "'", Severity::Warning);
                }
            }
        }
    }
}

// A rule's field name through the pack's field map: an exact entry, else the
// longest mapped dotted prefix (`aws.cloudtrail.user_identity.type` via
// `aws.cloudtrail.user_identity: userIdentity` -> `userIdentity.type`), else as is.
std::string map_field_name(const std::map<std::string, std::string, std::less<>>& map, std::string_view name) {
    if (auto it = map.find(name); it != map.end()) return it->second;
    for (auto dot = name.rfind('.'); dot != std::string_view::npos && dot > 0; dot = name.rfind('.', dot - 1)) {
        if (auto it = map.find(name.substr(0, dot)); it != map.end())
            return it->second + std::string(name.substr(dot));
    }
    return std::string(name);
}

// Sorted list of the packs named by `path`.
std::vector<PackInfo> discover_packs(const std::string& path, LoadResult& result) {
    std::vector<PackInfo> out;
    fs::path dir(path);
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        result.add(make_error("load.unreadable", "content path is not a folder", path));
        return out;
    }
    auto load_one = [&](const fs::path& pack_dir) {
        PackInfo p;
        p.dir = pack_dir.string();
        read_pack_file((pack_dir / "pack.yml").string(), p, result);
        p.parser_files = yaml_files_below((pack_dir / "parsers").string());
        p.rule_files = yaml_files_below((pack_dir / "rules").string());
        p.model_files = yaml_files_below((pack_dir / "models").string());
        if (fs::is_directory(pack_dir / "context")) p.context_dir = (pack_dir / "context").string();
        out.push_back(std::move(p));
    };
    if (fs::exists(dir / "pack.yml")) {
        load_one(dir);
        return out;
    }
    std::vector<fs::path> subpacks;
    for (const auto& entry : fs::directory_iterator(dir, ec))
        if (entry.is_directory() && fs::exists(entry.path() / "pack.yml")) subpacks.push_back(entry.path());
    std::sort(subpacks.begin(), subpacks.end());
    for (const auto& p : subpacks) load_one(p);
    if (subpacks.empty()) {
        // A bare rules folder: the pack is named after the folder.
        PackInfo p;
        p.dir = path;
        p.id = dir.filename().empty() ? dir.parent_path().filename().string() : dir.filename().string();
        p.title = p.id;
        p.rule_files = yaml_files_below(dir.string());
        out.push_back(std::move(p));
    }
    return out;
}

// The rule files of `from` that define one of `ids` (by a document's `id`).
// Every reused id must be found exactly once.
std::vector<std::string> reused_rule_files(const PackInfo& from, const std::vector<std::string>& ids,
                                           LoadResult& result, const PackInfo& view) {
    std::vector<std::string> out;
    std::map<std::string, int> found;
    for (const auto& file : from.rule_files) {
        std::string text;
        if (!read_file(file, text)) continue; // reported when `from` itself loads
        bool take = false;
        try {
            for (const auto& doc : YAML::LoadAll(text))
                if (doc.IsMap() && doc["id"] && doc["id"].IsScalar() &&
                    std::find(ids.begin(), ids.end(), doc["id"].Scalar()) != ids.end()) {
                    ++found[doc["id"].Scalar()];
                    take = true;
                }
        } catch (const YAML::Exception&) {
            continue; // a syntax error is reported when `from` itself loads
        }
        if (take) out.push_back(file);
    }
    for (const auto& id : ids)
        if (!found.count(id))
            result.add(make_error("pack.reuse_unknown_rule",
                                  "pack '" + view.id + "' reuses rule '" + id + "', which pack '" + from.id +
                                      "' does not define",
                                  view.dir + "/pack.yml"));
    return out;
}

void add_tactic(alerts::AlertSource& s, std::string_view tag) {
    auto id = alerts::tactic_id(tag);
    if (!id.empty() && std::find(s.tactics.begin(), s.tactics.end(), id) == s.tactics.end()) s.tactics.emplace_back(id);
}

// A correlation's alert: its own title, level and ATT&CK tags.
alerts::AlertSource alert_source_of(const rules::CorrelationRule& c) {
    alerts::AlertSource s;
    s.id = c.id.empty() ? c.name : c.id;
    s.title = c.title;
    s.pack = c.pack;
    s.level = c.level;
    s.techniques = c.techniques;
    for (const auto& t : c.tactics) add_tactic(s, t);
    return s;
}

// Models of a pack: its own files, plus the models it reuses from another pack.
std::vector<models::ModelInfo> read_pack_models(const PackInfo& p, const std::vector<PackInfo>& packs,
                                                LoadResult& result) {
    std::vector<models::ModelInfo> infos;
    auto read_file_models = [&](const std::string& file, const std::string& pack_id,
                                std::vector<models::ModelInfo>& out) {
        std::string text;
        if (!read_file(file, text)) {
            result.add(make_error("load.unreadable", "cannot read model file", file));
            return;
        }
        result.merge(models::read_models(text, file, out, pack_id));
    };
    for (const auto& file : p.model_files) read_file_models(file, p.id, infos);
    if (p.reuse_models.empty()) return infos;
    const PackInfo* from = nullptr;
    for (const auto& q : packs)
        if (q.id == p.reuse_pack) from = &q;
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
            result.add(make_error("pack.reuse_unknown_model",
                                  "pack '" + p.id + "' reuses model '" + id + "', which pack '" + from->id +
                                      "' does not define",
                                  p.dir + "/pack.yml"));
        else
            infos.push_back(*it);
    }
    return infos;
}

alerts::AlertSource alert_source_of(const rules::RuleMeta& m) {
    alerts::AlertSource s;
    s.id = m.id.empty() ? m.name : m.id; // a correlation's base rule may carry only a name
    s.title = m.title;
    s.pack = m.pack;
    s.level = m.level;
    s.score = m.score;
    s.techniques = m.techniques;
    for (const auto& t : m.tactics) add_tactic(s, t);
    return s;
}

} // namespace

LoadResult load_content(const std::vector<std::string>& paths, Content& out, const ContentOptions& options) {
    LoadResult result;
    for (const auto& path : paths) {
        auto packs = discover_packs(path, result);
        for (auto& p : packs) out.packs.push_back(std::move(p));
    }

    // Duplicate pack ids would make alerts ambiguous.
    for (std::size_t i = 0; i < out.packs.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (out.packs[i].id == out.packs[j].id)
                result.add(make_error("load.duplicate_id", "pack id '" + out.packs[i].id + "' is also used by " +
                                                               out.packs[j].dir,
                                      out.packs[i].dir + "/pack.yml"));

    // Parsers: each pack sees records through its own parsers (its normalized
    // fields and activity types), then the built-in CloudTrail parser. A pack
    // without parsers uses only the built-in one; a pack that reuses another's
    // content also reads through that pack's parsers.
    std::vector<std::vector<parse::ParserInfo>> pack_parsers(out.packs.size());
    for (std::size_t i = 0; i < out.packs.size(); ++i) {
        PackInfo& p = out.packs[i];
        for (const auto& file : p.parser_files) {
            std::string text;
            if (!read_file(file, text)) {
                result.add(make_error("load.unreadable", "cannot read parser file", file));
                continue;
            }
            result.merge(parse::read_parsers(text, file, pack_parsers[i]));
        }
        for (const auto& info : pack_parsers[i]) p.parser_names.push_back(info.name);
    }
    out.parser_groups.emplace_back(); // group 0: the built-in parser alone
    result.merge(parse::ParserSet::compile({parse::default_cloudtrail_parser()}, out.registry, out.parser_groups[0]));
    // One group per pack that declares parsers; a pack that reuses another's content
    // and has none of its own reads through that pack's group.
    out.pack_parser_group.assign(out.packs.size(), 0);
    for (std::size_t i = 0; i < out.packs.size(); ++i) {
        if (pack_parsers[i].empty()) continue;
        std::vector<parse::ParserInfo> infos = std::move(pack_parsers[i]);
        infos.push_back(parse::default_cloudtrail_parser());
        out.parser_groups.emplace_back();
        result.merge(parse::ParserSet::compile(std::move(infos), out.registry, out.parser_groups.back()));
        out.pack_parser_group[i] = out.parser_groups.size() - 1;
    }
    for (std::size_t i = 0; i < out.packs.size(); ++i)
        if (out.pack_parser_group[i] == 0 && !out.packs[i].reuse_pack.empty())
            for (std::size_t j = 0; j < out.packs.size(); ++j)
                if (out.packs[j].id == out.packs[i].reuse_pack) out.pack_parser_group[i] = out.pack_parser_group[j];

    // Context tables: every pack's, later packs replacing same-named tables, then --context.
    std::vector<context::TableSource> tables;
    for (const auto& p : out.packs) {
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
    const auto placeholders = out.context.placeholders();

    // Rules, compiled per pack with the pack's field map.
    for (const auto& p : out.packs) {
        std::vector<rules::RuleSource> sources;
        std::vector<std::string> files = p.rule_files;
        if (!p.reuse_rules.empty()) {
            const PackInfo* from = nullptr;
            for (const auto& q : out.packs)
                if (q.id == p.reuse_pack) from = &q;
            if (!from)
                result.add(make_error("pack.reuse_unknown_pack",
                                      "pack '" + p.id + "' reuses pack '" + p.reuse_pack + "', which is not loaded",
                                      p.dir + "/pack.yml"));
            else
                for (const auto& file : reused_rule_files(*from, p.reuse_rules, result, p)) files.push_back(file);
        }
        for (const auto& file : files) {
            rules::RuleSource s;
            s.file = file;
            s.pack = p.id;
            if (!read_file(file, s.text)) {
                result.add(make_error("load.unreadable", "cannot read rule file", file));
                continue;
            }
            sources.push_back(std::move(s));
        }
        rules::CompileOptions compile_options;
        compile_options.require_uuid_ids = p.plain_sigma;
        compile_options.placeholders = placeholders;
        if (!p.field_map.empty()) {
            const auto* map = &p.field_map;
            compile_options.map_field = [map](std::string_view name) { return map_field_name(*map, name); };
        }
        out.rule_sets.emplace_back();
        result.merge(rules::compile_rules(sources, out.registry, compile_options, out.rule_sets.back()));
        auto& alert_sources = out.alert_sources.emplace_back();
        const auto& set = out.rule_sets.back();
        for (std::uint32_t i = 0; i < set.size(); ++i) alert_sources.push_back(alert_source_of(set.meta(i)));

        // Models and the rules bound to them; then correlations over the rules.
        auto& model_set = *out.model_sets.emplace_back(std::make_unique<models::ModelSet>());
        result.merge(models::compile_models(read_pack_models(p, out.packs, result), out.registry, model_set,
                                            compile_options));
        auto& bindings = *out.bindings.emplace_back(std::make_unique<models::RuleBindings>());
        result.merge(models::bind_rules(model_set, set, out.registry, bindings));
        correlate::CorrelationOptions correlation_options;
        correlation_options.map_field = compile_options.map_field;
        auto& correlations = *out.correlation_sets.emplace_back(std::make_unique<correlate::CorrelationSet>());
        result.merge(correlate::CorrelationSet::compile(set, out.registry, correlation_options, correlations));
        out.derived.emplace_back(std::make_unique<DerivedFields>())->compile(p.derived, out.registry);
        auto& correlation_sources = out.correlation_sources.emplace_back();
        for (const auto& c : set.correlations()) correlation_sources.push_back(alert_source_of(c));
    }

    out.alert_builder = std::make_unique<alerts::AlertBuilder>(out.registry);
    // Enrichment fills only the derived fields some rule names; it interns its inputs,
    // so it runs before the parsers build their extraction plans.
    result.merge(enrich::Enricher::compile(options.enrich, &out.context, out.registry, out.enricher));
    // Every field name is known now: build the parsers' extraction plans.
    for (auto& group : out.parser_groups) group.finalize(out.registry);
    return result;
}

} // namespace trailproof::harness
