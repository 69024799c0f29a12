#include "core/diagnostic_codes.h"
#include "validate_rules.h"

#include <algorithm>
#include <array>
#include <map>

#include "core/edit_distance.h"
#include "core/field_registry.h"
#include "enrich/enrich_fields.h"
#include "models/model_set.h"
#include "parse/default_parser.h"
#include "rules/condition_parser.h"
#include "validate_messages.h"
#include "core/ascii.h"

namespace trailproof::harness {

namespace {

// Fields the enrichment stage writes (engine/enrich/enrich_fields.h), plus the
// parser's activity type.
namespace ef = enrich::fields;
constexpr std::array<std::string_view, 16> k_enrichment_fields = {
    ef::k_src_country,     ef::k_src_asn,         ef::k_src_isp,           ef::k_src_zone,
    ef::k_src_ip_lists,    ef::k_ua_family,       ef::k_ua_os,             ef::k_ua_browser,
    ef::k_ua_os_browser,   ef::k_user_peer_group, ef::k_user_department,   ef::k_user_is_executive,
    ef::k_user_is_privileged, ef::k_user_is_service_account, ef::k_user_is_deactivated, "activity_type",
};

// Top-level keys of a CloudTrail record (CloudTrail record contents reference,
// plus Insights and addendum); a raw path must start with one of them.
constexpr std::array<std::string_view, 31> k_cloudtrail_keys = {
    "eventVersion",        "userIdentity",        "eventTime",          "eventSource",
    "eventName",           "awsRegion",           "sourceIPAddress",    "userAgent",
    "errorCode",           "errorMessage",        "requestParameters",  "responseElements",
    "additionalEventData", "requestID",           "eventID",            "readOnly",
    "resources",           "eventType",           "apiVersion",         "managementEvent",
    "recipientAccountId",  "serviceEventDetails", "sharedEventID",      "vpcEndpointId",
    "vpcEndpointAccountId", "eventCategory",      "sessionCredentialFromConsole", "edgeDeviceDetails",
    "tlsDetails",          "insightDetails",      "addendum",
};

// Built-in model features (engine/models: hour_of_day, day_of_week, activity_type).
constexpr std::array<std::string_view, 3> k_builtin_features = {"hour_of_day", "day_of_week", "activity_type"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& list, std::string_view s) {
    return std::find(list.begin(), list.end(), s) != list.end();
}


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

std::vector<std::string> parser_fields(const PackFacts& facts) {
    std::vector<std::string> out;
    auto add = [&](const std::vector<parse::ParserInfo>& parsers) {
        for (const auto& p : parsers)
            for (const auto& f : p.fields) out.push_back(f.name);
    };
    add(facts.parsers);
    add(facts.reused_parsers);
    add({parse::default_cloudtrail_parser()});
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

// Why `field` (mapped to `mapped`) can never hold a value on CloudTrail, or "".
std::string field_problem(const PackFacts& facts, const std::vector<std::string>& produced, std::string_view field,
                          std::string_view mapped) {
    if (std::binary_search(produced.begin(), produced.end(), mapped)) return {};
    if (contains(k_enrichment_fields, mapped)) return {};
    if (facts.derived_fields.count(field) || facts.derived_fields.count(mapped)) return {};
    if (contains(k_cloudtrail_keys, mapped.substr(0, mapped.find('.')))) return {};
    return msg::field_never_exists(field, mapped);
}

bool has_modifier(const ItemFact& item, std::string_view m) {
    return std::find(item.modifiers.begin(), item.modifiers.end(), m) != item.modifiers.end();
}

// True when the item matches events that lack the field (`f: null`, `f|exists: false`, `|neq`).
bool matches_absence(const ItemFact& item) {
    if (has_modifier(item, "neq")) return true;
    for (const auto& v : item.values) {
        if (v.null) return true;
        if (has_modifier(item, "exists") && (v.text == "false" || v.text == "no")) return true;
    }
    return false;
}

struct Blocker {
    std::string reason;
    int line = 0, column = 0;
};

class RelevanceCheck {
public:
    RelevanceCheck(const PackFacts& facts, const AwsTables& aws)
        : m_facts(facts), m_aws(aws), m_produced(parser_fields(facts)) {}

    // Why `field` can never exist, or "".
    std::string field_reason(std::string_view field, std::string_view mapped) const {
        return field_problem(m_facts, m_produced, field, mapped);
    }

    // Blockers of one item; empty when it can match.
    std::vector<Blocker> item_blockers(const ItemFact& item) const {
        if (item.field.empty()) return {}; // keywords search the raw record
        std::string reason = field_reason(item.field, item.mapped);
        if (!reason.empty() && !matches_absence(item)) return {{reason, item.line, item.column}};
        if (item.mapped == "eventSource" && plain(item) && !item.values.empty()) {
            std::vector<Blocker> out;
            for (const auto& v : item.values) {
                if (v.null || !v.string || m_aws.looks_like_source(v.text)) return {};
                out.push_back({msg::foreign_event_source(v.text, item.field), v.line, v.column});
            }
            return out;
        }
        return {};
    }

    // Blockers of a detection; empty when it can match.
    std::vector<Blocker> detection_blockers(const DetectionFact& d) const {
        if (d.keywords) return {};
        if (d.any_of) {
            std::vector<Blocker> out;
            for (const auto& c : d.children) {
                auto b = detection_blockers(c);
                if (b.empty()) return {};
                out.insert(out.end(), b.begin(), b.end());
            }
            return out;
        }
        std::vector<Blocker> out;
        for (const auto& item : d.items) {
            auto b = item_blockers(item);
            out.insert(out.end(), b.begin(), b.end());
        }
        return out;
    }

    // Blockers of the rule: empty when some way to satisfy a condition needs no
    // impossible detection. Conservative: `not x` is always possible, and a
    // condition that does not parse is left to the compiler's error.
    std::vector<Blocker> rule_blockers(const RuleFact& rule) const {
        if (rule.correlation || rule.conditions.empty() || !rule.parsed) return {};
        std::map<std::string, std::vector<Blocker>> blockers;
        for (const auto& [name, detection] : rule.detections) blockers[name.text] = detection_blockers(detection);
        std::vector<Blocker> out;
        for (const auto& condition : rule.conditions) {
            rules::ConditionParse parsed = rules::parse_condition(condition.text);
            if (!parsed.expr) return {};
            std::vector<Blocker> why;
            if (possible(*parsed.expr, blockers, why)) return {};
            out.insert(out.end(), why.begin(), why.end());
        }
        return out;
    }

private:
    static bool plain(const ItemFact& item) {
        return std::all_of(item.modifiers.begin(), item.modifiers.end(), [](const std::string& m) { return m == "cased"; });
    }

    static bool glob(std::string_view pattern, std::string_view name) {
        if (pattern.empty()) return name.empty();
        if (pattern[0] == '*') {
            for (std::size_t i = 0; i <= name.size(); ++i)
                if (glob(pattern.substr(1), name.substr(i))) return true;
            return false;
        }
        return !name.empty() && pattern[0] == name[0] && glob(pattern.substr(1), name.substr(1));
    }

    static bool possible(const rules::ConditionExpr& e, const std::map<std::string, std::vector<Blocker>>& blockers,
                         std::vector<Blocker>& why) {
        using Kind = rules::ConditionExpr::Kind;
        auto of = [&](const std::string& name) {
            auto it = blockers.find(name);
            if (it == blockers.end() || it->second.empty()) return true;
            why.insert(why.end(), it->second.begin(), it->second.end());
            return false;
        };
        switch (e.kind) {
        case Kind::Identifier: return of(e.name);
        case Kind::Not: return true;
        case Kind::And:
            for (const auto& c : e.children)
                if (!possible(c, blockers, why)) return false;
            return true;
        case Kind::Or: {
            bool any = false;
            for (const auto& c : e.children) any = possible(c, blockers, why) || any;
            return any;
        }
        case Kind::Selector: {
            std::size_t matched = 0, able = 0;
            const bool underscore = !e.is_them() && e.name.starts_with("_");
            for (const auto& [name, _] : blockers) {
                if (name.starts_with("_") && !underscore) continue;
                if (!e.is_them() && !glob(e.name, name)) continue;
                ++matched;
                if (of(name)) ++able;
            }
            if (matched == 0) return true; // rule.empty_pattern is the compiler's
            switch (e.quantifier) {
            case rules::ConditionExpr::Quantifier::Any: return able > 0;
            case rules::ConditionExpr::Quantifier::All: return able == matched;
            case rules::ConditionExpr::Quantifier::Count: return able >= e.count;
            }
            return true;
        }
        }
        return true;
    }

    const PackFacts& m_facts;
    const AwsTables& m_aws;
    std::vector<std::string> m_produced;
};

std::string rule_label(const RuleFact& r) { return r.id.text.empty() ? r.name.text : r.id.text; }

} // namespace

std::optional<TechniqueProblem> technique_problem(const AttackTables& attack, std::string_view id) {
    const Technique* t = attack.technique(id);
    if (!t)
        return TechniqueProblem{Severity::Error, codes::validate_unknown_technique, msg::unknown_technique(id, attack.version())};
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
        return TechniqueProblem{Severity::Error, codes::validate_deprecated_technique, msg::deprecated_technique(id, t->name)};
    return std::nullopt;
}

std::vector<std::string> rule_techniques(const RuleFact& rule) {
    std::vector<std::string> out;
    for (const auto& tag : rule.tags) {
        std::string_view text = tag.text;
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
    auto add = [&](const std::vector<parse::ParserInfo>& parsers) {
        for (const auto& p : parsers)
            for (const auto& a : p.activity_types) out.insert(ascii_lowered(a.type));
    };
    add(facts.parsers);
    add(facts.reused_parsers);
    add({parse::default_cloudtrail_parser()});
    return out;
}

void check_rule_attack(const PackFacts& facts, const AttackTables& attack, LoadResult& out) {
    for (const auto& rule : facts.rules) {
        if (rule.reused) continue; // checked with its own pack
        const std::string id = rule_label(rule);
        std::vector<std::string> fits;      // "T1078 (defense-evasion, persistence)"
        std::set<std::string> technique_tactics;
        for (const auto& tag : rule.tags) {
            std::string_view text = tag.text;
            if (!text.starts_with("attack.") || !technique_tag(text.substr(7))) continue;
            const std::string tid = ascii_uppered(text.substr(7));
            if (auto problem = technique_problem(attack, tid))
                out.add(make_finding(facts, problem->severity, problem->code, problem->message, rule.file, tag.line,
                                     tag.column, "rule", id));
            // A revoked technique's tactics are its replacement's.
            auto chain = attack.replacement_chain(tid);
            const Technique* t = attack.technique(chain.empty() ? tid : chain.back());
            if (!t) continue;
            technique_tactics.insert(t->tactics.begin(), t->tactics.end());
            fits.push_back(t->id + " (" + msg::join(t->tactics) + ")");
        }
        for (const auto& tag : rule.tags) {
            std::string_view text = tag.text;
            if (!text.starts_with("attack.")) continue;
            text.remove_prefix(7);
            if (technique_tag(text) || group_or_software_tag(text)) continue;
            std::string tactic(text);
            std::replace(tactic.begin(), tactic.end(), '_', '-'); // v1 spelling (rule.v1_tactic warns)
            // attack.ta0005 names a tactic by id.
            const bool by_id = tactic.size() == 6 && (tactic[0] == 't' || tactic[0] == 'T') &&
                               (tactic[1] == 'a' || tactic[1] == 'A') && digits(std::string_view(tactic).substr(2));
            const Tactic* found = attack.tactic(by_id ? ascii_uppered(tactic) : tactic);
            if (!found) {
                out.add(make_finding(facts, Severity::Error, codes::validate_unknown_tactic,
                                     msg::unknown_tactic(text, attack.version()), rule.file, tag.line, tag.column,
                                     "rule", id));
                continue;
            }
            if (!fits.empty() && !technique_tactics.count(found->shortname))
                out.add(make_finding(facts, Severity::Warning, codes::validate_tactic_mismatch,
                                     msg::tactic_mismatch(found->shortname, fits), rule.file, tag.line, tag.column,
                                     "rule", id));
        }
    }
}

void check_models(const PackFacts& facts, LoadResult& out) {
    // The models stage's own collect/compile: duplicate ids, features, train_when.
    std::vector<models::ModelInfo> own;
    for (const auto& m : facts.models)
        if (m.pack == facts.info.id) own.push_back(m);
    FieldRegistry scratch;
    models::ModelSet set;
    rules::CompileOptions options;
    options.map_field = [&facts](std::string_view name) { return facts.map_field(name); };
    out.merge(models::compile_models(std::move(own), scratch, set, options));

    std::vector<std::string> ids;
    for (const auto& m : facts.models) ids.push_back(m.id);
    for (const auto& rule : facts.rules) {
        if (rule.reused || rule.model_ref.text.empty()) continue;
        const std::string& ref = rule.model_ref.text;
        if (std::find(ids.begin(), ids.end(), ref) != ids.end()) continue;
        std::string suggestion;
        std::size_t best = SIZE_MAX;
        for (const auto& candidate : ids) {
            std::size_t d = edit_distance(ref, candidate, true);
            if (d < best) {
                best = d;
                suggestion = candidate;
            }
        }
        if (best > std::max<std::size_t>(2, ref.size() / 3)) suggestion.clear();
        out.add(make_finding(facts, Severity::Error, codes::validate_dangling_model_ref,
                             msg::dangling_model_ref(ref, facts.info.id, suggestion), rule.file, rule.model_ref.line,
                             rule.model_ref.column, "rule", rule_label(rule)));
    }
}

void check_activity_types(const PackFacts& facts, LoadResult& out) {
    const std::set<std::string> assigned = assigned_activity_types(facts);
    const std::vector<std::string> listed(assigned.begin(), assigned.end());
    for (const auto& rule : facts.rules) {
        if (rule.reused) continue;
        for (const auto& type : rule.activity_types)
            if (!assigned.count(ascii_lowered(type.text)))
                out.add(make_finding(facts, Severity::Error, codes::validate_unassigned_activity_type,
                                     msg::unassigned_activity_type(type.text, facts.info.id, listed), rule.file,
                                     type.line, type.column, "rule", rule_label(rule)));
    }
    for (const auto& model : facts.models) {
        if (model.pack != facts.info.id) continue;
        for (const auto& type : model.activity_types)
            if (!assigned.count(ascii_lowered(type)))
                out.add(make_finding(facts, Severity::Error, codes::validate_unassigned_activity_type,
                                     msg::unassigned_activity_type(type, facts.info.id, listed), model.file,
                                     model.pos.line, model.pos.column, "model", model.id));
    }
}

std::vector<Relevance> check_relevance(const PackFacts& facts, const AwsTables& aws, LoadResult& out) {
    RelevanceCheck check(facts, aws);
    std::vector<Relevance> verdicts;
    for (const auto& rule : facts.rules) {
        Relevance v;
        v.marked = rule.relevance.text == "none";
        std::vector<Blocker> blockers = check.rule_blockers(rule);
        v.found_unable = !blockers.empty();
        verdicts.push_back(v);
        if (rule.reused) continue;
        const std::string id = rule_label(rule);
        if (v.found_unable) {
            const Blocker& first = blockers.front();
            const std::size_t more = blockers.size() - 1;
            if (v.marked)
                out.add(make_finding(facts, Severity::Warning, codes::validate_never_fires, msg::never_fires(first.reason, more),
                                     rule.file, first.line, first.column, "rule", id));
            else
                out.add(make_finding(facts, Severity::Error, codes::validate_relevance_mismatch,
                                     msg::never_fires_unmarked(first.reason, more), rule.file, first.line, first.column,
                                     "rule", id));
        } else if (v.marked) {
            out.add(make_finding(facts, Severity::Warning, codes::validate_relevance_unconfirmed,
                                 msg::relevance_unconfirmed(rule.relevance_reason), rule.file, rule.relevance.line,
                                 rule.relevance.column, "rule", id));
        }
    }
    for (const auto& model : facts.models) {
        if (model.pack != facts.info.id) continue;
        std::vector<std::string> fields = model.feature;
        fields.insert(fields.end(), model.scope_fields.begin(), model.scope_fields.end());
        for (std::size_t i = 0; i < fields.size(); ++i) {
            if (contains(k_builtin_features, fields[i])) continue;
            std::string reason = check.field_reason(fields[i], facts.map_field(fields[i]));
            if (reason.empty()) continue;
            const bool marked = model.cloudtrail_relevance == "none";
            const auto pos = i < model.feature_pos.size() ? model.feature_pos[i] : model.pos;
            out.add(make_finding(facts, Severity::Warning, codes::validate_model_never_trains,
                                 msg::model_never_trains(reason, marked), model.file, pos.line, pos.column, "model",
                                 model.id));
            break;
        }
    }
    return verdicts;
}

} // namespace trailproof::harness
