#include "validate_pack.h"

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "core/diagnostic_builder.h"
#include "validate_messages.h"

namespace trailproof::harness {

namespace fs = std::filesystem;

namespace {

// The `id:` lines at the top level of a file YAML could not read to the end, with
// the position of the value: a rule with a syntax error still counts as present
// (load reports the error).
std::vector<std::pair<std::string, yaml::SourcePos>> ids_written(std::string_view text) {
    std::vector<std::pair<std::string, yaml::SourcePos>> out;
    std::istringstream in{std::string(text)};
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
        if (!value.empty())
            out.emplace_back(value, yaml::SourcePos{number, static_cast<int>(line.find_first_not_of(" \t", 3)) + 1});
    }
    return out;
}

// The documents of `source` in file order (rules and correlations interleaved by
// position), then, for a file cut short by a YAML error, the ids written after it.
void add_documents(const load::PackSource& source, bool reused, PackFacts& facts, std::vector<RuleDoc>& out) {
    for (const auto& file : source.rule_files) {
        const std::size_t first = out.size();
        std::size_t r = 0, c = 0;
        while (r < file.rules.size() || c < file.correlations.size()) {
            const bool take_rule = c >= file.correlations.size() ||
                                   (r < file.rules.size() && file.rules[r].pos.line < file.correlations[c].pos.line);
            if (take_rule) out.emplace_back(file.rules[r++], true, reused);
            else out.emplace_back(file.correlations[c++], reused);
        }
        if (!file.yaml_failed) continue;
        for (auto& [id, pos] : ids_written(file.source.text)) {
            const bool known = std::any_of(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
                                           [&](const RuleDoc& d) { return d.id() == id; });
            if (known) continue;
            rules::RuleAst& stand_in = facts.recovered.emplace_back();
            stand_in.meta.id = id;
            stand_in.meta.file = file.source.file;
            stand_in.meta.pack = file.source.pack;
            stand_in.id_pos = pos;
            stand_in.pos = {pos.line, 1};
            out.emplace_back(stand_in, false, reused);
        }
    }
}

Diagnostic reuse_problem(const PackFacts& facts, std::string message, yaml::SourcePos pos, std::string kind,
                         std::string id) {
    return make_finding(facts, Severity::Error, codes::validate_reuse_unresolved, std::move(message), facts.pack_file,
                        pos.line, pos.column, std::move(kind), std::move(id));
}

// `reuse:` brings in the listed rules and models of the pack it names, which load
// loaded beside this one; every listed id must be there.
void add_reused(PackFacts& facts, LoadResult& result) {
    const load::ReuseInfo& reuse = facts.info.reuse;
    if (!reuse.declared) return;
    if (reuse.pack.empty()) {
        result.add(reuse_problem(facts, msg::reuse_without_pack(), reuse.pos, "pack", facts.info.id));
        return;
    }
    if (!facts.reused) {
        result.add(reuse_problem(facts, msg::reuse_pack_not_found(reuse.pack, facts.root), reuse.pack_pos, "pack",
                                 facts.info.id));
        return;
    }
    std::vector<RuleDoc> theirs;
    add_documents(*facts.reused, true, facts, theirs);
    for (std::size_t i = 0; i < reuse.rules.size(); ++i) {
        const std::string& wanted = reuse.rules[i];
        auto it = std::find_if(theirs.begin(), theirs.end(), [&](const RuleDoc& d) { return d.id() == wanted; });
        if (it == theirs.end())
            result.add(reuse_problem(facts, msg::reuse_item_not_found("rule", wanted, reuse.pack), reuse.rule_pos[i],
                                     "rule", wanted));
        else
            facts.rules.push_back(*it);
    }
    for (std::size_t i = 0; i < reuse.models.size(); ++i) {
        const std::string& wanted = reuse.models[i];
        const auto& models = facts.reused->models;
        auto it = std::find_if(models.begin(), models.end(), [&](const models::ModelInfo& m) { return m.id == wanted; });
        if (it == models.end())
            result.add(reuse_problem(facts, msg::reuse_item_not_found("model", wanted, reuse.pack), reuse.model_pos[i],
                                     "model", wanted));
        else
            facts.models.push_back(&*it);
    }
}

} // namespace

const std::string& RuleDoc::model_ref() const {
    static const std::string k_none;
    return m_correlation ? k_none : m_rule->meta.model_ref;
}

bool whole_value_item(const rules::FieldSpec& spec) {
    const auto bars = static_cast<std::size_t>(std::count(spec.key.begin(), spec.key.end(), '|'));
    return spec.modifiers.size() == bars && std::all_of(spec.modifiers.begin(), spec.modifiers.end(),
                                                        [](rules::Modifier m) { return m == rules::Modifier::Cased; });
}

const std::vector<parse::ParserInfo>& PackFacts::reused_parsers() const {
    static const std::vector<parse::ParserInfo> k_none;
    return reused ? reused->parsers : k_none;
}

std::string_view PackFacts::text_of(std::string_view file) const {
    std::string_view text = source.text_of(file);
    if (text.empty() && reused) text = reused->text_of(file);
    return text;
}

std::string_view PackFacts::line_of(const std::string& file, int line) const {
    auto it = line_indexes.find(file);
    if (it == line_indexes.end()) it = line_indexes.emplace(file, LineIndex(text_of(file))).first;
    return it->second.line(line);
}

void read_pack_facts(const load::Loaded& loaded, PackFacts& facts, LoadResult& result) {
    const load::PackSource& source = facts.source;
    if (source.reused != load::PackSource::k_none) facts.reused = &loaded.sources[source.reused];
    facts.pack_file = (fs::path(facts.info.dir) / "pack.yml").string();
    fs::path dir = fs::path(facts.info.dir).lexically_normal();
    if (dir.filename().empty()) dir = dir.parent_path();
    facts.root = dir.has_parent_path() ? dir.parent_path().string() : std::string(".");
    for (const auto& derived : facts.info.derived) facts.derived_fields.insert(derived.field);

    add_documents(source, false, facts, facts.rules);
    for (const auto& m : source.models) facts.models.push_back(&m);
    add_reused(facts, result);
}

Diagnostic make_finding(const PackFacts& facts, Severity severity, std::string_view code, std::string message,
                        const std::string& file, int line, int column, std::string item_kind, std::string item_id) {
    const bool named = !item_kind.empty() && !item_id.empty();
    const std::string step = named ? item_kind + " '" + item_id + "'" : std::string();
    Diagnostic d = diagnostic(severity, code, std::move(message), file, line, column)
                       .item(std::move(item_kind), std::move(item_id));
    if (!facts.info.id.empty()) d.context_chain.push_back("pack '" + facts.info.id + "'");
    if (named) d.context_chain.push_back(step);
    if (line > 0) d.snippet = std::string(facts.line_of(file, line));
    return d;
}

} // namespace trailproof::harness
