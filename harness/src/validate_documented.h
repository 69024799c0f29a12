#pragma once
// The pack against its vendor's documentation (pack.yml `documented:`): every
// documented rule, model and parser is present with its documented MITRE ids and
// activity types, nothing undocumented is claimed as documented, every printed
// technique name is ATT&CK's, and every documented count equals the count derived
// from the pack unless a `waiver:` explains it (reported as a warning with the
// reason, never silently). The block's shapes: validate_documented_reader.h.

#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "validate_pack.h"
#include "validate_relevance.h"
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
