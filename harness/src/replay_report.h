#pragma once
// Replay reports: the per-pack table, JSON, JUnit XML and an ATT&CK Navigator layer.

#include <string>
#include <string_view>
#include <vector>

#include "replay.h"

namespace trailproof::harness {

// Text for XML 1.0 (and HTML) element content and attribute values: markup
// characters as entities, tab/LF/CR as character references, every character XML
// 1.0 forbids replaced by readable text (a control byte as "\u0001", ill-formed
// UTF-8 and U+FFFE/U+FFFF as U+FFFD), so any input gives a well-formed document.
[[nodiscard]] std::string xml_escape(std::string_view text);

// Per pack: rules with positive/negative coverage, parsers, scenarios passed/failed,
// then every failure with its diff lines.
[[nodiscard]] std::string render_replay_table(const std::vector<PackReplay>& packs);
[[nodiscard]] std::string render_replay_json(const std::vector<PackReplay>& packs);
// One testsuite per pack, one testcase per scenario named "<rule titles> / <scenario>"
// (plus one per pack-level assertion); every character XML 1.0 forbids is replaced
// (control bytes as "\u0001", ill-formed UTF-8 as U+FFFD), so the file is valid XML.
[[nodiscard]] std::string render_replay_junit(const std::vector<PackReplay>& packs);
// ATT&CK Navigator layer (format 4.5) of the techniques the packs prove.
[[nodiscard]] std::string render_navigator_layer(const std::vector<PackReplay>& packs);

} // namespace trailproof::harness
