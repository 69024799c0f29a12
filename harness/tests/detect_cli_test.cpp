// End-to-end tests of `trailproof detect`: the real binary on the sample pack
// and fixtures, compared with exact expected files.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "core/utf8.h"

#include "cli_run.h"

namespace fs = std::filesystem;

namespace {

// Per process: several test runs may share the machine's temp folder.
fs::path cli_test_dir() {
    return fs::temp_directory_path() / ("tp_cli_test_" + std::to_string(::getpid()));
}
// Removed when the test process ends.
const struct CliTestDirCleanup {
    ~CliTestDirCleanup() {
        std::error_code ec;
        fs::remove_all(cli_test_dir(), ec);
    }
} k_cli_test_dir_cleanup;

const std::string k_root = TRAILPROOF_SOURCE_DIR;

using trailproof::harness::test::Run;
using trailproof::harness::test::slurp;

// The CLI from the source root (so origins are repo-relative). `prefix` goes
// before the command in the shell (limits, `exec`); `stdout_file` replaces the
// captured stdout.
// The detection time expected-alerts.ndjson was written with (detected_at).
const std::string k_fixed_time = " --detected-at 2024-03-02T00:00:00Z ";

Run run_detect_cli(const std::string& args, const std::string& stdin_file = "/dev/null", const std::string& prefix = "",
                   const std::string& stdout_file = "") {
    return trailproof::harness::test::run_cli(args, stdin_file, k_root, prefix, stdout_file);
}

} // namespace

BOOST_AUTO_TEST_SUITE(detect_cli)

BOOST_AUTO_TEST_CASE(sample_pack_on_fixture_folder_gives_expected_alerts) {
    Run r = run_detect_cli("detect" + k_fixed_time + "--content content/sample fixtures/sample/detect");
    BOOST_TEST(r.code == 0, "stderr: " << r.err);
    BOOST_TEST(r.out == slurp(k_root + "/fixtures/sample/expected-alerts.ndjson"));
    BOOST_TEST(r.err == slurp(k_root + "/fixtures/sample/expected-summary.txt"));
}

// --format ecs|ocsf: the same alerts as documents a SIEM ingests; the detection
// time from --detected-at, else TRAILPROOF_DETECTED_AT, else the run's start.
BOOST_AUTO_TEST_CASE(alert_formats_and_the_detection_time) {
    const std::string expected = slurp(k_root + "/fixtures/sample/expected-alerts.ndjson");
    const auto lines = [](const std::string& text) {
        std::vector<std::string> out;
        std::istringstream in(text);
        for (std::string line; std::getline(in, line);) out.push_back(line);
        return out;
    };
    const auto native = lines(expected);
    BOOST_REQUIRE(native.size() == 6u);
    const auto id_of = [](const std::string& line, const std::string& key) {
        const auto at = line.find(key);
        return at == std::string::npos ? std::string() : line.substr(at + key.size(), 36);
    };
    Run ecs = run_detect_cli("detect -q --format ecs" + k_fixed_time + "--content content/sample fixtures/sample/detect");
    BOOST_TEST(ecs.code == 0, ecs.err);
    const auto ecs_lines = lines(ecs.out);
    BOOST_REQUIRE(ecs_lines.size() == native.size());
    Run ocsf = run_detect_cli("detect -q --format ocsf" + k_fixed_time + "--content content/sample fixtures/sample/detect");
    BOOST_TEST(ocsf.code == 0, ocsf.err);
    const auto ocsf_lines = lines(ocsf.out);
    BOOST_REQUIRE(ocsf_lines.size() == native.size());
    for (std::size_t i = 0; i < native.size(); ++i) {
        const std::string id = id_of(native[i], "\"alert_id\":\"");
        BOOST_TEST(ecs_lines[i].rfind("{\"@timestamp\":", 0) == 0u, ecs_lines[i]);
        BOOST_TEST(id_of(ecs_lines[i], "\"kind\":\"alert\",") .empty() == false);
        BOOST_TEST(ecs_lines[i].find("\"id\":\"" + id + "\",\"created\":\"2024-03-02T00:00:00.000Z\"") != std::string::npos,
                   ecs_lines[i]);
        BOOST_TEST(ocsf_lines[i].rfind("{\"class_uid\":2004,", 0) == 0u, ocsf_lines[i]);
        BOOST_TEST(ocsf_lines[i].find("\"finding_info\":{\"uid\":\"" + id + "\"") != std::string::npos, ocsf_lines[i]);
        BOOST_TEST(ocsf_lines[i].find("\"created_time\":1709337600000") != std::string::npos, ocsf_lines[i]);
    }
    Run env = run_detect_cli("detect -q --content content/sample fixtures/sample/detect", "/dev/null",
                      "TRAILPROOF_DETECTED_AT=2024-03-02T00:00:00Z ");
    BOOST_TEST(env.out == expected);
    Run now = run_detect_cli("detect -q --content content/sample fixtures/sample/detect", "/dev/null",
                      "TRAILPROOF_DETECTED_AT= ");
    BOOST_TEST(now.out != expected);
    BOOST_TEST(now.out.find("\"detected_at\":\"20") != std::string::npos, now.out);

    Run bad_format = run_detect_cli("detect -q --format xml --content content/sample fixtures/sample/detect");
    BOOST_TEST(bad_format.code == 2);
    BOOST_TEST(bad_format.err == "trailproof detect: --format: unknown format 'xml' (use native, ecs or ocsf)\n");
    Run bad_time = run_detect_cli("detect -q --detected-at yesterday --content content/sample fixtures/sample/detect");
    BOOST_TEST(bad_time.code == 2);
    BOOST_TEST(bad_time.err ==
               "trailproof detect: --detected-at: 'yesterday' is not an ISO-8601 time (2024-03-01T10:00:00Z)\n");
}

