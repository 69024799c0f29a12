#pragma once
// Can a rule fire on CloudTrail, can a model train? A detection item needs a
// field some parser, the field map, enrichment or the CloudTrail record itself
// provides, and an eventSource that is AWS's; a rule is unable to fire when
// every way to satisfy its condition needs such an item (condition-aware: `a or
// b` is possible when b is).

#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "validate_pack.h"
#include "validate_tables.h"

namespace trailproof::harness {

// Whether a rule can fire on CloudTrail.
struct Relevance {
    bool found_unable = false; // every way to satisfy the condition needs a field or value CloudTrail never has
    bool marked = false;       // the rule says `cloudtrail_relevance: none`
    [[nodiscard]] bool unable() const noexcept { return found_unable || marked; }
};

// "field 'x' is produced by no parser ...; did you mean 'y'?" when no parser of
// the pack, its field map, enrichment, derived fields or the CloudTrail record
// (its fixed objects member by member) provides `field` (as a rule writes it);
// "" when something does. Used by validate.unproduced_field and explain.
[[nodiscard]] std::string unproduced_field_hint(const PackFacts& facts, std::string_view field);

// Relevance of every rule (parallel to facts.rules) and of every model's feature;
// reports the rules that can never fire and are not marked so, the marked ones
// that can, and the models that can never train.
[[nodiscard]] std::vector<Relevance> check_relevance(const PackFacts& facts, const AwsTables& aws, LoadResult& out);

} // namespace trailproof::harness
