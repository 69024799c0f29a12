// End-to-end tests of `trailproof detect`: the real binary on the sample pack
// and fixtures, compared with exact expected files.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>

namespace fs = std::filesystem;

namespace {

const std::string k_root = TRAILPROOF_SOURCE_DIR;

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

struct Run {
    int code = -1;
    std::string out;
    std::string err;
};

// Runs the CLI from the source root (so origins are repo-relative) with `args`.
Run run_cli(const std::string& args, const std::string& stdin_file = "/dev/null") {
    fs::path dir = fs::temp_directory_path() / "tp_cli_test";
    fs::create_directories(dir);
    fs::path out = dir / "out", err = dir / "err";
    std::string cmd = "cd '" + k_root + "' && '" + std::string(TRAILPROOF_CLI) + "' " + args + " <'" + stdin_file +
                      "' >'" + out.string() + "' 2>'" + err.string() + "'";
    int status = std::system(cmd.c_str());
    Run r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
}

} // namespace

BOOST_AUTO_TEST_SUITE(detect_cli)

BOOST_AUTO_TEST_CASE(sample_pack_on_fixture_folder_gives_expected_alerts) {
    Run r = run_cli("detect --content content/sample fixtures/sample/detect");
    BOOST_TEST(r.code == 0, "stderr: " << r.err);
    BOOST_TEST(r.out == slurp(k_root + "/fixtures/sample/expected-alerts.ndjson"));
    BOOST_TEST(r.err == slurp(k_root + "/fixtures/sample/expected-summary.txt"));
}

BOOST_AUTO_TEST_CASE(threads_give_the_same_alerts_and_stats_report_the_stages) {
    Run all_cores = run_cli("detect -q --threads 0 --content content/sample fixtures/sample/detect");
    BOOST_TEST(all_cores.code == 0, "stderr: " << all_cores.err);
    BOOST_TEST(all_cores.out == slurp(k_root + "/fixtures/sample/expected-alerts.ndjson"));
    Run r = run_cli("detect --threads 3 --stats --content content/sample fixtures/sample/detect");
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
    fs::path dl = fs::temp_directory_path() / "tp_cli_test" / "dead.ndjson";
    Run r = run_cli("detect -q --content content/sample --dead-letter '" + dl.string() +
                    "' fixtures/sample/detect/c-stream.jsonl.gz");
    BOOST_TEST(r.code == 0, "stderr: " << r.err);
    BOOST_TEST(r.err == "");
    BOOST_TEST(slurp(dl) == slurp(k_root + "/fixtures/sample/expected-dead-letter.ndjson"));
}

BOOST_AUTO_TEST_CASE(stdin_input_is_read_with_dash) {
    Run r = run_cli("detect -q --content content/sample -", k_root + "/fixtures/sample/detect/a-delivery.json");
    BOOST_TEST(r.code == 0, "stderr: " << r.err);
    // The same alerts as from the file, with origin "-" instead of the path.
    BOOST_TEST(r.out.find("\"origin\":\"-:1[1]\"") != std::string::npos, r.out);
}

BOOST_AUTO_TEST_CASE(usage_errors_exit_2_and_name_the_problem) {
    Run none = run_cli("");
    BOOST_TEST(none.code == 2);
    Run unknown = run_cli("detct");
    BOOST_TEST(unknown.code == 2);
    BOOST_TEST(unknown.err.rfind("trailproof: unknown command 'detct'\n", 0) == 0);
    Run no_content = run_cli("detect fixtures/sample/detect");
    BOOST_TEST(no_content.code == 2);
    BOOST_TEST(no_content.err == "trailproof detect: --content is required\n");
    Run bad_flag = run_cli("detect --content content/sample --frobnicate x");
    BOOST_TEST(bad_flag.code == 2);
    BOOST_TEST(bad_flag.err == "trailproof detect: Option 'frobnicate' does not exist\n");
    Run many_threads = run_cli("detect --threads 257 --content content/sample fixtures/sample/detect");
    BOOST_TEST(many_threads.code == 2);
    BOOST_TEST(many_threads.err == "trailproof detect: --threads must be between 0 (one per core) and 256\n");
    Run missing_input = run_cli("detect -q --content content/sample no/such/file.json");
    BOOST_TEST(missing_input.code == 2);
}