BOOST_AUTO_TEST_CASE(threads_give_the_same_alerts_and_stats_report_the_stages) {
    Run all_cores = run_detect_cli("detect -q" + k_fixed_time + "--threads 0 --content content/sample fixtures/sample/detect");
    BOOST_TEST(all_cores.code == 0, "stderr: " << all_cores.err);
    BOOST_TEST(all_cores.out == slurp(k_root + "/fixtures/sample/expected-alerts.ndjson"));
    Run r = run_detect_cli("detect" + k_fixed_time + "--threads 3 --stats --content content/sample fixtures/sample/detect");
    BOOST_TEST(r.code == 0, "stderr: " << r.err);
    BOOST_TEST(r.out == slurp(k_root + "/fixtures/sample/expected-alerts.ndjson"));
    const std::string summary = slurp(k_root + "/fixtures/sample/expected-summary.txt");
    BOOST_TEST(r.err.rfind(summary, 0) == 0, r.err);
    const std::string stats = r.err.substr(std::min(summary.size(), r.err.size()));
    BOOST_TEST(stats.rfind("stats: 10 events in ", 0) == 0, stats);
    BOOST_TEST(stats.find(" s on 3 threads: ") != std::string::npos, stats);
    for (const char* stage : {"\n  read ", "\n  parse ", "\n  enrich ", "\n  rules ", "\n  state ", "\n  output "})
        BOOST_TEST(stats.find(stage) != std::string::npos, stage);
}

BOOST_AUTO_TEST_CASE(dead_letter_holds_each_reject_with_origin_and_reason) {
    fs::path dl = cli_test_dir() / "dead.ndjson";
    fs::create_directories(dl.parent_path());
    Run r = run_detect_cli("detect -q --content content/sample --dead-letter '" + dl.string() +
                    "' fixtures/sample/detect/c-stream.jsonl.gz");
    BOOST_TEST(r.code == 0, "stderr: " << r.err);
    BOOST_TEST(r.err == "");
    BOOST_TEST(slurp(dl) == slurp(k_root + "/fixtures/sample/expected-dead-letter.ndjson"));
}

BOOST_AUTO_TEST_CASE(stdin_input_is_read_with_dash) {
    Run r = run_detect_cli("detect -q --content content/sample -", k_root + "/fixtures/sample/detect/a-delivery.json");
    BOOST_TEST(r.code == 0, "stderr: " << r.err);
    // The same alerts as from the file, with origin "-" instead of the path.
    BOOST_TEST(r.out.find("\"origin\":\"-:1[1]\"") != std::string::npos, r.out);
}

BOOST_AUTO_TEST_CASE(usage_errors_exit_2_and_name_the_problem) {
    Run none = run_detect_cli("");
    BOOST_TEST(none.code == 2);
    Run unknown = run_detect_cli("detct");
    BOOST_TEST(unknown.code == 2);
    BOOST_TEST(unknown.err.rfind("trailproof: unknown command 'detct'\n", 0) == 0);
    Run no_content = run_detect_cli("detect fixtures/sample/detect");
    BOOST_TEST(no_content.code == 2);
    BOOST_TEST(no_content.err == "trailproof detect: --content is required\n");
    Run bad_flag = run_detect_cli("detect --content content/sample --frobnicate x");
    BOOST_TEST(bad_flag.code == 2);
    BOOST_TEST(bad_flag.err == "trailproof detect: Option 'frobnicate' does not exist\n");
    Run many_threads = run_detect_cli("detect --threads 257 --content content/sample fixtures/sample/detect");
    BOOST_TEST(many_threads.code == 2);
    BOOST_TEST(many_threads.err == "trailproof detect: --threads must be between 0 (one per core) and 256\n");
    Run missing_input = run_detect_cli("detect -q --content content/sample no/such/file.json");
    BOOST_TEST(missing_input.code == 2);
}

