#include "kafka/consumer.h"

#include <librdkafka/rdkafka.h>

#include <chrono>

#include "kafka/partition_state.h"

namespace trailproof::kafka {

namespace {

using Clock = std::chrono::steady_clock;

struct MessageDeleter {
    void operator()(rd_kafka_message_t* m) const noexcept { rd_kafka_message_destroy(m); }
};
using Message = std::unique_ptr<rd_kafka_message_t, MessageDeleter>;

struct PartitionListDeleter {
    void operator()(rd_kafka_topic_partition_list_t* l) const noexcept { rd_kafka_topic_partition_list_destroy(l); }
};
using PartitionList = std::unique_ptr<rd_kafka_topic_partition_list_t, PartitionListDeleter>;

} // namespace

struct Consumer::Impl {
    // One assigned topic-partition: its own detector and where it stands.
    struct Partition {
        std::unique_ptr<pipeline::Detector> detector;
        std::int64_t next = -1;  // offset of the next record to apply; -1 until known
        std::int64_t saved = -1; // offset the file on disk covers
        std::int64_t end = -1;   // high watermark when assigned (until_end)
        std::vector<Message> pending; // fetched, not applied yet, in offset order
    };

    Consumer& owner;
    ConsumerOptions options;
    DetectorFactory factory;
    rd_kafka_t* rk = nullptr;
    std::map<std::int32_t, Partition> parts;
    const pipeline::DetectHooks* hooks = nullptr;
    std::string error; // the first failure, also from inside the rebalance callback
    bool ever_assigned = false;
    Clock::time_point first_assigned{};
    std::map<std::int32_t, std::pair<std::int64_t, std::int64_t>> topic_end; // until_end: (low, high) at the start
    Clock::time_point last_group_check{};
    bool crashed = false;
    std::uint64_t records_since_checkpoint = 0;
    Clock::time_point last_checkpoint = Clock::now();

    Impl(Consumer& o, ConsumerOptions opts, DetectorFactory f)
        : owner(o), options(std::move(opts)), factory(std::move(f)) {}

    void fail(std::string message) {
        if (error.empty()) error = std::move(message);
    }

    // The detector runs over the partition's fetched messages, in offset order.
    void apply(std::int32_t id, Partition& p) {
        if (p.pending.empty()) return;
        pipeline::DetectInputs inputs;
        inputs.buffers.reserve(p.pending.size());
        std::int64_t last = -1;
        for (const auto& m : p.pending) {
            std::string name = options.topic + "/" + std::to_string(id) + "@" + std::to_string(m->offset);
            const char* bytes = static_cast<const char*>(m->payload);
            inputs.buffers.emplace_back(std::move(name), bytes ? std::string(bytes, m->len) : std::string());
            last = m->offset;
        }
        owner.m_summary.messages += p.pending.size();
        p.pending.clear();
        const pipeline::DetectSummary run = p.detector->run(inputs, hooks ? *hooks : pipeline::DetectHooks{});
        owner.m_summary.totals.add_counts(run);
        records_since_checkpoint += run.records_read;
        p.next = last + 1;
    }

    void apply_all() {
        for (auto& [id, p] : parts) apply(id, p);
    }

    // Saves every partition whose state moved, then commits what is saved.
    // Nothing is committed when a save fails.
    bool checkpoint(const std::vector<std::int32_t>& ids) {
        if (options.before_checkpoint) {
            std::string why;
            if (!options.before_checkpoint(why)) {
                fail(why);
                return false;
            }
        }
        PartitionList offsets(rd_kafka_topic_partition_list_new(static_cast<int>(ids.size())));
        for (std::int32_t id : ids) {
            Partition& p = parts.at(id);
            if (p.next < 0) continue;
            if (p.next != p.saved) {
                const state::StateResult r =
                    save_partition_state(*p.detector, options.state_dir, options.topic, id, p.next);
                if (!r.ok()) {
                    fail(r.message);
                    return false;
                }
                p.saved = p.next;
            }
            rd_kafka_topic_partition_list_add(offsets.get(), options.topic.c_str(), id)->offset = p.next;
        }
        if (offsets->cnt == 0) return true; // nothing read yet: nothing to cover
        {
            // A failed commit is not fatal: the state files hold the offsets, and an
            // assignment seeks to those, so the commit can wait for the next checkpoint
            // (a broker or the group coordinator being down, ...).
            const rd_kafka_resp_err_t err = rd_kafka_commit(rk, offsets.get(), 0);
            if (err != RD_KAFKA_RESP_ERR_NO_ERROR && err != RD_KAFKA_RESP_ERR__NO_OFFSET) {
                ++owner.m_summary.commit_failures;
                owner.m_summary.last_commit_error = rd_kafka_err2str(err);
            }
        }
        ++owner.m_summary.checkpoints;
        records_since_checkpoint = 0;
        last_checkpoint = Clock::now();
        return true;
    }

