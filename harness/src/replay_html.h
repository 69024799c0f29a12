#pragma once
// `replay --html FILE`: one self-contained page per run (inline CSS and script,
// no external resource, no absolute path of the machine): per pack the
// documented figures beside the derived ones (validate's inventory checks), an
// ATT&CK matrix of the techniques proven by passing positive scenarios, and per
// rule its status, coverage and fixtures with their result in this run.
//
// The page's summary figures (rules passing / failing / with a coverage gap,
// scenarios passed / failed, techniques proven) are computed by its script from
// the tables' data-* attributes, so a browser test that reads them back checks
// the page as rendered, not only as written.

#include <string>
#include <vector>

#include "replay.h"
#include "validate.h"
#include "validate_tables.h"

namespace trailproof::harness {

struct HtmlReportInputs {
    const std::vector<PackReplay>* packs = nullptr; // required
    // validate's view of the same content: documented vs derived counts per pack;
    // nullptr, or a pack missing from it, shows "not available" with `counts_note`.
    const ValidateReport* validated = nullptr;
    std::string counts_note;
    // Technique names and tactics for the matrix; nullptr: the technique ids, in an
    // "unknown tactic" column.
    const AttackTables* attack = nullptr;
    std::string title = "trailproof replay";
};

// A rule's status in the run: "fail" (a scenario about it failed), "gap" (a
// coverage assertion about it failed), else "pass".
[[nodiscard]] std::string rule_status(const PackReplay& pack, const std::string& rule);

[[nodiscard]] std::string render_replay_html(const HtmlReportInputs& inputs);

} // namespace trailproof::harness
