#pragma once
// What a correlation emits when its condition holds for a group.

#include <cstdint>
#include <string>
#include <vector>

namespace trailproof::correlate {

struct CorrelationHit {
    std::uint32_t correlation = 0;  // index into CorrelationSet (== RuleSet::correlations())
    std::vector<std::string> group; // group-by values, parallel to the correlation's group_by
    // The aggregate the condition was checked on: hits (event_count), distinct
    // values (value_count), distinct rules (temporal) or rules matched in order
    // (temporal_ordered).
    std::uint64_t value = 0;
    // When it fired: the time of the hit that made the condition true (Rising), or
    // the window's end, first_ms + timespan (Closing). An outer correlation sees
    // this hit at this time.
    std::int64_t time_ms = 0;
    std::int64_t first_ms = 0; // earliest hit time in the window
    std::int64_t last_ms = 0;  // latest hit time in the window
    std::uint32_t hits = 0;    // hits held in the window
    // False when an outer correlation with generate: false references this one:
    // it still feeds the outer correlation but is not an alert of its own.
    bool emit = true;
};

} // namespace trailproof::correlate
