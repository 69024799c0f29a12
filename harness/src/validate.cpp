#include "validate.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>

#include "alerts/alert.h"
#include "core/diagnostic_builder.h"
#include "load/content.h"
#include "validate_names.h"
#include "validate_pack.h"
#include "validate_relevance.h"
#include "validate_rules.h"
#include "validate_tables.h"

namespace trailproof::harness {

namespace fs = std::filesystem;

namespace {

bool has_yaml_below(const fs::path& dir) {
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
        auto ext = it->path().extension();
        if (it->is_regular_file() && (ext == ".yml" || ext == ".yaml")) return true;
    }
    return false;
}

bool holds_packs(const fs::path& dir) {
    std::error_code ec;
    if (fs::exists(dir / "pack.yml", ec)) return true;
    for (const auto& entry : fs::directory_iterator(dir, ec))
        if (entry.is_directory() && fs::exists(entry.path() / "pack.yml")) return true;
    return false;
}

Diagnostic path_problem(const std::string& path, std::string message) {
    return diagnostic_at(codes::load_unreadable, std::move(message), path).item("path", "");
}

// The folder of the pack that holds rule file `file`: the nearest folder above
// it with a pack.yml, else the file's own folder (a bare folder of Sigma rules).
fs::path pack_dir_of(const fs::path& file) {
    const fs::path own = file.has_parent_path() ? file.parent_path() : fs::path(".");
    std::error_code ec;
    const fs::path absolute = fs::absolute(own, ec);
    fs::path relative = own;
    for (fs::path dir = absolute; !dir.empty(); dir = dir.parent_path()) {
        if (fs::exists(dir / "pack.yml", ec)) {
            std::string text = relative.lexically_normal().string();
            while (text.size() > 1 && text.back() == '/') text.pop_back();
            return text;
        }
        if (dir == dir.parent_path()) break;
        relative /= "..";
    }
    return own;
}

bool same_file(const std::string& a, const std::string& b) {
    std::error_code ec;
    return fs::equivalent(a, b, ec);
}

bool inside(const std::string& file, const std::string& dir) {
    if (file == dir) return true;
    std::string prefix = dir;
    if (!prefix.empty() && prefix.back() != '/') prefix += '/';
    return file.rfind(prefix, 0) == 0;
}

// Reference tables, read once per folder.
class TableCache {
public:
    const AttackTables* attack(const std::string& dir, ValidateReport& report) {
        return get(m_attack, dir, report);
    }
    const AwsTables* aws(const std::string& dir, ValidateReport& report) { return get(m_aws, dir, report); }

private:
    template <class Tables>
    const Tables* get(std::map<std::string, std::unique_ptr<Tables>>& cache, const std::string& dir,
                      ValidateReport& report) {
        auto it = cache.find(dir);
        if (it != cache.end()) return it->second.get();
        auto tables = std::make_unique<Tables>();
        LoadResult result = tables->read(dir);
        if (!result.successful()) {
            report.general.merge(result);
            report.unreadable = true;
            tables.reset();
        }
        return cache.emplace(dir, std::move(tables)).first->second.get();
    }

