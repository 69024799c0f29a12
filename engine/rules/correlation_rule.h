#pragma once
// A Sigma correlation document as plain data (SIGMA.md §5). The rules stage reads
// and checks it and resolves its rule references; it does not evaluate it.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace trailproof::rules {

enum class CorrelationType : std::uint8_t {
    EventCount,
    ValueCount,
    Temporal,
    TemporalOrdered,
    ValueSum,
    ValueAvg,
    ValuePercentile,
    ValueMedian, // pySigma extension
};

enum class CorrelationOp : std::uint8_t { Gt, Gte, Lt, Lte, Eq, Neq };

struct CorrelationCondition {
    CorrelationOp op = CorrelationOp::Gte;
    double value = 0;
};

// A resolved entry of `rules`: a rule of the same RuleSet or another correlation.
struct CorrelationRef {
    bool is_correlation = false;
    std::uint32_t index = 0; // RuleSet rule index, or index into RuleSet::correlations()
};

struct CorrelationRule {
    std::string title, id, name, description, status, level, author, file, pack;
    int line = 0;
    std::string type_name; // as written, e.g. "event_count"
    CorrelationType type = CorrelationType::EventCount;
    std::vector<std::string> rules;    // ids or names, as written
    std::vector<CorrelationRef> refs;  // resolved, parallel to `rules`
    std::vector<std::string> group_by; // empty: one global group
    std::int64_t timespan_seconds = 0;
    std::vector<CorrelationCondition> condition; // AND-ed; two items make a range
    std::vector<std::string> condition_fields;   // `condition.field` for value_* types
    std::optional<int> percentile;               // `condition.percentile` (pySigma)
    bool generate = false;                       // top level or correlation.generate
    // aliases: alias -> (rule id or name -> field in that rule's events)
    std::map<std::string, std::map<std::string, std::string>> aliases;
    std::vector<std::string> tags;
    std::vector<std::string> techniques; // from attack.tNNNN tags, as RuleMeta::techniques
    std::vector<std::string> tactics;    // from attack.<tactic> tags, as RuleMeta::tactics
    // trailproof's labels, as RuleMeta has them (the validator checks them against
    // the pack's documentation; evaluation does not use them).
    std::vector<std::string> use_cases, activity_types;
    std::string effort, cloudtrail_relevance, cloudtrail_relevance_reason;
};

} // namespace trailproof::rules
