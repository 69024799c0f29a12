#pragma once
// What `trailproof detect` prints about a run: the stderr summary, --stats and
// the --json run report.

#include <string>

#include "pipeline/run_summary.h"

namespace trailproof::harness {

// The run report (`detect --json FILE`): the summary's counts and the notable
// sessions, as one JSON object.
[[nodiscard]] std::string render_run_report(const pipeline::DetectSummary& summary,
                                            const std::string& notable_sessions_json);

// The stderr summary: records read, accepted, rejected, then alerts by rule.
[[nodiscard]] std::string render_summary(const pipeline::DetectSummary& summary);

// detect --stats: events/s, bytes/s and the time split by stage.
[[nodiscard]] std::string render_stats(const pipeline::DetectSummary& summary);

} // namespace trailproof::harness
