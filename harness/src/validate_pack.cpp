#include "core/diagnostic_builder.h"
#include "validate_pack.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "models/model_reader.h"
#include "parse/parser_reader.h"
#include "yaml/yaml_tree.h"
#include "validate_messages.h"

#include "load/files.h"

namespace trailproof::harness {

namespace fs = std::filesystem;
using yaml::YamlKind;
using yaml::YamlNode;

namespace {



Located located(const YamlNode& n) { return {n.text, n.pos.line, n.pos.column}; }

const YamlNode* child(const YamlNode& map, std::string_view key) {
    if (map.kind != YamlKind::Map) return nullptr;
    const yaml::YamlEntry* e = map.find(key);
    return e ? &e->value : nullptr;
}

// A scalar, or each scalar of a sequence (Sigma lets one string stand for a list).
std::vector<Located> scalars(const YamlNode* n) {
    std::vector<Located> out;
    if (!n) return out;
    if (n->kind == YamlKind::Scalar) out.push_back(located(*n));
    if (n->kind == YamlKind::Sequence)
        for (const auto& item : n->items)
            if (item.kind == YamlKind::Scalar) out.push_back(located(item));
    return out;
}

Located scalar(const YamlNode* n) {
    if (!n || n->kind != YamlKind::Scalar) return {};
    return located(*n);
}

bool looks_numeric_or_bool(std::string_view s) {
    if (s == "true" || s == "false" || s == "yes" || s == "no" || s == "on" || s == "off" || s == "True" ||
        s == "False")
        return true;
    if (s.empty()) return false;
    std::size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
    if (i == s.size()) return false;
    bool digit = false;
    for (; i < s.size(); ++i) {
        if (s[i] >= '0' && s[i] <= '9') {
            digit = true;
            continue;
        }
        if (s[i] != '.' && s[i] != '_') return false;
    }
    return digit;
}

ValueFact value_fact(const YamlNode& n) {
    ValueFact v;
    v.line = n.pos.line;
    v.column = n.pos.column;
    if (n.kind == YamlKind::Null) {
        v.null = true;
        v.string = false;
        return v;
    }
    v.text = n.text;
    v.string = !(n.plain() && looks_numeric_or_bool(n.text));
    return v;
}

ItemFact item_fact(const PackFacts& facts, const YamlNode& key, const YamlNode& value) {
    ItemFact item;
    item.key = key.text;
    item.line = key.pos.line;
    item.column = key.pos.column;
    std::size_t bar = key.text.find('|');
    item.field = key.text.substr(0, bar);
    while (bar != std::string::npos) {
        std::size_t next = key.text.find('|', bar + 1);
        item.modifiers.push_back(key.text.substr(bar + 1, next == std::string::npos ? std::string::npos : next - bar - 1));
        bar = next;
    }
    item.mapped = item.field.empty() ? std::string() : facts.map_field(item.field);
    if (value.kind == YamlKind::Sequence) {
        for (const auto& v : value.items)
            if (v.kind == YamlKind::Scalar || v.kind == YamlKind::Null) item.values.push_back(value_fact(v));
    } else if (value.kind == YamlKind::Scalar || value.kind == YamlKind::Null) {
        item.values.push_back(value_fact(value));
    }
    return item;
}

DetectionFact detection_fact(const PackFacts& facts, const YamlNode& n) {
    DetectionFact d;
    if (n.kind == YamlKind::Map) {
        for (const auto& e : n.entries) d.items.push_back(item_fact(facts, e.key, e.value));
        return d;
    }
    if (n.kind == YamlKind::Sequence) {
        const bool all_scalars = std::all_of(n.items.begin(), n.items.end(), [](const YamlNode& i) {
            return i.kind == YamlKind::Scalar || i.kind == YamlKind::Null;
        });
        if (all_scalars) {
            d.keywords = true;
            ItemFact item;
            item.line = n.pos.line;
            item.column = n.pos.column;
            for (const auto& v : n.items) item.values.push_back(value_fact(v));
            d.items.push_back(std::move(item));
            return d;
        }
        d.any_of = true;
        for (const auto& i : n.items) d.children.push_back(detection_fact(facts, i));
        return d;
    }
    if (n.kind == YamlKind::Scalar) { // a lone keyword
        d.keywords = true;
        ItemFact item;
        item.line = n.pos.line;
        item.column = n.pos.column;
        item.values.push_back(value_fact(n));
        d.items.push_back(std::move(item));
    }
    return d;
}

RuleFact rule_fact(const PackFacts& facts, const std::string& file, const std::string& pack, const YamlNode& root) {
    RuleFact r;
    r.file = file;
    r.pack = pack;
    r.line = root.pos.line;
    r.column = root.pos.column;
    r.id = scalar(child(root, "id"));
    r.name = scalar(child(root, "name"));
    r.title = scalar(child(root, "title"));
    r.effort = scalar(child(root, "effort"));
    r.relevance = scalar(child(root, "cloudtrail_relevance"));
    r.relevance_reason = scalar(child(root, "cloudtrail_relevance_reason")).text;
    r.tags = scalars(child(root, "tags"));
    r.activity_types = scalars(child(root, "activity_types"));
    r.use_cases = scalars(child(root, "use_cases"));
    if (const YamlNode* model = child(root, "model")) r.model_ref = scalar(child(*model, "ref"));
    if (const YamlNode* detection = child(root, "detection"); detection && detection->kind == YamlKind::Map) {
        for (const auto& e : detection->entries) {
            if (e.key.text == "condition") {
                r.conditions = scalars(&e.value);
                continue;
            }
            if (e.key.text == "timeframe") continue;
            r.detections.emplace_back(located(e.key), detection_fact(facts, e.value));
        }
    }
    if (const YamlNode* correlation = child(root, "correlation")) {
        r.correlation = true;
        r.correlation_fields = scalars(child(*correlation, "group-by"));
        if (const YamlNode* condition = child(*correlation, "condition"))
            for (auto& f : scalars(child(*condition, "field"))) r.correlation_fields.push_back(std::move(f));
    }
    return r;
}

// The `id:` lines at the top level of a file YAML cannot read, so a rule with a
// syntax error still counts as present (its error is reported by load_content).
std::vector<Located> recover_ids(const std::string& text) {
    std::vector<Located> out;
    std::istringstream in(text);
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (line.rfind("id:", 0) != 0) continue;
        std::string value = line.substr(3);
        value.erase(0, value.find_first_not_of(" \t"));
        if (auto hash = value.find(" #"); hash != std::string::npos) value.erase(hash);
        while (!value.empty() && (value.back() == ' ' || value.back() == '\r' || value.back() == '\t')) value.pop_back();
        if (value.size() >= 2 && (value.front() == '\'' || value.front() == '"') && value.back() == value.front())
            value = value.substr(1, value.size() - 2);
        if (!value.empty()) out.push_back({value, number, static_cast<int>(line.find_first_not_of(" \t", 3)) + 1});
    }
    return out;
}

// The folder below `root` whose pack.yml has `id: <pack_id>`.
std::string find_pack_dir(const std::string& root, const std::string& pack_id) {
    std::error_code ec;
    std::vector<fs::path> dirs;
    for (const auto& entry : fs::directory_iterator(root, ec))
        if (entry.is_directory() && fs::exists(entry.path() / "pack.yml")) dirs.push_back(entry.path());
    std::sort(dirs.begin(), dirs.end());
    for (const auto& dir : dirs) {
        std::string text;
        if (!load::read_file((dir / "pack.yml").string(), text)) continue;
        yaml::YamlReadResult parsed = yaml::read_yaml_documents(text);
        if (parsed.documents.empty()) continue;
        if (scalar(child(parsed.documents.front().root, "id")).text == pack_id) return dir.string();
    }
    return {};
}

void read_models_of(const std::string& dir, const std::string& pack, PackFacts& facts,
                    std::vector<models::ModelInfo>& out, LoadResult& result) {
    for (const auto& file : load::yaml_files_below((fs::path(dir) / "models").string())) {
        std::string text;
        if (!load::read_file(file, text)) {
            result.add(make_finding(facts, Severity::Error, codes::load_unreadable, "cannot read model file", file, 0, 0));
            continue;
        }
        result.merge(models::read_models(text, file, out, pack));
        facts.texts[file] = std::move(text);
    }
}

void read_parsers_of(const std::vector<std::string>& files, PackFacts& facts, std::vector<parse::ParserInfo>& out) {
    for (const auto& file : files) {
        std::string text;
        if (!load::read_file(file, text)) continue; // load_content reports it
        // Diagnostics are load_content's; here only the definitions matter.
        (void)parse::read_parsers(text, file, out);
        facts.texts[file] = std::move(text);
    }
}

void read_reuse(const YamlNode& reuse, PackFacts& facts, LoadResult& result) {
    facts.has_reuse = true;
    facts.reuse.pack = scalar(child(reuse, "pack"));
    facts.reuse.rules = scalars(child(reuse, "rules"));
    facts.reuse.models = scalars(child(reuse, "models"));
    if (facts.reuse.pack.text.empty()) {
        result.add(make_finding(facts, Severity::Error, codes::validate_reuse_unresolved, msg::reuse_without_pack(),
                                facts.pack_file, reuse.pos.line, reuse.pos.column, "pack", facts.info.id));
        return;
    }
    facts.reuse.dir = find_pack_dir(facts.root, facts.reuse.pack.text);
    if (facts.reuse.dir.empty()) {
        result.add(make_finding(facts, Severity::Error, codes::validate_reuse_unresolved,
                                msg::reuse_pack_not_found(facts.reuse.pack.text, facts.root), facts.pack_file,
                                facts.reuse.pack.line, facts.reuse.pack.column, "pack", facts.info.id));
        return;
    }
    const std::string& other = facts.reuse.pack.text;
    std::vector<RuleFact> rules;
    for (const auto& file : load::yaml_files_below((fs::path(facts.reuse.dir) / "rules").string())) {
        std::string text;
        if (!load::read_file(file, text)) continue;
        read_rule_file(file, text, facts, other, rules);
        facts.texts[file] = std::move(text);
    }
    for (const auto& wanted : facts.reuse.rules) {
        auto it = std::find_if(rules.begin(), rules.end(), [&](const RuleFact& r) { return r.id.text == wanted.text; });
        if (it == rules.end()) {
            result.add(make_finding(facts, Severity::Error, codes::validate_reuse_unresolved,
                                    msg::reuse_item_not_found("rule", wanted.text, other), facts.pack_file, wanted.line,
                                    wanted.column, "rule", wanted.text));
            continue;
        }
        it->reused = true;
        facts.rules.push_back(*it);
    }
    std::vector<models::ModelInfo> models;
    LoadResult ignored; // the other pack's own problems are its own validation's business
    read_models_of(facts.reuse.dir, other, facts, models, ignored);
    for (const auto& wanted : facts.reuse.models) {
        auto it = std::find_if(models.begin(), models.end(),
                               [&](const models::ModelInfo& m) { return m.id == wanted.text; });
        if (it == models.end()) {
            result.add(make_finding(facts, Severity::Error, codes::validate_reuse_unresolved,
                                    msg::reuse_item_not_found("model", wanted.text, other), facts.pack_file,
                                    wanted.line, wanted.column, "model", wanted.text));
            continue;
        }
        facts.models.push_back(std::move(*it));
    }
    read_parsers_of(load::yaml_files_below((fs::path(facts.reuse.dir) / "parsers").string()), facts, facts.reused_parsers);
}

} // namespace

