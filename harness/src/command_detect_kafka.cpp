// detect --kafka: one member of a consumer group (engine/kafka/README.md).
#include <atomic>
#include <csignal>
#include <ostream>

#include "commands.h"
#include "kafka/alert_producer.h"
#include "kafka/consumer.h"
#include "kafka/partition_scope.h"
#include "kafka_flags.h"

namespace trailproof::harness {

namespace {

std::atomic<bool> g_stop{false};

constexpr std::uint64_t k_max_checkpoint = 1000000000; // records or seconds

extern "C" void request_stop(int) { g_stop.store(true); }

// SIGINT and SIGTERM set g_stop while alive; the previous handlers come back after.
class StopSignals {
public:
    StopSignals() {
        struct sigaction sa {};
        sa.sa_handler = request_stop;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGINT, &sa, &m_int);
        sigaction(SIGTERM, &sa, &m_term);
    }
    ~StopSignals() {
        sigaction(SIGINT, &m_int, nullptr);
        sigaction(SIGTERM, &m_term, nullptr);
    }
    StopSignals(const StopSignals&) = delete;
    StopSignals& operator=(const StopSignals&) = delete;

private:
    struct sigaction m_int {}, m_term {};
};

} // namespace

std::string check_kafka_flags(const cxxopts::ParseResult& args) {
    for (const char* flag : {"topic", "group", "state-dir"})
        if (!args.count(flag)) return std::string("--kafka needs --") + flag;
    if (args.count("inputs")) return "--kafka reads the topic: give no INPUT";
    // --out appears only when the run ends (an atomic file), so a member that
    // crashed would lose alerts whose offsets are committed: stdout is flushed
    // before each commit, --alerts-topic delivered.
    if (args.count("out")) return "--out is not supported with --kafka (use stdout or --alerts-topic)";
    for (const char* flag : {"state", "learn", "learn-until", "json"})
        if (args.count(flag)) return std::string("--") + flag + " is not supported with --kafka" +
                                     (std::string(flag) == "state" ? " (the state is in --state-dir)" : "");
    const std::string org = args["org-models"].as<std::string>();
    if (org != "partition" && org != "off") return "--org-models must be partition or off, not '" + org + "'";
    for (const char* flag : {"checkpoint-records", "checkpoint-seconds"}) {
        const std::uint64_t n = args[flag].as<std::uint64_t>();
        if (n == 0 || n > k_max_checkpoint) return std::string("--") + flag + " must be between 1 and " + std::to_string(k_max_checkpoint);
    }
    if (args.count("kafka-config"))
        for (const auto& kv : args["kafka-config"].as<std::vector<std::string>>())
            if (kv.find('=') == std::string::npos || kv.front() == '=')
                return "--kafka-config must be NAME=VALUE, not '" + kv + "'";
    return {};
}

bool run_kafka(const cxxopts::ParseResult& args, KafkaRun& run, pipeline::DetectSummary& summary, std::ostream& err) {
    kafka::ConsumerOptions options;
    options.brokers = args["kafka"].as<std::string>();
    options.topic = args["topic"].as<std::string>();
    options.group = args["group"].as<std::string>();
    options.state_dir = args["state-dir"].as<std::string>();
    options.until_end = args.count("until-end") > 0;
    options.checkpoint_records = args["checkpoint-records"].as<std::uint64_t>();
    options.checkpoint_ms = static_cast<std::int64_t>(args["checkpoint-seconds"].as<std::uint64_t>()) * 1000;
    if (args.count("kafka-config"))
        for (const auto& kv : args["kafka-config"].as<std::vector<std::string>>()) {
            const auto eq = kv.find('=');
            options.config.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
        }
    std::set<std::string> off;
    if (args["org-models"].as<std::string>() == "off") off = kafka::cross_partition_rule_keys(*run.content);

    pipeline::DetectHooks hooks = run.hooks;
    hooks.on_batch = {}; // the progress line counts one file run; a stream has no end to show
    kafka::AlertProducer producer;
    std::string error;
    if (args.count("alerts-topic")) {
        if (!producer.open(options.brokers, args["alerts-topic"].as<std::string>(), options.config, error)) {
            err << "trailproof detect: --alerts-topic: " << error << "\n";
            return false;
        }
        const pipeline::AlertRenderOptions render = run.render;
        const pipeline::EmitKinds emit = run.emit;
        hooks.on_alert = [&producer, render, emit](const alerts::Alert& a) {
            if (a.source->signal ? emit.signals : emit.alerts)
                (void)producer.produce(a.source->id, pipeline::render_alert(a, render)); // failures: flush() says
        };
        if (emit.notables && render.format == pipeline::AlertFormat::Native)
            hooks.on_notable = [&producer, chained = hooks.on_notable](const std::string& pack,
                                                                       const models::NotableSession& n) {
                if (chained) chained(pack, n);
                (void)producer.produce("notable/" + pack, pipeline::render_notable_session(pack, n));
            };
    }
    // At-least-once output too: the alerts of the records a checkpoint covers are
    // written (or delivered) before their offsets are committed.
    options.before_checkpoint = [&](std::string& why) {
        for (std::ostream* stream : {run.alerts, run.dead_letter})
            if (stream && !stream->flush()) {
                why = "cannot write the alerts or dead letters";
                return false;
            }
        if (args.count("alerts-topic") && !producer.flush()) {
            why = producer.error();
            return false;
        }
        return true;
    };
    kafka::Consumer consumer(options, [&run, &off] {
        auto detector = std::make_unique<pipeline::Detector>(run.content);
        run.configure(*detector);
        if (!off.empty()) detector->disable_rules(off);
        return detector;
    });
    if (!consumer.start(error)) {
        err << "trailproof detect: " << error << "\n";
        return false;
    }
    bool ok = false;
    {
        g_stop.store(false);
        StopSignals signals;
        ok = consumer.run(hooks, g_stop, error);
    }
    for (const auto& note : consumer.notes()) err << "trailproof detect: --state-dir: " << note << "\n";
    const kafka::ConsumerSummary& s = consumer.summary();
    summary = s.totals;
    if (s.commit_failures > 0)
        err << "trailproof detect: " << s.commit_failures << " offset commit(s) failed (last: " << s.last_commit_error
            << "); the state files hold the offsets\n";
    if (!ok) {
        err << "trailproof detect: " << error << "\n";
        return false;
    }
    if (!args.count("quiet"))
        err << "kafka: " << s.messages << " messages, " << s.redelivered << " redelivered, " << s.offsets_skipped
            << " offsets skipped, " << s.assigned
            << " partitions assigned, " << s.revoked << " revoked, " << s.checkpoints << " checkpoints\n";
    return true;
}

} // namespace trailproof::harness
