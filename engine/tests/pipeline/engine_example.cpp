// The engine example of engine/README.md, compiled and run: the text between
// the two `[example]` markers must appear verbatim in the README.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

// [example]
#include <iostream>
#include <sstream>

#include "load/content.h"
#include "pipeline/detector.h"

using namespace trailproof;

// Loads a pack, feeds it CloudTrail bytes, prints one NDJSON alert per hit.
int detect_example(const std::string& pack_dir, std::ostream& out) {
    load::Loaded loaded = load::load({pack_dir}); // compiled only if every file loads
    if (!loaded.content) {
        std::cerr << loaded.result.render_text();
        return 2;
    }
    pipeline::Detector detector(loaded.content); // keeps its models across runs
    pipeline::DetectInputs inputs;               // files, folders, "-" or buffers
    inputs.buffers.emplace_back("example.ndjson",
        R"({"eventVersion":"1.09","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/mallory",)"
        R"("accountId":"111122223333"},"eventTime":"2024-03-01T10:00:00Z","eventSource":"cloudtrail.amazonaws.com",)"
        R"("eventName":"StopLogging","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.7","eventID":"ex-1",)"
        R"("eventType":"AwsApiCall","recipientAccountId":"111122223333"})" "\n");
    pipeline::DetectHooks hooks;
    hooks.on_alert = [&out](const alerts::Alert& a) { out << alerts::render_alert_json(a) << '\n'; };
    const pipeline::DetectSummary summary = detector.run(inputs, hooks);
    return summary.records_rejected == 0 ? 0 : 1;
}
// [example]

namespace {

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

BOOST_AUTO_TEST_SUITE(engine_example)

BOOST_AUTO_TEST_CASE(the_readme_example_runs_and_alerts) {
    const std::filesystem::path root = TRAILPROOF_SOURCE_DIR;
    std::ostringstream out;
    BOOST_TEST(detect_example((root / "content" / "sample").string(), out) == 0);
    const std::string alerts = out.str();
    BOOST_TEST(alerts.find("\"rule_id\":\"d2326ea6-ed73-4bda-949f-d9d8811000e2\"") != std::string::npos, alerts);
    BOOST_TEST(std::count(alerts.begin(), alerts.end(), '\n') == 1);
}

BOOST_AUTO_TEST_CASE(the_readme_shows_the_example_verbatim) {
    const std::filesystem::path root = TRAILPROOF_SOURCE_DIR;
    const std::string source = slurp(root / "engine" / "tests" / "pipeline" / "engine_example.cpp");
    const std::string marker = "// [example]\n";
    const auto begin = source.find(marker) + marker.size();
    const auto end = source.find(marker, begin);
    BOOST_REQUIRE(end != std::string::npos);
    const std::string example = source.substr(begin, end - begin);
    BOOST_TEST(slurp(root / "engine" / "README.md").find(example) != std::string::npos,
               "engine/README.md must show engine/tests/pipeline/engine_example.cpp's example verbatim");
}

BOOST_AUTO_TEST_SUITE_END()
