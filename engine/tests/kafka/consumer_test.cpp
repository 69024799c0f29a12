// detect as a Kafka consumer group (issue 17), against librdkafka's in-process
// mock cluster: per-partition state files with their offsets, a single
// partition equal to file mode, a group of three with one consumer crashing
// and restarting, and a broker restart.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <chrono>
#include <future>
#include <map>
#include <mutex>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "alerts/alert.h"
#include "kafka/consumer.h"
#include "kafka/partition_scope.h"
#include "kafka/partition_state.h"
#include "kafka/kafka_test_util.h"
#include "kafka/mock_cluster.h"
#include "load/content.h"
#include "pipeline/detector.h"
#include "support/temp_dir.h"

using namespace trailproof;
namespace fs = std::filesystem;

namespace {

const std::string k_root = TRAILPROOF_SOURCE_DIR;
constexpr int k_events = 3000;

std::shared_ptr<const load::Content> bundled_content() {
    static const std::shared_ptr<const load::Content> content = [] {
        load::Loaded loaded = load::load({k_root + "/content"});
        if (!loaded.content) throw std::runtime_error(loaded.result.render_text());
        return loaded.content;
    }();
    return content;
}

const std::vector<std::string>& corpus() {
    static const std::vector<std::string> lines = kafka_test::corpus_lines(k_root, k_events);
    return lines;
}

// An alert line without its origin (file:line in file mode, topic/partition@offset here);
// an empty origin (a correlation window closed at the end of input) stays.
std::string without_origin(const alerts::Alert& alert) {
    static const std::regex origin(R"(,"origin":"[^"]+")");
    return std::regex_replace(alerts::render_alert_json(alert), origin, "");
}

// File mode over `lines` as one NDJSON input: the alert lines without origins, in order.
std::vector<std::string> file_mode(const std::vector<std::string>& lines, const std::set<std::string>& disabled = {}) {
    pipeline::Detector detector(bundled_content());
    detector.disable_rules(disabled);
    pipeline::DetectInputs inputs;
    std::string text;
    for (const auto& l : lines) text += l + "\n";
    inputs.buffers.emplace_back("corpus.ndjson", std::move(text));
    std::vector<std::string> out;
    pipeline::DetectHooks hooks;
    hooks.on_alert = [&](const alerts::Alert& a) { out.push_back(without_origin(a)); };
    const pipeline::DetectSummary s = detector.run(inputs, hooks);
    BOOST_TEST(s.records_read == lines.size());
    return out;
}

kafka::ConsumerOptions options(const kafka::MockCluster& cluster, const std::string& topic,
                               const fs::path& state_dir) {
    kafka::ConsumerOptions o;
    o.brokers = cluster.bootstraps();
    o.topic = topic;
    o.group = "detect";
    o.state_dir = state_dir.string();
    o.until_end = true;
    o.batch_messages = 200;
    o.checkpoint_records = 500;
    o.poll_ms = 50;
    // Fast group protocol for a test: quick heartbeats and rejoins.
    o.config = {{"session.timeout.ms", "6000"}, {"heartbeat.interval.ms", "100"},
                {"topic.metadata.refresh.interval.ms", "500"}, {"reconnect.backoff.ms", "50"},
                {"reconnect.backoff.max.ms", "200"}, {"log_level", "2"}}; // no connection noise from the broker restart
    return o;
}

kafka::Consumer::DetectorFactory factory() {
    return [] { return std::make_unique<pipeline::Detector>(bundled_content()); };
}

// Alerts of one consumer group's run, by partition (from the origin), deduplicated in arrival order.
struct Collected {
    std::mutex mutex;
    std::map<std::int32_t, std::vector<std::string>> by_partition;
    std::map<std::int32_t, std::set<std::string>> seen;
    std::uint64_t duplicates = 0;
    pipeline::DetectHooks hooks(const std::string& topic) {
        pipeline::DetectHooks h;
        h.on_alert = [this, topic](const alerts::Alert& a) {
            // origin "topic/P@offset:line"; a window closed at the end has none: partition -1.
            std::int32_t partition = -1;
            if (a.origin.rfind(topic + "/", 0) == 0) partition = std::stoi(a.origin.substr(topic.size() + 1));
            const std::string line = without_origin(a);
            const std::lock_guard<std::mutex> lock(mutex);
            if (seen[partition].insert(alerts::alert_id(a) + line).second) by_partition[partition].push_back(line);
            else ++duplicates;
        };
        return h;
    }
};

std::int64_t file_offset(const fs::path& dir, const std::string& topic, std::int32_t partition) {
    pipeline::Detector detector(bundled_content());
    std::int64_t next = -1;
    const state::StateResult r = kafka::load_partition_state(detector, dir.string(), topic, partition, next);
    BOOST_TEST(r.ok(), r.message);
    return next;
}

// The partition key of each corpus line: the principal as the engine resolves it
// (the normalized field `user`, parse/principal_resolver.h), the key every
// per-user model, user fact and session uses.
const std::vector<std::string>& principal_keys() {
    static const std::vector<std::string> keys = [] {
        std::string text;
        for (const auto& l : corpus()) text += l + "\n";
        pipeline::DetectInputs inputs;
        inputs.buffers.emplace_back("corpus.ndjson", std::move(text));
        std::vector<std::string> out = kafka::principal_keys(bundled_content(), inputs);
        if (out.size() != corpus().size()) throw std::runtime_error("a corpus record was rejected");
        return out;
    }();
    return keys;
}

// The benchmark corpus produced into `topic`, keyed by principal; the lines of each partition.
std::map<std::int32_t, std::vector<std::string>> produce_keyed(kafka::MockCluster& cluster,
                                                               const std::string& topic, int partitions) {
    cluster.create_topic(topic, partitions);
    std::map<std::int32_t, std::vector<std::string>> lines;
    for (std::size_t i = 0; i < corpus().size(); ++i) {
        const std::string& line = corpus()[i];
        const std::string& key = principal_keys()[i];
        const std::int32_t p = kafka_test::partition_of(key, partitions);
        cluster.produce(topic, p, key, line);
        lines[p].push_back(line);
    }
    cluster.flush();
    return lines;
}

// A consumer on its own thread; `stop` is the watchdog (a hung test fails, never hangs).
struct Member {
    kafka::Consumer consumer;
    std::future<std::string> done; // "" or the error
    std::atomic<bool> stop{false};
    explicit Member(kafka::ConsumerOptions o) : consumer(std::move(o), factory()) {}
    Member(kafka::ConsumerOptions o, const pipeline::DetectHooks& hooks) : consumer(std::move(o), factory()) {
        launch(hooks);
    }
    void launch(const pipeline::DetectHooks& hooks) {
        std::string error;
        if (!consumer.start(error)) throw std::runtime_error(error);
        done = std::async(std::launch::async, [this, hooks] {
            std::string e;
            return consumer.run(hooks, stop, e) ? std::string() : e;
        });
    }
    // Waits for the end (at most `seconds`); false if the watchdog had to stop it.
    bool wait(int seconds) {
        const bool in_time = done.wait_for(std::chrono::seconds(seconds)) == std::future_status::ready;
        stop = true;
        const std::string error = done.get();
        BOOST_TEST(error.empty(), error);
        return in_time;
    }
};

// Every partition's alerts (deduplicated by alert id) equal file mode over that
// partition's records; the windows closed at the end, over all partitions, too.
void check_alerts_per_partition(const std::map<std::int32_t, std::vector<std::string>>& lines,
                                Collected& got) {
    std::vector<std::string> closed_expected;
    std::size_t total = 0;
    for (const auto& [p, part_lines] : lines) {
        std::vector<std::string> expected;
        for (auto& line : file_mode(part_lines))
            (line.find(R"("origin":"")") == std::string::npos ? expected : closed_expected).push_back(line);
        total += expected.size();
        BOOST_TEST_CONTEXT("partition " << p) { BOOST_TEST(got.by_partition[p] == expected, boost::test_tools::per_element()); }
    }
    std::vector<std::string> closed = got.by_partition[-1];
    std::sort(closed.begin(), closed.end());
    std::sort(closed_expected.begin(), closed_expected.end());
    BOOST_TEST(closed == closed_expected, boost::test_tools::per_element());
    BOOST_TEST(total > 10u);
}

} // namespace

BOOST_AUTO_TEST_SUITE(kafka_partition_state)

BOOST_AUTO_TEST_CASE(state_and_offset_round_trip_in_one_file) {
    trailproof::test::TempDir dir{"tp-kafka"};
    pipeline::Detector a(bundled_content());
    std::string text;
    for (int i = 0; i < 200; ++i) text += corpus()[static_cast<std::size_t>(i)] + "\n";
    pipeline::DetectInputs inputs;
    inputs.buffers.emplace_back("x", text);
    (void)a.run(inputs, {});
    BOOST_TEST(kafka::save_partition_state(a, dir.path().string(), "ct", 3, 200).ok());
    BOOST_TEST(kafka::partition_state_path(dir.path().string(), "ct", 3) == (dir.path() / "ct.3.state").string());

    pipeline::Detector b(bundled_content());
    std::int64_t next = -1;
    BOOST_TEST(kafka::load_partition_state(b, dir.path().string(), "ct", 3, next).ok());
    BOOST_TEST(next == 200);
    // Same state: saving it again gives the same bytes.
    trailproof::test::TempDir again{"tp-kafka"};
    BOOST_TEST(kafka::save_partition_state(b, again.path().string(), "ct", 3, 200).ok());
    std::ifstream f1(dir.path() / "ct.3.state", std::ios::binary), f2(again.path() / "ct.3.state", std::ios::binary);
    const std::string s1{std::istreambuf_iterator<char>(f1), {}}, s2{std::istreambuf_iterator<char>(f2), {}};
    BOOST_TEST((s1 == s2));
}

BOOST_AUTO_TEST_CASE(missing_foreign_and_offsetless_files) {
    trailproof::test::TempDir dir{"tp-kafka"};
    pipeline::Detector d(bundled_content());
    std::int64_t next = 7;
    const state::StateResult missing = kafka::load_partition_state(d, dir.path().string(), "ct", 0, next);
    BOOST_TEST((missing.code == state::StateCode::Missing));
    BOOST_TEST(next == 7);

    // A file saved for partition 1, renamed to partition 2's name.
    BOOST_TEST(kafka::save_partition_state(d, dir.path().string(), "ct", 1, 5).ok());
    fs::rename(dir.path() / "ct.1.state", dir.path() / "ct.2.state");
    const std::string p2 = (dir.path() / "ct.2.state").string();
    const state::StateResult foreign = kafka::load_partition_state(d, dir.path().string(), "ct", 2, next);
    BOOST_TEST(foreign.message == p2 + ": state file is corrupt (saved for ct/1)");
    BOOST_TEST(next == 7);

    // A plain --state file (no offset section) is not a partition's state.
    BOOST_TEST(d.save_state((dir.path() / "ct.4.state").string()).ok());
    const state::StateResult offsetless = kafka::load_partition_state(d, dir.path().string(), "ct", 4, next);
    BOOST_TEST(offsetless.message == (dir.path() / "ct.4.state").string() + ": state file is corrupt (no kafka/offset section)");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(kafka_consumer)

// One partition, one consumer: exactly the alerts of file mode, in the same order.
BOOST_AUTO_TEST_CASE(single_partition_equals_file_mode) {
    kafka::MockCluster cluster(1);
    cluster.create_topic("ct", 1);
    for (const auto& line : corpus()) cluster.produce("ct", 0, "", line);
    cluster.flush();
    trailproof::test::TempDir dir{"tp-kafka"};
    kafka::Consumer consumer(options(cluster, "ct", dir.path()), factory());
    std::string error;
    BOOST_REQUIRE_MESSAGE(consumer.start(error), error);
    std::vector<std::string> got;
    pipeline::DetectHooks hooks;
    hooks.on_alert = [&](const alerts::Alert& a) { got.push_back(without_origin(a)); };
    std::atomic<bool> stop{false};
    BOOST_REQUIRE_MESSAGE(consumer.run(hooks, stop, error), error);
    const std::vector<std::string> expected = file_mode(corpus());
    BOOST_TEST(consumer.summary().totals.records_read == corpus().size());
    BOOST_TEST(consumer.summary().messages == corpus().size());
    BOOST_TEST(expected.size() > 10u);
    BOOST_TEST(got == expected, boost::test_tools::per_element());
    BOOST_TEST(file_offset(dir.path(), "ct", 0) == static_cast<std::int64_t>(corpus().size()));
}

// Four partitions keyed by principal, three consumers of one group; one of them
// crashes mid-run (nothing saved or committed since its last checkpoint) and is
// restarted. Every record is covered by the saved state, the records read after
// the crash's last checkpoint are read again (counted: read = accepted + rejected
// holds per consumer), and the deduplicated alerts equal file mode per partition.
BOOST_AUTO_TEST_CASE(group_of_three_with_a_crash_and_restart) {
    kafka::MockCluster cluster(3);
    const auto lines = produce_keyed(cluster, "ct", 4);
    BOOST_REQUIRE(lines.size() == 4u);
    trailproof::test::TempDir dir{"tp-kafka"};
    Collected got;
    pipeline::DetectHooks hooks = got.hooks("ct");

    std::atomic<int> crash_batches{0};
    std::unique_ptr<Member> crashing;
    pipeline::DetectHooks crash_hooks = hooks;
    // The crash comes in the first batch after a checkpoint: what it applied since is lost.
    crash_hooks.on_batch = [&](const pipeline::DetectSummary&) {
        ++crash_batches;
        if (crashing->consumer.summary().checkpoints > 0) crashing->consumer.crash();
    };
    kafka::ConsumerOptions crash_options = options(cluster, "ct", dir.path());
    crash_options.batch_messages = 100;
    crash_options.checkpoint_records = 100;
    crashing = std::make_unique<Member>(crash_options);
    crashing->launch(crash_hooks);
    auto b = std::make_unique<Member>(options(cluster, "ct", dir.path()), hooks);
    auto c = std::make_unique<Member>(options(cluster, "ct", dir.path()), hooks);
    BOOST_TEST(crashing->wait(60));
    const kafka::ConsumerSummary crashed = crashing->consumer.summary();
    crashing.reset(); // leaves the group without saving (crash())
    auto restarted = std::make_unique<Member>(options(cluster, "ct", dir.path()), hooks);
    BOOST_TEST(b->wait(60));
    BOOST_TEST(c->wait(60));
    BOOST_TEST(restarted->wait(60));

    std::uint64_t read = 0, accepted = 0, rejected = 0;
    for (const kafka::ConsumerSummary* s :
         {&crashed, &b->consumer.summary(), &c->consumer.summary(), &restarted->consumer.summary()}) {
        read += s->totals.records_read;
        accepted += s->totals.events_accepted;
        rejected += s->totals.records_rejected;
        BOOST_TEST(s->totals.records_read == s->totals.events_accepted + s->totals.records_rejected);
        BOOST_TEST_MESSAGE("consumer: " << s->messages << " messages, " << s->totals.records_read << " records, "
                                        << s->assigned << " assigned, " << s->revoked << " revoked, "
                                        << s->checkpoints << " checkpoints, " << s->redelivered << " redelivered");
    }
    BOOST_TEST(crashed.checkpoints > 0u);
    BOOST_TEST(crash_batches.load() >= 2);
    // The records the crashed member applied after its last checkpoint were read again.
    BOOST_TEST(read > corpus().size());
    BOOST_TEST(read == accepted + rejected);
    for (const auto& [p, part_lines] : lines) {
        BOOST_TEST(file_offset(dir.path(), "ct", p) == static_cast<std::int64_t>(part_lines.size()));
        BOOST_TEST(cluster.end_offset("ct", p) == static_cast<std::int64_t>(part_lines.size()));
    }
    // No torn file: every state file loads, and no temporary file is left.
    for (const auto& entry : fs::directory_iterator(dir.path()))
        BOOST_TEST(entry.path().filename().string().find(".tmp-") == std::string::npos, entry.path());
    check_alerts_per_partition(lines, got);
}

// A broker of the mock cluster goes down mid-run and comes back: librdkafka
// reconnects, no record is lost and none is read twice.
BOOST_AUTO_TEST_CASE(survives_a_broker_restart) {
    kafka::MockCluster cluster(3);
    const auto lines = produce_keyed(cluster, "ct", 4);
    trailproof::test::TempDir dir{"tp-kafka"};
    Collected got;
    pipeline::DetectHooks hooks = got.hooks("ct");
    std::atomic<int> batches{0};
    hooks.on_batch = [&](const pipeline::DetectSummary&) { ++batches; };
    kafka::ConsumerOptions o = options(cluster, "ct", dir.path());
    o.batch_messages = 50; // many small batches, so the restart falls mid-run
    Member member(o, hooks);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (batches.load() < 3 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    for (std::int32_t broker = 1; broker <= 3; ++broker) cluster.set_broker_up(broker, false);
    std::this_thread::sleep_for(std::chrono::milliseconds(1000));
    for (std::int32_t broker = 1; broker <= 3; ++broker) cluster.set_broker_up(broker, true);
    BOOST_TEST(member.wait(60));
    const kafka::ConsumerSummary& s = member.consumer.summary();
    BOOST_TEST(batches.load() > 3);
    BOOST_TEST(s.totals.records_read == corpus().size());
    BOOST_TEST(s.totals.records_read == s.totals.events_accepted + s.totals.records_rejected);
    BOOST_TEST(got.duplicates == 0u);
    for (const auto& [p, part_lines] : lines)
        BOOST_TEST(file_offset(dir.path(), "ct", p) == static_cast<std::int64_t>(part_lines.size()));
    check_alerts_per_partition(lines, got);
}

// --org-models off: with the cross-partition models and correlations disabled,
// the alerts of a 4-partition topic keyed by principal, all partitions together
// and deduplicated, are exactly those of one file-mode run over the whole corpus.
BOOST_AUTO_TEST_CASE(principal_scoped_alerts_equal_file_mode) {
    kafka::MockCluster cluster(1);
    (void)produce_keyed(cluster, "ct", 4);
    trailproof::test::TempDir dir{"tp-kafka"};
    Collected got;
    const std::set<std::string> off = kafka::cross_partition_rule_keys(*bundled_content());
    BOOST_TEST(!off.empty());
    kafka::Consumer consumer(options(cluster, "ct", dir.path()), [&off] {
        auto d = std::make_unique<pipeline::Detector>(bundled_content());
        d->disable_rules(off);
        return d;
    });
    std::string error;
    BOOST_REQUIRE_MESSAGE(consumer.start(error), error);
    std::atomic<bool> stop{false};
    BOOST_REQUIRE_MESSAGE(consumer.run(got.hooks("ct"), stop, error), error);
    BOOST_TEST(consumer.summary().totals.records_read == corpus().size());
    std::vector<std::string> all;
    for (const auto& [p, lines] : got.by_partition) all.insert(all.end(), lines.begin(), lines.end());
    std::vector<std::string> expected = file_mode(corpus(), off);
    std::sort(all.begin(), all.end());
    std::sort(expected.begin(), expected.end());
    BOOST_TEST(expected.size() > 10u);
    BOOST_TEST(all == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(cross_partition_models_of_the_bundled_packs) {
    // Exactly the list engine/kafka/README.md documents ("Models across partitions").
    std::vector<std::string> got;
    for (const auto& c : kafka::cross_partition(*bundled_content()))
        got.push_back(c.pack + " " + c.kind + " " + c.id + " (" + c.scope + "): " + std::to_string(c.rules.size()));
    const std::vector<std::string> expected = {
        "exabeam-account-manipulation model CS-User-Creation (org): 1",
        "exabeam-account-manipulation model CS-Universal-Policy (org): 2",
        "exabeam-account-manipulation model B-CS-Buckets (org): 1",
        "exabeam-account-manipulation model CS-Bucket-C-D (org): 1",
        "exabeam-account-manipulation model EM-InB-Perm-N (org): 2",
        "exabeam-cim2-aws-cloudtrail model AC-OH (org): 2",
        "exabeam-cim2-aws-cloudtrail model AC-OZ (org): 2",
        "exabeam-cim2-aws-cloudtrail model A-AC-DhU-system (fields:host): 2",
        "exabeam-cim2-aws-cloudtrail model AC-GH (peer_group): 1",
        "exabeam-cim2-aws-cloudtrail model AE-GA (peer_group): 2",
        "exabeam-cim2-aws-cloudtrail model APP-AppED (fields:app): 1",
        "exabeam-cim2-aws-cloudtrail model APP-AT-PRIV (fields:operation): 1",
        "exabeam-cim2-aws-cloudtrail model APP-AppSz (fields:app): 1",
        "exabeam-cim2-aws-cloudtrail model APP-OMime (org): 2",
        "exabeam-cim2-aws-cloudtrail model APP-GMime (peer_group): 2",
        "exabeam-cim2-aws-cloudtrail model APP-IdU (fields:userIdentity.accessKeyId): 1",
        "exabeam-cim2-aws-cloudtrail model APP-AA (fields:app): 2",
        "exabeam-cim2-aws-cloudtrail model APP-GappA (peer_group): 2",
        "exabeam-cim2-aws-cloudtrail model APP-GApp (peer_group): 1",
        "exabeam-cim2-aws-cloudtrail model APP-AppG (fields:app): 1",
        "exabeam-cim2-aws-cloudtrail model APP-AppU (fields:app): 1",
        "exabeam-cim2-aws-cloudtrail model UA-OC (org): 3",
        "exabeam-cim2-aws-cloudtrail model UA-GC (peer_group): 3",
        "exabeam-cim2-aws-cloudtrail model EM-InB-Perm-N (org): 2",
        "exabeam-cim2-aws-cloudtrail correlation A-ACCT-CR-DEL (group-by: recipientAccountId,directory,account): 1",
    };
    BOOST_TEST(got == expected, boost::test_tools::per_element());
    // A user-keyed model and a correlation grouped by the principal are not in it.
    BOOST_TEST(kafka::cross_partition_rule_keys(*bundled_content()).count("exabeam-cim2-aws-cloudtrail/NEW-USER-F") == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
