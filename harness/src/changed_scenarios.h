#pragma once
// `replay --changed REV`: the scenarios a change since a git revision can
// affect. What changed comes from git (`git diff --name-only REV` in the
// content's repository, plus untracked files, so a rule scaffolded and not yet
// added counts); what depends on what comes from the loaded content:
//   a fixture file      -> its scenarios
//   a rule file         -> the scenarios naming its rules, and those naming a
//                          correlation over them
//   a model file        -> the scenarios naming its models or a rule bound to them
//   a parser file, a context table, pack.yml -> every scenario of the pack
//   FIXTURES/replay.yml -> every scenario
// Anything else (a README, a script) affects nothing.

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "load/content.h"
#include "scenario.h"

namespace trailproof::harness {

struct ChangedFiles {
    bool ok = false;
    std::string error;              // why not ok: no repository, unknown revision, git failed
    std::vector<std::string> files; // absolute, normalized paths
};

// The files that differ from `rev` in the git repository holding `dir` (the
// working tree against the revision, staged or not), plus untracked files.
[[nodiscard]] ChangedFiles git_changed_files(const std::string& dir, const std::string& rev);

// (file, line) of every scenario that `changed` (absolute, normalized paths) can
// affect, for ReplayOptions::only_scenarios.
[[nodiscard]] std::set<std::pair<std::string, int>> affected_scenarios(const load::Content& content,
                                                                       const std::vector<Scenario>& scenarios,
                                                                       const std::vector<std::string>& changed,
                                                                       const std::string& fixtures_dir);

// The absolute, normalized form of `path` (the form git_changed_files returns).
[[nodiscard]] std::string normal_path(const std::string& path);

} // namespace trailproof::harness
