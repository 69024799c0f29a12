#include "core/diagnostic_codes.h"
#include "validate_documented.h"

#include <algorithm>
#include <map>
#include <set>

#include "yaml/yaml_tree.h"
#include "validate_messages.h"
#include "core/ascii.h"

namespace trailproof::harness {

namespace {

using yaml::YamlKind;
using yaml::YamlNode;

struct Figure {
    long value = 0;
    int line = 0, column = 0;
};

struct Waiver {
    std::string figure;               // a count waiver: the figure it explains
    std::string missing;              // a presence waiver: rules | models | parsers
    std::vector<std::string> ids;     // presence waiver: the ids it covers (all when empty)
    std::optional<long> documented, derived;
    std::string reason;
    int line = 0, column = 0;
};

struct MitreEntry {
    Located id, name;
    std::string waiver;
};

struct Item {
    Located id, title, effort, file;
    std::vector<Located> mitre, tactics, activity_types, use_cases, other_use_cases;
    bool has_mitre = false, has_tactics = false, has_types = false, has_use_cases = false;
    std::string waiver;
};

struct UseCase {
    Located name;
    std::map<std::string, Figure> counts;
    std::vector<Located> rule_ids;
    bool has_rule_ids = false;
    std::vector<Waiver> waivers;
};

struct Documented {
    std::map<std::string, Figure> counts;
    std::vector<std::string> extra_figures; // documented figures with no derivation, in file order
    std::vector<Waiver> waivers;
    bool has_mitre = false, has_parsers = false, has_rules = false, has_models = false, has_unable = false;
    std::vector<MitreEntry> mitre;
    std::vector<Located> parsers;
    std::vector<Item> rules, models;
    std::vector<UseCase> use_cases;
    std::vector<Located> unable;
    std::map<std::string, std::vector<std::string>> equivalents;
};

constexpr const char* k_figures[] = {"rules", "models", "mitre_ttps", "activity_types", "parsers", "unable_to_fire"};

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


std::string joined(const std::set<std::string>& s) { return msg::join(std::vector<std::string>(s.begin(), s.end())); }

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

// The checks, over the normalized documentation and the pack's facts.
class DocumentedCheck {
public:
    DocumentedCheck(const PackFacts& facts, const std::vector<Relevance>& relevance, const AttackTables& attack,
                    const Documented& doc, LoadResult& out)
        : m_facts(facts), m_attack(attack), m_doc(doc), m_out(out) {
        for (std::size_t i = 0; i < facts.rules.size(); ++i) {
            const RuleFact& r = facts.rules[i];
            if (r.id.text.empty()) continue; // base rules of correlations alert through them
            if (!r.parsed) m_incomplete = true;
            if (!m_rules.emplace(r.id.text, &r).second) continue; // a duplicate id is load_content's error
            if (i < relevance.size() && relevance[i].unable()) m_unable.insert(r.id.text);
            for (const auto& t : rule_techniques(r)) {
                m_techniques.insert(t);
                m_first_rule_of.emplace(t, r.id.text);
            }
            for (const auto& t : r.activity_types) m_types.insert(ascii_lowered(t.text));
        }
        for (const auto& m : facts.models) {
            m_models[m.id] = &m;
            for (const auto& t : m.activity_types) m_types.insert(ascii_lowered(t));
        }
        for (const auto& p : facts.parsers) {
            m_parsers.insert(p.name);
            for (const auto& a : p.activity_types) m_types.insert(ascii_lowered(a.type));
        }
    }

    std::vector<CountRow> run() {
        check_rules();
        check_models();
        check_parsers();
        check_mitre();
        check_use_cases();
        check_unable();
        std::vector<CountRow> rows;
        for (const char* figure : k_figures) {
            if (m_incomplete && depends_on_rule_contents(figure)) {
                const Figure* f = figure_of(m_doc.counts, figure);
                rows.push_back({figure, f ? std::optional<long>(f->value) : std::nullopt, std::nullopt, ""});
                continue;
            }
            rows.push_back(compare("", figure, figure_of(m_doc.counts, figure), derived(figure), m_doc.waivers));
        }
        for (const auto& figure : m_doc.extra_figures)
            rows.push_back({figure, m_doc.counts.at(figure).value, std::nullopt, ""});
        return rows;
    }

private:
    // A rule file with a YAML error hides its tags, types and fields: figures derived
    // from rule contents are unknown then, and are not compared (the YAML error is).
    static bool depends_on_rule_contents(std::string_view figure) {
        return figure == "mitre_ttps" || figure == "activity_types" || figure == "unable_to_fire";
    }

