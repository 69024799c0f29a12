#pragma once
// Checks on a pack's rules and models against ATT&CK and against what its
// parsers produce: technique and tactic tags, model references and activity
// types. Whether a rule can fire at all is validate_relevance.h's.

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "validate_pack.h"
#include "validate_tables.h"

namespace trailproof::harness {

struct TechniqueProblem {
    Severity severity = Severity::Error;
    std::string_view code; // from the codes table (static storage)
    std::string message;
};

// What is wrong with citing technique `id` (unknown, revoked, deprecated), or nullopt.
[[nodiscard]] std::optional<TechniqueProblem> technique_problem(const AttackTables& attack, std::string_view id);

// The technique ids a rule tags ("T1078.004"), upper-cased, in tag order, each once.
[[nodiscard]] std::vector<std::string> rule_techniques(const RuleDoc& rule);

// Activity types some parser of the pack assigns (own and reused parsers and the
// built-in CloudTrail parser), lowered.
[[nodiscard]] std::set<std::string> assigned_activity_types(const PackFacts& facts);

// Every technique/tactic tag of every rule: exists, not revoked/deprecated, tactic fits.
void check_rule_attack(const PackFacts& facts, const AttackTables& attack, LoadResult& out);

// Every model reference names a model of the pack (own or reused); else the closest id.
void check_model_refs(const PackFacts& facts, LoadResult& out);

// Every activity type a rule or model uses is assigned by some parser.
void check_activity_types(const PackFacts& facts, LoadResult& out);

} // namespace trailproof::harness
