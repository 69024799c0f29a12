// End-to-end tests of `trailproof detect`: the real binary on the sample pack
// and fixtures, compared with exact expected files.
#include <boost/test/unit_test.hpp>

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

BOOST_AUTO_TEST_SUITE_END()
