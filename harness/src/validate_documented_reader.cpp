#include "validate_documented_reader.h"

#include <algorithm>

#include "core/ascii.h"
#include "core/diagnostic_codes.h"
#include "validate_messages.h"

namespace trailproof::harness {

namespace {

using yaml::YamlKind;
using yaml::YamlNode;

bool standard_figure(std::string_view f) {
    return std::find(std::begin(k_figures), std::end(k_figures), f) != std::end(k_figures);
}

Located located(const YamlNode& n) { return {n.text, n.pos.line, n.pos.column}; }

const YamlNode* child(const YamlNode& map, std::string_view key) {
    if (map.kind != YamlKind::Map) return nullptr;
    const yaml::YamlEntry* e = map.find(key);
    return e ? &e->value : nullptr;
}

std::string text_of(const YamlNode* n) { return n && n->kind == YamlKind::Scalar ? n->text : std::string(); }

Located located_of(const YamlNode* n) { return n && n->kind == YamlKind::Scalar ? located(*n) : Located{}; }

std::optional<long> number(const YamlNode* n) {
    if (!n || n->kind != YamlKind::Scalar || n->text.empty() || n->text.size() > 9) return std::nullopt;
    if (!std::all_of(n->text.begin(), n->text.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
    return std::stol(n->text);
}

// Reads `documented:`; shape problems go to `out`.
class DocumentedReader {
public:
    DocumentedReader(const PackFacts& facts, LoadResult& out) : m_facts(facts), m_out(out) {}

    Documented read(const YamlNode& doc) {
        Documented d;
        if (doc.kind != YamlKind::Map) {
            shape(doc, "'documented' must be a mapping");
            return d;
        }
        for (const auto& e : doc.entries) {
            const std::string& key = e.key.text;
            const YamlNode& v = e.value;
            if (key == "counts") {
                if (v.kind != YamlKind::Map) {
                    shape(v, "'counts' must be a mapping of figure: number");
                    continue;
                }
                for (const auto& c : v.entries) add_count(d, c.key.text, c.value);
            } else if (key == "waivers") {
                d.waivers = waivers(v);
            } else if (key == "mitre") {
                d.has_mitre = true;
                for (const auto& m : sequence(v, "'mitre' must be a list of {id, name}")) {
                    MitreEntry entry{located_of(child(m, "id")), located_of(child(m, "name")), text_of(child(m, "waiver"))};
                    if (entry.id.text.empty()) shape(m, "a 'mitre' entry needs 'id'");
                    else d.mitre.push_back(std::move(entry));
                }
            } else if (key == "parsers" && v.kind == YamlKind::Sequence) {
                d.has_parsers = true;
                d.parsers = scalars(v);
            } else if ((key == "rules" || key == "inventory") && v.kind == YamlKind::Sequence) {
                d.has_rules = true;
                for (const auto& i : v.items) d.rules.push_back(item(i, "rule"));
            } else if (key == "models" && v.kind == YamlKind::Sequence) {
                d.has_models = true;
                for (const auto& i : v.items) d.models.push_back(item(i, "model"));
            } else if (key == "use_cases") {
                for (const auto& u : sequence(v, "'use_cases' must be a list")) d.use_cases.push_back(use_case(u));
            } else if (key == "unable_to_fire_rules") {
                d.has_unable = true;
                for (const auto& u : sequence(v, "'unable_to_fire_rules' must be a list"))
                    d.unable.push_back(u.kind == YamlKind::Map ? located_of(child(u, "id")) : located_of(&u));
            } else if (key == "activity_type_equivalents") {
                if (v.kind != YamlKind::Map) {
                    shape(v, "'activity_type_equivalents' must map a documented type to the pack's types");
                    continue;
                }
                for (const auto& eq : v.entries)
                    for (const auto& t : scalars(eq.value)) d.equivalents[ascii_lowered(eq.key.text)].push_back(ascii_lowered(t.text));
            } else if (key == "activity_types" && v.kind == YamlKind::Sequence) {
                // The documented list of types; its count is the `counts` figure.
            } else if (key == "activity_type_parsers") {
                // The vendor's type-to-parser table, kept as data.
            } else if (v.kind == YamlKind::Scalar && number(&v)) {
                add_count(d, key, v);
            } else {
                m_out.add(make_finding(m_facts, Severity::Warning, codes::load_unknown_key,
                                       "unknown key '" + key + "' in documented", m_facts.pack_file, e.key.pos.line,
                                       e.key.pos.column, "pack", m_facts.info.id));
            }
        }
        return d;
    }

private:
    void shape(const YamlNode& n, std::string what) {
        m_out.add(make_finding(m_facts, Severity::Error, codes::validate_documented_shape, msg::documented_shape(what),
                               m_facts.pack_file, n.pos.line, n.pos.column, "pack", m_facts.info.id));
    }

    std::vector<YamlNode> sequence(const YamlNode& n, std::string what) {
        if (n.kind == YamlKind::Sequence) return n.items;
        shape(n, std::move(what));
        return {};
    }

    std::vector<Located> scalars(const YamlNode& n) {
        std::vector<Located> out;
        if (n.kind == YamlKind::Scalar) out.push_back(located(n));
        else if (n.kind == YamlKind::Sequence)
            for (const auto& i : n.items)
                if (i.kind == YamlKind::Scalar) out.push_back(located(i));
        return out;
    }

    void add_count(Documented& d, const std::string& figure, const YamlNode& v) {
        auto value = number(&v);
        if (!value) {
            shape(v, "figure '" + figure + "' must be a whole number");
            return;
        }
        d.counts[figure] = {*value, v.pos.line, v.pos.column};
        if (!standard_figure(figure)) d.extra_figures.push_back(figure);
    }

    std::vector<Waiver> waivers(const YamlNode& n) {
        std::vector<Waiver> out;
        for (const auto& w : sequence(n, "'waivers' must be a list")) {
            Waiver waiver;
            waiver.figure = text_of(child(w, "figure"));
            waiver.missing = text_of(child(w, "missing"));
            if (const YamlNode* ids = child(w, "ids"))
                for (const auto& id : scalars(*ids)) waiver.ids.push_back(id.text);
            waiver.documented = number(child(w, "documented"));
            waiver.derived = number(child(w, "derived"));
            waiver.reason = text_of(child(w, "waiver"));
            waiver.line = w.pos.line;
            waiver.column = w.pos.column;
            if (waiver.reason.empty() || (waiver.figure.empty() && waiver.missing.empty())) {
                shape(w, "a waiver needs 'figure' (or 'missing') and 'waiver' (the reason)");
                continue;
            }
            out.push_back(std::move(waiver));
        }
        return out;
    }

    Item item(const YamlNode& n, const char* kind) {
        Item it;
        if (n.kind == YamlKind::Scalar) {
            it.id = located(n);
            return it;
        }
        it.id = located_of(child(n, "id"));
        if (it.id.text.empty()) shape(n, std::string("a documented ") + kind + " needs 'id'");
        it.title = located_of(child(n, "title"));
        if (it.title.text.empty()) it.title = located_of(child(n, "description"));
        it.effort = located_of(child(n, "effort"));
        it.file = located_of(child(n, "file"));
        it.waiver = text_of(child(n, "waiver"));
        const YamlNode* mitre = child(n, "mitre");
        if (!mitre) mitre = child(n, "attack");
        if (mitre) {
            it.has_mitre = true;
            it.mitre = scalars(*mitre);
        }
        if (const YamlNode* t = child(n, "tactics")) {
            it.has_tactics = true;
            it.tactics = scalars(*t);
        }
        if (const YamlNode* t = child(n, "activity_types")) {
            it.has_types = true;
            it.activity_types = scalars(*t);
        }
        if (const YamlNode* u = child(n, "use_cases")) {
            it.has_use_cases = true;
            it.use_cases = scalars(*u);
        }
        // The legacy Exabeam view also lists the other use cases of the data source
        // that hold the rule: a rule may name them too, but need not.
        if (const YamlNode* u = child(n, "other_use_cases")) it.other_use_cases = scalars(*u);
        return it;
    }

    UseCase use_case(const YamlNode& n) {
        UseCase u;
        u.name = located_of(child(n, "name"));
        if (u.name.text.empty()) shape(n, "a use case needs 'name'");
        for (const char* figure : {"rules", "models", "mitre_ttps", "activity_types", "parsers"})
            if (const YamlNode* v = child(n, figure)) {
                if (auto value = number(v)) u.counts[figure] = {*value, v->pos.line, v->pos.column};
                else shape(*v, std::string("figure '") + figure + "' must be a whole number");
            }
        if (const YamlNode* ids = child(n, "rule_ids")) {
            u.has_rule_ids = true;
            u.rule_ids = scalars(*ids);
        }
        if (const YamlNode* w = child(n, "waivers")) u.waivers = waivers(*w);
        return u;
    }

    const PackFacts& m_facts;
    LoadResult& m_out;
};

} // namespace

Documented read_documented(const PackFacts& facts, LoadResult& out) {
    if (!facts.source.documented) return {};
    return DocumentedReader(facts, out).read(*facts.source.documented);
}

} // namespace trailproof::harness
