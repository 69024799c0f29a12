#pragma once
// What one detector run counted: records read / accepted / rejected, alerts by
// rule, and (with stats on) the time of each stage.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

namespace trailproof::pipeline {

// Time spent per stage (nanoseconds, summed over threads), measured only when
// Detector::enable_stats is on (detect --stats).
struct StageTimes {
    std::uint64_t read = 0;   // ingest: reading, unzipping, framing, copying records into batches
    std::uint64_t parse = 0;  // every parser group
    std::uint64_t enrich = 0; // geo-IP, user agent, context tables, derived fields
    std::uint64_t rules = 0;  // stateless rule matching
    std::uint64_t state = 0;  // models, behavioural conditions, correlation, in input order
    std::uint64_t output = 0; // building alerts and the hooks that write them

    StageTimes& operator+=(const StageTimes& o) noexcept {
        read += o.read;
        parse += o.parse;
        enrich += o.enrich;
        rules += o.rules;
        state += o.state;
        output += o.output;
        return *this;
    }
};

// Adds the time since the last lap to a stage's total; does nothing when off.
class StageClock {
public:
    void start(bool on);
    void lap(std::uint64_t& total);

private:
    bool m_on = false;
    std::uint64_t m_last = 0;
};

// Nanoseconds of a steady clock.
[[nodiscard]] std::uint64_t steady_now_ns() noexcept;

struct DetectSummary {
    std::uint64_t records_read = 0;
    std::uint64_t events_accepted = 0;
    std::uint64_t records_rejected = 0;
    std::uint64_t events_learned = 0;   // accepted events of the learning period: trained on, not judged
    std::uint64_t alerts = 0;           // kind "alert": standalone rules and correlations
    std::uint64_t signals = 0;          // kind "signal": scored hits of risk-based rules
    std::uint64_t notable_sessions = 0; // kind "notable": sessions whose signal score reached the threshold
    std::map<std::string, std::uint64_t> alerts_by_rule;  // "pack/rule-id" -> count of alerts and signals
    std::map<std::string, std::uint64_t> rejects_by_code; // "parse.malformed_json" -> count
    // Correlation hits this run dropped, by reason ("late", "future", "missing_field",
    // "overflow"; engine/correlate/README.md), and model observations dropped at a
    // model's max_values. Never silent: the summary shows them when not zero, --stats always.
    std::map<std::string, std::uint64_t> correlation_dropped;
    std::uint64_t model_overflow = 0;
    // After the run: (entity, model) histograms with observations, and how many
    // of them are still learning (not converged: they cannot fire yet).
    std::uint64_t model_histograms = 0;
    std::uint64_t models_learning = 0;
    std::uint64_t bytes_read = 0;                          // bytes of the records read
    double seconds = 0;                                    // wall time of the run
    std::size_t threads = 1;
    StageTimes times; // zero unless stats were enabled

    // Adds another run's counts (records, bytes, alerts, rejects, drops, stage
    // times); the after-run figures (histograms, seconds, threads) are left alone.
    void add_counts(const DetectSummary& run);
};

} // namespace trailproof::pipeline
