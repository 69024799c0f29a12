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

} // namespace trailproof::pipeline
