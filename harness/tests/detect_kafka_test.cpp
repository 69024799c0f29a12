// detect --kafka end to end: the CLI binary as a consumer of librdkafka's
// in-process mock cluster (run by this test process), and its usage errors.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

#include "cli_run.h"
#include "kafka/mock_cluster.h"

using trailproof::harness::test::cli_command;
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

// The complete lines of a text (a process killed mid-write may leave a partial last one).
std::vector<std::string> whole_lines(const std::string& text) {
    std::vector<std::string> lines;
    for (std::size_t start = 0, nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1)
        lines.push_back(text.substr(start, nl - start));
    return lines;
}

// `trailproof ARGS` as a background process of its own (the test can kill it),
// in the source root, stdout and stderr to files.
class Background {
public:
    Background(const std::string& args, const fs::path& out, const fs::path& err) {
        const std::string command = cli_command(args, "/dev/null", out.string(), err.string(), k_source_root, "exec ");
        const char* argv[] = {"/bin/sh", "-c", command.c_str(), nullptr};
        m_pid = ::fork();
        if (m_pid == 0) {
            ::execv("/bin/sh", const_cast<char* const*>(argv));
            ::_exit(127);
        }
    }
    ~Background() {
        if (m_pid > 0) (void)kill_and_wait(SIGKILL);
    }
    Background(const Background&) = delete;
    Background& operator=(const Background&) = delete;

