#include "validate_rules.h"

#include <algorithm>

#include "core/ascii.h"
#include "core/diagnostic_codes.h"
#include "core/edit_distance.h"
#include "load/stage_facts.h"
#include "validate_messages.h"

namespace trailproof::harness {

namespace {

bool digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "t1078" / "t1078.004" (any case).
bool technique_tag(std::string_view s) {
    if (s.size() < 5 || (s[0] != 't' && s[0] != 'T') || !digits(s.substr(1, 4))) return false;
    if (s.size() == 5) return true;
    return s.size() == 9 && s[5] == '.' && digits(s.substr(6));
}

// Groups (g0001) and software (s0001) are valid ATT&CK tags this check does not cover.
bool group_or_software_tag(std::string_view s) {
    return s.size() == 5 && (s[0] == 'g' || s[0] == 's' || s[0] == 'G' || s[0] == 'S') && digits(s.substr(1));
}

// One rule's technique tags: each exists and is current; returns "T1078 (tactics)" for each.
std::vector<std::string> check_techniques(const PackFacts& facts, const AttackTables& attack, const RuleDoc& rule,
                                          std::set<std::string>& technique_tactics, LoadResult& out) {
    std::vector<std::string> fits; // "T1078 (defense-evasion, persistence)"
    const auto& tags = rule.tags();
    for (std::size_t i = 0; i < tags.size(); ++i) {
        std::string_view text = tags[i];
        if (!text.starts_with("attack.") || !technique_tag(text.substr(7))) continue;
        const std::string tid = ascii_uppered(text.substr(7));
        const yaml::SourcePos pos = rule.positions().tags[i];
        if (auto problem = technique_problem(attack, tid))
            out.add(make_finding(facts, problem->severity, problem->code, problem->message, rule.file(), pos.line,
                                 pos.column, "rule", rule.label()));
        // A revoked technique's tactics are its replacement's.
        auto chain = attack.replacement_chain(tid);
        const Technique* t = attack.technique(chain.empty() ? tid : chain.back());
        if (!t) continue;
        technique_tactics.insert(t->tactics.begin(), t->tactics.end());
        fits.push_back(t->id + " (" + msg::join(t->tactics) + ")");
    }
    return fits;
}

// One rule's tactic tags: each is an ATT&CK tactic, and one of its techniques' tactics.
void check_tactics(const PackFacts& facts, const AttackTables& attack, const RuleDoc& rule,
                   const std::vector<std::string>& fits, const std::set<std::string>& technique_tactics,
                   LoadResult& out) {
    const auto& tags = rule.tags();
    for (std::size_t i = 0; i < tags.size(); ++i) {
        std::string_view text = tags[i];
        if (!text.starts_with("attack.")) continue;
        text.remove_prefix(7);
        if (technique_tag(text) || group_or_software_tag(text)) continue;
        std::string tactic(text);
        std::replace(tactic.begin(), tactic.end(), '_', '-'); // v1 spelling (rule.v1_tactic warns)
        // attack.ta0005 names a tactic by id.
        const bool by_id = tactic.size() == 6 && (tactic[0] == 't' || tactic[0] == 'T') &&
                           (tactic[1] == 'a' || tactic[1] == 'A') && digits(std::string_view(tactic).substr(2));
        const Tactic* found = attack.tactic(by_id ? ascii_uppered(tactic) : tactic);
        const yaml::SourcePos pos = rule.positions().tags[i];
        if (!found) {
            out.add(make_finding(facts, Severity::Error, codes::validate_unknown_tactic,
                                 msg::unknown_tactic(text, attack.version()), rule.file(), pos.line, pos.column,
                                 "rule", rule.label()));
            continue;
        }
        if (!fits.empty() && !technique_tactics.count(found->shortname))
            out.add(make_finding(facts, Severity::Warning, codes::validate_tactic_mismatch,
                                 msg::tactic_mismatch(found->shortname, fits), rule.file(), pos.line, pos.column,
                                 "rule", rule.label()));
    }
}

} // namespace

std::optional<TechniqueProblem> technique_problem(const AttackTables& attack, std::string_view id) {
    const Technique* t = attack.technique(id);
    if (!t)
        return TechniqueProblem{Severity::Error, codes::validate_unknown_technique,
                                msg::unknown_technique(id, attack.version())};
    if (t->revoked) {
        auto chain = attack.replacement_chain(id);
        if (chain.empty())
            return TechniqueProblem{Severity::Error, codes::validate_revoked_technique,
                                    msg::revoked_without_replacement(id, t->name)};
        const Technique* last = attack.technique(chain.back());
        return TechniqueProblem{Severity::Error, codes::validate_revoked_technique,
                                msg::revoked_technique(id, t->name, chain, last ? last->name : std::string())};
    }
    if (t->deprecated)
        return TechniqueProblem{Severity::Error, codes::validate_deprecated_technique,
                                msg::deprecated_technique(id, t->name)};
    return std::nullopt;
}

std::vector<std::string> rule_techniques(const RuleDoc& rule) {
    std::vector<std::string> out;
    for (std::string_view text : rule.tags()) {
        if (!text.starts_with("attack.")) continue;
        text.remove_prefix(7);
        if (!technique_tag(text)) continue;
        std::string id = ascii_uppered(text);
        if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
    }
    return out;
}

std::set<std::string> assigned_activity_types(const PackFacts& facts) {
    std::set<std::string> out;
    auto add = [&](const parse::ParserInfo& p) {
        for (const auto& a : p.activity_types) out.insert(ascii_lowered(a.type));
    };
    for (const auto& p : facts.parsers()) add(p);
    for (const auto& p : facts.reused_parsers()) add(p);
    add(load::builtin_parser());
    return out;
}

void check_rule_attack(const PackFacts& facts, const AttackTables& attack, LoadResult& out) {
    for (const auto& rule : facts.rules) {
        if (rule.reused()) continue; // checked with its own pack
        std::set<std::string> technique_tactics;
        const std::vector<std::string> fits = check_techniques(facts, attack, rule, technique_tactics, out);
        check_tactics(facts, attack, rule, fits, technique_tactics, out);
    }
}

void check_model_refs(const PackFacts& facts, LoadResult& out) {
    std::vector<std::string> ids;
    for (const auto* m : facts.models) ids.push_back(m->id);
    for (const auto& rule : facts.rules) {
        const std::string& ref = rule.model_ref();
        if (rule.reused() || ref.empty()) continue;
        if (std::find(ids.begin(), ids.end(), ref) != ids.end()) continue;
        std::string suggestion;
        std::size_t best = SIZE_MAX;
        for (const auto& candidate : ids) {
            const std::size_t d = edit_distance(ref, candidate, true);
            if (d < best) {
                best = d;
                suggestion = candidate;
            }
        }
        if (best > std::max<std::size_t>(2, ref.size() / 3)) suggestion.clear();
        const yaml::SourcePos pos = rule.positions().model_ref;
        out.add(make_finding(facts, Severity::Error, codes::validate_dangling_model_ref,
                             msg::dangling_model_ref(ref, facts.info.id, suggestion), rule.file(), pos.line,
                             pos.column, "rule", rule.label()));
    }
}

void check_activity_types(const PackFacts& facts, LoadResult& out) {
    const std::set<std::string> assigned = assigned_activity_types(facts);
    const std::vector<std::string> listed(assigned.begin(), assigned.end());
    for (const auto& rule : facts.rules) {
        if (rule.reused()) continue;
        const auto& types = rule.activity_types();
        for (std::size_t i = 0; i < types.size(); ++i)
            if (!assigned.count(ascii_lowered(types[i]))) {
                const yaml::SourcePos pos = rule.positions().activity_types[i];
                out.add(make_finding(facts, Severity::Error, codes::validate_unassigned_activity_type,
                                     msg::unassigned_activity_type(types[i], facts.info.id, listed), rule.file(),
                                     pos.line, pos.column, "rule", rule.label()));
            }
    }
    for (const auto* model : facts.models) {
        if (model->pack != facts.info.id) continue;
        for (const auto& type : model->activity_types)
            if (!assigned.count(ascii_lowered(type)))
                out.add(make_finding(facts, Severity::Error, codes::validate_unassigned_activity_type,
                                     msg::unassigned_activity_type(type, facts.info.id, listed), model->file,
                                     model->pos.line, model->pos.column, "model", model->id));
    }
}

} // namespace trailproof::harness
