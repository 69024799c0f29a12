#include "validate_documented_checks.h"

#include "core/ascii.h"
#include "core/diagnostic_codes.h"
#include "validate_messages.h"
#include "validate_rules.h"

namespace trailproof::harness {

DocumentedIndex index_pack(const PackFacts& facts, const std::vector<Relevance>& relevance) {
    DocumentedIndex index;
    for (std::size_t i = 0; i < facts.rules.size(); ++i) {
        const RuleDoc& r = facts.rules[i];
        if (r.id().empty()) continue; // base rules of correlations alert through them
        if (!r.parsed()) index.incomplete = true;
        if (!index.rules.emplace(r.id(), &r).second) continue; // a duplicate id is load's error
        if (i < relevance.size() && relevance[i].unable()) index.unable.insert(r.id());
        for (const auto& t : rule_techniques(r)) {
            index.techniques.insert(t);
            index.first_rule_of.emplace(t, r.id());
        }
        for (const auto& t : r.activity_types()) index.types.insert(ascii_lowered(t));
    }
    for (const auto* m : facts.models) {
        index.models[m->id] = m;
        for (const auto& t : m->activity_types) index.types.insert(ascii_lowered(t));
    }
    for (const auto& p : facts.parsers()) {
        index.parsers.insert(p.name);
        for (const auto& a : p.activity_types) index.types.insert(ascii_lowered(a.type));
    }
    return index;
}

void DocumentedFindings::add(Severity severity, std::string_view code, std::string message, const std::string& file,
                             int line, int column, const char* kind, const std::string& id) {
    if (!m_seen.emplace(std::string(code), file, line, column, message).second) return;
    m_out.add(make_finding(m_facts, severity, code, std::move(message), file, line, column, kind, id));
}

void DocumentedFindings::finding(const std::string& waiver, std::string_view code, std::string message,
                                 const std::string& file, int line, int column, const char* kind,
                                 const std::string& id) {
    if (waiver.empty()) add(Severity::Error, code, std::move(message), file, line, column, kind, id);
    else add(Severity::Warning, codes::validate_waived, msg::waived(message, waiver), file, line, column, kind, id);
}

} // namespace trailproof::harness
