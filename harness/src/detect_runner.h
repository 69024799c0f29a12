#pragma once
// `trailproof detect`: inputs -> ingest -> parse -> rules -> alerts, in input order.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "content.h"
#include "correlate/correlation_state.h"
#include "models/model_state.h"
#include "state/state_result.h"

namespace trailproof::harness {

struct DetectSummary {
    std::uint64_t records_read = 0;
    std::uint64_t events_accepted = 0;
    std::uint64_t records_rejected = 0;
    std::uint64_t alerts = 0;
    std::uint64_t notable_sessions = 0;
    std::map<std::string, std::uint64_t> alerts_by_rule;  // "pack/rule-id" -> count
    std::map<std::string, std::uint64_t> rejects_by_code; // "parse.malformed_json" -> count
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

    // Only alerts of this pack are produced (replay of one pack's fixtures); -1 = all packs.
    void restrict_to_pack(int pack) { m_only_pack = pack; }
    // Hits of these "pack/rule-id" keys are dropped (the mutation check).
    void disable_rules(std::set<std::string> keys) { m_disabled = std::move(keys); }

    DetectSummary run(const DetectInputs& inputs, const DetectHooks& hooks);

    // --state FILE: every pack's model state and correlation windows, in one file
    // saved atomically. load_state returns Missing for a first run (state stays
    // fresh); any other failure names the file, and the state is left fresh.
    // Notes list state dropped because the content changed since the save.
    [[nodiscard]] state::StateResult save_state(const std::string& path) const;
    [[nodiscard]] state::StateResult load_state(const std::string& path);

private:
    // One parser and one event per parser group: packs read records through their own parsers.
    struct GroupState {
        parse::RecordParser parser;
        Event event;
        RejectCode code = RejectCode::Ok;
        std::string detail;
    };
    // Behavioural and correlation state of one pack.
    struct PackState {
        std::unique_ptr<models::ModelState> models;
        std::unique_ptr<correlate::CorrelationState> correlations;
    };
    void run_pack(std::size_t pack, const Event& event, const SourceTable& sources, const DetectHooks& hooks,
                  DetectSummary& summary);
    void emit(const alerts::AlertSource& source, alerts::Alert alert, const DetectHooks& hooks, DetectSummary& summary);
    void flush_correlations(const DetectHooks& hooks, DetectSummary& summary);
    void reset_state();

    const Content& m_content;
    std::vector<GroupState> m_groups;
    std::vector<PackState> m_packs;
    std::vector<std::uint32_t> m_hits;
    std::vector<std::uint32_t> m_kept;
    std::vector<correlate::CorrelationHit> m_correlation_hits;
    enrich::EnrichScratch m_enrich;
    int m_only_pack = -1;
    std::set<std::string> m_disabled;
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

} // namespace trailproof::harness
