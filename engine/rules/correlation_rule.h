#pragma once
// A Sigma correlation document as plain data (SIGMA.md §5). The rules stage reads
// and checks it and resolves its rule references; it does not evaluate it.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/document_meta.h"

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

// The longest correlation timespan: 100 years of 365.2425 days (the reader's 'y').
inline constexpr std::int64_t k_max_timespan_seconds = std::int64_t{100} * 31556952;

enum class TimespanError { None, Malformed, OutOfRange };
// A Sigma timespan ("15m", "14d": a positive integer and a unit s, m, h, d, w,
// M or y) in seconds; OutOfRange past k_max_timespan_seconds. Also parses
// `detect --learn-until` durations, so both read the same way.
[[nodiscard]] TimespanError parse_timespan(std::string_view text, std::int64_t& seconds) noexcept;

// What every document has (DocumentMeta: id, title, ..., tags, labels, file:line;
// the labels are for the validator, evaluation does not use them), then the correlation.
struct CorrelationRule : DocumentMeta {
    std::string type_name; // as written, e.g. "event_count"
    CorrelationType type = CorrelationType::EventCount;
    std::vector<std::string> rules;    // ids or names, as written
    std::vector<CorrelationRef> refs;  // resolved, parallel to `rules`
    std::vector<std::string> group_by; // empty: one global group
    std::int64_t timespan_seconds = 0; // 1 .. k_max_timespan_seconds
    std::vector<CorrelationCondition> condition; // AND-ed; two items make a range
    std::vector<std::string> condition_fields;   // `condition.field` for value_* types
    std::optional<int> percentile;               // `condition.percentile` (pySigma)
    bool generate = false;                       // top level or correlation.generate
    // aliases: alias -> (rule id or name -> field in that rule's events). An
    // extension of Sigma: a rule may map to a list of fields, and the first one
    // the event has gives the value (one rule matching several event shapes).
    std::map<std::string, std::map<std::string, std::vector<std::string>>> aliases;
};

} // namespace trailproof::rules
