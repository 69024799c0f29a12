#pragma once
// Internal: what a RuleSet holds. Shared by rule_set.cpp (queries, matching) and
// rule_loader.cpp (compile_rules builds it); not part of the public API.

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "rules/field_requirement.h"
#include "rules/matcher.h"
#include "rules/rule_index.h"
#include "rules/rule_set.h"

namespace trailproof::rules {

struct RuleSetData {
    std::vector<RuleMeta> metas;     // by rule index
    std::vector<CompiledRule> rules; // by rule index
    std::vector<RuleKeys> keys;      // by rule index
    std::vector<CorrelationRule> correlations;
    RuleIndex index;
    std::unordered_map<std::string, std::uint32_t> by_id;
    std::size_t predicate_count = 0; // distinct items, detections and activity gates (predicate_set.h)
    // Condition group of each rule (by rule index; PredicateInterner::assign):
    // its result lives in memo slot predicate_count + group; k_no_predicate
    // for a rule that shares its group with no other (evaluated directly).
    std::vector<std::uint32_t> groups;
    std::size_t group_count = 0;
    // What each rule's condition needs of the event's fields, by rule, and the
    // clause checked before a candidate is evaluated (field_requirement.h).
    std::vector<FieldRequirement> derived_requirements;
    RequirementTable requirements;
    // The index's lists as match() walks them (RuleIndex::candidate_list): per
    // candidate, in list order, what the walk reads of it in one place.
    struct Candidate {
        std::uint32_t rule = 0;
        std::uint32_t check = 0;                // requirements.check_of(rule)
        std::uint32_t slot = k_no_predicate;    // memo slot of its condition group, or none
    };
    std::vector<std::vector<Candidate>> plans; // by RuleIndex list number
    std::vector<Candidate> always_plan;        // RuleIndex::k_always_list
    // The same plans split by activity type, so the memoized match() neither
    // reads nor tests an activity gate: the distinct names of the rules' gates
    // (lowered, sorted), and per plan (the lists by number, then the always
    // list) and per name, plus one for any other type, the candidates whose
    // gate allows it (a rule without a gate is in all). Empty when no rule has
    // a gate or past k_max_activity_names (match() then walks `plans`).
    static constexpr std::size_t k_max_activity_names = 16;
    std::vector<std::string> activity_names;
    std::vector<std::vector<Candidate>> activity_plans; // [plan * (activity_names.size() + 1) + name]
};

class PredicateInterner;

// The last step of both loaders (compile_rule_files, compile_selections), once
// every rule, its keys and its group are in `data`: builds the index, then every
// rule's field requirement (a clause on eventName is implied for the rules the
// index visits only through their eventName lists), and takes the predicate and
// group counts from `predicates`.
void finish_rule_set_data(RuleSetData& data, const PredicateInterner& predicates, FieldId event_name,
                          std::shared_ptr<NameIds> event_names);

} // namespace trailproof::rules