BOOST_AUTO_TEST_CASE(help_exits_0) {
    Run r = run_detect_cli("detect --help");
    BOOST_TEST(r.code == 0);
    BOOST_TEST(r.out.find("--dead-letter") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(ingest_limits_are_flags_and_a_hit_is_one_counted_reject_then_the_next_input) {
    fs::path dir = cli_test_dir();
    fs::create_directories(dir);
    const fs::path blanks = dir / "blanks.json", dl = dir / "limits-dead.ndjson";
    std::ofstream(blanks, std::ios::binary) << "{\"Records\":[" << std::string(200, ' ') << "{\"eventName\":\"x\"}]}";
    Run r = run_detect_cli("detect --content content/sample --max-whitespace-bytes 100 --dead-letter '" + dl.string() + "' '" +
                    blanks.string() + "' fixtures/sample/detect/a-delivery.json");
    BOOST_TEST(r.code == 0, "stderr: " << r.err);
    BOOST_TEST(slurp(dl) == "{\"origin\":\"" + blanks.string() +
                                ":1\",\"code\":\"ingest.whitespace_too_long\",\"reason\":\"more than 100 bytes of "
                                "whitespace in a row (the limit); the rest of the input is skipped\"}\n");
    BOOST_TEST(r.err.rfind("records read: 7\nevents accepted: 6\nrecords rejected: 1\n  ingest.whitespace_too_long: 1\n",
                           0) == 0,
               r.err);

    Run zero = run_detect_cli("detect --content content/sample --max-whitespace-bytes 0 fixtures/sample/detect");
    BOOST_TEST(zero.code == 2);
    BOOST_TEST(zero.err == "trailproof detect: --max-whitespace-bytes must be between 1 and 4294967296\n");
    Run ratio = run_detect_cli("detect --content content/sample --max-gzip-ratio 5000000000 fixtures/sample/detect");
    BOOST_TEST(ratio.code == 2);
    BOOST_TEST(ratio.err == "trailproof detect: --max-gzip-ratio must be between 0 and 4294967295\n");
}

// A fresh pack `id` under the test folder with one rule file `file` holding `rule`.
fs::path one_rule_pack(const std::string& id, const std::string& file, const std::string& rule) {
    fs::path dir = cli_test_dir() / id;
    fs::remove_all(dir);
    fs::create_directories(dir / "rules");
    std::ofstream(dir / "pack.yml") << "id: " << id << "\ntitle: Pack " << id << "\n";
    std::ofstream(dir / "rules" / file) << rule;
    return dir;
}

BOOST_AUTO_TEST_CASE(bad_content_is_reported_with_location_and_exit_2) {
    const fs::path dir = one_rule_pack("badpack", "broken.yml",
                                       "title: broken\nlogsource: {product: aws}\ndetection:\n"
                                       "  sel:\n    eventName: [a\n  condition: sel\n");
    Run r = run_detect_cli("detect --content '" + dir.string() + "' fixtures/sample/detect");
    BOOST_TEST(r.code == 2);
    BOOST_TEST(r.err.find("broken.yml:6:") != std::string::npos, r.err);
    BOOST_TEST(r.err.find("error[load.yaml_parse]") != std::string::npos, r.err);
}

// A pack with a behavioural rule, a correlation and their state, in a temp folder.
// Its events lie within minutes, so its model converges on one day (min_days: 1).
struct StatefulPack {
    fs::path root = cli_test_dir() / "stateful";
    StatefulPack() {
        fs::remove_all(root);
        fs::create_directories(root / "pack" / "rules");
        fs::create_directories(root / "pack" / "models");
        std::ofstream(root / "pack" / "pack.yml") << "id: mini\ntitle: Mini\nalerting: risk-based\n";
        std::ofstream(root / "pack" / "models" / "ops.yml")
            << "models:\n  - id: OPS-U\n    description: Operations for user\n    scope: user\n"
               "    feature: eventName\n    convergence: {alpha: 1.0, confidence: 0.5, min_observations: 4, min_days: 1}\n";
        std::ofstream(root / "pack" / "rules" / "first-op.yml")
            << "title: First operation for user\nid: MINI-OPS-F\nlogsource: {product: aws, service: cloudtrail}\n"
               "model: {ref: OPS-U, trigger: first_time}\nscore: 100\ndetection:\n  sel: {eventSource|exists: true}\n"
               "  condition: sel\nlevel: low\n";
        std::ofstream(root / "pack" / "rules" / "failures.yml")
            << "title: Failed call\nname: failed_call\nlogsource: {product: aws, service: cloudtrail}\n"
               "detection:\n  sel: {errorCode|exists: true}\n  condition: sel\nlevel: low\n---\n"
               "title: Repeated failures\nid: MINI-FAIL-BURST\ncorrelation:\n  type: event_count\n"
               "  rules: [failed_call]\n  group-by: [userIdentity.arn]\n  timespan: 10m\n  condition: {gte: 3}\n"
               "level: medium\n";
        const char* names[] = {"ListBuckets", "ListBuckets", "GetObject", "ListBuckets", "GetObject", "PutObject",
                               "DeleteObject", "DeleteObject", "DeleteObject", "ListBuckets", "CopyObject", "GetObject"};
        std::ofstream a(root / "a.jsonl"), b(root / "b.jsonl");
        for (int i = 0; i < 12; ++i) {
            std::string failure = (i >= 6 && i <= 8) ? R"(,"errorCode":"AccessDenied")" : "";
            (i < 6 ? a : b) << R"({"eventVersion":"1.09","eventTime":"2024-03-01T10:)" << i / 10 << i % 10
                            << R"(:00Z","eventSource":"s3.amazonaws.com","eventName":")" << names[i]
                            << R"(","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/alice"})"
                            << failure << "}\n";
        }
    }
    std::string dir(const char* name) const { return "'" + (root / name).string() + "'"; }
    // `detect ARGS --content pack ids.jsonl`, run in the pack's folder (origins read ids.jsonl:N).
    Run detect_ids(const std::string& args) const {
        return trailproof::harness::test::run_cli(
            "detect " + args + " --detected-at 2026-01-01T00:00:00Z --content pack ids.jsonl", "/dev/null", root.string());
    }
    // ids.jsonl: a.jsonl then b.jsonl, each record with an eventID e1..e12.
    void write_ids() const {
        std::ofstream ids(root / "ids.jsonl");
        int n = 0;
        for (const char* f : {"a.jsonl", "b.jsonl"}) {
            std::ifstream in(root / f);
            for (std::string line; std::getline(in, line);)
                ids << "{\"eventID\":\"e" << ++n << "\"," << line.substr(1) << "\n";
        }
    }
};