    std::map<std::string, std::unique_ptr<AttackTables>> m_attack;
    std::map<std::string, std::unique_ptr<AwsTables>> m_aws;
};

// A table folder nobody named: the content root's own when it has one (a content
// repository may pin its own ATT&CK version), else the installed one; when neither
// exists, the root's, so the error names where the tables were expected.
std::string default_tables(const std::string& root, const char* name, const ValidateOptions& options) {
    const std::string own = root + "/" + name;
    if (options.installed_tables_root.empty()) return own;
    std::error_code ec;
    if (fs::is_directory(own, ec)) return own;
    const std::string installed = options.installed_tables_root + "/" + name;
    return fs::is_directory(installed, ec) ? installed : own;
}

PackReport validate_pack(const load::Loaded& loaded, std::size_t index, LoadResult found,
                         const ValidateOptions& options, TableCache& tables, ValidateReport& report) {
    const load::PackInfo& info = loaded.packs[index];
    PackReport out;
    out.id = info.id;
    out.title = info.title;
    out.dir = info.dir;
    LoadResult& d = found;
    PackFacts facts(info, loaded.sources[index]);
    read_pack_facts(loaded, facts, d);
    const std::string attack_dir = options.attack_dir.empty() ? default_tables(facts.root, "attack", options) : options.attack_dir;
    const std::string aws_dir = options.aws_dir.empty() ? default_tables(facts.root, "aws", options) : options.aws_dir;
    const AttackTables* attack = tables.attack(attack_dir, report);
    const AwsTables* aws = tables.aws(aws_dir, report);
    check_model_refs(facts, d);
    check_activity_types(facts, d);
    if (attack && aws) {
        check_rule_attack(facts, *attack, d);
        check_aws_names(facts, *aws, d);
        std::vector<Relevance> relevance = check_relevance(facts, *aws, d);
        out.counts = check_documented(facts, relevance, *attack, d);
    }
    out.diagnostics = std::move(d);
    for (const RuleDoc& rule : facts.rules)
        if (!rule.reused() && !rule.label().empty() &&
            std::none_of(out.rules.begin(), out.rules.end(), [&](const RuleLink& r) { return r.id == rule.label(); }))
            out.rules.push_back({rule.label(), rule.title(),
                                 rule_help_uri(rule.meta().references, info.reference, rule.meta().techniques),
                                 rule.file()});
    return out;
}

// The deepest folder holding every one of `dirs` (absolute, normalized).
std::string common_folder(const std::vector<std::string>& dirs) {
    std::optional<fs::path> common;
    for (const auto& dir : dirs) {
        std::error_code ec;
        fs::path p = fs::absolute(dir, ec).lexically_normal();
        if (ec) continue;
        if (!p.empty() && !p.has_filename()) p = p.parent_path(); // "a/b/" -> "a/b"
        if (!common) {
            common = p;
            continue;
        }
        fs::path shared;
        for (auto a = common->begin(), b = p.begin(); a != common->end() && b != p.end() && *a == *b; ++a, ++b)
            shared /= *a;
        common = shared;
    }
    return common ? common->string() : std::string();
}

} // namespace

std::size_t ValidateReport::errors() const {
    std::size_t n = general.errors().size();
    for (const auto& p : packs) n += p.diagnostics.errors().size();
    return n;
}

std::size_t ValidateReport::warnings() const {
    std::size_t n = general.warnings().size();
    for (const auto& p : packs) n += p.diagnostics.warnings().size();
    return n;
}

int ValidateReport::exit_code() const {
    if (unreadable) return 2;
    return errors() ? 1 : 0;
}

std::string rule_help_uri(const std::vector<std::string>& references, const std::string& pack_reference,
                          const std::vector<std::string>& techniques) {
    auto is_url = [](const std::string& s) { return s.rfind("https://", 0) == 0 || s.rfind("http://", 0) == 0; };
    for (const auto& r : references)
        if (is_url(r)) return r;
    if (is_url(pack_reference)) return pack_reference;
    if (techniques.empty()) return {};
    return alerts::technique_url(techniques.front());
}