    long derived(std::string_view figure) const {
        if (figure == "rules") return static_cast<long>(m_rules.size());
        if (figure == "models") return static_cast<long>(m_models.size());
        if (figure == "mitre_ttps") return static_cast<long>(m_techniques.size());
        if (figure == "activity_types") return static_cast<long>(m_types.size());
        if (figure == "parsers") return static_cast<long>(m_parsers.size());
        return static_cast<long>(m_unable.size());
    }

    static const Figure* figure_of(const std::map<std::string, Figure>& counts, const std::string& figure) {
        auto it = counts.find(figure);
        return it == counts.end() ? nullptr : &it->second;
    }

    void add(Severity severity, std::string_view code, std::string message, const std::string& file, int line, int column,
             const char* kind = "", const std::string& id = {}) {
        m_out.add(make_finding(m_facts, severity, code, std::move(message), file, line, column, kind, id));
    }

    // An error, or the waived warning when `waiver` is set.
    void finding(const std::string& waiver, std::string_view code, std::string message, const std::string& file, int line,
                 int column, const char* kind, const std::string& id) {
        if (waiver.empty()) add(Severity::Error, code, std::move(message), file, line, column, kind, id);
        else add(Severity::Warning, codes::validate_waived, msg::waived(message, waiver), file, line, column, kind, id);
    }

    CountRow compare(const std::string& scope, const std::string& figure, const Figure* documented, long derived_value,
                     const std::vector<Waiver>& waivers) {
        CountRow row{figure, std::nullopt, derived_value, ""};
        if (!documented) return row;
        row.documented = documented->value;
        const Waiver* waiver = nullptr;
        for (const auto& w : waivers)
            if (w.figure == figure) waiver = &w;
        const std::string& file = m_facts.pack_file;
        if (documented->value == derived_value) {
            row.status = "ok";
            if (waiver)
                add(Severity::Warning, codes::validate_stale_waiver, msg::needless_waiver(scope, figure, derived_value), file,
                    waiver->line, waiver->column, "pack", m_facts.info.id);
            return row;
        }
        const std::string mismatch = msg::count_mismatch(scope, figure, documented->value, derived_value);
        if (!waiver) {
            row.status = "mismatch";
            add(Severity::Error, codes::validate_count_mismatch, mismatch, file, documented->line, documented->column, "pack",
                m_facts.info.id);
            return row;
        }
        if ((waiver->documented && *waiver->documented != documented->value) ||
            (waiver->derived && *waiver->derived != derived_value)) {
            row.status = "mismatch";
            add(Severity::Error, codes::validate_stale_waiver,
                msg::stale_waiver(scope, figure, waiver->documented.value_or(documented->value),
                                  waiver->derived.value_or(derived_value), documented->value, derived_value),
                file, waiver->line, waiver->column, "pack", m_facts.info.id);
            return row;
        }
        row.status = "waived";
        add(Severity::Warning, codes::validate_waived, msg::waived(mismatch, waiver->reason), file, documented->line,
            documented->column, "pack", m_facts.info.id);
        return row;
    }

    // Documented items absent from the pack: errors, or one waived warning per presence waiver.
    void report_missing(const char* kind, const char* plural, const std::vector<Located>& missing) {
        std::map<const Waiver*, std::vector<std::string>> waived;
        for (const auto& m : missing) {
            const Waiver* waiver = nullptr;
            for (const auto& w : m_doc.waivers)
                if (w.missing == plural &&
                    (w.ids.empty() || std::find(w.ids.begin(), w.ids.end(), m.text) != w.ids.end()))
                    waiver = &w;
            if (waiver) waived[waiver].push_back(m.text);
            else add(Severity::Error, codes::validate_documented_missing, msg::documented_missing(kind, m.text),
                     m_facts.pack_file, m.line, m.column, kind, m.text);
        }
        for (const auto& [w, ids] : waived)
            add(Severity::Warning, codes::validate_waived, msg::waived(msg::documented_missing_waived(plural, ids), w->reason),
                m_facts.pack_file, w->line, w->column, "pack", m_facts.info.id);
    }

