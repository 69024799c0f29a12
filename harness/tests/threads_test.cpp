// `detect --threads N` must give what one thread gives: the same alerts,
// notable sessions and rejects in the same order, the same counts and the same
// saved state, on a generated corpus and on every fixture of the bundled packs.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "detect_report.h"
#include "pipeline/detector.h"
#include "pipeline/ndjson_output.h"
#include "scenario.h"

namespace fs = std::filesystem;
using namespace trailproof;
using namespace trailproof::harness;
using namespace trailproof::pipeline;

namespace {

const std::string k_root = TRAILPROOF_SOURCE_DIR;

struct Output {
    std::string lines; // alerts, notable sessions and rejects, as written, in order
    std::string summary;
    std::string state;
};

Output detect(const std::shared_ptr<const load::Content>& content, const DetectInputs& inputs, std::size_t threads) {
    std::ostringstream lines;
    DetectHooks hooks = ndjson_hooks({&lines, &lines, {}, EmitKinds{true, true, true}});
    Detector detector(content);
    detector.set_threads(threads);
    DetectSummary summary = detector.run(inputs, hooks);
    // Per process: several test runs may share the machine's temp folder.
    fs::path state = fs::temp_directory_path() /
                     ("tp_threads_test_" + std::to_string(::getpid()) + "_" + std::to_string(threads) + ".state");
    BOOST_REQUIRE(detector.save_state(state.string()).ok());
    std::ifstream in(state, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    in.close();
    fs::remove(state);
    return {lines.str(), render_summary(summary), bytes.str()};
}

void require_same_for_any_thread_count(const std::shared_ptr<const load::Content>& content, const DetectInputs& inputs, std::size_t min_alerts) {
    const Output one = detect(content, inputs, 1);
    BOOST_TEST_MESSAGE(one.summary);
    std::size_t alerts = 0;
    for (std::size_t pos = one.lines.find("\"kind\":"); pos != std::string::npos; pos = one.lines.find("\"kind\":", pos + 1))
        ++alerts;
    BOOST_TEST(alerts >= min_alerts); // the comparison is only as good as what fires
    for (std::size_t threads : {2u, 3u}) {
        const Output many = detect(content, inputs, threads);
        BOOST_TEST(many.summary == one.summary, "threads " << threads);
        BOOST_TEST((many.lines == one.lines), "threads " << threads << ": alert stream differs");
        BOOST_TEST((many.state == one.state), "threads " << threads << ": saved state differs");
    }
}

// All bundled packs, enriched with the test geo database the fixtures use.
struct BundledContent {
    std::shared_ptr<const load::Content> content;
    BundledContent() {
        load::LoadOptions options;
        options.enrich.geoip_country = options.enrich.geoip_asn = k_root + "/fixtures/geoip/test-geo.mmdb";
        load::Loaded loaded = load::load({k_root + "/content"}, options);
        BOOST_REQUIRE_MESSAGE(loaded.content, loaded.result.render_text());
        content = loaded.content;
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(detect_threads)

BOOST_AUTO_TEST_CASE(the_corpus_gives_the_same_output_on_any_thread_count) {
    BundledContent bundled;
    fs::path dir = fs::temp_directory_path() / ("tp_threads_corpus_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    DetectInputs inputs;
    for (const char* format : {"ndjson", "gzip"}) {
        fs::path out = dir / (std::string("corpus.") + format);
        std::string cmd = "python3 '" + k_root + "/bench/make-corpus.py' --events 6000 --format " + format +
                          " --out '" + out.string() + "'";
        BOOST_REQUIRE_EQUAL(std::system(cmd.c_str()), 0);
        inputs.paths.push_back(out.string());
    }
    require_same_for_any_thread_count(bundled.content, inputs, 500);
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(every_fixture_gives_the_same_output_on_any_thread_count) {
    BundledContent bundled;
    std::vector<Scenario> scenarios;
    LoadResult r = read_scenarios(k_root + "/fixtures", scenarios);
    BOOST_REQUIRE_MESSAGE(r.successful(), r.render_text());
    DetectInputs inputs;
    std::string records;
    for (const auto& s : scenarios) {
        for (const auto& e : s.history) records += e + "\n";
        for (const auto& e : s.events) records += e + "\n";
        for (const auto& f : s.files)
            if (std::find(inputs.paths.begin(), inputs.paths.end(), f) == inputs.paths.end()) inputs.paths.push_back(f);
    }
    inputs.buffers.emplace_back("scenarios", records);
    inputs.paths.push_back(k_root + "/fixtures/sample/detect");
    require_same_for_any_thread_count(bundled.content, inputs, 200);
}

BOOST_AUTO_TEST_SUITE_END()