    std::vector<std::int32_t> assigned_ids() const {
        std::vector<std::int32_t> ids;
        for (const auto& [id, p] : parts) ids.push_back(id);
        return ids;
    }

    void assign(rd_kafka_topic_partition_list_t* list) {
        if (!ever_assigned) first_assigned = Clock::now();
        ever_assigned = true;
        for (int i = 0; i < list->cnt; ++i) {
            rd_kafka_topic_partition_t& tp = list->elems[i];
            Partition p;
            p.detector = factory();
            p.detector->set_close_windows_at_end(false);
            std::int64_t next = -1;
            const state::StateResult r =
                load_partition_state(*p.detector, options.state_dir, options.topic, tp.partition, next);
            for (const auto& note : r.notes) owner.m_notes.push_back(note);
            if (!r.ok() && r.code != state::StateCode::Missing) {
                fail(r.message);
                p.detector = factory(); // never run on half-loaded state; run() stops on the error
                p.detector->set_close_windows_at_end(false);
            }
            if (next >= 0) tp.offset = next; // the stored offset wins over the committed one
            p.next = next;
            p.saved = next;
            if (options.until_end) {
                const auto end = topic_end.find(tp.partition);
                p.end = end == topic_end.end() ? 0 : end->second.second; // a partition added since the start: nothing
                if (p.next < 0 && (end == topic_end.end() || end->second.first == end->second.second))
                    p.next = p.end; // empty: nothing to wait for
            }
            parts[tp.partition] = std::move(p);
            ++owner.m_summary.assigned;
        }
        const rd_kafka_resp_err_t err = rd_kafka_assign(rk, list);
        if (err != RD_KAFKA_RESP_ERR_NO_ERROR) fail(std::string("kafka: assign failed: ") + rd_kafka_err2str(err));
    }

    void revoke(rd_kafka_topic_partition_list_t* list) {
        std::vector<std::int32_t> ids;
        for (int i = 0; i < list->cnt; ++i)
            if (parts.count(list->elems[i].partition)) ids.push_back(list->elems[i].partition);
        if (!crashed && error.empty()) {
            for (std::int32_t id : ids) apply(id, parts.at(id));
            (void)checkpoint(ids); // a failure is kept in `error`; the next owner starts from the last good one
        }
        for (std::int32_t id : ids) parts.erase(id);
        owner.m_summary.revoked += ids.size();
        (void)rd_kafka_assign(rk, nullptr);
    }