    // The pack's activity types `actual` stand for the documented ones when each
    // actual type is an equivalent of some documented type and each documented type
    // has at least one of its equivalents in `actual` (without equivalents: the sets
    // are equal). A documented type may have several equivalents, of which one rule
    // needs only those of the events it reads (README of exabeam-account-manipulation).
    bool types_match(const std::set<std::string>& actual, const std::vector<Located>& documented) const {
        std::set<std::string> allowed;
        for (const auto& t : documented) {
            auto it = m_doc.equivalents.find(ascii_lowered(t.text));
            const std::vector<std::string> eq =
                it == m_doc.equivalents.end() ? std::vector<std::string>{ascii_lowered(t.text)} : it->second;
            if (std::none_of(eq.begin(), eq.end(), [&](const std::string& e) { return actual.count(e) > 0; })) return false;
            allowed.insert(eq.begin(), eq.end());
        }
        return std::all_of(actual.begin(), actual.end(), [&](const std::string& a) { return allowed.count(a) > 0; });
    }

    // Documented types for a message, with their equivalents when the pack declares them.
    std::string types_text(const std::vector<Located>& documented) const {
        std::vector<std::string> out;
        for (const auto& t : documented) {
            auto it = m_doc.equivalents.find(ascii_lowered(t.text));
            out.push_back(it == m_doc.equivalents.end() ? t.text : t.text + " (= " + msg::join(it->second, " | ") + ")");
        }
        return msg::join(out);
    }

    static std::set<std::string> texts(const std::vector<Located>& v, bool upper_case = false, bool lower_case = false) {
        std::set<std::string> out;
        for (const auto& l : v) out.insert(upper_case ? ascii_uppered(l.text) : lower_case ? ascii_lowered(l.text) : l.text);
        return out;
    }

    void check_rules() {
        if (!m_doc.has_rules) return;
        std::set<std::string> documented_ids;
        std::vector<Located> missing;
        for (const auto& item : m_doc.rules) {
            if (item.id.text.empty()) continue;
            documented_ids.insert(item.id.text);
            for (const auto& t : item.mitre)
                if (auto problem = technique_problem(m_attack, ascii_uppered(t.text)))
                    finding(item.waiver, problem->code, problem->message, m_facts.pack_file, t.line, t.column,
                            "rule", item.id.text);
            auto it = m_rules.find(item.id.text);
            if (it == m_rules.end()) {
                missing.push_back(item.id);
                continue;
            }
            const RuleFact& rule = *it->second;
            auto mismatch = [&](const char* what, const std::string& actual, const std::string& documented) {
                finding(item.waiver, codes::validate_documented_mismatch,
                        msg::documented_mismatch("rule", item.id.text, what, actual, documented), rule.file,
                        rule.id.line, rule.id.column, "rule", item.id.text);
            };
            if (!item.title.text.empty() && rule.parsed && item.title.text != rule.title.text)
                mismatch("title", msg::in_quotes(rule.title.text), msg::in_quotes(item.title.text));
            if (item.has_mitre && rule.parsed) {
                auto tagged = rule_techniques(rule);
                std::set<std::string> actual(tagged.begin(), tagged.end());
                const auto documented = texts(item.mitre, true);
                if (actual != documented) mismatch("MITRE techniques", joined(actual), joined(documented));
            }
            if (item.has_tactics && rule.parsed) {
                std::set<std::string> actual;
                for (const auto& tag : rule.tags) {
                    std::string_view t = tag.text;
                    if (!t.starts_with("attack.")) continue;
                    std::string name(t.substr(7));
                    std::replace(name.begin(), name.end(), '_', '-');
                    if (name.size() > 1 && (name[0] == 't' || name[0] == 'T') && name[1] >= '0' && name[1] <= '9') continue;
                    actual.insert(name);
                }
                if (actual != texts(item.tactics)) mismatch("tactics", joined(actual), joined(texts(item.tactics)));
            }
            if (item.has_types && rule.parsed) {
                auto actual = texts(rule.activity_types, false, true);
                if (!types_match(actual, item.activity_types))
                    mismatch("activity types", joined(actual), types_text(item.activity_types));
            }
            if (item.has_use_cases && rule.parsed) {
                // Every documented use case, and nothing beyond them and the other use cases.
                const auto actual = texts(rule.use_cases), required = texts(item.use_cases);
                auto allowed = required;
                for (const auto& o : item.other_use_cases) allowed.insert(o.text);
                const bool ok = std::includes(actual.begin(), actual.end(), required.begin(), required.end()) &&
                                std::includes(allowed.begin(), allowed.end(), actual.begin(), actual.end());
                if (!ok) {
                    std::string documented = joined(required);
                    if (!item.other_use_cases.empty())
                        documented += " (also allowed: " + joined(texts(item.other_use_cases)) + ")";
                    mismatch("use cases", joined(actual), documented);
                }
            }
            if (!item.effort.text.empty() && rule.parsed && item.effort.text != rule.effort.text)
                mismatch("effort", rule.effort.text, item.effort.text);
            if (!item.file.text.empty()) {
                const std::string suffix = "/" + item.file.text;
                if (!(rule.file.size() >= suffix.size() && rule.file.ends_with(suffix)))
                    mismatch("file", rule.file, item.file.text);
            }
        }
        report_missing("rule", "rules", missing);
        for (const auto& [id, rule] : m_rules)
            if (!documented_ids.count(id))
                add(Severity::Error, codes::validate_undocumented, msg::undocumented("rule", id), rule->file, rule->id.line,
                    rule->id.column, "rule", id);
    }