BOOST_AUTO_TEST_CASE(split_run_with_saved_state_equals_one_run) {
    StatefulPack p;
    Run one = run_detect_cli("detect -q --emit all --content " + p.dir("pack") + " " + p.dir("a.jsonl") + " " + p.dir("b.jsonl"));
    BOOST_TEST(one.code == 0, one.err);
    // The first-time rule fires on the first PutObject, DeleteObject and CopyObject after
    // convergence; the correlation on the third failure.
    BOOST_TEST(one.out.find("\"rule_id\":\"MINI-FAIL-BURST\"") != std::string::npos, one.out);
    BOOST_TEST(one.out.find("\"event_name\":\"PutObject\"") != std::string::npos, one.out);
    std::string state = (p.root / "run.state").string();
    Run first = run_detect_cli("detect -q --emit all --state '" + state + "' --content " + p.dir("pack") + " " + p.dir("a.jsonl"));
    Run second = run_detect_cli("detect -q --emit all --state '" + state + "' --content " + p.dir("pack") + " " + p.dir("b.jsonl"));
    BOOST_TEST(first.code == 0, first.err);
    BOOST_TEST(second.code == 0, second.err);
    BOOST_TEST(first.out + second.out == one.out);
    // The run report carries the counts and the notable session the scores made.
    std::string report = (p.root / "report.json").string();
    Run reported = run_detect_cli("detect -q --emit all --json '" + report + "' --content " + p.dir("pack") + " " + p.dir("a.jsonl") +
                           " " + p.dir("b.jsonl"));
    BOOST_TEST(reported.out == one.out);
    const std::string r = slurp(report);
    BOOST_TEST(r.rfind("{\"records_read\":12,\"events_accepted\":12,\"records_rejected\":0,", 0) == 0u, r);
    BOOST_TEST(r.find("\"notable_sessions\":[{\"kind\":\"notable\",\"pack\":\"mini\",\"session_id\":"
                      "\"arn:aws:iam::111122223333:user/alice@") != std::string::npos,
               r);
    // Without the state the second half is judged by an untrained model.
    Run fresh = run_detect_cli("detect -q --emit all --content " + p.dir("pack") + " " + p.dir("b.jsonl"));
    BOOST_TEST(first.out + fresh.out != one.out);
}

BOOST_AUTO_TEST_CASE(bad_state_file_is_an_error_naming_it_and_stays_unchanged) {
    StatefulPack p;
    std::string state = (p.root / "bad.state").string();
    std::ofstream(state) << "not a state file";
    Run r = run_detect_cli("detect -q --state '" + state + "' --content " + p.dir("pack") + " " + p.dir("a.jsonl"));
    BOOST_TEST(r.code == 2);
    BOOST_TEST(r.err == "trailproof detect: --state: " + state +
                            ": not a trailproof state file (no TPRB header)\n");
    BOOST_TEST(slurp(state) == "not a state file");
}

// The messages engine/state/README.md lists, as patterns: each placeholder (F,
// MAGIC, V, N, M, SECTION, <...>) becomes '*'.
std::vector<std::string> documented_state_messages() {
    std::istringstream readme(slurp(k_root + "/engine/state/README.md"));
    std::vector<std::string> patterns;
    bool in_list = false;
    for (std::string line; std::getline(readme, line);) {
        if (line.find("Messages (exact") != std::string::npos) in_list = true;
        if (!in_list) continue;
        if (line.rfind("  - `", 0) != 0) {
            if (!patterns.empty() && line.rfind("    ", 0) != 0) break;
            continue;
        }
        const std::string text = line.substr(5, line.find('`', 5) - 5);
        std::string pattern, word;
        auto flush = [&] {
            const bool placeholder = word == "F" || word == "MAGIC" || word == "V" || word == "N" || word == "M" ||
                                     word == "SECTION";
            pattern += placeholder ? "*" : word;
            word.clear();
        };
        for (std::size_t i = 0; i < text.size(); ++i) {
            const char c = text[i];
            if (c == '<') {
                flush();
                pattern += '*';
                i = text.find('>', i);
            } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') {
                word += c;
            } else {
                flush();
                pattern += c;
            }
        }
        flush();
        patterns.push_back(pattern);
    }
    return patterns;
}

bool glob_match(std::string_view pattern, std::string_view text) {
    if (pattern.empty()) return text.empty();
    if (pattern[0] == '*')
        for (std::size_t skip = 1; skip <= text.size(); ++skip)
            if (glob_match(pattern.substr(1), text.substr(skip))) return true;
    return pattern[0] != '*' && !text.empty() && pattern[0] == text[0] && glob_match(pattern.substr(1), text.substr(1));
}

