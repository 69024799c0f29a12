#pragma once
// What a topic keyed by principal means for each model and correlation.
//
// A partition's detector sees only its partition's records. A model keyed by
// the user (scope `user`, or a `fields` tuple that holds `user` or
// `userIdentity.arn`) and a correlation grouped by one of those see all of an
// entity's events in one partition, so they are exact. Every other scope (org,
// peer_group, host, zone, fields without the user) and every other grouping
// sees only the users of its partition: an org-wide "first time in the
// organization" becomes "first time among this partition's users". These are
// the cross-partition ones; `detect --kafka --org-models off` disables the
// rules bound to them and those correlations (they never fire), `partition`
// (the default) keeps them with partition-local state.

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "load/content.h"
#include "pipeline/detector.h"

namespace trailproof::kafka {

// A model or correlation whose state spans principals, and the rules it decides.
struct CrossPartition {
    std::string pack;
    std::string id;    // model id, or correlation id
    std::string kind;  // "model" or "correlation"
    std::string scope; // the model's scope group ("org", "fields:app", ...) or "group-by: a,b"
    std::vector<std::string> rules; // "pack/rule-id" keys of the rules bound to the model, or the correlation's own
};

// Every cross-partition model (bound to at least one rule, or not) and correlation of `content`, in pack order.
[[nodiscard]] std::vector<CrossPartition> cross_partition(const load::Content& content);

// The "pack/rule-id" keys --org-models off disables (Detector::disable_rules).
[[nodiscard]] std::set<std::string> cross_partition_rule_keys(const load::Content& content);

// The partition key of each record of `inputs` the detector accepts, in input
// order: the principal as the engine resolves it (the normalized field `user`,
// parse/principal_resolver.h), the key every user-keyed model, user fact and
// session uses; what a producer should key the topic by (README "Partition key").
[[nodiscard]] std::vector<std::string> principal_keys(const std::shared_ptr<const load::Content>& content,
                                                      const pipeline::DetectInputs& inputs);

} // namespace trailproof::kafka
