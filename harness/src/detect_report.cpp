#include "detect_report.h"

#include <cstdio>
#include <utility>

#include "core/json_text.h"

namespace trailproof::harness {

using pipeline::DetectSummary;

std::string render_run_report(const DetectSummary& s, const std::string& notable_sessions_json) {
    auto counts = [](const std::map<std::string, std::uint64_t>& m) {
        std::string out = "{";
        for (const auto& [k, v] : m) out += (out.size() > 1 ? "," : "") + json_quote(k) + ":" + std::to_string(v);
        return out + "}";
    };
    return "{\"records_read\":" + std::to_string(s.records_read) +
           ",\"events_accepted\":" + std::to_string(s.events_accepted) +
           ",\"records_rejected\":" + std::to_string(s.records_rejected) +
           ",\"events_learned\":" + std::to_string(s.events_learned) + ",\"rejects_by_code\":" +
           counts(s.rejects_by_code) + ",\"alerts\":" + std::to_string(s.alerts) + ",\"signals\":" + std::to_string(s.signals) +
           ",\"notables\":" + std::to_string(s.notable_sessions) + ",\"alerts_by_rule\":" +
           counts(s.alerts_by_rule) + ",\"correlation_hits_dropped\":" + counts(s.correlation_dropped) +
           ",\"model_observations_dropped\":" + std::to_string(s.model_overflow) +
           ",\"model_histograms\":" + std::to_string(s.model_histograms) +
           ",\"models_learning\":" + std::to_string(s.models_learning) + ",\"notable_sessions\":[" +
           notable_sessions_json + "]}\n";
}

std::string render_summary(const DetectSummary& s) {
    std::string out = "records read: " + std::to_string(s.records_read) +
                      "\nevents accepted: " + std::to_string(s.events_accepted) +
                      "\nrecords rejected: " + std::to_string(s.records_rejected) + "\n";
    for (const auto& [code, n] : s.rejects_by_code) out += "  " + code + ": " + std::to_string(n) + "\n";
    if (s.events_learned) out += "events learned (not judged): " + std::to_string(s.events_learned) + "\n";
    out += "alerts: " + std::to_string(s.alerts) + "\n";
    out += "signals: " + std::to_string(s.signals) + "\n";
    out += "notable sessions: " + std::to_string(s.notable_sessions) + "\n";
    if (s.model_histograms)
        out += "models still learning: " + std::to_string(s.models_learning) + " of " +
               std::to_string(s.model_histograms) + " (entity, model) histograms\n";
    for (const auto& [rule, n] : s.alerts_by_rule) out += "  " + rule + ": " + std::to_string(n) + "\n";
    // Dropped hits and observations are never silent (engine/correlate/README.md).
    std::uint64_t dropped = 0;
    for (const auto& [reason, n] : s.correlation_dropped) dropped += n;
    if (dropped) {
        out += "correlation hits dropped: " + std::to_string(dropped) + "\n";
        for (const auto& [reason, n] : s.correlation_dropped)
            if (n) out += "  " + reason + ": " + std::to_string(n) + "\n";
    }
    if (s.model_overflow)
        out += "model observations dropped at max_values: " + std::to_string(s.model_overflow) + "\n";
    return out;
}

std::string render_stats(const DetectSummary& s) {
    const double seconds = s.seconds > 0 ? s.seconds : 1e-9;
    char line[160];
    std::snprintf(line, sizeof line, "stats: %llu events in %.3f s on %zu thread%s: %.0f events/s, %.1f MB/s\n",
                  static_cast<unsigned long long>(s.events_accepted), s.seconds, s.threads, s.threads == 1 ? "" : "s",
                  static_cast<double>(s.events_accepted) / seconds, static_cast<double>(s.bytes_read) / seconds / 1e6);
    std::string out = line;
    const std::pair<const char*, std::uint64_t> stages[] = {
        {"read", s.times.read},   {"parse", s.times.parse}, {"enrich", s.times.enrich},
        {"rules", s.times.rules}, {"state", s.times.state}, {"output", s.times.output},
    };
    std::uint64_t total = 0;
    for (const auto& [name, ns] : stages) total += ns;
    out += "  stage      cpu s  share\n";
    for (const auto& [name, ns] : stages) {
        std::snprintf(line, sizeof line, "  %-8s %7.3f %5.1f%%\n", name, static_cast<double>(ns) / 1e9,
                      total ? 100.0 * static_cast<double>(ns) / static_cast<double>(total) : 0.0);
        out += line;
    }
    out += "  correlation hits dropped:";
    for (const auto& [reason, n] : s.correlation_dropped) out += " " + reason + " " + std::to_string(n) + ",";
    if (out.back() == ',') out.pop_back();
    out += "\n  model observations dropped at max_values: " + std::to_string(s.model_overflow) + "\n";
    out += "  models still learning: " + std::to_string(s.models_learning) + " of " +
           std::to_string(s.model_histograms) + " (entity, model) histograms\n";
    return out;
}

} // namespace trailproof::harness

