// detect --kafka end to end: the CLI binary as a consumer of librdkafka's
// in-process mock cluster (run by this test process), and its usage errors.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <set>
#include <string>

#include "cli_run.h"
#include "kafka/mock_cluster.h"

using trailproof::harness::test::k_source_root;
using trailproof::harness::test::Run;
using trailproof::harness::test::run_cli;
using trailproof::harness::test::slurp;
namespace fs = std::filesystem;

namespace {

std::string strip_origins(const std::string& text) {
    static const std::regex origin(R"(,"origin":"[^"]*")");
    return std::regex_replace(text, origin, "");
}

struct StateDir {
    fs::path path = fs::temp_directory_path() / ("tp_kafka_cli_" + std::to_string(::getpid()));
    StateDir() {
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~StateDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(detect_kafka)

// Each fixture file is one message (a Records document, an EventBridge
// envelope, gzip'd NDJSON): the alerts are file mode's, origins aside.
BOOST_AUTO_TEST_CASE(messages_of_any_shape_give_the_file_mode_alerts) {
    trailproof::kafka::MockCluster cluster(1);
    cluster.create_topic("ct", 1);
    for (const char* name : {"a-delivery.json", "b-eventbridge.json", "c-stream.jsonl.gz"})
        cluster.produce("ct", 0, "", slurp(k_source_root + "/fixtures/sample/detect/" + name));
    cluster.produce("ct", 0, "", "{not json\n"); // a dead letter, origin ct/0@3:1
    cluster.flush();
    StateDir dir;
    const Run file = run_cli("detect --content content/sample fixtures/sample/detect");
    BOOST_REQUIRE_EQUAL(file.code, 0);
    const std::string dead = (dir.path / "dead.ndjson").string();
    const Run kafka = run_cli("detect --content content/sample --kafka " + cluster.bootstraps() +
                              " --topic ct --group g --state-dir '" + dir.path.string() + "' --until-end --dead-letter '" +
                              dead + "'");
    BOOST_TEST(kafka.code == 0, kafka.err);
    BOOST_TEST(!file.out.empty());
    const std::string dead_letters = slurp(dead);
    // The fixtures' two bad records and the bad message, each with its origin.
    BOOST_TEST(dead_letters.find(
                   "{\"origin\":\"ct/0@3:1\",\"code\":\"parse.no_parser\",\"reason\":\"no parser matches this text record\"}\n") !=
                   std::string::npos,
               dead_letters);
    BOOST_TEST(std::count(dead_letters.begin(), dead_letters.end(), '\n') == 3, dead_letters);
    BOOST_TEST(strip_origins(kafka.out) == strip_origins(file.out));
    BOOST_TEST(kafka.out.find(R"("origin":"ct/0@0:1[1]")") != std::string::npos, kafka.out);
    // The file run's counts plus the one bad message, and the consumer's own line.
    BOOST_TEST(file.err.rfind("records read: 12\nevents accepted: 10\nrecords rejected: 2\n", 0) == 0, file.err);
    BOOST_TEST(kafka.err.find("\nrecords read: 13\nevents accepted: 10\nrecords rejected: 3\n") != std::string::npos,
               kafka.err);
    BOOST_TEST(kafka.err.find("kafka: 4 messages, 0 redelivered, 0 offsets skipped, 1 partitions assigned, 1 revoked, ") !=
                   std::string::npos,
               kafka.err);
    BOOST_TEST(fs::exists(dir.path / "ct.0.state"));

    // Run again: the state file says the partition is done; nothing is read twice.
    const Run again = run_cli("detect --content content/sample --kafka " + cluster.bootstraps() +
                              " --topic ct --group g2 --state-dir '" + dir.path.string() + "' --until-end");
    BOOST_TEST(again.code == 0, again.err);
    BOOST_TEST(again.out.empty(), again.out);
    BOOST_TEST(again.err.find("kafka: 0 messages, ") != std::string::npos, again.err);
}

// --alerts-topic: the alert lines go to the topic, keyed by rule id, none to stdout.
BOOST_AUTO_TEST_CASE(alerts_topic_gets_the_lines_keyed_by_rule) {
    trailproof::kafka::MockCluster cluster(1);
    cluster.create_topic("ct", 2);
    cluster.create_topic("alerts", 3);
    cluster.produce("ct", 0, "", slurp(k_source_root + "/fixtures/sample/detect/a-delivery.json"));
    cluster.produce("ct", 1, "", slurp(k_source_root + "/fixtures/sample/detect/c-stream.jsonl.gz"));
    cluster.flush();
    StateDir dir;
    const Run kafka = run_cli("detect --content content/sample --kafka " + cluster.bootstraps() +
                              " --topic ct --group g --state-dir '" + dir.path.string() +
                              "' --until-end --alerts-topic alerts");
    BOOST_TEST(kafka.code == 0, kafka.err);
    BOOST_TEST(kafka.out.empty(), kafka.out);
    const Run file = run_cli("detect --content content/sample fixtures/sample/detect/a-delivery.json "
                             "fixtures/sample/detect/c-stream.jsonl.gz");
    std::multiset<std::string> expected, got;
    for (std::size_t start = 0, nl; (nl = file.out.find('\n', start)) != std::string::npos; start = nl + 1)
        expected.insert(strip_origins(file.out.substr(start, nl - start)));
    for (const auto& [key, value] : cluster.read_all("alerts")) {
        got.insert(strip_origins(value));
        BOOST_TEST(value.find(R"("rule_id":")" + key + "\"") != std::string::npos, key + " " + value);
    }
    BOOST_TEST(expected.size() >= 3u);
    BOOST_TEST((got == expected));
}

BOOST_AUTO_TEST_CASE(usage_errors_name_the_flag) {
    const std::string base = "detect --content content/sample --kafka 127.0.0.1:1 ";
    const std::pair<std::string, std::string> cases[] = {
        {"--group g --state-dir s", "trailproof detect: --kafka needs --topic\n"},
        {"--topic t --state-dir s", "trailproof detect: --kafka needs --group\n"},
        {"--topic t --group g", "trailproof detect: --kafka needs --state-dir\n"},
        {"--topic t --group g --state-dir s fixtures/sample/detect",
         "trailproof detect: --kafka reads the topic: give no INPUT\n"},
        {"--topic t --group g --state-dir s --state f",
         "trailproof detect: --state is not supported with --kafka (the state is in --state-dir)\n"},
        {"--topic t --group g --state-dir s --json r.json", "trailproof detect: --json is not supported with --kafka\n"},
        {"--topic t --group g --state-dir s --out a.ndjson",
         "trailproof detect: --out is not supported with --kafka (use stdout or --alerts-topic)\n"},
        {"--topic t --group g --state-dir s --org-models some",
         "trailproof detect: --org-models must be partition or off, not 'some'\n"},
        {"--topic t --group g --state-dir s --kafka-config novalue",
         "trailproof detect: --kafka-config must be NAME=VALUE, not 'novalue'\n"},
        {"--topic t --group g --state-dir s --kafka-config no.such.property=1",
         "trailproof detect: kafka: no.such.property: No such configuration property: \"no.such.property\"\n"},
    };
    for (const auto& [args, message] : cases) {
        const Run r = run_cli(base + args);
        BOOST_TEST(r.code == 2, args);
        BOOST_TEST(r.err == message, args);
    }
}

BOOST_AUTO_TEST_SUITE_END()
