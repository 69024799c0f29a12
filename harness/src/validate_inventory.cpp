// Documented inventory: every documented rule, model and parser is in the pack
// with its documented title, MITRE ids, tactics, activity types, use cases,
// effort and file; nothing in the pack is missing from the documentation; and
// the documented unable-to-fire list is the list of rules that cannot fire.

#include <algorithm>

#include "core/ascii.h"
#include "core/diagnostic_codes.h"
#include "validate_documented_checks.h"
#include "validate_messages.h"
#include "validate_rules.h"

namespace trailproof::harness {

namespace {

std::string joined(const std::set<std::string>& s) { return msg::join(std::vector<std::string>(s.begin(), s.end())); }

std::set<std::string> texts(const std::vector<Located>& v, bool upper_case = false) {
    std::set<std::string> out;
    for (const auto& l : v) out.insert(upper_case ? ascii_uppered(l.text) : l.text);
    return out;
}

std::set<std::string> lowered(const std::vector<std::string>& v) {
    std::set<std::string> out;
    for (const auto& s : v) out.insert(ascii_lowered(s));
    return out;
}

// The tactic tags of a rule, hyphenated as ATT&CK writes them.
std::set<std::string> tactics_of(const RuleDoc& rule) {
    std::set<std::string> out;
    for (std::string_view t : rule.tags()) {
        if (!t.starts_with("attack.")) continue;
        std::string name(t.substr(7));
        std::replace(name.begin(), name.end(), '_', '-');
        if (name.size() > 1 && (name[0] == 't' || name[0] == 'T') && name[1] >= '0' && name[1] <= '9') continue;
        out.insert(name);
    }
    return out;
}

class InventoryCheck {
public:
    InventoryCheck(const DocumentedIndex& pack, const Documented& doc, const AttackTables& attack,
                   DocumentedFindings& out)
        : m_pack(pack), m_doc(doc), m_attack(attack), m_out(out), m_facts(out.facts()) {}

    void check_rules() {
        if (!m_doc.has_rules) return;
        std::set<std::string> documented_ids;
        std::vector<Located> missing;
        for (const auto& item : m_doc.rules) {
            if (item.id.text.empty()) continue;
            documented_ids.insert(item.id.text);
            for (const auto& t : item.mitre)
                if (auto problem = technique_problem(m_attack, ascii_uppered(t.text)))
                    m_out.finding(item.waiver, problem->code, problem->message, m_facts.pack_file, t.line, t.column,
                                  "rule", item.id.text);
            auto it = m_pack.rules.find(item.id.text);
            if (it == m_pack.rules.end()) missing.push_back(item.id);
            else compare_rule(item, *it->second);
        }
        report_missing("rule", "rules", missing);
        for (const auto& [id, rule] : m_pack.rules)
            if (!documented_ids.count(id))
                m_out.add(Severity::Error, codes::validate_undocumented, msg::undocumented("rule", id), rule->file(),
                          rule->id_pos().line, rule->id_pos().column, "rule", id);
    }

    void check_models() {
        if (!m_doc.has_models) return;
        std::set<std::string> documented_ids;
        std::vector<Located> missing;
        for (const auto& item : m_doc.models) {
            if (item.id.text.empty()) continue;
            documented_ids.insert(item.id.text);
            auto it = m_pack.models.find(item.id.text);
            if (it == m_pack.models.end()) missing.push_back(item.id);
            else compare_model(item, *it->second);
        }
        report_missing("model", "models", missing);
        for (const auto& [id, model] : m_pack.models)
            if (!documented_ids.count(id))
                m_out.add(Severity::Error, codes::validate_undocumented, msg::undocumented("model", id), model->file,
                          model->pos.line, model->pos.column, "model", id);
    }

