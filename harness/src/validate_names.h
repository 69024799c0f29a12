#pragma once
// Real CloudTrail names: every eventSource / eventName literal a rule matches (and
// those in the pack parsers' activity-type `when` and the models' `train_when`)
// must be something CloudTrail records (content/aws tables). An unknown name is
// an error that suggests the closest real one (`CreateVPC` -> `CreateVpc`).

#include "core/diagnostic.h"
#include "validate_pack.h"
#include "validate_tables.h"

namespace trailproof::harness {

void check_aws_names(const PackFacts& facts, const AwsTables& aws, LoadResult& out);

} // namespace trailproof::harness
