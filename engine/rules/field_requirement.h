#pragma once
// Rules that cannot match an event because it lacks a field: at load, each
// rule's condition gives a necessary requirement on which fields the event
// has (a conjunction of clauses, each "at least one of these fields has a
// value"); per event a candidate whose requirement fails is skipped without
// evaluating its condition.
//
// Guarantee: a rule whose requirement fails on an event does not match it.
// The derivation is conservative: whatever could match on an absent field
// (`not`, `|neq`, `|exists: false`, `null`, keywords, `False`) requires
// nothing, AND joins the clauses of its sides, OR (and `N of`) keeps only
// what every side needs (the clauses' cross product), and any clause can be
// dropped (fewer clauses are still necessary). "Has a value" is
// Event::present (a JSON null counts: `|exists: true` holds on it), which
// every value test also needs. Held by tests/rules/requirement_test.cpp:
// match with skipping == match_full_scan on random rules and events.

#include <cstdint>
#include <vector>

#include "core/event.h"
#include "core/field_registry.h"
#include "rules/matcher.h"

namespace trailproof::rules {

// Conjunction of clauses; a clause is a sorted set of fields of which at least
// one must be present. No clause: no requirement.
using FieldClause = std::vector<FieldId>;
using FieldRequirement = std::vector<FieldClause>;

// The requirement `rule`'s condition implies (activity gates aside):
// simplified (no duplicate clause, none that another clause implies), at most
// k_max_clauses clauses of at most k_max_clause_fields fields each.
[[nodiscard]] FieldRequirement derive_field_requirement(const CompiledRule& rule);

inline constexpr std::size_t k_max_clauses = 8;
inline constexpr std::size_t k_max_clause_fields = 4;

// The clause a set checks per event, by rule: chosen from each rule's derived
// requirement at load (RequirementTable::build). One clause per rule, most
// often one field: the test is one slot read (Event::present).
class RequirementTable {
public:
    // `requirements` by rule; a clause naming `implied` is not chosen for the
    // rules `implied_for` marks (true by rule: the index only visits them when
    // the event has that field). Chooses the clause with the fewest fields,
    // then the one whose fields the fewest rules need (a field many rules need
    // is likely one every event has).
    void build(const std::vector<FieldRequirement>& requirements, FieldId implied,
               const std::vector<bool>& implied_for);

    // False when `event` lacks every field of the clause checked for `rule`
    // (the rule cannot match it). `rule` < the number of rules built.
    [[nodiscard]] bool may_match(std::uint32_t rule, const Event& event) const noexcept {
        return passes(m_check[rule], event);
    }
    // What may_match tests for `rule`, as one word (copied into candidate
    // plans, rule_set_data.h), and the test itself: passes(check_of(r), e) ==
    // may_match(r, e).
    [[nodiscard]] std::uint32_t check_of(std::uint32_t rule) const noexcept { return m_check[rule]; }
    [[nodiscard]] bool passes(std::uint32_t check, const Event& event) const noexcept {
        if (check == k_nothing) return true;
        if ((check & k_clause_bit) == 0) return event.present(check);
        return any_present(check & ~k_clause_bit, event);
    }
    // The checked clause of `rule` (none, or one), for explanations and tests.
    [[nodiscard]] FieldRequirement checked(std::uint32_t rule) const;

private:
    static constexpr std::uint32_t k_nothing = UINT32_MAX;
    static constexpr std::uint32_t k_clause_bit = 1u << 31;
    [[nodiscard]] bool any_present(std::uint32_t clause, const Event& event) const noexcept;
    // By rule: k_nothing, a FieldId (a one-field clause), or k_clause_bit | the
    // index of a clause of several fields in m_clauses.
    std::vector<std::uint32_t> m_check;
    std::vector<FieldClause> m_clauses;
};

} // namespace trailproof::rules