    void check_parsers() {
        if (!m_doc.has_parsers) return;
        std::set<std::string> documented_names;
        std::vector<Located> missing;
        for (const auto& p : m_doc.parsers) {
            documented_names.insert(p.text);
            if (!m_pack.parsers.count(p.text)) missing.push_back(p);
        }
        report_missing("parser", "parsers", missing);
        for (const auto& p : m_facts.parsers())
            if (!documented_names.count(p.name))
                m_out.add(Severity::Error, codes::validate_undocumented, msg::undocumented("parser", p.name), p.file,
                          p.name_mark.line, p.name_mark.column, "parser", p.name);
    }

private:
    void compare_rule(const Item& item, const RuleDoc& rule) {
        auto mismatch = [&](const char* what, const std::string& actual, const std::string& documented) {
            m_out.finding(item.waiver, codes::validate_documented_mismatch,
                          msg::documented_mismatch("rule", item.id.text, what, actual, documented), rule.file(),
                          rule.id_pos().line, rule.id_pos().column, "rule", item.id.text);
        };
        if (rule.parsed()) {
            if (!item.title.text.empty() && item.title.text != rule.title())
                mismatch("title", msg::in_quotes(rule.title()), msg::in_quotes(item.title.text));
            if (item.has_mitre) {
                auto tagged = rule_techniques(rule);
                const std::set<std::string> actual(tagged.begin(), tagged.end()), documented = texts(item.mitre, true);
                if (actual != documented) mismatch("MITRE techniques", joined(actual), joined(documented));
            }
            if (item.has_tactics) {
                const std::set<std::string> actual = tactics_of(rule), documented = texts(item.tactics);
                if (actual != documented) mismatch("tactics", joined(actual), joined(documented));
            }
            if (item.has_types) {
                const auto actual = lowered(rule.activity_types());
                if (!types_match(actual, item.activity_types))
                    mismatch("activity types", joined(actual), types_text(item.activity_types));
            }
            if (item.has_use_cases) {
                // Every documented use case, and nothing beyond them and the other use cases.
                const std::set<std::string> actual(rule.use_cases().begin(), rule.use_cases().end());
                const auto required = texts(item.use_cases);
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
            if (!item.effort.text.empty() && item.effort.text != rule.effort())
                mismatch("effort", rule.effort(), item.effort.text);
        }
        if (!item.file.text.empty()) {
            const std::string suffix = "/" + item.file.text;
            if (!(rule.file().size() >= suffix.size() && rule.file().ends_with(suffix)))
                mismatch("file", rule.file(), item.file.text);
        }
    }

    void compare_model(const Item& item, const models::ModelInfo& model) {
        auto mismatch = [&](const char* what, const std::string& actual, const std::string& documented) {
            m_out.finding(item.waiver, codes::validate_documented_mismatch,
                          msg::documented_mismatch("model", item.id.text, what, actual, documented), model.file,
                          model.pos.line, model.pos.column, "model", item.id.text);
        };
        if (!item.title.text.empty() && item.title.text != model.description)
            mismatch("description", msg::in_quotes(model.description), msg::in_quotes(item.title.text));
        if (item.has_types) {
            const auto actual = lowered(model.activity_types);
            if (!types_match(actual, item.activity_types))
                mismatch("activity types", joined(actual), types_text(item.activity_types));
        }
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
            else m_out.add(Severity::Error, codes::validate_documented_missing, msg::documented_missing(kind, m.text),
                           m_facts.pack_file, m.line, m.column, kind, m.text);
        }
        for (const auto& [w, ids] : waived)
            m_out.add(Severity::Warning, codes::validate_waived,
                      msg::waived(msg::documented_missing_waived(plural, ids), w->reason), m_facts.pack_file, w->line,
                      w->column, "pack", m_facts.info.id);
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
            if (std::none_of(eq.begin(), eq.end(), [&](const std::string& e) { return actual.count(e) > 0; }))
                return false;
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

    const DocumentedIndex& m_pack;
    const Documented& m_doc;
    const AttackTables& m_attack;
    DocumentedFindings& m_out;
    const PackFacts& m_facts;
};

} // namespace

void check_inventory(const DocumentedIndex& pack, const Documented& doc, const AttackTables& attack,
                     DocumentedFindings& out) {
    InventoryCheck check(pack, doc, attack, out);
    check.check_rules();
    check.check_models();
    check.check_parsers();
}

void check_unable_list(const DocumentedIndex& pack, const Documented& doc, DocumentedFindings& out) {
    if (!doc.has_unable || pack.incomplete) return;
    const PackFacts& facts = out.facts();
    std::set<std::string> listed;
    for (const auto& u : doc.unable) {
        listed.insert(u.text);
        if (!pack.unable.count(u.text))
            out.add(Severity::Error, codes::validate_documented_mismatch, msg::listed_but_able(u.text),
                    facts.pack_file, u.line, u.column, "rule", u.text);
    }
    for (const auto& id : pack.unable)
        if (!listed.count(id)) {
            const RuleDoc& rule = *pack.rules.at(id);
            out.add(Severity::Error, codes::validate_documented_mismatch, msg::unable_not_listed(id), rule.file(),
                    rule.id_pos().line, rule.id_pos().column, "rule", id);
        }
}

} // namespace trailproof::harness