    // until_end: the (low, high) offsets of every partition of the topic at the start.
    bool read_topic_end() {
        const rd_kafka_metadata_t* md = nullptr;
        rd_kafka_resp_err_t err = rd_kafka_metadata(rk, 1, nullptr, &md, 10000);
        if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            fail("kafka: cannot read the metadata of " + options.topic + ": " + rd_kafka_err2str(err));
            return false;
        }
        int partitions = -1;
        for (int t = 0; t < md->topic_cnt; ++t)
            if (options.topic == md->topics[t].topic && md->topics[t].err == RD_KAFKA_RESP_ERR_NO_ERROR)
                partitions = md->topics[t].partition_cnt;
        rd_kafka_metadata_destroy(md);
        if (partitions < 0) {
            fail("kafka: topic " + options.topic + " does not exist");
            return false;
        }
        for (std::int32_t id = 0; id < partitions; ++id) {
            std::int64_t low = 0, high = 0;
            err = rd_kafka_query_watermark_offsets(rk, options.topic.c_str(), id, &low, &high, 10000);
            if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
                fail("kafka: " + options.topic + "/" + std::to_string(id) + ": cannot read the end offset: " +
                     rd_kafka_err2str(err));
                return false;
            }
            topic_end[id] = {low, high};
        }
        return true;
    }

    // until_end: this consumer's partitions reached their end and are saved, and
    // the group's committed offsets cover every partition's end (a partition in
    // the middle of a hand-over, or left by a crashed member, is not done).
    // Every assigned partition applied up to its end offset at the start.
    bool through() const {
        for (const auto& [id, p] : parts)
            if (!p.pending.empty() || p.next < 0 || p.next < p.end) return false;
        return true;
    }
    bool unsaved() const {
        for (const auto& [id, p] : parts)
            if (p.next >= 0 && p.next != p.saved) return true;
        return false;
    }

    bool at_end() {
        if (!ever_assigned) return false;
        const auto now = Clock::now();
        if (now - last_group_check < std::chrono::milliseconds(200)) return false;
        last_group_check = now;
        PartitionList committed(rd_kafka_topic_partition_list_new(static_cast<int>(topic_end.size())));
        for (const auto& [id, end] : topic_end)
            rd_kafka_topic_partition_list_add(committed.get(), options.topic.c_str(), id);
        if (rd_kafka_committed(rk, committed.get(), 5000) != RD_KAFKA_RESP_ERR_NO_ERROR) return false;
        for (int i = 0; i < committed->cnt; ++i) {
            const rd_kafka_topic_partition_t& tp = committed->elems[i];
            const auto& [low, high] = topic_end.at(tp.partition);
            if (high > low && (tp.err != RD_KAFKA_RESP_ERR_NO_ERROR || tp.offset < high)) return false;
        }
        return true;
    }

    // Gives the assignment back before closing: unsubscribe, then poll until the
    // revocation ran (it saves and commits, unless crashed). Left to
    // rd_kafka_consumer_close, the revocation's rd_kafka_assign(NULL) can wait
    // forever in librdkafka 2.0.2 when two members of a group close at the same
    // time (seen in the group-of-three test: both stuck, librdkafka idle).
    // Records fetched meanwhile are dropped: they lie past the last commit.
    void unassign_before_close() {
        if (rd_kafka_unsubscribe(rk) != RD_KAFKA_RESP_ERR_NO_ERROR) return;
        const auto deadline = Clock::now() + std::chrono::seconds(30);
        while (!parts.empty() && Clock::now() < deadline) Message m(rd_kafka_consumer_poll(rk, 100));
    }

    // Leaves the group: the revocation saves and commits (unless crashed).
    void close() {
        if (!rk) return;
        unassign_before_close();
        (void)rd_kafka_consumer_close(rk);
        rd_kafka_destroy(rk);
        rk = nullptr;
        parts.clear();
    }
};

namespace {
void rebalance_cb(rd_kafka_t* rk, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* list, void* opaque) {
    auto* impl = static_cast<Consumer::Impl*>(opaque);
    if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) impl->assign(list);
    else if (err == RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS) impl->revoke(list);
    else (void)rd_kafka_assign(rk, nullptr);
}
} // namespace

Consumer::Consumer(ConsumerOptions options, DetectorFactory factory)
    : m_impl(std::make_unique<Impl>(*this, std::move(options), std::move(factory))) {}

Consumer::~Consumer() { m_impl->close(); }

void Consumer::crash() { m_impl->crashed = true; }

bool Consumer::start(std::string& error) {
    Impl& im = *m_impl;
    char errstr[512];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    std::vector<std::pair<std::string, std::string>> props = {
        {"bootstrap.servers", im.options.brokers},
        {"group.id", im.options.group},
        {"enable.auto.commit", "false"},      // offsets follow saved state, never ahead of it
        {"enable.auto.offset.store", "false"},
        {"auto.offset.reset", "earliest"},    // a partition with no state and no commit: from the start
        {"enable.partition.eof", "true"},     // until_end learns the position of an empty tail
        {"partition.assignment.strategy", "range,roundrobin"}, // eager: revoke everything, then assign
    };
    props.insert(props.end(), im.options.config.begin(), im.options.config.end());
    for (const auto& [name, value] : props)
        if (rd_kafka_conf_set(conf, name.c_str(), value.c_str(), errstr, sizeof errstr) != RD_KAFKA_CONF_OK) {
            rd_kafka_conf_destroy(conf);
            error = "kafka: " + name + ": " + errstr;
            return false;
        }
    rd_kafka_conf_set_rebalance_cb(conf, rebalance_cb);
    rd_kafka_conf_set_opaque(conf, &im);
    im.rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, errstr, sizeof errstr);
    if (!im.rk) {
        rd_kafka_conf_destroy(conf);
        error = std::string("kafka: ") + errstr;
        return false;
    }
    (void)rd_kafka_poll_set_consumer(im.rk);
    PartitionList topics(rd_kafka_topic_partition_list_new(1));
    rd_kafka_topic_partition_list_add(topics.get(), im.options.topic.c_str(), RD_KAFKA_PARTITION_UA);
    const rd_kafka_resp_err_t err = rd_kafka_subscribe(im.rk, topics.get());
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        error = std::string("kafka: subscribe to ") + im.options.topic + ": " + rd_kafka_err2str(err);
        return false;
    }
    return true;
}