    void check_models() {
        if (!m_doc.has_models) return;
        std::set<std::string> documented_ids;
        std::vector<Located> missing;
        for (const auto& item : m_doc.models) {
            if (item.id.text.empty()) continue;
            documented_ids.insert(item.id.text);
            auto it = m_models.find(item.id.text);
            if (it == m_models.end()) {
                missing.push_back(item.id);
                continue;
            }
            const models::ModelInfo& model = *it->second;
            auto mismatch = [&](const char* what, const std::string& actual, const std::string& documented) {
                finding(item.waiver, codes::validate_documented_mismatch,
                        msg::documented_mismatch("model", item.id.text, what, actual, documented), model.file,
                        model.pos.line, model.pos.column, "model", item.id.text);
            };
            if (!item.title.text.empty() && item.title.text != model.description)
                mismatch("description", msg::in_quotes(model.description), msg::in_quotes(item.title.text));
            if (item.has_types) {
                std::set<std::string> actual;
                for (const auto& t : model.activity_types) actual.insert(ascii_lowered(t));
                if (!types_match(actual, item.activity_types))
                    mismatch("activity types", joined(actual), types_text(item.activity_types));
            }
        }
        report_missing("model", "models", missing);
        for (const auto& [id, model] : m_models)
            if (!documented_ids.count(id))
                add(Severity::Error, codes::validate_undocumented, msg::undocumented("model", id), model->file,
                    model->pos.line, model->pos.column, "model", id);
    }

    void check_parsers() {
        if (!m_doc.has_parsers) return;
        std::set<std::string> documented_names;
        std::vector<Located> missing;
        for (const auto& p : m_doc.parsers) {
            documented_names.insert(p.text);
            if (!m_parsers.count(p.text)) missing.push_back(p);
        }
        report_missing("parser", "parsers", missing);
        for (const auto& p : m_facts.parsers)
            if (!documented_names.count(p.name))
                add(Severity::Error, codes::validate_undocumented, msg::undocumented("parser", p.name), p.file,
                    p.name_mark.line, p.name_mark.column, "parser", p.name);
    }

    void check_mitre() {
        if (!m_doc.has_mitre) return;
        std::set<std::string> documented_ids;
        for (const auto& entry : m_doc.mitre) {
            const std::string id = ascii_uppered(entry.id.text);
            documented_ids.insert(id);
            const std::string& file = m_facts.pack_file;
            if (auto problem = technique_problem(m_attack, id)) {
                finding(entry.waiver, problem->code, problem->message, file, entry.id.line, entry.id.column,
                        "technique", id);
            } else if (!entry.name.text.empty()) {
                check_name(entry, id);
            }
            if (!m_techniques.count(id) && !m_incomplete)
                finding(entry.waiver, codes::validate_documented_mismatch, msg::mitre_unused(id), file, entry.id.line,
                        entry.id.column, "technique", id);
        }
        for (const auto& t : m_techniques)
            if (!documented_ids.count(t)) {
                const RuleFact& rule = *m_rules.at(m_first_rule_of.at(t));
                add(Severity::Error, codes::validate_documented_mismatch, msg::mitre_undocumented(t, rule.id.text), rule.file,
                    rule.id.line, rule.id.column, "rule", rule.id.text);
            }
    }

    void check_name(const MitreEntry& entry, const std::string& id) {
        const Technique* t = m_attack.technique(id);
        if (!t || entry.name.text == t->name) return;
        const std::string& file = m_facts.pack_file;
        for (const auto& old : m_attack.name_history(id))
            if (old.name == entry.name.text) {
                const std::string message = msg::old_technique_name(id, entry.name.text, old.first_version,
                                                                    old.last_version, t->name, m_attack.version());
                add(Severity::Warning, entry.waiver.empty() ? codes::validate_old_technique_name : codes::validate_waived,
                    entry.waiver.empty() ? message : msg::waived(message, entry.waiver), file, entry.name.line,
                    entry.name.column, "technique", id);
                return;
            }
        finding(entry.waiver, codes::validate_wrong_technique_name,
                msg::wrong_technique_name(id, entry.name.text, t->name, m_attack.version()), file, entry.name.line,
                entry.name.column, "technique", id);
    }

