#include "content.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "parse/default_parser.h"
#include "parse/parser_reader.h"

namespace trailproof::harness {

namespace fs = std::filesystem;

namespace {

bool read_file(const std::string& path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream ss;
    ss << in.rdbuf();
    out = ss.str();
    return true;
}

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

std::vector<std::string> yaml_files_below(const fs::path& dir) {
    std::vector<std::string> out;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return out;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
        if (!it->is_regular_file()) continue;
        auto ext = it->path().extension();
        if (ext == ".yml" || ext == ".yaml") out.push_back(it->path().string());
    }
    std::sort(out.begin(), out.end());
    return out;
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
    for (const char* key : {"field_derived", "reuse"})
        if (const YAML::Node n = root[key])
            at(n, "pack.not_applied", std::string("'") + key + "' is read but not applied yet by this version",
               Severity::Warning);
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
        p.parser_files = yaml_files_below(pack_dir / "parsers");
        p.rule_files = yaml_files_below(pack_dir / "rules");
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
        p.rule_files = yaml_files_below(dir);
        out.push_back(std::move(p));
    }
    return out;
}

alerts::AlertSource alert_source_of(const rules::RuleMeta& m) {
    alerts::AlertSource s;
    s.id = m.id;
    s.title = m.title;
    s.pack = m.pack;
    s.level = m.level;
    s.score = m.score;
    s.techniques = m.techniques;
    for (const auto& t : m.tactics) {
        auto id = alerts::tactic_id(t);
        if (!id.empty() && std::find(s.tactics.begin(), s.tactics.end(), id) == s.tactics.end())
            s.tactics.emplace_back(id);
    }
    return s;
}

} // namespace

LoadResult load_content(const std::vector<std::string>& paths, Content& out) {
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

    // Parsers of every pack, in load order, then the built-in CloudTrail parser as the fallback.
    std::vector<parse::ParserInfo> parser_infos;
    for (auto& p : out.packs) {
        const std::size_t first = parser_infos.size();
        for (const auto& file : p.parser_files) {
            std::string text;
            if (!read_file(file, text)) {
                result.add(make_error("load.unreadable", "cannot read parser file", file));
                continue;
            }
            result.merge(parse::read_parsers(text, file, parser_infos));
        }
        for (std::size_t i = first; i < parser_infos.size(); ++i) p.parser_names.push_back(parser_infos[i].name);
    }
    parser_infos.push_back(parse::default_cloudtrail_parser());
    result.merge(parse::ParserSet::compile(std::move(parser_infos), out.registry, out.parsers));

    // Rules, compiled per pack with the pack's field map.
    for (const auto& p : out.packs) {
        std::vector<rules::RuleSource> sources;
        for (const auto& file : p.rule_files) {
            rules::RuleSource s;
            s.file = file;
            s.pack = p.id;
            if (!read_file(file, s.text)) {
                result.add(make_error("load.unreadable", "cannot read rule file", file));
                continue;
            }
            sources.push_back(std::move(s));
        }
        rules::CompileOptions options;
        options.require_uuid_ids = p.plain_sigma;
        if (!p.field_map.empty()) {
            const auto* map = &p.field_map;
            options.map_field = [map](std::string_view name) {
                auto it = map->find(name);
                return it == map->end() ? std::string(name) : it->second;
            };
        }
        out.rule_sets.emplace_back();
        result.merge(rules::compile_rules(sources, out.registry, options, out.rule_sets.back()));
        auto& alert_sources = out.alert_sources.emplace_back();
        const auto& set = out.rule_sets.back();
        for (std::uint32_t i = 0; i < set.size(); ++i) alert_sources.push_back(alert_source_of(set.meta(i)));
    }

    out.alert_builder = std::make_unique<alerts::AlertBuilder>(out.registry);
    // Every field name is known now: build the parsers' extraction plans.
    out.parsers.finalize(out.registry);
    return result;
}

} // namespace trailproof::harness
