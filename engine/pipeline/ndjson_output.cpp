#include "pipeline/ndjson_output.h"

#include "core/json_text.h"

namespace trailproof::pipeline {

DetectHooks ndjson_hooks(const DetectOutputs& outputs) {
    DetectHooks hooks;
    if (outputs.alerts) {
        hooks.on_alert = [out = outputs.alerts, render = outputs.render](const alerts::Alert& a) {
            *out << render_alert(a, render) << '\n';
        };
        if (outputs.render.format == AlertFormat::Native)
            hooks.on_notable = [out = outputs.alerts](const std::string& pack, const models::NotableSession& n) {
                *out << "{\"notable_session\":" << render_notable_session(pack, n) << "}\n";
            };
    }
    if (outputs.dead_letter)
        hooks.on_reject = [out = outputs.dead_letter](const Reject& r, const SourceTable& sources) {
            *out << "{\"origin\":" << json_quote(render_origin(r.origin, sources))
                 << ",\"code\":" << json_quote(reject_code_id(r.code)) << ",\"reason\":" << json_quote(r.detail)
                 << "}\n";
        };
    return hooks;
}

std::string render_notable_session(const std::string& pack, const models::NotableSession& n) {
    std::string out = "{\"pack\":" + json_quote(pack) + ",\"user\":" + json_quote(n.user) +
                      ",\"start\":" + json_quote(alerts::format_time_ms(n.start_ms)) +
                      ",\"last\":" + json_quote(alerts::format_time_ms(n.last_ms)) +
                      ",\"events\":" + std::to_string(n.events) + ",\"score\":" + std::to_string(n.score) +
                      ",\"alerts\":[";
    for (std::size_t i = 0; i < n.alerts.size(); ++i)
        out += std::string(i ? "," : "") + "{\"rule\":" + json_quote(n.alerts[i].rule) +
               ",\"time\":" + json_quote(alerts::format_time_ms(n.alerts[i].time_ms)) +
               ",\"score\":" + std::to_string(n.alerts[i].score) + "}";
    return out + "]}";
}

} // namespace trailproof::pipeline
