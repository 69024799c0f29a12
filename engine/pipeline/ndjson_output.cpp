#include "pipeline/ndjson_output.h"

#include "core/json_text.h"

namespace trailproof::pipeline {

DetectHooks ndjson_hooks(const DetectOutputs& outputs) {
    DetectHooks hooks;
    if (outputs.alerts) {
        const EmitKinds emit = outputs.emit;
        if (emit.alerts || emit.signals)
            hooks.on_alert = [out = outputs.alerts, render = outputs.render, emit](const alerts::Alert& a) {
                if (a.source->signal ? emit.signals : emit.alerts) *out << render_alert(a, render) << '\n';
            };
        if (emit.notables && outputs.render.format == AlertFormat::Native)
            hooks.on_notable = [out = outputs.alerts](const std::string& pack, const models::NotableSession& n) {
                *out << render_notable_session(pack, n) << '\n';
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

std::optional<EmitKinds> parse_emit_kinds(std::string_view text) {
    if (text == "alerts") return EmitKinds{true, false, true};
    if (text == "signals") return EmitKinds{false, true, false};
    if (text == "all") return EmitKinds{true, true, true};
    return std::nullopt;
}

std::string render_notable_session(const std::string& pack, const models::NotableSession& n) {
    std::string out = "{\"kind\":\"notable\",\"pack\":" + json_quote(pack) +
                      ",\"session_id\":" + json_quote(alerts::session_id(n.user, n.start_ms)) +
                      ",\"user\":" + json_quote(n.user) +
                      ",\"start\":" + json_quote(alerts::format_time_ms(n.start_ms)) +
                      ",\"last\":" + json_quote(alerts::format_time_ms(n.last_ms)) +
                      ",\"events\":" + std::to_string(n.events) + ",\"score\":" + std::to_string(n.score) +
                      ",\"signals\":[";
    for (std::size_t i = 0; i < n.alerts.size(); ++i)
        out += std::string(i ? "," : "") + "{\"rule_id\":" + json_quote(n.alerts[i].rule) +
               ",\"event_id\":" + json_quote(n.alerts[i].event_id) +
               ",\"time\":" + json_quote(alerts::format_time_ms(n.alerts[i].time_ms)) +
               ",\"score\":" + std::to_string(n.alerts[i].score) + "}";
    out += "]";
    if (n.dropped_alerts) out += ",\"signals_dropped\":" + std::to_string(n.dropped_alerts);
    return out + "}";
}

} // namespace trailproof::pipeline
