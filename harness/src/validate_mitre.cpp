// The documented MITRE list: every id is a current ATT&CK technique whose name is
// printed as ATT&CK names it (a former name is a warning that says when it was
// right), every documented technique is tagged by some rule, and every technique a
// rule tags is documented.

#include "core/ascii.h"
#include "core/diagnostic_codes.h"
#include "validate_documented_checks.h"
#include "validate_messages.h"
#include "validate_rules.h"

namespace trailproof::harness {

namespace {

void check_name(const MitreEntry& entry, const std::string& id, const AttackTables& attack, DocumentedFindings& out) {
    const Technique* t = attack.technique(id);
    if (!t || entry.name.text == t->name) return;
    const std::string& file = out.facts().pack_file;
    for (const auto& old : attack.name_history(id))
        if (old.name == entry.name.text) {
            const std::string message = msg::old_technique_name(id, entry.name.text, old.first_version,
                                                                old.last_version, t->name, attack.version());
            const bool waived = !entry.waiver.empty();
            out.add(Severity::Warning, waived ? codes::validate_waived : codes::validate_old_technique_name,
                    waived ? msg::waived(message, entry.waiver) : message, file, entry.name.line, entry.name.column,
                    "technique", id);
            return;
        }
    out.finding(entry.waiver, codes::validate_wrong_technique_name,
                msg::wrong_technique_name(id, entry.name.text, t->name, attack.version()), file, entry.name.line,
                entry.name.column, "technique", id);
}

} // namespace

void check_mitre(const DocumentedIndex& pack, const Documented& doc, const AttackTables& attack,
                 DocumentedFindings& out) {
    if (!doc.has_mitre) return;
    const std::string& file = out.facts().pack_file;
    std::set<std::string> documented_ids;
    for (const auto& entry : doc.mitre) {
        const std::string id = ascii_uppered(entry.id.text);
        documented_ids.insert(id);
        if (auto problem = technique_problem(attack, id))
            out.finding(entry.waiver, problem->code, problem->message, file, entry.id.line, entry.id.column,
                        "technique", id);
        else if (!entry.name.text.empty())
            check_name(entry, id, attack, out);
        if (!pack.techniques.count(id) && !pack.incomplete)
            out.finding(entry.waiver, codes::validate_documented_mismatch, msg::mitre_unused(id), file, entry.id.line,
                        entry.id.column, "technique", id);
    }
    for (const auto& t : pack.techniques)
        if (!documented_ids.count(t)) {
            const RuleDoc& rule = *pack.rules.at(pack.first_rule_of.at(t));
            out.add(Severity::Error, codes::validate_documented_mismatch, msg::mitre_undocumented(t, rule.id()),
                    rule.file(), rule.id_pos().line, rule.id_pos().column, "rule", rule.id());
        }
}

} // namespace trailproof::harness
