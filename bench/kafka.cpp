// detect --kafka (issue 17): a consumer reading from librdkafka's in-process
// mock cluster, and the state work of a rebalance.
//
// Suites (same corpus: bench/make-corpus.py, TP_BENCH_KAFKA_EVENTS events, default 4000:
// the mock cluster keeps about 5 MB per partition and drops older messages):
//   kafka/consume/P      one consumer, every bundled pack, a topic of P partitions
//                        keyed by principal, until the end: events/s per consumer
//                        (wall time: librdkafka's fetch threads and the broker run
//                        beside it; items/s includes joining the group, counter
//                        events_per_s_assigned does not). Verified first: records
//                        read = the corpus.
//   kafka/rebalance_state  what a partition's hand-over costs trailproof: the
//                        revoking member saves the partition's state file, the
//                        gaining one loads it, with the state the whole corpus
//                        file trained (TP_BENCH_EVENTS events, default 100000;
//                        all packs, one partition): time and state bytes.
//                        The group protocol's own round trips (join, sync) are
//                        Kafka's and depend on its timeouts, not measured here.

#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <unistd.h>

#include "bench_common.h"
#include "kafka/consumer.h"
#include "kafka/mock_cluster.h"
#include "kafka/partition_scope.h"
#include "kafka/partition_state.h"
#include "pipeline/detector.h"

using namespace trailproof;
namespace fs = std::filesystem;

namespace {

const std::vector<std::string>& corpus() {
    static const std::vector<std::string> lines = [] {
        const char* env = std::getenv("TP_BENCH_KAFKA_EVENTS");
        const std::size_t events = env ? std::stoul(env) : 4000;
        std::istringstream in(bench::read_file(bench::corpus_path()));
        std::vector<std::string> out;
        for (std::string line; out.size() < events && std::getline(in, line);)
            if (!line.empty()) out.push_back(line);
        return out;
    }();
    return lines;
}

const std::shared_ptr<const load::Content>& packs() { return bench::content_at(bench::k_source_dir + "/content"); }

std::size_t corpus_bytes() {
    std::size_t n = 0;
    for (const auto& l : corpus()) n += l.size();
    return n;
}

// The principal key of each line, as the engine resolves it (field `user`).
std::vector<std::string> principal_keys() {
    std::string text;
    for (const auto& l : corpus()) text += l + "\n";
    pipeline::DetectInputs inputs;
    inputs.buffers.emplace_back("corpus", std::move(text));
    return kafka::principal_keys(packs(), inputs);
}

// A fresh state folder per consumer run, removed after it.
struct StateFolder {
    fs::path path = fs::temp_directory_path() / ("tp-bench-kafka-" + std::to_string(::getpid()));
    StateFolder() { fs::create_directories(path); }
    ~StateFolder() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

void kafka_consume(benchmark::State& state) {
    const int partitions = static_cast<int>(state.range(0));
    kafka::MockCluster cluster(1);
    cluster.create_topic("ct", partitions);
    const std::vector<std::string> keys = principal_keys();
    if (keys.size() != corpus().size()) {
        state.SkipWithError("a corpus record was rejected");
        return;
    }
    for (std::size_t i = 0; i < corpus().size(); ++i) {
        std::uint32_t h = 2166136261u; // FNV-1a of the principal
        for (char c : keys[i]) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
        cluster.produce("ct", static_cast<std::int32_t>(h % static_cast<std::uint32_t>(partitions)), keys[i],
                        corpus()[i]);
    }
    cluster.flush();
    int group = 0;
    const auto consume = [&](kafka::ConsumerSummary& summary) {
        StateFolder dir;
        kafka::ConsumerOptions o;
        o.brokers = cluster.bootstraps();
        o.topic = "ct";
        o.group = "bench-" + std::to_string(group++); // a new group: from the start
        o.state_dir = dir.path.string();
        o.until_end = true;
        o.config = {{"heartbeat.interval.ms", "100"}};
        kafka::Consumer consumer(o, [] { return std::make_unique<pipeline::Detector>(packs()); });
        std::string error;
        std::atomic<bool> stop{false};
        if (!consumer.start(error) || !consumer.run({}, stop, error)) return error;
        summary = consumer.summary();
        return std::string();
    };
    kafka::ConsumerSummary check;
    if (const std::string error = consume(check); !error.empty() || check.totals.records_read != corpus().size()) {
        state.SkipWithError(("verify: " + error + " (records read " + std::to_string(check.totals.records_read) +
                             ", expected " + std::to_string(corpus().size()) + "; " + std::to_string(check.messages) +
                             " messages, " + std::to_string(check.assigned) + " assigned, " +
                             std::to_string(check.revoked) + " revoked, " + std::to_string(check.redelivered) +
                             " redelivered)")
                                .c_str());
        return;
    }
    double assigned_seconds = 0;
    for (auto _ : state) {
        kafka::ConsumerSummary s;
        const std::string error = consume(s);
        assigned_seconds += s.assigned_seconds;
        std::uint64_t alerts = s.totals.alerts + s.totals.signals;
        benchmark::DoNotOptimize(alerts);
        if (!error.empty()) {
            state.SkipWithError(error.c_str());
            return;
        }
    }
    bench::set_rates(state, corpus().size(), corpus_bytes());
    state.counters["alerts"] = static_cast<double>(check.totals.alerts + check.totals.signals);
    state.counters["rejected"] = static_cast<double>(check.totals.records_rejected);
    // Events/s from the first assignment on: without the group's join (the mock
    // coordinator waits ~3 s for members), which a long-running consumer pays once.
    state.counters["events_per_s_assigned"] =
        static_cast<double>(corpus().size()) * static_cast<double>(state.iterations()) / assigned_seconds;
}

void kafka_rebalance_state(benchmark::State& state) {
    // The whole corpus file (TP_BENCH_EVENTS), not only the consumed part: a realistic state.
    pipeline::Detector trained(packs());
    pipeline::DetectInputs inputs;
    inputs.paths.push_back(bench::corpus_path().string());
    const pipeline::DetectSummary training = trained.run(inputs, {});
    StateFolder dir;
    const auto next = static_cast<std::int64_t>(training.records_read);
    std::uint64_t bytes = 0;
    for (auto _ : state) {
        state::StateResult saved = kafka::save_partition_state(trained, dir.path.string(), "ct", 0, next);
        pipeline::Detector gaining(packs());
        std::int64_t loaded_next = -1;
        state::StateResult loaded = kafka::load_partition_state(gaining, dir.path.string(), "ct", 0, loaded_next);
        if (!saved.ok() || !loaded.ok() || loaded_next != next) {
            state.SkipWithError((saved.message + loaded.message).c_str());
            return;
        }
        bytes = fs::file_size(kafka::partition_state_path(dir.path.string(), "ct", 0));
        benchmark::DoNotOptimize(loaded_next);
    }
    state.counters["state_bytes"] = static_cast<double>(bytes);
    state.counters["events_trained"] = static_cast<double>(training.records_read);
    state.counters["model_histograms"] = static_cast<double>(trained.model_stats().histograms);
}

} // namespace

BENCHMARK(kafka_consume)->Name("kafka/consume")->Arg(1)->Arg(4)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(kafka_rebalance_state)->Name("kafka/rebalance_state")->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
