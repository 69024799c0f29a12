#pragma once
// Replay reports: the per-pack table, JSON, JUnit XML and an ATT&CK Navigator layer.

#include <string>
#include <vector>

#include "replay.h"

namespace trailproof::harness {

// Per pack: rules with positive/negative coverage, parsers, scenarios passed/failed,
// then every failure with its diff lines.
[[nodiscard]] std::string render_replay_table(const std::vector<PackReplay>& packs);
[[nodiscard]] std::string render_replay_json(const std::vector<PackReplay>& packs);
// One testsuite per pack, one testcase per scenario (plus one per pack-level assertion).
[[nodiscard]] std::string render_replay_junit(const std::vector<PackReplay>& packs);
// ATT&CK Navigator layer (format 4.5) of the techniques the packs prove.
[[nodiscard]] std::string render_navigator_layer(const std::vector<PackReplay>& packs);

} // namespace trailproof::harness