    void check_use_cases() {
        if (m_doc.use_cases.empty() || m_incomplete) return;
        std::set<std::string> names;
        for (const auto& u : m_doc.use_cases) names.insert(u.name.text);
        for (const auto& [id, rule] : m_rules) {
            if (!rule->parsed || rule->reused) continue;
            for (const auto& uc : rule->use_cases)
                if (!names.count(uc.text))
                    add(Severity::Error, codes::validate_documented_mismatch,
                        msg::documented_unknown_use_case("rule", id, uc.text), rule->file, uc.line, uc.column, "rule",
                        id);
        }
        for (const auto& u : m_doc.use_cases) {
            std::set<std::string> rules, models, techniques;
            for (const auto& [id, rule] : m_rules) {
                const bool names_it = std::any_of(rule->use_cases.begin(), rule->use_cases.end(),
                                                  [&](const Located& l) { return l.text == u.name.text; });
                if (!names_it) continue;
                rules.insert(id);
                if (!rule->model_ref.text.empty() && m_models.count(rule->model_ref.text))
                    models.insert(rule->model_ref.text);
                for (const auto& t : rule_techniques(*rule)) techniques.insert(t);
            }
            if (u.has_rule_ids) {
                std::set<std::string> listed;
                for (const auto& r : u.rule_ids) {
                    listed.insert(r.text);
                    if (m_rules.count(r.text) && !rules.count(r.text))
                        add(Severity::Error, codes::validate_documented_mismatch, msg::use_case_lists_other(u.name.text, r.text),
                            m_facts.pack_file, r.line, r.column, "rule", r.text);
                }
                for (const auto& id : rules)
                    if (!listed.count(id)) {
                        const RuleFact& rule = *m_rules.at(id);
                        add(Severity::Error, codes::validate_documented_mismatch, msg::use_case_misses(u.name.text, id),
                            rule.file, rule.id.line, rule.id.column, "rule", id);
                    }
            }
            const std::string scope = "use case " + msg::in_quotes(u.name.text) + ": ";
            const std::map<std::string, long> values = {
                {"rules", static_cast<long>(rules.size())},
                {"models", static_cast<long>(models.size())},
                {"mitre_ttps", static_cast<long>(techniques.size())},
                {"activity_types", derived("activity_types")},
                {"parsers", derived("parsers")},
            };
            for (const char* figure : {"rules", "models", "mitre_ttps", "activity_types", "parsers"})
                (void)compare(scope, figure, figure_of(u.counts, figure), values.at(figure), u.waivers);
        }
    }

    void check_unable() {
        if (!m_doc.has_unable || m_incomplete) return;
        std::set<std::string> listed;
        for (const auto& u : m_doc.unable) {
            listed.insert(u.text);
            if (!m_unable.count(u.text))
                add(Severity::Error, codes::validate_documented_mismatch, msg::listed_but_able(u.text), m_facts.pack_file,
                    u.line, u.column, "rule", u.text);
        }
        for (const auto& id : m_unable)
            if (!listed.count(id)) {
                const RuleFact& rule = *m_rules.at(id);
                add(Severity::Error, codes::validate_documented_mismatch, msg::unable_not_listed(id), rule.file, rule.id.line,
                    rule.id.column, "rule", id);
            }
    }

    const PackFacts& m_facts;
    const AttackTables& m_attack;
    const Documented& m_doc;
    LoadResult& m_out;
    std::map<std::string, const RuleFact*> m_rules;
    std::map<std::string, const models::ModelInfo*> m_models;
    std::set<std::string> m_unable, m_techniques, m_types, m_parsers;
    std::map<std::string, std::string> m_first_rule_of; // technique -> first rule (by id) tagging it
    bool m_incomplete = false; // some rule file has a YAML error
};

} // namespace

std::vector<CountRow> check_documented(const PackFacts& facts, const std::vector<Relevance>& relevance,
                                       const AttackTables& attack, LoadResult& out) {
    Documented doc;
    auto text = facts.texts.find(facts.pack_file);
    if (text != facts.texts.end()) {
        yaml::YamlReadResult parsed = yaml::read_yaml_documents(text->second);
        if (!parsed.documents.empty())
            if (const YamlNode* d = child(parsed.documents.front().root, "documented"))
                doc = DocumentedReader(facts, out).read(*d);
    }
    return DocumentedCheck(facts, relevance, attack, doc, out).run();
}

} // namespace trailproof::harness
