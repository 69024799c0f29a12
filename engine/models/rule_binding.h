#pragma once
// Binding rules to behaviour: a rule's `model:`, `facts:` and `session:` keys
// (RuleMeta) resolved against a ModelSet into a RuleBinding that
// ModelState::check evaluates after the rule's selection matched.
//
//   model:   {ref: UA-UC, trigger: first_time | abnormal | nth_new,
//             threshold: 0.1,    # abnormal: the rare tail (share of observations) a value must lie in
//             unseen: true,      # abnormal: a never-seen value is abnormal too
//             unconverged: false, # abnormal: an entity whose model has not converged is abnormal too
//             confidence: 0.8,   # overrides the model's convergence threshold
//             n: 2}              # nth_new: fires on the n-th new value of the session
//   facts:   {new_user: true, dormant_days: 30, first_seen_within_days: 7}
//   session: {distinct: src_country, gte: 2}   or   {count: 50}
//
// A rule's conditions are AND-ed. A rule whose binding has an error is marked
// broken and never fires (the load reports the error; a CLI refuses the load).

#include <cstdint>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "core/field_registry.h"
#include "models/model_set.h"
#include "rules/rule_set.h"

namespace trailproof::models {

enum class Trigger : std::uint8_t { None, FirstTime, Abnormal, NthNew };

struct RuleBinding {
    std::uint32_t rule = 0; // index in the RuleSet
    bool broken = false;    // the binding had an error: check() is always false

    std::uint32_t model = k_no_model;
    Trigger trigger = Trigger::None;
    double threshold = 0.1;          // abnormal
    bool unseen_is_abnormal = true;  // abnormal
    // abnormal: an entity whose model has not converged (no, too few or too scattered
    // observations: the behaviour is not routine) counts as abnormal too.
    bool unconverged_is_abnormal = false;
    double confidence = -1;          // < 0: the model's own convergence threshold
    std::uint32_t n = 0;             // nth_new
    std::uint32_t nth_slot = UINT32_MAX; // nth_new: index into RuleBindings::nth_new_models()

    std::int8_t new_user = -1;              // -1 unset; 1: no event of the user before; 0: some event before
    std::int64_t dormant_ms = -1;           // the user's previous event is more than this before
    std::int64_t first_seen_within_ms = -1; // the user's first event is less than this before

    std::uint32_t session_field = UINT32_MAX; // index into RuleBindings::session_fields()
    std::uint32_t session_gte = 0;            // distinct: the event's value is new and makes >= N
    std::uint32_t session_count = 0;          // count: the event is the N-th of the session

    // Some fact or session condition is set (bind_rules sets it from the fields
    // above): a check without one goes straight to the model.
    bool user_conditions = false;
};

class RuleBindings {
public:
    // The binding of `rule`, or nullptr when the rule has no behavioural condition.
    [[nodiscard]] const RuleBinding* find(std::uint32_t rule) const noexcept {
        return rule < m_by_rule.size() && m_by_rule[rule] != UINT32_MAX ? &m_bindings[m_by_rule[rule]] : nullptr;
    }
    [[nodiscard]] const std::vector<RuleBinding>& bindings() const noexcept { return m_bindings; }
    // Fields whose distinct values each session tracks (named by session: distinct).
    [[nodiscard]] const std::vector<FieldId>& session_fields() const noexcept { return m_session_fields; }
    [[nodiscard]] const std::vector<std::string>& session_field_names() const noexcept { return m_session_names; }
    // Models whose new values each session counts (named by nth_new rules).
    [[nodiscard]] const std::vector<std::uint32_t>& nth_new_models() const noexcept { return m_nth_models; }
    // Every rule's id, by rule index (session alert records keep ids, not indices).
    [[nodiscard]] const std::vector<std::string>& rule_ids() const noexcept { return m_rule_ids; }

private:
    friend LoadResult bind_rules(const ModelSet&, const rules::RuleSet&, FieldRegistry&, RuleBindings&);
    std::vector<RuleBinding> m_bindings;
    std::vector<std::uint32_t> m_by_rule;
    std::vector<FieldId> m_session_fields;
    std::vector<std::string> m_session_names;
    std::vector<std::uint32_t> m_nth_models;
    std::vector<std::string> m_rule_ids;
};

// Resolves every rule's model reference, trigger, parameters, facts and session
// condition. Errors name the rule and sit at its file:line (e.g. model.unknown_ref).
[[nodiscard]] LoadResult bind_rules(const ModelSet& models, const rules::RuleSet& rules, FieldRegistry& registry,
                                    RuleBindings& out);

} // namespace trailproof::models