ValidateReport validate_packs(const std::vector<std::string>& paths, const ValidateOptions& options) {
    ValidateReport report;
    TableCache tables;
    std::vector<std::string> load_paths;
    std::vector<std::pair<std::string, std::string>> rule_files; // (pack folder, file) asked for on their own
    std::vector<std::string> folders;                            // asked for whole
    for (std::string path : paths) {
        std::error_code ec;
        fs::path p(path);
        if (!fs::exists(p, ec)) {
            report.general.add(path_problem(path, "no such file or folder"));
            report.unreadable = true;
            continue;
        }
        if (fs::is_regular_file(p, ec)) {
            if (p.extension() == ".yml" || p.extension() == ".yaml") {
                if (p.filename() != "pack.yml") {
                    std::string dir = pack_dir_of(p).string();
                    if (dir.empty()) dir = ".";
                    rule_files.emplace_back(dir, path);
                    if (std::none_of(load_paths.begin(), load_paths.end(),
                                     [&](const std::string& l) { return same_file(l, dir); }))
                        load_paths.push_back(dir);
                    continue;
                }
            } else {
                report.skipped.push_back(path);
                continue;
            }
            path = p.has_parent_path() ? p.parent_path().string() : std::string(".");
            p = fs::path(path);
        }
        if (!fs::is_directory(p, ec)) {
            report.general.add(path_problem(path, "not a file or folder"));
            report.unreadable = true;
            continue;
        }
        // A folder with neither packs nor YAML (content/attack, content/aws) is not content.
        if (!holds_packs(p) && !has_yaml_below(p)) {
            report.skipped.push_back(path);
            continue;
        }
        while (path.size() > 1 && path.back() == '/') path.pop_back();
        folders.push_back(path);
        if (std::none_of(load_paths.begin(), load_paths.end(), [&](const std::string& l) { return same_file(l, path); }))
            load_paths.push_back(path);
    }
    if (load_paths.empty()) return report;

    // A pack that reuses another's rules loads with it, as `detect` would need it;
    // only the packs asked for are reported.
    load::LoadOptions load_options;
    load_options.context_dirs = options.context_dirs;
    load_options.with_reused_packs = true;
    load_options.limits = options.limits;
    const load::Loaded loaded = load::load(load_paths, load_options);
    // Attribute every load finding to the pack whose folder holds its file.
    std::vector<LoadResult> per_pack(loaded.packs.size());
    for (const auto* list : {&loaded.result.errors(), &loaded.result.warnings()})
        for (const auto& d : *list) {
            // A GeoIP database is an input of a run, not part of the content.
            if (d.code == codes::enrich_no_geoip) continue;
            // validate.dangling_model_ref says the same at the `ref:` value, with the
            // closest model id (check_model_refs): it replaces this one.
            if (d.code == codes::model_unknown_ref) continue;
            bool placed = false;
            for (std::size_t i = 0; i < loaded.packs.size() && !placed; ++i)
                if (inside(d.file, loaded.packs[i].dir)) {
                    per_pack[i].add(d);
                    placed = true;
                }
            if (!placed) report.general.add(d);
        }
    // A pack is reported whole unless it was loaded only for rule files asked for on their own.
    std::vector<bool> whole(loaded.requested, true);
    for (std::size_t i = 0; i < loaded.requested; ++i) {
        const std::string& dir = loaded.packs[i].dir;
        const bool for_files =
            std::any_of(rule_files.begin(), rule_files.end(), [&](const auto& f) { return same_file(f.first, dir); });
        const bool asked = std::any_of(folders.begin(), folders.end(), [&](const auto& f) { return same_file(f, dir); });
        whole[i] = asked || !for_files;
    }
    std::vector<std::string> roots;
    for (std::size_t i = 0; i < loaded.requested; ++i) {
        const fs::path dir = fs::absolute(loaded.packs[i].dir).lexically_normal();
        roots.push_back((dir.has_filename() ? dir : dir.parent_path()).parent_path().string());
    }
    report.srcroot = common_folder(roots);
    for (std::size_t i = 0; i < loaded.requested; ++i) {
        PackReport pack = validate_pack(loaded, i, std::move(per_pack[i]), options, tables, report);
        if (whole[i]) {
            report.packs.push_back(std::move(pack));
            continue;
        }
        for (const auto& [dir, file] : rule_files) {
            if (!same_file(dir, loaded.packs[i].dir)) continue;
            PackReport one;
            one.id = pack.id;
            one.title = pack.title;
            one.dir = pack.dir;
            one.only_file = file;
            for (const auto& rule : pack.rules)
                if (same_file(rule.file, file)) one.rules.push_back(rule);
            for (const auto* list : {&pack.diagnostics.errors(), &pack.diagnostics.warnings()})
                for (const auto& d : *list)
                    if (same_file(d.file, file)) one.diagnostics.add(d);
            report.packs.push_back(std::move(one));
        }
    }
    if (options.strict) {
        report.general = report.general.with_warnings_as_errors();
        for (auto& pack : report.packs) pack.diagnostics = pack.diagnostics.with_warnings_as_errors();
    }
    return report;
}

} // namespace trailproof::harness