// Damages a real state file each way and checks that what the CLI prints is one
// of the messages the state README documents, that it exits 2 and leaves the file.
BOOST_AUTO_TEST_CASE(the_cli_prints_the_state_messages_the_readme_lists) {
    const std::vector<std::string> patterns = documented_state_messages();
    BOOST_TEST_REQUIRE(patterns.size() >= 13u);
    StatefulPack p;
    const std::string good_path = (p.root / "good.state").string();
    Run saved = run_detect_cli("detect -q --state '" + good_path + "' --content " + p.dir("pack") + " " + p.dir("a.jsonl"));
    BOOST_TEST_REQUIRE(saved.code == 0, saved.err);
    const std::string good = slurp(good_path);
    auto damaged = [&](std::string bytes, std::size_t at, char x) {
        bytes[at] = static_cast<char>(bytes[at] ^ x);
        return bytes;
    };
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"empty", ""},
        {"foreign", "not a state file"},
        {"short header", good.substr(0, 10)},
        {"short payload", good.substr(0, good.size() - 1)},
        {"trailing byte", good + "x"},
        {"version", damaged(good, 4, 0x02)},
        {"reserved", damaged(good, 20, 0x01)},
        {"checksum", damaged(good, good.size() - 1, 0x40)},
    };
    const std::string state = (p.root / "damaged.state").string();
    for (const auto& [what, bytes] : cases) {
        std::ofstream(state, std::ios::binary | std::ios::trunc) << bytes;
        Run r = run_detect_cli("detect -q --state '" + state + "' --content " + p.dir("pack") + " " + p.dir("b.jsonl"));
        BOOST_TEST(r.code == 2, what);
        const std::string prefix = "trailproof detect: --state: ";
        BOOST_TEST_REQUIRE(r.err.rfind(prefix, 0) == 0u, what << ": " << r.err);
        const std::string message = r.err.substr(prefix.size(), r.err.size() - prefix.size() - 1);
        BOOST_TEST(std::any_of(patterns.begin(), patterns.end(),
                               [&](const std::string& pattern) { return glob_match(pattern, message); }),
                   what << ": '" << message << "' is not in engine/state/README.md");
        BOOST_TEST(slurp(state) == bytes, what); // never rewritten
    }
    // The adversarial run's case, exactly.
    std::ofstream(state, std::ios::binary | std::ios::trunc) << damaged(good, 20, 0x01);
    Run reserved = run_detect_cli("detect -q --state '" + state + "' --content " + p.dir("pack") + " " + p.dir("b.jsonl"));
    BOOST_TEST(reserved.err == "trailproof detect: --state: " + state +
                                   ": state file is corrupt (reserved header bytes are set)\n");
    // Unreadable (a folder) and unwritable (a missing folder) state files.
    Run folder = run_detect_cli("detect -q --state '" + p.root.string() + "' --content " + p.dir("pack") + " " + p.dir("b.jsonl"));
    BOOST_TEST(folder.code == 2);
    BOOST_TEST(folder.err == "trailproof detect: --state: " + p.root.string() +
                                 ": cannot read state file: Is a directory\n");
    const std::string nowhere = (p.root / "no" / "such.state").string();
    Run unwritable = run_detect_cli("detect -q --state '" + nowhere + "' --content " + p.dir("pack") + " " + p.dir("b.jsonl"));
    BOOST_TEST(unwritable.code == 2);
    BOOST_TEST(unwritable.err == "trailproof detect: --state: " + nowhere +
                                     ": cannot write state file: cannot create a temporary file in " +
                                     (p.root / "no").string() +
                                     ": No such file or directory; the previous file is unchanged\n");
    for (const std::string& message : {folder.err, unwritable.err}) {
        const std::string text = message.substr(28, message.size() - 29);
        BOOST_TEST(std::any_of(patterns.begin(), patterns.end(),
                               [&](const std::string& pattern) { return glob_match(pattern, text); }),
                   text);
    }
}

// Content must be UTF-8: a Latin-1 title is an error at its byte, for detect as for
// every reader (engine/yaml checks it).
BOOST_AUTO_TEST_CASE(content_that_is_not_utf8_is_refused_with_its_position) {
    const fs::path dir = one_rule_pack("latin1", "r.yml",
                                       "title: Caf\xe9 logging stopped\nlogsource: {product: aws}\n"
                                       "detection:\n  sel:\n    eventName: StopLogging\n  condition: sel\n");
    Run r = run_detect_cli("detect -q --content '" + dir.string() + "' fixtures/sample/detect");
    BOOST_TEST(r.code == 2);
    BOOST_TEST(r.err.rfind((dir / "rules" / "r.yml").string() +
                               ":1:11: error[load.yaml_parse]: YAML syntax error: invalid UTF-8 (byte 0xE9); content "
                               "files must be UTF-8\n",
                           0) == 0u,
               r.err);
}

// Whatever bytes the input holds (a Latin-1 file name, a Latin-1 principal, an
// overlong sequence in a text line), every output line is valid UTF-8 and JSON:
// ill-formed parts become U+FFFD (core/json_text.h).
BOOST_AUTO_TEST_CASE(every_output_line_is_utf8_whatever_the_input_held) {
    fs::path dir = cli_test_dir() / "bytes";
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string event = R"({"eventVersion":"1.09","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::1:user/)";
    const std::string rest = R"("},"eventTime":"2024-03-01T10:00:00Z","eventSource":"cloudtrail.amazonaws.com",)"
                             R"("eventName":"StopLogging","eventID":"e"})" "\n";
    std::ofstream(dir / "in-\xe9.jsonl") << event << "m\xe9l" << rest << event << "ok" << rest
                                         << "CEF:0|AWS|CloudTrail|1.0|StopLogging|bad \xc0\xaf\xed\xa0\x80|5|x=\xff\n";
    const std::string dead = (dir / "dead.ndjson").string();
    Run r = run_detect_cli("detect -q --content content/sample --dead-letter '" + dead + "' '" + dir.string() + "'");
    BOOST_TEST(r.code == 0, r.err);
    const std::string r_fffd = "\xef\xbf\xbd";
    BOOST_TEST(r.out.find("\"origin\":\"" + dir.string() + "/in-" + r_fffd + ".jsonl:2\"") != std::string::npos, r.out);
    const std::string dl = slurp(dead);
    BOOST_TEST(dl == "{\"origin\":\"" + dir.string() + "/in-" + r_fffd +
                         ".jsonl:1\",\"code\":\"parse.invalid_utf8\",\"reason\":\"invalid UTF-8 at byte offset 84\"}\n"
                         "{\"origin\":\"" + dir.string() + "/in-" + r_fffd +
                         ".jsonl:3\",\"code\":\"parse.no_parser\",\"reason\":\"no parser matches this text record\"}\n");
    BOOST_TEST(trailproof::utf8_invalid_at(r.out) == std::string_view::npos);
    BOOST_TEST(trailproof::utf8_invalid_at(dl) == std::string_view::npos);
}