bool Consumer::run(const pipeline::DetectHooks& hooks, const std::atomic<bool>& stop, std::string& error) {
    Impl& im = *m_impl;
    if (!im.rk) {
        error = "kafka: the consumer is not started";
        return false;
    }
    im.hooks = &hooks;
    if (im.options.until_end && im.topic_end.empty() && !im.read_topic_end()) {
        error = im.error;
        return false;
    }
    const auto checkpoint_due = [&] {
        return im.records_since_checkpoint >= im.options.checkpoint_records ||
               Clock::now() - im.last_checkpoint >= std::chrono::milliseconds(im.options.checkpoint_ms);
    };
    while (im.error.empty() && !im.crashed && !stop.load()) {
        std::size_t fetched = 0;
        while (fetched < im.options.batch_messages) {
            Message m(rd_kafka_consumer_poll(im.rk, fetched ? 0 : im.options.poll_ms));
            if (!m) break;
            if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
                auto it = im.parts.find(m->partition);
                if (it != im.parts.end() && it->second.next < 0 && it->second.pending.empty())
                    it->second.next = m->offset;
                continue;
            }
            if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
                // Transient errors (a broker down, ...) are retried by librdkafka.
                if (rd_kafka_message_errstr(m.get()) && m->err == RD_KAFKA_RESP_ERR__FATAL)
                    im.fail(std::string("kafka: ") + rd_kafka_message_errstr(m.get()));
                continue;
            }
            auto it = im.parts.find(m->partition);
            if (it == im.parts.end()) continue; // not ours any more
            Impl::Partition& p = it->second;
            const std::int64_t expected = p.pending.empty() ? p.next : p.pending.back()->offset + 1;
            if (expected >= 0 && m->offset < expected) {
                ++m_summary.redelivered;
                continue;
            }
            // Offsets the broker no longer has (retention ran before they were read)
            // or never delivers (transaction markers, compaction): counted, never silent.
            if (expected >= 0 && m->offset > expected)
                m_summary.offsets_skipped += static_cast<std::uint64_t>(m->offset - expected);
            p.pending.push_back(std::move(m));
            ++fetched;
        }
        im.apply_all();
        if (im.crashed) break;
        // Until the end: checkpoint as soon as the own partitions are through, so the
        // group's committed offsets (what at_end waits for) reach the end.
        const bool through = im.options.until_end && im.through();
        if ((checkpoint_due() || (through && im.unsaved())) && !im.checkpoint(im.assigned_ids())) break;
        if (through && im.at_end()) break;
    }
    if (!im.crashed && im.error.empty()) {
        im.apply_all();
        if (im.options.until_end) {
            pipeline::DetectSummary closed;
            for (auto& [id, p] : im.parts) {
                p.detector->close_windows(hooks, closed);
                p.saved = -1; // the windows closed: save even if no record moved
            }
            m_summary.totals.add_counts(closed);
        }
        (void)im.checkpoint(im.assigned_ids());
    }
    if (im.ever_assigned)
        m_summary.assigned_seconds = std::chrono::duration<double>(Clock::now() - im.first_assigned).count();
    if (!im.crashed && im.error.empty()) im.close(); // the revocation finds everything saved
    im.hooks = nullptr;
    if (!im.error.empty()) {
        error = im.error;
        return false;
    }
    return true;
}

} // namespace trailproof::kafka
