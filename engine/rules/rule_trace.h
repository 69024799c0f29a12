#pragma once
// Why a rule did or did not match one event (trailproof explain): every
// detection item with the event's values and its own result, each detection's
// result, and the condition's. Built by evaluating the compiled matchers one
// piece at a time (ItemMatcher::match, DetectionMatcher::match,
// CompiledRule::match), so the trace agrees with RuleSet::match by construction;
// the property test in tests/rules/trace_test.cpp holds that line. Off the hot
// path: it allocates.

#include <cstdint>
#include <string>
#include <vector>

#include "core/event.h"
#include "core/field_registry.h"

namespace trailproof::rules {

struct ItemTrace {
    std::string key;                   // as written: "eventName|contains", "" for keywords
    std::string field;                 // the event field read (after the field map); "" for keywords
    std::vector<std::string> expected; // the values as written
    std::vector<std::string> values;   // the event's values of the field (JSON null as "null"); empty = absent
    bool matched = false;
};

// One way a detection can match: its items, all required. A map is one branch;
// a list of maps is one branch per map.
struct BranchTrace {
    std::vector<ItemTrace> items;
    bool matched = false;
};

struct DetectionTrace {
    std::string name;
    bool any_of = false; // the branches are OR-ed (a list of maps)
    std::vector<BranchTrace> branches;
    bool matched = false;
};

struct RuleTrace {
    bool activity_type_allowed = true;   // the rule's activity_types let this event in (or it has none)
    std::vector<std::string> activity_types; // the rule's, lowered; empty = every event
    std::vector<DetectionTrace> detections;
    std::vector<std::string> conditions; // as written, OR-ed
    bool condition_matched = false;
    bool matched = false; // == RuleSet::match has the rule among its hits
};

} // namespace trailproof::rules
