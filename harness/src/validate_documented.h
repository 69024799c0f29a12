#pragma once
// The pack against its vendor's documentation (pack.yml `documented:`): every
// documented rule, model and parser is present with its documented MITRE ids and
// activity types, nothing undocumented is claimed as documented, every printed
// technique name is ATT&CK's, and every documented count equals the count derived
// from the pack unless a `waiver:` explains it (reported as a warning with the
// reason, never silently).
//
// One reader normalizes the packs' shapes:
//   documented:
//     counts: {rules: 80, models: 33, mitre_ttps: 9, activity_types: 4, parsers: 4}
//     rules: 6                       # a figure may also sit directly under documented
//     waivers: [{figure: parsers, documented: 4, derived: 5, waiver: why},
//               {missing: parsers, ids: [a, b], waiver: why}]
//     mitre: [{id: T1078, name: Valid Accounts, waiver: why}]
//     parsers: [name, ...]
//     rules | inventory: [{id, title | description, mitre | attack, tactics,
//                          activity_types, use_cases, effort, file, waiver}]
//     models: [{id, description, activity_types}]
//     use_cases: [{name, rules: N, models: N, ..., rule_ids, model_ids, waivers}]
//     unable_to_fire: 20
//     unable_to_fire_rules: [{id, title}]
//     activity_type_equivalents: {documented type: [pack types]}

#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "validate_pack.h"
#include "validate_rules.h"
#include "validate_tables.h"

namespace trailproof::harness {

// One row of the documented-vs-derived table.
struct CountRow {
    std::string figure;
    std::optional<long> documented;
    std::optional<long> derived;
    // "ok", "mismatch", "waived", or "" when there is nothing to compare.
    std::string status;
};

// The pack-level rows (rules, models, mitre_ttps, activity_types, parsers,
// unable_to_fire, then any other documented figure); findings go to `out`.
// `relevance` is parallel to facts.rules.
[[nodiscard]] std::vector<CountRow> check_documented(const PackFacts& facts, const std::vector<Relevance>& relevance,
                                                     const AttackTables& attack, LoadResult& out);

} // namespace trailproof::harness
