#pragma once
// `trailproof replay`: runs every fixture scenario on a fresh engine and
// compares what comes out with what the scenario expects.

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <memory>

#include "load/content.h"
#include "scenario.h"

namespace trailproof::harness {

struct ScenarioResult {
    const Scenario* scenario = nullptr;
    bool passed = false;
    std::vector<std::string> failures; // one readable line per difference
    std::map<std::string, int> fired;  // rule id -> alerts
};

// Coverage of one rule, model or parser of a pack.
struct Coverage {
    int positive = 0; // passing scenarios that show it working
    int negative = 0; // passing near-miss scenarios
};

struct PackReplay {
    std::string pack;
    std::vector<ScenarioResult> scenarios;
    std::map<std::string, Coverage> rules;   // every rule of the pack, covered or not
    std::map<std::string, std::string> titles; // rule id -> title ("" when it has none), for every rule above
    std::map<std::string, Coverage> parsers; // every parser the pack declares
    std::map<std::string, Coverage> models;  // every model of the pack (own and reused)
    std::vector<std::string> failures;       // pack-level assertion failures
    std::vector<std::string> mutation_survivors; // "scenario proves nothing for rule X"
    std::set<std::string> proven_techniques; // techniques of rules with a passing positive scenario
    int baseline_alerts = -1;                // alerts on the benign baseline; -1 = no baseline scenario ran
    [[nodiscard]] int passed() const;
    [[nodiscard]] int failed() const;
    [[nodiscard]] bool ok() const { return failed() == 0 && failures.empty() && mutation_survivors.empty(); }
};

struct ReplayOptions {
    std::vector<std::string> only_packs; // empty = every pack that has fixtures
    std::vector<std::string> only_rules; // empty = every scenario; else scenarios that cover or expect one of them
    // Scenarios to run, by (file, line); nullptr = all (replay --changed).
    const std::set<std::pair<std::string, int>>* only_scenarios = nullptr;
    bool mutate = false;    // disable each rule and rerun its positive scenarios
    // After each scenario run (mutation reruns included): runs so far (progress line).
    std::function<void(std::size_t)> on_scenario;
};

// Checks every id the fixtures name against the content: a pack that is not
// loaded, a rule, model or parser that the scenario's pack does not have. One
// error per reference (replay.unknown_*), at its file:line:col, with the
// closest id when one is close ("did you mean").
[[nodiscard]] LoadResult check_references(const load::Content& content, const std::vector<Scenario>& scenarios);

// "; did you mean 'x'?" for an id (pack, rule, model, parser) that is not among
// `known`: ids are long, so a quarter of the id's length may differ (at least 2).
[[nodiscard]] std::string did_you_mean_id(std::string_view unknown, const std::vector<std::string_view>& known);

// Runs one scenario on a fresh Detector restricted to `pack`.
[[nodiscard]] ScenarioResult run_scenario(const std::shared_ptr<const load::Content>& content, int pack, const Scenario& scenario,
                                          const std::set<std::string>& disabled = {});

// Replays `scenarios` (all packs) and computes coverage against every loaded pack.
[[nodiscard]] std::vector<PackReplay> replay(const std::shared_ptr<const load::Content>& content, const std::vector<Scenario>& scenarios,
                                             const ReplayOptions& options);

} // namespace trailproof::harness
