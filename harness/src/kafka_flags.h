#pragma once
// `detect --kafka`: the flags of a consumer-group member (engine/kafka/README.md).
// Included only by command_detect*.cpp (cxxopts stays there).

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>

#include <cxxopts.hpp>

#include "pipeline/detector.h"
#include "pipeline/ndjson_output.h"

namespace trailproof::harness {

inline void add_kafka_flags(cxxopts::Options& options) {
    options.add_options("kafka")
        ("kafka", "read CloudTrail records from Kafka as a member of a consumer group (instead of INPUT): "
                  "bootstrap brokers host:port[,...]",
         cxxopts::value<std::string>(), "BROKERS")
        ("topic", "the topic to read (with --kafka); key it by principal", cxxopts::value<std::string>(), "TOPIC")
        ("group", "the consumer group (with --kafka)", cxxopts::value<std::string>(), "GROUP")
        ("state-dir", "one state file per topic-partition: models, sessions, correlation windows and the next "
                      "offset (with --kafka; shared by every member of the group)",
         cxxopts::value<std::string>(), "DIR")
        ("until-end", "stop once every partition reached the end offset it had at the start (backfills); "
                      "default: run until SIGINT or SIGTERM")
        ("alerts-topic", "produce alerts to TOPIC, keyed by rule id, instead of stdout/--out",
         cxxopts::value<std::string>(), "TOPIC")
        ("org-models", "models and correlations that span principals (org, peer group, host, ...): partition "
                       "(learn from the partition's users) or off (their rules never fire)",
         cxxopts::value<std::string>()->default_value("partition"), "MODE")
        ("checkpoint-records", "save state and commit after at most N records (with --kafka): what a member "
                               "killed in between makes its partitions' next owner read again",
         cxxopts::value<std::uint64_t>()->default_value("100000"), "N")
        ("checkpoint-seconds", "save state and commit at least every S seconds (with --kafka)",
         cxxopts::value<std::uint64_t>()->default_value("10"), "S")
        ("kafka-config", "an extra librdkafka property for consumer and producer (security settings, ...); "
                         "repeatable",
         cxxopts::value<std::vector<std::string>>(), "NAME=VALUE");
}

// What command_detect hands the Kafka run: the detector setup (applied to every
// partition's detector), the hooks that write alerts and dead letters, and the
// outputs they write to (flushed before each checkpoint).
struct KafkaRun {
    std::shared_ptr<const load::Content> content;
    std::function<void(pipeline::Detector&)> configure;
    pipeline::DetectHooks hooks;
    std::ostream* alerts = nullptr;      // nullptr with --alerts-topic
    std::ostream* dead_letter = nullptr; // may be nullptr
    pipeline::AlertRenderOptions render; // --alerts-topic: the lines' format
    pipeline::EmitKinds emit;            // --alerts-topic: the kinds produced
};

// Checks the --kafka flags; a usage message, or "" when they are fine.
[[nodiscard]] std::string check_kafka_flags(const cxxopts::ParseResult& args);

// Runs the consumer; `summary` gets the counts summed over partitions. Returns
// false (message on `err`) on a failure.
[[nodiscard]] bool run_kafka(const cxxopts::ParseResult& args, KafkaRun& run, pipeline::DetectSummary& summary,
                             std::ostream& err);

} // namespace trailproof::harness
