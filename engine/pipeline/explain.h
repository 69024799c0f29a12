#pragma once
// `trailproof explain`: one event through the stages as `detect` runs it, with
// the why of every step kept: which parser claimed the record (and why the
// others did not), the normalized fields, and for each rule the detection items
// with the event's values, the condition's result and, for rules with a model,
// the model state consulted and the verdict (models/model_state.h
// ModelVerdict). The detector's state is read, never trained: explain on a
// fresh detector, or after load_state (--state) on the learned one.

#include <string>
#include <utility>
#include <vector>

#include "models/model_state.h"
#include "parse/record_parser.h"
#include "rules/rule_trace.h"

namespace trailproof::pipeline {

struct RuleExplanation {
    std::string id, title;
    rules::RuleTrace trace;
    bool behavioural = false;     // the rule has a model, facts or session condition
    models::ModelVerdict verdict; // when behavioural
    bool suppressed = false;      // a correlation speaks for it (generate: false): no alert of its own
    bool fires = false;           // the rule alerts on this event
};

struct PackExplanation {
    std::string pack;
    std::vector<parse::ParserChoice> parsers; // the pack's parsers, in selection order
    bool accepted = false;                    // some parser claimed and read the record
    std::string reject;                       // why not: "parse.no_parser: no parser matches ..."
    std::string parser;                       // the parser that claimed it
    std::string activity_type;
    // Every field with a value, in registry order: name, values (JSON null as "null").
    std::vector<std::pair<std::string, std::vector<std::string>>> fields;
    std::vector<RuleExplanation> rules;       // the pack's rules (or the one asked for), in rule order
};

struct Explanation {
    std::string origin;                // the record's origin; "" when there is none
    std::string read_error;            // the input holds no record, or its only record was rejected when read
    std::size_t records = 0;           // records in the input (explain uses the first)
    std::vector<PackExplanation> packs; // in load order; only the rule's pack when one is asked for
};

} // namespace trailproof::pipeline