std::string reused_pack_dir(const std::string& pack_dir) {
    std::string text;
    if (!load::read_file((fs::path(pack_dir) / "pack.yml").string(), text)) return {};
    yaml::YamlReadResult parsed = yaml::read_yaml_documents(text);
    if (parsed.documents.empty()) return {};
    const YamlNode* reuse = child(parsed.documents.front().root, "reuse");
    const std::string id = reuse ? scalar(child(*reuse, "pack")).text : std::string();
    if (id.empty()) return {};
    fs::path dir = fs::path(pack_dir).lexically_normal();
    if (dir.filename().empty()) dir = dir.parent_path();
    return find_pack_dir(dir.has_parent_path() ? dir.parent_path().string() : std::string("."), id);
}

void read_rule_file(const std::string& file, const std::string& text, const PackFacts& facts, const std::string& pack,
                    std::vector<RuleFact>& out) {
    yaml::YamlReadResult parsed = yaml::read_yaml_documents(text);
    const std::size_t first = out.size();
    for (const auto& doc : parsed.documents)
        if (doc.root.kind == YamlKind::Map) out.push_back(rule_fact(facts, file, pack, doc.root));
    if (!parsed.failed) return;
    for (auto& id : recover_ids(text)) {
        bool known = std::any_of(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
                                 [&](const RuleFact& r) { return r.id.text == id.text; });
        if (known) continue;
        RuleFact r;
        r.file = file;
        r.pack = pack;
        r.parsed = false;
        r.line = id.line;
        r.column = 1;
        r.id = std::move(id);
        out.push_back(std::move(r));
    }
}

