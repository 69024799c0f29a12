// Documented use cases: every use case a rule names is documented, a use case's
// `rule_ids` list the rules that name it, and its figures (rules, models,
// techniques, ...) match the rules that name it.

#include <algorithm>

#include "core/diagnostic_codes.h"
#include "validate_documented_checks.h"
#include "validate_messages.h"
#include "validate_rules.h"

namespace trailproof::harness {

namespace {

const Figure* figure_of(const std::map<std::string, Figure>& counts, const std::string& figure) {
    auto it = counts.find(figure);
    return it == counts.end() ? nullptr : &it->second;
}

// Every use case a rule of this pack names is a documented one.
void check_names(const DocumentedIndex& pack, const Documented& doc, DocumentedFindings& out) {
    std::set<std::string> names;
    for (const auto& u : doc.use_cases) names.insert(u.name.text);
    for (const auto& [id, rule] : pack.rules) {
        if (!rule->parsed() || rule->reused()) continue;
        const auto& use_cases = rule->use_cases();
        for (std::size_t i = 0; i < use_cases.size(); ++i)
            if (!names.count(use_cases[i])) {
                const yaml::SourcePos pos = rule->positions().use_cases[i];
                out.add(Severity::Error, codes::validate_documented_mismatch,
                        msg::documented_unknown_use_case("rule", id, use_cases[i]), rule->file(), pos.line, pos.column,
                        "rule", id);
            }
    }
}

// `rule_ids` of a use case against `rules`, the ids of the rules that name it.
void check_listed(const DocumentedIndex& pack, const UseCase& u, const std::set<std::string>& rules,
                  DocumentedFindings& out) {
    std::set<std::string> listed;
    for (const auto& r : u.rule_ids) {
        listed.insert(r.text);
        if (pack.rules.count(r.text) && !rules.count(r.text))
            out.add(Severity::Error, codes::validate_documented_mismatch, msg::use_case_lists_other(u.name.text, r.text),
                    out.facts().pack_file, r.line, r.column, "rule", r.text);
    }
    for (const auto& id : rules)
        if (!listed.count(id)) {
            const RuleDoc& rule = *pack.rules.at(id);
            out.add(Severity::Error, codes::validate_documented_mismatch, msg::use_case_misses(u.name.text, id),
                    rule.file(), rule.id_pos().line, rule.id_pos().column, "rule", id);
        }
}

} // namespace

void check_use_cases(const DocumentedIndex& pack, const Documented& doc, DocumentedFindings& out) {
    if (doc.use_cases.empty() || pack.incomplete) return;
    check_names(pack, doc, out);
    for (const auto& u : doc.use_cases) {
        std::set<std::string> rules, models, techniques;
        for (const auto& [id, rule] : pack.rules) {
            const auto& use_cases = rule->use_cases();
            if (std::find(use_cases.begin(), use_cases.end(), u.name.text) == use_cases.end()) continue;
            rules.insert(id);
            if (!rule->model_ref().empty() && pack.models.count(rule->model_ref())) models.insert(rule->model_ref());
            for (const auto& t : rule_techniques(*rule)) techniques.insert(t);
        }
        if (u.has_rule_ids) check_listed(pack, u, rules, out);
        const std::string scope = "use case " + msg::in_quotes(u.name.text) + ": ";
        const std::map<std::string, long> values = {
            {"rules", static_cast<long>(rules.size())},
            {"models", static_cast<long>(models.size())},
            {"mitre_ttps", static_cast<long>(techniques.size())},
            {"activity_types", derived_figure(pack, "activity_types")},
            {"parsers", derived_figure(pack, "parsers")},
        };
        for (const char* figure : {"rules", "models", "mitre_ttps", "activity_types", "parsers"})
            (void)compare_figure(scope, figure, figure_of(u.counts, figure), values.at(figure), u.waivers, out);
    }
}

} // namespace trailproof::harness
