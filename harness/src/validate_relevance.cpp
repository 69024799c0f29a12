#include "validate_relevance.h"

#include <algorithm>
#include <array>
#include <map>

#include "core/diagnostic_codes.h"
#include "core/edit_distance.h"
#include "load/stage_facts.h"
#include "validate_messages.h"

namespace trailproof::harness {

namespace {

using rules::ConditionExpr;
using rules::Detection;
using rules::DetectionItem;
using rules::Modifier;

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

bool cloudtrail_key(std::string_view key) {
    return std::find(k_cloudtrail_keys.begin(), k_cloudtrail_keys.end(), key) != k_cloudtrail_keys.end();
}

// The fixed shape of the CloudTrail record's own objects (CloudTrail userIdentity
// element, record contents reference): their members, so a typo below them
// (`userIdentity.typee`) is found. A path ending in '*' leaves everything below it
// free (request and response payloads, federation attributes, ...).
constexpr std::array<std::string_view, 48> k_cloudtrail_paths = {
    "userIdentity.type", "userIdentity.principalId", "userIdentity.arn", "userIdentity.accountId",
    "userIdentity.accessKeyId", "userIdentity.userName", "userIdentity.invokedBy", "userIdentity.identityProvider",
    "userIdentity.credentialId", "userIdentity.onBehalfOf.userId", "userIdentity.onBehalfOf.identityStoreArn",
    "userIdentity.inScopeOf.*", "userIdentity.userId",
    "userIdentity.sessionContext.attributes.creationDate", "userIdentity.sessionContext.attributes.mfaAuthenticated",
    "userIdentity.sessionContext.sessionIssuer.type", "userIdentity.sessionContext.sessionIssuer.principalId",
    "userIdentity.sessionContext.sessionIssuer.arn", "userIdentity.sessionContext.sessionIssuer.accountId",
    "userIdentity.sessionContext.sessionIssuer.userName",
    "userIdentity.sessionContext.webIdFederationData.federatedProvider",
    "userIdentity.sessionContext.webIdFederationData.attributes.*", "userIdentity.sessionContext.sourceIdentity",
    "userIdentity.sessionContext.ec2RoleDelivery", "userIdentity.sessionContext.assumedRoot",
    "tlsDetails.tlsVersion", "tlsDetails.cipherSuite", "tlsDetails.clientProvidedHostHeader",
    "resources.ARN", "resources.accountId", "resources.type",
    "addendum.reason", "addendum.updatedFields", "addendum.originalRequestID", "addendum.originalEventID",
    "requestParameters.*", "responseElements.*", "additionalEventData.*", "serviceEventDetails.*",
    "edgeDeviceDetails.*", "insightDetails.*",
    "eventTime", "eventName", "eventSource", "sourceIPAddress", "userAgent", "errorCode", "recipientAccountId",
};

// True when `path` is a path of the CloudTrail record: a top-level key that is
// free below, or one of the fixed objects' members (or below a free member).
bool cloudtrail_path(std::string_view path) {
    const std::string_view head = path.substr(0, path.find('.'));
    if (!cloudtrail_key(head)) return false;
    if (head == path) return true;
    bool fixed = false; // some listed path lies below this head
    for (std::string_view known : k_cloudtrail_paths) {
        if (known.substr(0, known.find('.')) != head || known.find('.') == std::string_view::npos) continue;
        fixed = true;
        if (known.ends_with("*")) {
            const std::string_view prefix = known.substr(0, known.size() - 1); // "requestParameters."
            if (path.starts_with(prefix) || path == prefix.substr(0, prefix.size() - 1)) return true;
        } else if (path == known || (known.starts_with(path) && known[path.size()] == '.')) {
            return true; // the member, or an object above members
        }
    }
    return !fixed;
}

// Every field some parser of the pack produces (own, reused, built-in), sorted.
std::vector<std::string> parser_fields(const PackFacts& facts) {
    std::vector<std::string> out;
    auto add = [&](const parse::ParserInfo& p) {
        for (const auto& f : p.fields) out.push_back(f.name);
    };
    for (const auto& p : facts.parsers()) add(p);
    for (const auto& p : facts.reused_parsers()) add(p);
    add(load::builtin_parser());
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

bool has_modifier(const DetectionItem& item, Modifier m) {
    return std::find(item.field.modifiers.begin(), item.field.modifiers.end(), m) != item.field.modifiers.end();
}

bool false_value(const rules::DetectionValue& v) {
    using Type = rules::DetectionValue::Type;
    return v.type == Type::Bool ? !v.boolean : v.text == "false" || v.text == "no";
}

// True when the item matches events that lack the field (`f: null`, `f|exists: false`, `|neq`).
bool matches_absence(const DetectionItem& item) {
    if (has_modifier(item, Modifier::Neq)) return true;
    for (const auto& v : item.values) {
        if (v.type == rules::DetectionValue::Type::Null) return true;
        if (has_modifier(item, Modifier::Exists) && false_value(v)) return true;
    }
    return false;
}

// "sel_*" over detection names: '*' matches any run; the whole name must match.
bool glob(std::string_view pattern, std::string_view name) {
    if (pattern.empty()) return name.empty();
    if (pattern[0] == '*') {
        for (std::size_t i = 0; i <= name.size(); ++i)
            if (glob(pattern.substr(1), name.substr(i))) return true;
        return false;
    }
    return !name.empty() && pattern[0] == name[0] && glob(pattern.substr(1), name.substr(1));
}

struct Blocker {
    std::string reason;
    yaml::SourcePos pos;
};

using Blockers = std::map<std::string, std::vector<Blocker>>; // detection name -> why it can never match

class RelevanceCheck {
public:
    RelevanceCheck(const PackFacts& facts, const AwsTables& aws)
        : m_facts(facts), m_aws(aws), m_produced(parser_fields(facts)) {}

    // Why `field` (mapped to `mapped`) can never hold a value on CloudTrail, or "".
    std::string field_reason(std::string_view field, std::string_view mapped) const {
        if (std::binary_search(m_produced.begin(), m_produced.end(), mapped)) return {};
        if (load::filled_by_engine(mapped)) return {};
        if (m_facts.derived_fields.count(field) || m_facts.derived_fields.count(mapped)) return {};
        if (cloudtrail_key(mapped.substr(0, mapped.find('.')))) return {};
        return msg::field_never_exists(field, mapped);
    }

    // Stricter than field_reason: below the CloudTrail record's fixed objects only
    // their members count.
    bool cloudtrail_or_produced(std::string_view mapped) const {
        return std::binary_search(m_produced.begin(), m_produced.end(), mapped) || load::filled_by_engine(mapped) ||
               m_facts.derived_fields.count(mapped) || cloudtrail_path(mapped);
    }

    // Blockers of the rule: empty when some way to satisfy a condition needs no
    // impossible detection. Conservative: `not x` is always possible, and a
    // condition that does not parse is left to the compiler's error.
    std::vector<Blocker> rule_blockers(const RuleDoc& doc) const {
        const rules::RuleAst* rule = doc.rule();
        if (!rule || !doc.parsed() || rule->conditions.empty()) return {};
        Blockers blockers;
        for (const auto& named : rule->detections) blockers[named.name] = detection_blockers(named.detection);
        std::vector<Blocker> out;
        for (const auto& condition : rule->conditions) {
            const std::optional<ConditionExpr> tree = load::condition_tree(condition.text);
            if (!tree) return {};
            std::vector<Blocker> why;
            if (possible(*tree, blockers, why)) return {};
            out.insert(out.end(), why.begin(), why.end());
        }
        return out;
    }

private:
    // Blockers of one item; empty when it can match.
    std::vector<Blocker> item_blockers(const DetectionItem& item) const {
        if (item.field.keyword()) return {}; // keywords search the raw record
        const std::string& field = item.field.name;
        const std::string mapped = m_facts.map_field(field);
        std::string reason = field_reason(field, mapped);
        if (!reason.empty() && !matches_absence(item)) return {{reason, item.field.pos}};
        if (mapped == "eventSource" && whole_value_item(item.field) && !item.values.empty()) {
            std::vector<Blocker> out;
            for (const auto& v : item.values) {
                if (v.type != rules::DetectionValue::Type::String || m_aws.looks_like_source(v.text)) return {};
                out.push_back({msg::foreign_event_source(v.text, field), v.pos});
            }
            return out;
        }
        return {};
    }

    // Blockers of a detection; empty when it can match.
    std::vector<Blocker> detection_blockers(const Detection& d) const {
        std::vector<Blocker> out;
        switch (d.kind) {
        case Detection::Kind::Keywords: return {};
        case Detection::Kind::AnyOf:
            for (const auto& c : d.children) {
                auto b = detection_blockers(c);
                if (b.empty()) return {};
                out.insert(out.end(), b.begin(), b.end());
            }
            return out;
        case Detection::Kind::AllOf:
            for (const auto& item : d.items) {
                auto b = item_blockers(item);
                out.insert(out.end(), b.begin(), b.end());
            }
            return out;
        }
        return out;
    }

    static bool possible(const ConditionExpr& e, const Blockers& blockers, std::vector<Blocker>& why) {
        using Kind = ConditionExpr::Kind;
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
            case ConditionExpr::Quantifier::Any: return able > 0;
            case ConditionExpr::Quantifier::All: return able == matched;
            case ConditionExpr::Quantifier::Count: return able >= e.count;
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

void report_rule(const PackFacts& facts, const RuleDoc& rule, const Relevance& v, const std::vector<Blocker>& blockers,
                 LoadResult& out) {
    if (v.found_unable) {
        const Blocker& first = blockers.front();
        const std::size_t more = blockers.size() - 1;
        if (v.marked)
            out.add(make_finding(facts, Severity::Warning, codes::validate_never_fires,
                                 msg::never_fires(first.reason, more), rule.file(), first.pos.line, first.pos.column,
                                 "rule", rule.label()));
        else
            out.add(make_finding(facts, Severity::Error, codes::validate_relevance_mismatch,
                                 msg::never_fires_unmarked(first.reason, more), rule.file(), first.pos.line,
                                 first.pos.column, "rule", rule.label()));
    } else if (v.marked) {
        const yaml::SourcePos pos = rule.positions().cloudtrail_relevance;
        out.add(make_finding(facts, Severity::Warning, codes::validate_relevance_unconfirmed,
                             msg::relevance_unconfirmed(rule.relevance_reason()), rule.file(), pos.line, pos.column,
                             "rule", rule.label()));
    }
}

void check_model(const PackFacts& facts, const RelevanceCheck& check, const models::ModelInfo& model, LoadResult& out) {
    std::vector<std::string> fields = model.feature;
    fields.insert(fields.end(), model.scope_fields.begin(), model.scope_fields.end());
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (load::builtin_model_feature(fields[i])) continue;
        std::string reason = check.field_reason(fields[i], facts.map_field(fields[i]));
        if (reason.empty()) continue;
        const bool marked = model.cloudtrail_relevance == "none";
        const auto pos = i < model.feature_pos.size() ? model.feature_pos[i] : model.pos;
        out.add(make_finding(facts, Severity::Warning, codes::validate_model_never_trains,
                             msg::model_never_trains(reason, marked), model.file, pos.line, pos.column, "model",
                             model.id));
        return;
    }
}

// Every field name a rule of the pack can read, for "did you mean": what the
// parsers produce and the CloudTrail record's own paths.
std::vector<std::string_view> known_field_names(const std::vector<std::string>& produced) {
    std::vector<std::string_view> out(produced.begin(), produced.end());
    for (std::string_view k : k_cloudtrail_keys) out.push_back(k);
    for (std::string_view k : k_cloudtrail_paths)
        if (!k.ends_with("*")) out.push_back(k);
    return out;
}

// The unproduced fields of a rule's detection, in order (keywords and items that
// match absence are fine).
void unproduced_items(const PackFacts& facts, const RelevanceCheck& check, const Detection& d,
                      std::vector<const DetectionItem*>& out) {
    for (const auto& c : d.children) unproduced_items(facts, check, c, out);
    for (const auto& item : d.items) {
        if (item.field.keyword() || matches_absence(item)) continue;
        const std::string mapped = facts.map_field(item.field.name);
        if (!check.field_reason(item.field.name, mapped).empty() || !check.cloudtrail_or_produced(mapped)) out.push_back(&item);
    }
}

} // namespace

std::string unproduced_field_hint(const PackFacts& facts, std::string_view field) {
    const std::vector<std::string> produced = parser_fields(facts);
    const std::string mapped = facts.map_field(field);
    if (std::binary_search(produced.begin(), produced.end(), mapped) || load::filled_by_engine(mapped) ||
        facts.derived_fields.count(field) || facts.derived_fields.count(mapped) || cloudtrail_path(mapped))
        return {};
    return msg::unproduced_field(field, mapped) + did_you_mean(mapped, known_field_names(produced), 3, false);
}

std::vector<Relevance> check_relevance(const PackFacts& facts, const AwsTables& aws, LoadResult& out) {
    RelevanceCheck check(facts, aws);
    std::vector<Relevance> verdicts;
    for (const auto& rule : facts.rules) {
        Relevance v;
        v.marked = rule.relevance() == "none";
        const std::vector<Blocker> blockers = check.rule_blockers(rule);
        v.found_unable = !blockers.empty();
        verdicts.push_back(v);
        if (rule.reused()) continue;
        report_rule(facts, rule, v, blockers, out);
        // A rule that cannot fire at all is reported above; in one that can, a field
        // nothing produces is most likely a typo (`userIdentity.typee`).
        const rules::RuleAst* ast = rule.rule();
        if (v.unable() || !ast) continue;
        std::vector<const DetectionItem*> items;
        for (const auto& named : ast->detections) unproduced_items(facts, check, named.detection, items);
        for (const DetectionItem* item : items)
            out.add(make_finding(facts, Severity::Warning, codes::validate_unproduced_field,
                                 unproduced_field_hint(facts, item->field.name), rule.file(), item->field.pos.line,
                                 item->field.pos.column, "rule", rule.label()));
    }
    for (const auto* model : facts.models)
        if (model->pack == facts.info.id) check_model(facts, check, *model, out);
    return verdicts;
}

} // namespace trailproof::harness