// The three kinds of line: a risk-based pack's first-time hits are signals on
// alice's session, the session that reaches 90 is a notable listing its signals
// (rule and event ids; the pack's one rule scores 100, as a rule counts once per
// session, and the notable is reported at its first signal), the correlation
// stays an alert. --emit picks the kinds;
// the summary counts every kind whatever is written.
BOOST_AUTO_TEST_CASE(emit_chooses_alerts_signals_or_all) {
    StatefulPack p;
    p.write_ids();
    const auto cli = [&](const std::string& args) { return p.detect_ids(args); };
    const std::string alice = "arn:aws:iam::111122223333:user/alice";
    const auto signal = [&](const char* time, const char* id, const char* name, int line, const char* alert_id) {
        return std::string(R"({"kind":"signal","rule_id":"MINI-OPS-F","title":"First operation for user","pack":"mini",)"
                           R"("level":"low","score":100,"techniques":[],"tactics":[],"user":")") +
               alice + R"(","principal":")" + alice + R"(","account_id":"","event_time":"2024-03-01T10:)" + time +
               R"(.000Z","event_id":")" + id + R"(","event_source":"s3.amazonaws.com","event_name":")" + name +
               R"(","src_ip":"","origin":"ids.jsonl:)" + std::to_string(line) + R"(","session_id":")" + alice +
               R"(@2024-03-01T10:00:00.000Z","region":"","alert_id":")" + alert_id +
               R"(","detected_at":"2026-01-01T00:00:00.000Z"})" "\n";
    };
    const std::string notable =
        R"({"kind":"notable","pack":"mini","session_id":")" + alice + R"(@2024-03-01T10:00:00.000Z","user":")" + alice +
        R"(","start":"2024-03-01T10:00:00.000Z","last":"2024-03-01T10:05:00.000Z","events":5,"score":100,)"
        R"("signals":[{"rule_id":"MINI-OPS-F","event_id":"e6","time":"2024-03-01T10:05:00.000Z","score":100}]})" "\n";
    const std::string alert =
        R"({"kind":"alert","rule_id":"MINI-FAIL-BURST","title":"Repeated failures","pack":"mini","level":"medium",)"
        R"("score":0,"techniques":[],"tactics":[],"user":")" + alice + R"(","principal":")" + alice +
        R"(","account_id":"","event_time":"2024-03-01T10:08:00.000Z","event_id":"e9","event_source":"s3.amazonaws.com",)"
        R"("event_name":"DeleteObject","src_ip":"","origin":"ids.jsonl:9","group":"userIdentity.arn=)" + alice +
        R"(","region":"","alert_id":"31d0f589-c2f7-83c1-9e5f-7a1e85584b54","detected_at":"2026-01-01T00:00:00.000Z"})"
        "\n";
    const std::string s1 = signal("05:00", "e6", "PutObject", 6, "82a47462-15ae-867e-ad38-9083758b163f"),
                      s2 = signal("06:00", "e7", "DeleteObject", 7, "8b4def62-1a96-8529-b5e2-0b837a7314ea"),
                      s3 = signal("10:00", "e11", "CopyObject", 11, "f91719c3-8786-8472-b39c-773390aa6830");

    Run defaults = cli("-q");
    BOOST_TEST(defaults.code == 0, defaults.err);
    BOOST_TEST(defaults.out == notable + alert);
    BOOST_TEST(cli("-q --emit alerts").out == notable + alert);
    BOOST_TEST(cli("-q --emit signals").out == s1 + s2 + s3);
    BOOST_TEST(cli("-q --emit all").out == s1 + notable + s2 + alert + s3);
    Run summary = cli("--emit signals");
    BOOST_TEST(std::string_view(summary.err).ends_with("records read: 12\nevents accepted: 12\nrecords rejected: 0\n"
                                                       "alerts: 1\nsignals: 3\nnotable sessions: 1\n"
                                                       "models still learning: 0 of 1 (entity, model) histograms\n"
                                                       "  mini/MINI-FAIL-BURST: 1\n  mini/MINI-OPS-F: 3\n"),
               summary.err);
    Run bad = cli("-q --emit notables");
    BOOST_TEST(bad.code == 2);
    BOOST_TEST(bad.err == "trailproof detect: --emit must be alerts, signals or all, not 'notables'\n");
    BOOST_TEST(bad.out == "");
}

