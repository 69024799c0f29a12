#pragma once
// Fixture scenarios: what a replay feeds the engine and what must come out.
// Read from fixtures/<pack>/**/*.yml; see fixtures/README.md for the format.

#include <map>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "yaml/yaml_tree.h"

namespace trailproof::harness {

struct ExpectedAlert {
    std::string rule;                 // rule id
    int count = 1;
    bool check_mitre = false;
    std::vector<std::string> mitre;   // exact technique set of each alert
    std::string entity;               // alert user (principal ARN); "" = not checked
};

// A notable session the scenario expects: its user and the rule ids of its
// signals, in order.
struct ExpectedNotable {
    std::string user;
    std::vector<std::string> signals;
};

struct ExpectedParse {
    int event = 0;                    // 0-based index among the scenario's records
    std::string parser;               // "" = not checked
    std::string activity_type;        // "" = not checked
    std::map<std::string, std::string> fields; // normalized field -> expected text of its first value
};

// Baseline: the pack over the shared benign baseline; its expected alerts are the
// pack's false-positive budget (an exact count per rule), not proof of a rule.
enum class ScenarioKind { Positive, Negative, Training, Parser, Baseline, Unspecified };

// An id a fixture file names (its pack, a rule, model or parser), where it is
// written, so replay can point at an unknown one (check_references in replay.h).
struct Reference {
    std::string kind;    // "pack", "rule", "model" or "parser"
    std::string id;
    yaml::SourcePos pos;
    std::string snippet; // the source line
};

struct Scenario {
    std::string name;
    std::string file;                 // fixture file
    int line = 0;
    std::string pack;
    ScenarioKind kind = ScenarioKind::Unspecified;
    std::vector<std::string> covers_rules, covers_models, covers_parsers;
    std::vector<std::string> history; // records (one JSON object or raw line each) fed first; their alerts are ignored
    std::vector<std::string> events;  // records under test
    std::vector<std::string> files;   // input files, resolved against the fixture file's folder
    std::vector<ExpectedAlert> alerts;
    bool only = true;                 // no alert other than the expected ones may fire
    int rejected = -1;                // expected rejects among the events; -1 = not checked
    std::vector<ExpectedParse> parsed;
    bool check_notables = false;           // expect.notables given: the notable sessions must be exactly these
    std::vector<ExpectedNotable> notables;
    // `learn_until:` TIME (RFC 3339) or DURATION from the first event: the head of
    // the records only trains (detect --learn-until); what follows is judged.
    std::optional<std::int64_t> learn_until_ms, learn_head_ms;
    std::vector<Reference> references; // the file's pack, then every rule/model/parser id it names, in order
};

// Reads every *.yml under `dir` (sorted). Errors carry file:line:col.
[[nodiscard]] LoadResult read_scenarios(const std::string& dir, std::vector<Scenario>& out);
// Reads one fixture file's text.
[[nodiscard]] LoadResult read_scenario_file(const std::string& text, const std::string& file,
                                            std::vector<Scenario>& out);

} // namespace trailproof::harness
