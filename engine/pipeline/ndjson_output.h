#pragma once
// Detector hooks that write NDJSON: one alert per line (alerts/alert.h), one
// `{"notable_session":...}` line per notable session, and rejects as
// `{"origin","code","reason"}` lines for the dead-letter file.

#include <ostream>
#include <string>

#include "models/session_tracker.h"
#include "pipeline/alert_format.h"
#include "pipeline/detector.h"

namespace trailproof::pipeline {

struct DetectOutputs {
    std::ostream* alerts = nullptr;      // NDJSON alerts; nullptr discards them
    std::ostream* dead_letter = nullptr; // NDJSON rejects; nullptr discards them
    AlertRenderOptions render;           // alert format and the run's detection time
};

// Hooks that write alerts (in outputs.render.format) to outputs.alerts, notable
// sessions there too in the native format only (ECS and OCSF streams hold only
// alert documents), and rejects to outputs.dead_letter.
[[nodiscard]] DetectHooks ndjson_hooks(const DetectOutputs& outputs);

// One notable session as JSON (also the payload of the NDJSON "notable_session" line).
[[nodiscard]] std::string render_notable_session(const std::string& pack, const models::NotableSession& session);

} // namespace trailproof::pipeline
