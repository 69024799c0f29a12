#pragma once
// `trailproof detect`: inputs -> ingest -> parse -> rules -> alerts, in input order.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "content.h"
#include "ingest/input_reader.h"
#include "correlate/correlation_state.h"
#include "models/model_state.h"
#include "state/state_result.h"

namespace trailproof::harness {

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

struct DetectSummary {
    std::uint64_t records_read = 0;
    std::uint64_t events_accepted = 0;
    std::uint64_t records_rejected = 0;
    std::uint64_t alerts = 0;
    std::uint64_t notable_sessions = 0;
    std::map<std::string, std::uint64_t> alerts_by_rule;  // "pack/rule-id" -> count
    std::map<std::string, std::uint64_t> rejects_by_code; // "parse.malformed_json" -> count
    std::uint64_t bytes_read = 0;                          // bytes of the records read
    double seconds = 0;                                    // wall time of the run
    std::size_t threads = 1;
    StageTimes times;                                      // zero unless stats were enabled
};

// What one run reads: paths (files, folders, "-") and in-memory buffers (name, bytes), buffers first.
struct DetectInputs {
    std::vector<std::string> paths;
    std::vector<std::pair<std::string, std::string>> buffers;
};

// Callbacks of a run; each may be empty.
struct DetectHooks {
    std::function<void(const alerts::Alert&)> on_alert;
    // A session whose alert scores reached the notable threshold (pack id, session).
    std::function<void(const std::string&, const models::NotableSession&)> on_notable;
    // Called once per accepted record with the event as `pack` sees it (-1: the built-in parser's view).
    std::function<void(const Event&, int pack, const SourceTable&)> on_event;
    std::function<void(const Reject&, const SourceTable&)> on_reject;
};

// Runs content over inputs. One Detector keeps its state across runs, so a
// replay can feed history first and then the events under test. Bad input never
// throws: bad records are rejected, counted and passed to on_reject.
class Detector {
public:
    explicit Detector(const Content& content);
    ~Detector();

    // Only alerts of this pack are produced (replay of one pack's fixtures); -1 = all packs.
    void restrict_to_pack(int pack) { m_only_pack = pack; }
    // Hits of these "pack/rule-id" keys are dropped (the mutation check).
    void disable_rules(std::set<std::string> keys) { m_disabled = std::move(keys); }
    // Threads of the next runs (>= 1). Parsing, enrichment and rule matching run
    // on all of them; state and output stay in input order, so the alerts are
    // the same, in the same order, for any count.
    void set_threads(std::size_t threads) { m_threads = threads < 1 ? 1 : threads; }
    // Measures the time of each stage into DetectSummary::times.
    void enable_stats(bool on) { m_stats = on; }

    DetectSummary run(const DetectInputs& inputs, const DetectHooks& hooks);

    // --state FILE: every pack's model state and correlation windows, in one file
    // saved atomically. load_state returns Missing for a first run (state stays
    // fresh); any other failure names the file, and the state is left fresh.
    // Notes list state dropped because the content changed since the save.
    [[nodiscard]] state::StateResult save_state(const std::string& path) const;
    // Size of every pack's model state, summed.
    [[nodiscard]] models::StateStats model_stats() const;
    [[nodiscard]] state::StateResult load_state(const std::string& path);

private:
    struct Batch;  // records read together and what the parallel stage made of them
    struct Worker; // what one thread needs to parse, enrich and match
    // Behavioural and correlation state of one pack.
    struct PackState {
        std::unique_ptr<models::ModelState> models;
        std::unique_ptr<correlate::CorrelationState> correlations;
    };
    [[nodiscard]] bool read_batch(ingest::InputReader& reader, const SourceTable& sources, std::size_t& sources_copied,
                                  Batch& batch);
    void work_batch(Batch& batch, Worker& worker) const;
    void apply_batch(const Batch& batch, SourceTable& sources, const DetectHooks& hooks, DetectSummary& summary);
    void run_pack(std::size_t pack, const Event& event, const std::vector<std::uint32_t>& hits,
                  const SourceTable& sources, const DetectHooks& hooks, DetectSummary& summary);
    // The mutation check disabled this rule or correlation.
    [[nodiscard]] bool disabled(const alerts::AlertSource& source) const;
    void emit(const alerts::AlertSource& source, alerts::Alert alert, const DetectHooks& hooks, DetectSummary& summary);
    void flush_correlations(const DetectHooks& hooks, DetectSummary& summary);
    void reset_state();

    const Content& m_content;
    std::vector<PackState> m_packs;
    std::vector<std::unique_ptr<Batch>> m_batches;
    std::vector<std::unique_ptr<Worker>> m_workers;
    std::vector<std::uint32_t> m_kept;
    std::vector<correlate::CorrelationHit> m_correlation_hits;
    std::unordered_map<const alerts::AlertSource*, std::uint64_t> m_alert_counts; // of the current run
    int m_only_pack = -1;
    std::set<std::string> m_disabled;
    std::size_t m_threads = 1;
    bool m_stats = false;
    StageTimes m_times;      // the read and apply stages' share
    StageClock m_apply_clock; // laps of the apply stage
};

// NDJSON sinks for the CLI.
struct DetectOutputs {
    std::ostream* alerts = nullptr;      // NDJSON alerts; nullptr discards them
    std::ostream* dead_letter = nullptr; // NDJSON rejects; nullptr discards them
};
// Hooks that write alerts and notable sessions as NDJSON to outputs.alerts and
// rejects to outputs.dead_letter.
[[nodiscard]] DetectHooks ndjson_hooks(const DetectOutputs& outputs);
[[nodiscard]] DetectSummary run_detect(const Content& content, const DetectInputs& inputs,
                                       const DetectOutputs& outputs);

// The run report (`detect --report FILE`): the summary's counts and the notable
// sessions, as one JSON object.
[[nodiscard]] std::string render_run_report(const DetectSummary& summary, const std::string& notable_sessions_json);

// One notable session as JSON (also the payload of the NDJSON "notable_session" line).
[[nodiscard]] std::string render_notable_session(const std::string& pack, const models::NotableSession& session);

// The stderr summary: records read, accepted, rejected, then alerts by rule.
[[nodiscard]] std::string render_summary(const DetectSummary& summary);

// detect --stats: events/s, bytes/s and the time split by stage.
[[nodiscard]] std::string render_stats(const DetectSummary& summary);

} // namespace trailproof::harness