    [[nodiscard]] bool started() const noexcept { return m_pid > 0; }
    // The wait status.
    int kill_and_wait(int signal) {
        ::kill(m_pid, signal);
        int status = 0;
        while (::waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {}
        m_pid = -1;
        return status;
    }

private:
    pid_t m_pid = -1;
};

// The N of "kafka: N messages" in a member's closing line, or -1.
long messages_of(const std::string& err) {
    static const std::regex line(R"(kafka: (\d+) messages,)");
    std::smatch m;
    return std::regex_search(err, m, line) ? std::stol(m[1].str()) : -1;
}

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

// kill -9 of one member of three while records stream in: it neither saves,
// nor commits, nor leaves the group. Its partitions go to the others once the
// group drops it; a member started in its place (--until-end) waits until the
// group's commits reach the end. Then the two others are stopped (SIGTERM: save,
// commit, leave) and a last member closes every partition's windows. Together,
// their alert and signal lines deduplicated equal file mode's over each
// partition's records exactly (first-seen signals depend on loaded state), every
// member's read = accepted + rejected, and the dead-letter files together hold
// every bad record.
BOOST_AUTO_TEST_CASE(a_member_killed_mid_run_loses_nothing) {
    StateDir dir;
    const fs::path corpus = dir.path / "corpus.ndjson";
    BOOST_REQUIRE_EQUAL(std::system(("python3 '" + k_source_root + "/bench/make-corpus.py' --events 3000 --format "
                                     "ndjson --out '" + corpus.string() + "'").c_str()),
                        0);
    // Four partitions keyed by the caller's ARN; every 400th record a bad one.
    constexpr int k_partitions = 4;
    struct Record {
        std::int32_t partition;
        std::string text;
    };
    std::vector<Record> records;
    std::vector<std::vector<std::string>> parts(k_partitions);
    std::set<std::string> dead_expected;
    static const std::regex arn_field(R"re("arn":"([^"]*)")re");
    const auto add = [&](const std::string& key, const std::string& text) {
        const auto p = static_cast<std::int32_t>(std::hash<std::string>{}(key) % k_partitions);
        records.push_back({p, text});
        parts[static_cast<std::size_t>(p)].push_back(text);
        return "ct/" + std::to_string(p) + "@" + std::to_string(parts[static_cast<std::size_t>(p)].size() - 1);
    };
    for (const std::string& line : whole_lines(slurp(corpus))) {
        if (records.size() % 400 == 399)
            dead_expected.insert("{\"origin\":\"" + add("", "{not json") +
                                 ":1\",\"code\":\"parse.no_parser\",\"reason\":\"no parser matches this text record\"}");
        std::smatch arn;
        (void)add(std::regex_search(line, arn, arn_field) ? arn[1].str() : "", line);
    }
    std::set<std::string> expected;
    std::size_t expected_lines = 0;
    for (int p = 0; p < k_partitions; ++p) {
        const fs::path part = dir.path / ("part-" + std::to_string(p) + ".ndjson");
        {
            std::ofstream file(part, std::ios::binary);
            for (const std::string& r : parts[static_cast<std::size_t>(p)]) file << r << '\n';
        }
        const Run file = run_cli("detect --content content --emit all --quiet '" + part.string() + "'");
        BOOST_REQUIRE_EQUAL(file.code, 0);
        for (const std::string& line : whole_lines(file.out)) expected.insert(strip_origins(line));
        expected_lines += whole_lines(file.out).size();
    }
    BOOST_REQUIRE_EQUAL(expected.size(), expected_lines); // the lines are distinct
    BOOST_REQUIRE_GT(expected.size(), 500u);

    trailproof::kafka::MockCluster cluster(1);
    cluster.create_topic("ct", k_partitions);
    const auto member = [&](const std::string& name) {
        return "detect --content content --emit all --kafka " + cluster.bootstraps() + " --topic ct --group g --state-dir '" +
               dir.path.string() + "' --dead-letter '" + (dir.path / (name + ".dead")).string() +
               "' --checkpoint-records 200 --checkpoint-seconds 1 --kafka-config session.timeout.ms=3000"
               " --kafka-config heartbeat.interval.ms=100";
    };
    const auto out = [&](const std::string& name) { return dir.path / (name + ".out"); };
    const auto err = [&](const std::string& name) { return dir.path / (name + ".err"); };
    Background b(member("b"), out("b"), err("b")), c(member("c"), out("c"), err("c"));
    std::size_t produced = 0;
    {
        Background killed(member("a"), out("a"), err("a"));
        BOOST_REQUIRE(b.started() && c.started() && killed.started());
        // Records stream in until the member to kill wrote alerts (it owns partitions
        // and checkpointed) and a third of them are out; then it is killed mid-stream.
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
        while (std::chrono::steady_clock::now() < deadline &&
               (produced < records.size() / 3 || !fs::exists(out("a")) || fs::file_size(out("a")) == 0)) {
            for (std::size_t n = 0; n < 20 && produced < records.size() * 2 / 3; ++n, ++produced)
                cluster.produce("ct", records[produced].partition, "", records[produced].text);
            cluster.flush();
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        BOOST_REQUIRE_GT(fs::file_size(out("a")), 0u);
        const int status = killed.kill_and_wait(SIGKILL);
        BOOST_TEST((WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL), slurp(err("a")));
    }
    for (; produced < records.size(); ++produced)
        cluster.produce("ct", records[produced].partition, "", records[produced].text);
    cluster.flush();
    const auto restart = std::chrono::steady_clock::now();
    const Run restarted = run_cli(member("a2") + " --until-end", "/dev/null", k_source_root, "",
                                  out("a2").string());
    BOOST_TEST_MESSAGE("the member started after the kill ran for "
                       << std::chrono::duration<double>(std::chrono::steady_clock::now() - restart).count() << " s");
    BOOST_TEST(restarted.code == 0, restarted.err);
    for (Background* m : {&b, &c}) {
        const int status = m->kill_and_wait(SIGTERM);
        BOOST_TEST((WIFEXITED(status) && WEXITSTATUS(status) == 0));
    }
    // The stream ends: one member takes every partition and closes its windows.
    const Run last = run_cli(member("d") + " --until-end", "/dev/null", k_source_root, "", out("d").string());
    BOOST_TEST(last.code == 0, last.err);

    static const std::regex counts(R"(records read: (\d+)\nevents accepted: (\d+)\nrecords rejected: (\d+)\n)");
    std::set<std::string> got, dead;
    long survivors_read = 0;
    for (const char* name : {"a", "b", "c", "a2", "d"}) {
        for (const std::string& line : whole_lines(slurp(out(name)))) got.insert(strip_origins(line));
        for (const std::string& line : whole_lines(slurp(dir.path / (std::string(name) + ".dead")))) dead.insert(line);
        if (std::string(name) == "a") continue; // killed: no summary
        const std::string text = name == std::string("a2") ? restarted.err : name == std::string("d") ? last.err
                                                                                                  : slurp(err(name));
        std::smatch m;
        BOOST_TEST_REQUIRE(std::regex_search(text, m, counts), name << ": " << text);
        BOOST_TEST(std::stol(m[1].str()) == std::stol(m[2].str()) + std::stol(m[3].str()), name << ": " << text);
        survivors_read += messages_of(text);
        const auto kafka_line = text.find("kafka: ");
        if (kafka_line != std::string::npos) BOOST_TEST_MESSAGE(name << ": " << text.substr(kafka_line, text.find('\n', kafka_line) - kafka_line));
    }
    // Not asserted: that the others read fewer records than were produced. A
    // member whose batch outlasts the mock coordinator's rebalance timeout
    // (session.timeout.ms - 1 s) is left out of the new assignment while it still
    // applies and saves its partitions, so the next owner may start from an
    // earlier checkpoint and read the same records again (engine/kafka/README.md).
    BOOST_TEST_MESSAGE("killed member: " << whole_lines(slurp(out("a"))).size() << " lines written; the others read "
                                         << survivors_read << " of " << records.size() << " records");
    BOOST_TEST((got == expected));
    BOOST_TEST((dead == dead_expected));
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
        {"--topic t --group g --state-dir s --checkpoint-records 0",
         "trailproof detect: --checkpoint-records must be between 1 and 1000000000\n"},
        {"--topic t --group g --state-dir s --checkpoint-seconds 1000000001",
         "trailproof detect: --checkpoint-seconds must be between 1 and 1000000000\n"},
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
