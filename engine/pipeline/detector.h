#pragma once
// The detector: compiled content run over input bytes, in the order DESIGN.md
// fixes (ingest -> parse -> enrich -> rules -> models -> correlate -> alerts).
// The stateless stages run on any number of threads (RecordWorker); model state,
// correlation and output are applied strictly in input order, so the alerts are
// the same, in the same order, for any thread count. Bad input never throws:
// bad records are rejected, counted and passed to on_reject.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "alerts/alert.h"
#include "correlate/correlation_state.h"
#include "ingest/input_reader.h"
#include "load/content.h"
#include "models/model_state.h"
#include "pipeline/explain.h"
#include "pipeline/run_summary.h"
#include "state/state_bundle.h"
#include "state/state_result.h"

namespace trailproof::pipeline {

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
    // After each batch of records is applied (in input order, on the applying
    // thread): the counts so far (records, accepted, rejected, bytes, alerts).
    // For a progress display; called at most once per few thousand records.
    std::function<void(const DetectSummary&)> on_batch;
};

// A learning period (detect --learn, --learn-until): the events it covers train
// models, user facts and sessions, and nothing else: no rule hit is kept, no
// session is scored, no correlation is fed, nothing is emitted.
struct LearnOptions {
    bool all = false;                    // --learn: every event
    std::optional<std::int64_t> until_ms; // events dated before this time
    // A duration from the first event the detector applies (--learn-until 14d);
    // fixed then, so it is the same for any thread count.
    std::optional<std::int64_t> head_ms;
};

// `--learn-until` and a scenario's `learn_until:`: an RFC 3339 time sets
// until_ms, a duration ("14d", "2w", "36h": a Sigma timespan) sets head_ms.
// False, and `out` unchanged, for anything else.
[[nodiscard]] bool parse_learn_until(std::string_view text, LearnOptions& out);

class RecordWorker; // record_worker.h

// One Detector keeps its state across runs, so a replay can feed history first
// and then the events under test.
class Detector {
public:
    // The content is shared, never changed; the detector keeps it alive.
    explicit Detector(std::shared_ptr<const load::Content> content);
    ~Detector();
    Detector(const Detector&) = delete;
    Detector& operator=(const Detector&) = delete;

    // Only alerts of this pack are produced (replay of one pack's fixtures); -1 = all packs.
    void restrict_to_pack(int pack) { m_only_pack = pack; }
    // Hits of these "pack/rule-id" keys are dropped (the mutation check).
    void disable_rules(std::set<std::string> keys) { m_disabled = std::move(keys); }
    // Threads of the next runs (>= 1). Parsing, enrichment and rule matching run
    // on all of them; so do the packs' model states, each pack's apart and a
    // partitionable pack's split by principal; correlation and output stay in
    // input order on one thread at a time.
    void set_threads(std::size_t threads) { m_threads = threads < 1 ? 1 : threads; }
    // Events dated after `max_event_ms` feed no correlation (their hits are counted
    // as dropped "future" ones) and do not move the correlation clock; nullopt: no
    // limit (correlate::CorrelationState::set_time_limit).
    void set_max_event_time(std::optional<std::int64_t> max_event_ms);
    // The learning period of the next runs (see LearnOptions).
    void set_learning(const LearnOptions& options) {
        m_learn = options;
        m_learn_until = options.until_ms;
    }
    // Measures the time of each stage into DetectSummary::times.
    void enable_stats(bool on) { m_stats = on; }
    // Ingest limits and read size of the next runs (ingest/input_reader.h; README "Limits").
    void set_reader_options(const ingest::ReaderOptions& options) { m_reader_options = options; }

    DetectSummary run(const DetectInputs& inputs, const DetectHooks& hooks);

    // Streaming (engine/kafka): when false, run() leaves correlation windows open
    // at the end of its input, so the next run() continues them as if the inputs
    // were one; close_windows() then decides them once the stream really ends.
    // Default true: every run() ends its input (file mode).
    void set_close_windows_at_end(bool close) { m_close_windows_at_end = close; }
    // End of a stream: the windows that close at the end of input (lt/lte/eq/neq
    // conditions) are decided now; their alerts go to hooks.on_alert and are counted in `summary`.
    void close_windows(const DetectHooks& hooks, DetectSummary& summary);

    // The first record of `bytes` (named `name`) explained, rule by rule
    // (pipeline/explain.h); `only_rule` = "" for every rule of every pack, else the
    // rules with that id. Reads the model state, trains nothing.
    [[nodiscard]] Explanation explain(const std::string& name, const std::string& bytes, const std::string& only_rule);