BOOST_AUTO_TEST_CASE(help_exits_0) {
    Run r = run_cli("detect --help");
    BOOST_TEST(r.code == 0);
    BOOST_TEST(r.out.find("--dead-letter") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(bad_content_is_reported_with_location_and_exit_2) {
    fs::path dir = fs::temp_directory_path() / "tp_cli_test" / "badpack";
    fs::remove_all(dir);
    fs::create_directories(dir / "rules");
    std::ofstream(dir / "pack.yml") << "id: bad\ntitle: Bad pack\n";
    std::ofstream(dir / "rules" / "broken.yml") << "title: broken\nlogsource: {product: aws}\ndetection:\n"
                                                    "  sel:\n    eventName: [a\n  condition: sel\n";
    Run r = run_cli("detect --content '" + dir.string() + "' fixtures/sample/detect");
    BOOST_TEST(r.code == 2);
    BOOST_TEST(r.err.find("broken.yml:6:") != std::string::npos, r.err);
    BOOST_TEST(r.err.find("error[load.yaml_parse]") != std::string::npos, r.err);
}

// A pack with a behavioural rule, a correlation and their state, in a temp folder.
struct StatefulPack {
    fs::path root = fs::temp_directory_path() / "tp_cli_test" / "stateful";
    StatefulPack() {
        fs::remove_all(root);
        fs::create_directories(root / "pack" / "rules");
        fs::create_directories(root / "pack" / "models");
        std::ofstream(root / "pack" / "pack.yml") << "id: mini\ntitle: Mini\n";
        std::ofstream(root / "pack" / "models" / "ops.yml")
            << "models:\n  - id: OPS-U\n    description: Operations for user\n    scope: user\n"
               "    feature: eventName\n    convergence: {alpha: 1.0, confidence: 0.5, min_observations: 4}\n";
        std::ofstream(root / "pack" / "rules" / "first-op.yml")
            << "title: First operation for user\nid: MINI-OPS-F\nlogsource: {product: aws, service: cloudtrail}\n"
               "model: {ref: OPS-U, trigger: first_time}\nscore: 50\ndetection:\n  sel: {eventSource|exists: true}\n"
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
};

BOOST_AUTO_TEST_CASE(split_run_with_saved_state_equals_one_run) {
    StatefulPack p;
    Run one = run_cli("detect -q --content " + p.dir("pack") + " " + p.dir("a.jsonl") + " " + p.dir("b.jsonl"));
    BOOST_TEST(one.code == 0, one.err);
    // The first-time rule fires on the first PutObject, DeleteObject and CopyObject after
    // convergence; the correlation on the third failure.
    BOOST_TEST(one.out.find("\"rule_id\":\"MINI-FAIL-BURST\"") != std::string::npos, one.out);
    BOOST_TEST(one.out.find("\"event_name\":\"PutObject\"") != std::string::npos, one.out);
    std::string state = (p.root / "run.state").string();
    Run first = run_cli("detect -q --state '" + state + "' --content " + p.dir("pack") + " " + p.dir("a.jsonl"));
    Run second = run_cli("detect -q --state '" + state + "' --content " + p.dir("pack") + " " + p.dir("b.jsonl"));
    BOOST_TEST(first.code == 0, first.err);
    BOOST_TEST(second.code == 0, second.err);
    BOOST_TEST(first.out + second.out == one.out);
    // The run report carries the counts and the notable session the scores made.
    std::string report = (p.root / "report.json").string();
    Run reported = run_cli("detect -q --report '" + report + "' --content " + p.dir("pack") + " " + p.dir("a.jsonl") +
                           " " + p.dir("b.jsonl"));
    BOOST_TEST(reported.out == one.out);
    const std::string r = slurp(report);
    BOOST_TEST(r.rfind("{\"records_read\":12,\"events_accepted\":12,\"records_rejected\":0,", 0) == 0u, r);
    BOOST_TEST(r.find("\"notable_sessions\":[{\"pack\":\"mini\",\"user\":\"arn:aws:iam::111122223333:user/alice\"") !=
                   std::string::npos,
               r);
    // Without the state the second half is judged by an untrained model.
    Run fresh = run_cli("detect -q --content " + p.dir("pack") + " " + p.dir("b.jsonl"));
    BOOST_TEST(first.out + fresh.out != one.out);
}

BOOST_AUTO_TEST_CASE(bad_state_file_is_an_error_naming_it_and_stays_unchanged) {
    StatefulPack p;
    std::string state = (p.root / "bad.state").string();
    std::ofstream(state) << "not a state file";
    Run r = run_cli("detect -q --state '" + state + "' --content " + p.dir("pack") + " " + p.dir("a.jsonl"));
    BOOST_TEST(r.code == 2);
    BOOST_TEST(r.err == "trailproof detect: --state: " + state +
                            ": not a trailproof state file (no TPRB header)\n");
    BOOST_TEST(slurp(state) == "not a state file");
}

BOOST_AUTO_TEST_SUITE_END()
