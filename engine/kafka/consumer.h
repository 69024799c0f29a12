#pragma once
// `detect --kafka`: one member of a Kafka consumer group running the detector
// over the partitions the group assigns it. Each topic-partition has its own
// whole detector state (models, sessions, correlation windows; the compiled
// content is shared const) and its next offset, saved together in one atomic
// file per partition under the state folder (kafka/partition_state.h).
//
// Invariants (tests: tests/kafka/consumer_test.cpp):
// - At-least-once input: an offset is committed only after the state that
//   covers it is on disk. A consumer that dies loses at most what followed its
//   last checkpoint; the next owner loads that checkpoint and reads on from the
//   offset stored in it, so no record is lost and none is counted twice in
//   state. Alerts of the records read again are emitted again, with the same
//   alert_id (alerts/alert.h), for downstream deduplication.
// - On assignment: the gained partitions' state is loaded and the consumer
//   seeks to the offsets stored with it (not the group's committed ones when
//   they differ; the committed offset, else the earliest, when a partition has
//   no state file yet). On revocation: the records already fetched for the
//   revoked partitions are applied, their state saved, then their offsets
//   committed.
// - Within one consumer, a record below a partition's next offset (a
//   redelivery) is skipped, never applied twice.
// - Messages are applied in offset order per partition; partitions are
//   independent, so the alerts of one partition are those of a file-mode run
//   over that partition's records.

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "pipeline/detector.h"

namespace trailproof::kafka {

struct ConsumerOptions {
    std::string brokers; // bootstrap.servers
    std::string topic;
    std::string group; // group.id
    std::string state_dir;
    // Stop once every assigned partition reached the end offset it had when it
    // was assigned (backfills, tests); false: run until `stop` is set.
    bool until_end = false;
    // Extra librdkafka properties, applied after ours (e.g. security settings).
    std::vector<std::pair<std::string, std::string>> config;
    std::size_t batch_messages = 1000;    // messages fetched before the detector runs over them
    std::uint64_t checkpoint_records = 100000; // records applied between checkpoints, at most
    std::int64_t checkpoint_ms = 10000;        // time between checkpoints, at most
    int poll_ms = 100;
    // Runs before each checkpoint saves state: outputs flush what the records
    // applied so far produced (alerts delivered to --alerts-topic, ...). False
    // with the reason: nothing is saved or committed, and run() stops with it.
    std::function<bool(std::string& error)> before_checkpoint;
};

// What one consumer did, summed over its partitions and batches.
struct ConsumerSummary {
    pipeline::DetectSummary totals; // records read / accepted / rejected, alerts, ... (model figures: none)
    std::uint64_t messages = 0;     // messages applied
    std::uint64_t redelivered = 0;  // messages skipped: below their partition's next offset
    // Offsets between a partition's next offset and the message that came: deleted
    // by retention before they were read, or not records (transaction markers, compaction).
    std::uint64_t offsets_skipped = 0;
    std::uint64_t checkpoints = 0;  // state saved and offsets committed (partitions with a known offset)
    std::uint64_t assigned = 0;     // partitions gained, over all rebalances
    std::uint64_t revoked = 0;      // partitions lost, over all rebalances
    // Wall time from the first assignment to the end of run(): consuming, without
    // the wait for the group to form (bench: events/s per consumer).
    double assigned_seconds = 0;
    // Commits that failed (the state was saved; the offsets go with the next checkpoint).
    std::uint64_t commit_failures = 0;
    std::string last_commit_error;
};

class Consumer {
public:
    // Makes the detector of a newly assigned partition (threads, reader limits,
    // learning...), over content shared by all of them.
    using DetectorFactory = std::function<std::unique_ptr<pipeline::Detector>()>;

    Consumer(ConsumerOptions options, DetectorFactory factory);
    ~Consumer(); // leaves the group (revocation: save, commit) if crash() was not called
    Consumer(const Consumer&) = delete;
    Consumer& operator=(const Consumer&) = delete;

    // Creates the client and subscribes to the topic. False with `error` set.
    [[nodiscard]] bool start(std::string& error);
    // Consumes until `stop` is set, or the end with until_end; then applies
    // what was fetched, closes the correlation windows (until_end only: a
    // stream that goes on keeps them open in its state), saves, commits and
    // leaves the group. Alerts and rejects go to `hooks` (on this thread).
    // False with `error` set when a state file cannot be read or written; the
    // state on disk is then the last good checkpoint. A failed commit is
    // counted (summary().commit_failures) and retried at the next checkpoint.
    [[nodiscard]] bool run(const pipeline::DetectHooks& hooks, const std::atomic<bool>& stop, std::string& error);
    // Tests: leave the group as a crashed process would, with nothing saved or
    // committed since the last checkpoint.
    void crash();

    [[nodiscard]] const ConsumerSummary& summary() const noexcept { return m_summary; }
    // Notes of state loads (models dropped because content changed, ...).
    [[nodiscard]] const std::vector<std::string>& notes() const noexcept { return m_notes; }

    struct Impl; // librdkafka handles and the per-partition state (consumer.cpp)

private:
    std::unique_ptr<Impl> m_impl;
    ConsumerSummary m_summary;
    std::vector<std::string> m_notes;
};

} // namespace trailproof::kafka
