#include "pipeline/run_summary.h"

#include <chrono>

namespace trailproof::pipeline {

std::uint64_t steady_now_ns() noexcept {
    return static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
            .count());
}

void StageClock::start(bool on) {
    m_on = on;
    if (on) m_last = steady_now_ns();
}

void StageClock::lap(std::uint64_t& total) {
    if (!m_on) return;
    const std::uint64_t t = steady_now_ns();
    total += t - m_last;
    m_last = t;
}

void DetectSummary::add_counts(const DetectSummary& run) {
    records_read += run.records_read;
    events_accepted += run.events_accepted;
    records_rejected += run.records_rejected;
    events_learned += run.events_learned;
    alerts += run.alerts;
    signals += run.signals;
    notable_sessions += run.notable_sessions;
    bytes_read += run.bytes_read;
    model_overflow += run.model_overflow;
    for (const auto& [k, n] : run.alerts_by_rule) alerts_by_rule[k] += n;
    for (const auto& [k, n] : run.rejects_by_code) rejects_by_code[k] += n;
    for (const auto& [k, n] : run.correlation_dropped) correlation_dropped[k] += n;
    times += run.times;
}

} // namespace trailproof::pipeline