// --learn trains on everything and writes nothing but the state; the next run
// judges with what was learned. --learn-until judges only what follows the head.
BOOST_AUTO_TEST_CASE(learn_then_judge) {
    StatefulPack p;
    p.write_ids();
    const auto cli = [&](const std::string& args) { return p.detect_ids(args); };
    Run no_state = cli("-q --learn");
    BOOST_TEST(no_state.code == 2);
    BOOST_TEST(no_state.err == "trailproof detect: --learn needs --state FILE (the learned state is all it writes)\n");
    Run both = cli("-q --learn --learn-until 5m --state l.state");
    BOOST_TEST(both.code == 2);
    BOOST_TEST(both.err == "trailproof detect: --learn and --learn-until exclude each other\n");
    Run bad = cli("-q --learn-until 5x");
    BOOST_TEST(bad.code == 2);
    BOOST_TEST(bad.err == "trailproof detect: --learn-until must be an RFC 3339 time (2026-03-23T00:00:00Z) or a "
                          "duration (a positive integer and s, m, h, d, w, M or y), not '5x'\n");
    BOOST_TEST(!fs::exists(p.root / "l.state"));

    Run learn = cli("--emit all --learn --state l.state");
    BOOST_TEST(learn.code == 0, learn.err);
    BOOST_TEST(learn.out == "");
    BOOST_TEST(std::string_view(learn.err).ends_with("records read: 12\nevents accepted: 12\nrecords rejected: 0\n"
                                                     "events learned (not judged): 12\nalerts: 0\nsignals: 0\n"
                                                     "notable sessions: 0\n"
                                                     "models still learning: 0 of 1 (entity, model) histograms\n"),
               learn.err);
    // Judged with the learned state: every operation of the file was seen, nothing is first.
    Run judge = cli("-q --emit all --state l.state");
    BOOST_TEST(judge.code == 0, judge.err);
    BOOST_TEST(judge.out.find("\"kind\":\"signal\"") == std::string::npos, judge.out);

    // A head of 6 minutes from the first event (10:00): e1..e6 train, e7.. are judged.
    Run head = cli("--emit all --learn-until 6m");
    BOOST_TEST(head.code == 0, head.err);
    BOOST_TEST(head.err.find("\nevents learned (not judged): 6\n") != std::string::npos, head.err);
    BOOST_TEST(head.out == cli("-q --emit all --learn-until 2024-03-01T10:06:00Z").out);
    BOOST_TEST(head.out.find("\"event_id\":\"e6\"") == std::string::npos, head.out);
    BOOST_TEST(head.out.find("\"event_id\":\"e7\"") != std::string::npos, head.out);
}

// One event dated 9999-12-31 used to disable the correlations for good, also
// across --state. Now its hit is dropped, counted and shown; the burst after it fires.
BOOST_AUTO_TEST_CASE(a_future_dated_event_does_not_disable_correlations) {
    StatefulPack p;
    auto failure = [](const char* time) {
        return std::string(R"({"eventVersion":"1.09","eventTime":")") + time +
               R"(","eventSource":"s3.amazonaws.com","eventName":"GetObject","errorCode":"AccessDenied",)"
               R"("userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/alice"}})" "\n";
    };
    std::ofstream(p.root / "future.jsonl") << failure("9999-12-31T00:00:00Z");
    std::ofstream(p.root / "burst.jsonl") << failure("2024-03-01T10:00:00Z") << failure("2024-03-01T10:01:00Z")
                                          << failure("2024-03-01T10:02:00Z");
    const std::string state = (p.root / "future.state").string();
    Run first = run_detect_cli("detect --state '" + state + "' --content " + p.dir("pack") + " " + p.dir("future.jsonl"));
    BOOST_TEST(first.code == 0, first.err);
    // The pack's warnings (always printed) come first; the summary ends the output.
    const auto unindexed = [&](const char* file, int line) {
        return (p.root / "pack" / "rules" / file).string() + ":" + std::to_string(line) +
               ":14: warning[rule.unindexed]: the condition does not name an eventName, so the rule is checked "
               "against every event\n  |   condition: sel\n  |              ^\n";
    };
    BOOST_TEST(first.err == unindexed("failures.yml", 6) + unindexed("first-op.yml", 8) +
                                "records read: 1\nevents accepted: 1\nrecords rejected: 0\n"
                                "alerts: 0\nsignals: 0\nnotable sessions: 0\n"
                                "models still learning: 1 of 1 (entity, model) histograms\n"
                                "correlation hits dropped: 1\n  future: 1\n");
    Run second = run_detect_cli("detect --stats --state '" + state + "' --content " + p.dir("pack") + " " + p.dir("burst.jsonl"));
    BOOST_TEST(second.code == 0, second.err);
    BOOST_TEST(second.out.find("\"rule_id\":\"MINI-FAIL-BURST\"") != std::string::npos, second.out);
    BOOST_TEST(second.err.find("\n  correlation hits dropped: future 0, late 0, missing_field 0, overflow 0\n"
                               "  model observations dropped at max_values: 0\n") != std::string::npos,
               second.err);
    // Without the limit the old behaviour is back, and at least it is counted.
    Run unlimited = run_detect_cli("detect --max-clock-skew 0 --content " + p.dir("pack") + " " + p.dir("future.jsonl") + " " +
                            p.dir("burst.jsonl"));
    BOOST_TEST(unlimited.out.find("MINI-FAIL-BURST") == std::string::npos, unlimited.out);
    BOOST_TEST(unlimited.err.find("correlation hits dropped: 3\n  late: 3\n") != std::string::npos, unlimited.err);
    Run negative = run_detect_cli("detect --max-clock-skew -1 --content " + p.dir("pack") + " " + p.dir("burst.jsonl"));
    BOOST_TEST(negative.code == 2);
    BOOST_TEST(negative.err == "trailproof detect: --max-clock-skew must be 0 (no limit) or a number of seconds\n");
}

// ---------------------------------------------------------------- output failures

const std::string k_incomplete = "trailproof detect: output incomplete (6 alerts, 0 signals, 0 notable sessions, 2 rejects found); no output file was "
                                  "replaced and the state was not saved\n";