    // --state FILE: every pack's model state and correlation windows, in one file
    // saved atomically. load_state returns Missing for a first run (state stays
    // fresh); any other failure names the file, and the state is left fresh.
    // Notes list state dropped because the content changed since the save, and
    // packs in the file that are not loaded: their sections are kept as read and
    // saved again unchanged, so a run with fewer packs loses no learned state.
    [[nodiscard]] state::StateResult save_state(const std::string& path) const;
    [[nodiscard]] state::StateResult load_state(const std::string& path);
    // How many ModelStates hold pack `pack`'s models (README "Sharded state"): after
    // a run on N > 1 threads, N for a pack whose models are all keyed by user, N + 1
    // (N principal shards and the owner of the shared groups) for a pack with user
    // work and organization/peer/host/field models, 1 for any other pack; 1 after a
    // one-thread run or load_state.
    [[nodiscard]] std::size_t model_shards(std::size_t pack) const {
        return m_packs.at(pack).shards.size() + (m_packs.at(pack).owner ? 1 : 0);
    }
    // The same file with the caller's own sections (engine/kafka: the next offset
    // of a topic-partition) written in the same atomic save, so state and what it
    // covers never part. Their names must not start with "models/" or "correlate/";
    // load_state hands every section of another kind back in `caller_sections`.
    [[nodiscard]] state::StateResult save_state(const std::string& path,
                                                const std::vector<state::StateSection>& caller_sections) const;
    [[nodiscard]] state::StateResult load_state(const std::string& path,
                                                std::vector<state::StateSection>& caller_sections);
    // Size of every pack's model state, summed.
    [[nodiscard]] models::StateStats model_stats() const;

private:
    struct Batch;  // records read together and what the parallel stage made of them
    struct Worker; // what one thread needs to parse, enrich and match
    // Behavioural and correlation state of one pack. On N > 1 threads the models are
    // split by principal into N shards when every model of the pack is keyed by user
    // (ModelSet::partitionable); a pack that also has shared models (organization,
    // peer group, host, field tuples) keeps those on `owner` (StatePart::Shared) and
    // the user group, facts and sessions on N principal shards; otherwise one
    // shard owns them all.
    struct PackState {
        std::vector<std::unique_ptr<models::ModelState>> shards;
        std::unique_ptr<models::ModelState> owner; // the shared groups, when split by scope group
        std::unique_ptr<correlate::CorrelationState> correlations;
    };
    // A unit of the shard stage: one shard of one pack, or its owner of the shared groups.
    struct Unit {
        std::size_t pack = 0, shard = 0;
        bool owner = false;
    };
    [[nodiscard]] bool read_batch(ingest::InputReader& reader, const SourceTable& sources, std::size_t& sources_copied,
                                  Batch& batch);
    void work_batch(Batch& batch, Worker& worker) const;
    void prepare_batch(Batch& batch);
    void shard_batch(Batch& batch, std::size_t unit, Worker& worker) const;
    // The owner unit of a pack split by scope group: the shared models' verdicts and
    // nth_new flags for every event of the pack, then their training.
    void owner_batch(Batch& batch, std::size_t pack) const;
    void apply_batch(const Batch& batch, SourceTable& sources, const DetectHooks& hooks, DetectSummary& summary);
    // The serial rest of one pack's view of one event: correlation and the alerts, in order.
    void apply_pack(std::size_t pack, const Event& event, const Batch& batch, std::size_t unit, std::size_t& cursor,
                    const SourceTable& sources, const DetectHooks& hooks, DetectSummary& summary);
    // Splits each pack's models for `shards` threads (1: put back together).
    void reshard(std::size_t shards);
    // The pack's models as one ModelState would hold them (merged from the shards).
    [[nodiscard]] std::unique_ptr<models::ModelState> merged_models(std::size_t pack) const;
    [[nodiscard]] models::ModelState& shard_for(std::size_t pack, const Event& event) const;
    // Every ModelState of the pack: its shards, then its owner (if any).
    template <typename F> void for_each_state(const PackState& pack, F&& f) const {
        for (const auto& shard : pack.shards) f(*shard);
        if (pack.owner) f(*pack.owner);
    }
    // True when the event at `time_ms` falls in the learning period (the first
    // call fixes the end of a head duration).
    [[nodiscard]] bool learning(std::int64_t time_ms);
    [[nodiscard]] bool is_quiet(Batch& batch, std::size_t record, const RecordWorker& worker) const noexcept;
    [[nodiscard]] bool wanted(std::size_t pack) const noexcept {
        return m_only_pack < 0 || static_cast<std::size_t>(m_only_pack) == pack;
    }
    // The mutation check disabled this rule or correlation.
    [[nodiscard]] bool disabled(const alerts::AlertSource& source) const;
    // The one place alerts leave the detector: counted, then passed to on_alert.
    void emit(const alerts::AlertSource& source, alerts::Alert alert, const DetectHooks& hooks, DetectSummary& summary);
    // A correlation's alert; `event` is the event that completed it, or nullptr
    // when the window closed at the end of the input.
    void emit_correlation(std::size_t pack, const correlate::CorrelationHit& hit, const Event* event,
                          const SourceTable& sources, const DetectHooks& hooks, DetectSummary& summary);
    void flush_correlations(const SourceTable& sources, const DetectHooks& hooks, DetectSummary& summary);
    void reset_state();
    [[nodiscard]] state::StateResult load_sections(const std::string& path,
                                                   std::vector<state::StateSection>* caller_sections);

    std::shared_ptr<const load::Content> m_content_ptr;
    const load::Content& m_content;
    std::vector<PackState> m_packs;
    std::vector<state::StateSection> m_unloaded_state; // sections of packs not loaded, as load_state read them
    std::vector<std::unique_ptr<Batch>> m_batches;
    std::vector<std::unique_ptr<Worker>> m_workers;
    std::vector<Unit> m_units;              // every pack's shards, pack by pack
    std::vector<std::size_t> m_first_unit;  // by pack: its first unit
    std::vector<std::size_t> m_cursor;      // by unit: the next output entry the apply stage reads
    std::vector<std::uint32_t> m_kept;
    std::vector<correlate::CorrelationHit> m_correlation_hits;
    std::unordered_map<const alerts::AlertSource*, std::uint64_t> m_alert_counts; // of the current run
    int m_only_pack = -1;
    bool m_head_first = false; // this run reads heads first (Content::head_first)
    std::set<std::string> m_disabled;
    std::size_t m_threads = 1;
    bool m_stats = false;
    bool m_close_windows_at_end = true;
    std::optional<std::int64_t> m_max_event_time;
    LearnOptions m_learn;
    std::optional<std::int64_t> m_learn_until; // the end of the learning period, once known
    ingest::ReaderOptions m_reader_options;
    StageTimes m_times;       // the read and apply stages' share
    StageClock m_apply_clock; // laps of the apply stage
};

} // namespace trailproof::pipeline
