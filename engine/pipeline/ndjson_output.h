#pragma once
// Detector hooks that write NDJSON: one line per alert or signal
// (alerts/alert.h, `"kind":"alert"|"signal"`), one `"kind":"notable"` line per
// notable session, and rejects as `{"origin","code","reason"}` lines for the
// dead-letter file.

#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "models/session_tracker.h"
#include "pipeline/alert_format.h"
#include "pipeline/detector.h"

namespace trailproof::pipeline {

// Which kinds of line go to the alerts output (`detect --emit`); the summary counts all.
struct EmitKinds {
    bool alerts = true;   // standalone detections
    bool signals = false; // scored hits of risk-based rules
    bool notables = true; // sessions whose signal score reached the threshold
};

// `--emit` values: "alerts" (alerts and notables, the default: what an analyst is
// paged for), "signals" (signals only), "all". nullopt for anything else.
[[nodiscard]] std::optional<EmitKinds> parse_emit_kinds(std::string_view text);

struct DetectOutputs {
    std::ostream* alerts = nullptr;      // NDJSON alerts; nullptr discards them
    std::ostream* dead_letter = nullptr; // NDJSON rejects; nullptr discards them
    AlertRenderOptions render;           // alert format and the run's detection time
    EmitKinds emit;
};

// Hooks that write alerts (in outputs.render.format) to outputs.alerts, notable
// sessions there too in the native format only (ECS and OCSF streams hold only
// alert documents), and rejects to outputs.dead_letter.
[[nodiscard]] DetectHooks ndjson_hooks(const DetectOutputs& outputs);

// One notable session as one JSON object, `"kind":"notable"` first: the NDJSON
// line and the entry of the run report's "notable_sessions". Its signals carry
// their rule ids and event ids.
[[nodiscard]] std::string render_notable_session(const std::string& pack, const models::NotableSession& session);

} // namespace trailproof::pipeline