Diagnostic make_finding(const PackFacts& facts, Severity severity, std::string_view code, std::string message,
                        const std::string& file, int line, int column, std::string item_kind, std::string item_id) {
    const bool named = !item_kind.empty() && !item_id.empty();
    const std::string step = named ? item_kind + " '" + item_id + "'" : std::string();
    Diagnostic d = diagnostic(severity, code, std::move(message), file, line, column)
                       .item(std::move(item_kind), std::move(item_id));
    if (!facts.info.id.empty()) d.context_chain.push_back("pack '" + facts.info.id + "'");
    if (named) d.context_chain.push_back(step);
    if (auto it = facts.texts.find(file); it != facts.texts.end() && line > 0)
        d.snippet = std::string(source_line(it->second, line));
    return d;
}

PackFacts read_pack_facts(const load::PackInfo& pack, LoadResult& result) {
    PackFacts facts;
    facts.info = pack;
    facts.pack_file = (fs::path(pack.dir) / "pack.yml").string();
    fs::path dir = fs::path(pack.dir).lexically_normal();
    if (dir.filename().empty()) dir = dir.parent_path();
    facts.root = dir.has_parent_path() ? dir.parent_path().string() : std::string(".");

    std::string pack_text;
    if (load::read_file(facts.pack_file, pack_text)) {
        facts.texts[facts.pack_file] = pack_text;
        yaml::YamlReadResult parsed = yaml::read_yaml_documents(pack_text);
        if (!parsed.documents.empty()) {
            const YamlNode& root = parsed.documents.front().root;
            if (const YamlNode* derived = child(root, "field_derived"); derived && derived->kind == YamlKind::Sequence)
                for (const auto& entry : derived->items)
                    if (auto f = scalar(child(entry, "field")); !f.text.empty()) facts.derived_fields.insert(f.text);
            if (const YamlNode* reuse = child(root, "reuse")) read_reuse(*reuse, facts, result);
        }
    }

    read_parsers_of(pack.parser_files, facts, facts.parsers);

    std::vector<models::ModelInfo> own_models;
    read_models_of(pack.dir, pack.id, facts, own_models, result);
    facts.models.insert(facts.models.begin(), own_models.begin(), own_models.end());

    std::vector<RuleFact> own_rules;
    for (const auto& file : pack.rule_files) {
        std::string text;
        if (!load::read_file(file, text)) continue; // load_content reports it
        read_rule_file(file, text, facts, pack.id, own_rules);
        facts.texts[file] = std::move(text);
    }
    facts.rules.insert(facts.rules.begin(), own_rules.begin(), own_rules.end());
    return facts;
}

} // namespace trailproof::harness