// Every output is checked: a write that fails is exit 2 naming the output and the
// reason, and the summary (which would count alerts not written) is not printed.
BOOST_AUTO_TEST_CASE(a_failed_write_on_any_output_is_exit_2_with_the_reason) {
    const std::string run = "detect --content content/sample ";
    Run out = run_detect_cli(run + "--out /dev/full fixtures/sample/detect");
    BOOST_TEST(out.code == 2);
    BOOST_TEST(out.err == "trailproof detect: --out: cannot write /dev/full: No space left on device\n" + k_incomplete);
    Run stdout_full = run_detect_cli(run + "fixtures/sample/detect", "/dev/null", "", "/dev/full");
    BOOST_TEST(stdout_full.code == 2);
    BOOST_TEST(stdout_full.err ==
               "trailproof detect: cannot write alerts to stdout: No space left on device\n" + k_incomplete);
    Run dead = run_detect_cli(run + "--dead-letter /dev/full fixtures/sample/detect");
    BOOST_TEST(dead.code == 2);
    BOOST_TEST(dead.err ==
               "trailproof detect: --dead-letter: cannot write /dev/full: No space left on device\n" + k_incomplete);
    Run report = run_detect_cli(run + "--json /dev/full fixtures/sample/detect");
    BOOST_TEST(report.code == 2);
    BOOST_TEST(report.err ==
               "trailproof detect: --json: cannot write /dev/full: No space left on device\n" + k_incomplete);
    // An output that cannot be created fails before the run.
    Run missing = run_detect_cli(run + "--out no/such/dir/alerts.ndjson fixtures/sample/detect");
    BOOST_TEST(missing.code == 2);
    BOOST_TEST(missing.err == "trailproof detect: --out: cannot write no/such/dir/alerts.ndjson: cannot create a "
                              "temporary file in no/such/dir: No such file or directory\n");
}

// A full file system, made with a file size limit (RLIMIT_FSIZE, 1 KiB; the
// alerts are 3 KiB): nothing half-written is left, an existing file keeps its
// content, and the state is not saved, so the run can be repeated as a whole.
BOOST_AUTO_TEST_CASE(a_full_disk_leaves_the_previous_outputs_and_state) {
    StatefulPack p; // for a state file
    const fs::path dir = p.root / "outputs";
    fs::create_directories(dir);
    std::ofstream(dir / "alerts.ndjson") << "old alerts\n";
    const std::string state = (p.root / "limited.state").string();
    Run first = run_detect_cli("detect -q --state '" + state + "' --content content/sample fixtures/sample/detect/a-delivery.json");
    BOOST_TEST_REQUIRE(first.code == 0, first.err);
    const std::string state_bytes = slurp(state);
    Run r = run_detect_cli("detect -q --content content/sample --state '" + state + "' --out '" + (dir / "alerts.ndjson").string() +
                    "' fixtures/sample/detect",
                    "/dev/null", "trap '' XFSZ; ulimit -f 1; exec ");
    BOOST_TEST(r.code == 2);
    BOOST_TEST(r.err == "trailproof detect: --out: cannot write " + (dir / "alerts.ndjson").string() +
                            ": File too large\n" + k_incomplete);
    BOOST_TEST(slurp(dir / "alerts.ndjson") == "old alerts\n");
    std::vector<std::string> entries;
    for (const auto& e : fs::directory_iterator(dir)) entries.push_back(e.path().filename().string());
    BOOST_TEST(entries == std::vector<std::string>{"alerts.ndjson"}); // no temporary file left
    BOOST_TEST(slurp(state) == state_bytes);
}

// A run killed while it writes never leaves a file that looks complete: alerts go
// to a temporary file that only a finished run renames into place. The next run
// removes what the killed one left.
BOOST_AUTO_TEST_CASE(a_killed_run_leaves_no_file_that_looks_complete) {
    const fs::path dir = cli_test_dir() / "killed";
    fs::remove_all(dir);
    fs::create_directories(dir);
    const fs::path alerts = dir / "alerts.ndjson";
    int input[2];
    BOOST_TEST_REQUIRE(::pipe(input) == 0);
    const pid_t child = ::fork();
    BOOST_TEST_REQUIRE(child >= 0);
    if (child == 0) {
        ::dup2(input[0], 0);
        ::close(input[0]);
        ::close(input[1]);
        const int devnull = ::open("/dev/null", O_WRONLY);
        ::dup2(devnull, 2);
        if (::chdir(k_root.c_str()) != 0) ::_exit(127);
        ::execl(TRAILPROOF_CLI, "trailproof", "detect", "-q", "--content", "content/sample", "--out",
                alerts.c_str(), "-", static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ::close(input[0]);
    // One event that alerts, then the input stays open: the run waits for more.
    const std::string event =
        R"({"eventVersion":"1.09","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/mallory"},)"
        R"("eventTime":"2024-03-01T10:00:00Z","eventSource":"cloudtrail.amazonaws.com","eventName":"StopLogging"})"
        "\n";
    BOOST_TEST_REQUIRE(::write(input[1], event.data(), event.size()) == static_cast<ssize_t>(event.size()));
    auto temp_files = [&] {
        std::vector<std::string> names;
        for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
        return names;
    };
    for (int i = 0; i < 500 && temp_files().empty(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    ::close(input[1]);
    BOOST_TEST(WIFSIGNALED(status));
    BOOST_TEST(!fs::exists(alerts));
    const auto left = temp_files();
    BOOST_TEST_REQUIRE(left.size() == 1u);
    BOOST_TEST(left[0].rfind(".alerts.ndjson.tmp-", 0) == 0u, left[0]);
    Run next = run_detect_cli("detect -q" + k_fixed_time + "--content content/sample --out '" + alerts.string() + "' fixtures/sample/detect");
    BOOST_TEST(next.code == 0, next.err);
    BOOST_TEST(temp_files() == std::vector<std::string>{"alerts.ndjson"});
    BOOST_TEST(slurp(alerts) == slurp(k_root + "/fixtures/sample/expected-alerts.ndjson"));
}

BOOST_AUTO_TEST_SUITE_END()
