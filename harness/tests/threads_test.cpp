// `detect --threads N` must give what one thread gives: the same alerts,
// correlations, notable sessions and rejects in the same order, the same counts
// and the same saved state, on a generated corpus and on every fixture of the
// bundled packs; and a state saved by N threads must continue, loaded into any
// thread count, exactly like one thread that never stopped.
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

Output detect(Detector& detector, const DetectInputs& inputs, std::size_t threads) {
    std::ostringstream lines;
    DetectHooks hooks = ndjson_hooks({&lines, &lines, {}, EmitKinds{true, true, true}});
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

Output detect(const std::shared_ptr<const load::Content>& content, const DetectInputs& inputs, std::size_t threads) {
    Detector detector(content);
    return detect(detector, inputs, threads);
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
    return n;
}

void require_same_for_any_thread_count(const std::shared_ptr<const load::Content>& content, const DetectInputs& inputs, std::size_t min_alerts) {
    const Output one = detect(content, inputs, 1);
    BOOST_TEST_MESSAGE(one.summary);
    std::size_t alerts = 0;
    for (std::size_t pos = one.lines.find("\"kind\":"); pos != std::string::npos; pos = one.lines.find("\"kind\":", pos + 1))
        ++alerts;
    BOOST_TEST(alerts >= min_alerts); // the comparison is only as good as what fires
    BOOST_TEST_MESSAGE("correlation alerts: " << count(one.lines, "\"group\":"));
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

// Every fixture's records, the sample pack's detect inputs, and the benign baseline.
DetectInputs fixture_inputs() {
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
    return inputs;
}

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
    require_same_for_any_thread_count(bundled.content, fixture_inputs(), 200);
}

// --state across thread counts: the fixtures, then the benign baseline. One
// detector on one thread runs both; a detector on N threads runs the first part
// and saves; a new detector loads that file and runs the second part on M
// threads. The second part's output and the final state are the same.
BOOST_AUTO_TEST_CASE(state_saved_by_n_threads_continues_like_one_thread) {
    BundledContent bundled;
    const DetectInputs first = fixture_inputs();
    DetectInputs second;
    second.paths.push_back(k_root + "/fixtures/baseline/events.ndjson");
    Detector reference(bundled.content);
    const Output ref1 = detect(reference, first, 1);
    const Output ref2 = detect(reference, second, 1);
    BOOST_TEST(count(ref2.lines, "\"kind\":") >= 20u); // the baseline's alerts and notable sessions
    for (const auto& [n, m] : {std::pair<std::size_t, std::size_t>{2, 1}, {3, 2}, {1, 4}}) {
        Detector before(bundled.content);
        const Output part1 = detect(before, first, n);
        BOOST_TEST((part1.state == ref1.state), n << " threads: saved state differs");
        fs::path state = fs::temp_directory_path() / ("tp_threads_resume_" + std::to_string(::getpid()) + ".state");
        { std::ofstream(state, std::ios::binary) << part1.state; }
        Detector after(bundled.content);
        BOOST_TEST_REQUIRE(after.load_state(state.string()).ok());
        fs::remove(state);
        const Output part2 = detect(after, second, m);
        BOOST_TEST((part2.lines == ref2.lines), n << " then " << m << " threads: later output differs");
        BOOST_TEST((part2.state == ref2.state), n << " then " << m << " threads: later state differs");
    }
}

BOOST_AUTO_TEST_SUITE_END()
