// A stream fed in many runs (engine/kafka): with set_close_windows_at_end(false)
// correlation windows stay open between runs and close_windows() decides them at
// the real end, so the alerts equal one run over the whole input; and a state
// file carries a caller's own sections (a partition's offset) in the same save.
#include <boost/test/unit_test.hpp>

#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "alerts/alert.h"
#include "load/content.h"
#include "pipeline/detector.h"
#include "state/state_bundle.h"
#include "support/temp_dir.h"

using namespace trailproof;
namespace fs = std::filesystem;

namespace {

// A pack whose correlation fires when a window closes: fewer than 3 calls of a user in an hour.
struct FewCallsPack {
    trailproof::test::TempDir dir{"tp-detector-stream"};
    const fs::path root = dir.path();
    FewCallsPack() {
        fs::create_directories(root / "few" / "rules");
        std::ofstream(root / "few" / "pack.yml") << "id: few\ntitle: few\n";
        std::ofstream(root / "few" / "rules" / "rules.yml")
            << "title: Any call\nname: any_call\nlogsource: {product: aws, service: cloudtrail}\n"
               "detection:\n  sel: {eventSource|exists: true}\n  condition: sel\nlevel: low\n---\n"
               "title: Few calls\nid: FEW\ncorrelation:\n  type: event_count\n  rules: [any_call]\n"
               "  group-by: [userIdentity.arn]\n  timespan: 1h\n  condition: {lt: 3}\nlevel: low\n";
    }
};

std::string event(int minute, const char* user) {
    char time[32];
    std::snprintf(time, sizeof time, "2024-03-01T10:%02d:00Z", minute);
    return std::string(R"({"eventVersion":"1.09","eventTime":")") + time +
           R"(","eventSource":"s3.amazonaws.com","eventName":"ListBuckets","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/)" +
           user + R"("}})" + "\n";
}

// alice: 4 calls (no alert), bob: 2 calls (one alert, when the window closes).
const std::vector<std::string> k_events = {event(0, "alice"), event(1, "bob"),   event(2, "alice"),
                                           event(3, "alice"), event(4, "bob"),   event(5, "alice")};

std::vector<std::string> run_in_pieces(pipeline::Detector& detector, bool close_each_run) {
    std::vector<std::string> out;
    pipeline::DetectHooks hooks;
    hooks.on_alert = [&](const alerts::Alert& a) { out.push_back(a.source->id + " " + a.group); };
    detector.set_close_windows_at_end(close_each_run);
    for (const auto& e : k_events) {
        pipeline::DetectInputs inputs;
        inputs.buffers.emplace_back("piece", e);
        (void)detector.run(inputs, hooks);
    }
    pipeline::DetectSummary closed;
    if (!close_each_run) detector.close_windows(hooks, closed);
    BOOST_TEST(closed.alerts == (close_each_run ? 0u : out.size()));
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(detector_stream)

BOOST_AUTO_TEST_CASE(open_windows_across_runs_equal_one_run) {
    FewCallsPack pack;
    load::Loaded loaded = load::load({(pack.root / "few").string()});
    BOOST_TEST_REQUIRE(loaded.content != nullptr, loaded.result.render_text());

    std::vector<std::string> whole;
    {
        pipeline::Detector detector(loaded.content);
        pipeline::DetectInputs inputs;
        std::string text;
        for (const auto& e : k_events) text += e;
        inputs.buffers.emplace_back("whole", text);
        pipeline::DetectHooks hooks;
        hooks.on_alert = [&](const alerts::Alert& a) { whole.push_back(a.source->id + " " + a.group); };
        (void)detector.run(inputs, hooks);
    }
    BOOST_TEST(whole.size() == 1u);

    pipeline::Detector streamed(loaded.content);
    BOOST_TEST(run_in_pieces(streamed, false) == whole, boost::test_tools::per_element());
    // Closing the windows at the end of every run decides each too early.
    pipeline::Detector per_run(loaded.content);
    BOOST_TEST(run_in_pieces(per_run, true).size() == 6u);
}

BOOST_AUTO_TEST_CASE(caller_sections_share_the_atomic_save) {
    FewCallsPack pack;
    load::Loaded loaded = load::load({(pack.root / "few").string()});
    BOOST_TEST_REQUIRE(loaded.content != nullptr, loaded.result.render_text());
    pipeline::Detector detector(loaded.content);
    const std::string path = (pack.root / "p.state").string();
    BOOST_TEST(detector.save_state(path, {{"kafka/offset", "12345678"}}).ok());

    std::vector<state::StateSection> mine = {{"stale", "x"}};
    BOOST_TEST(detector.load_state(path, mine).ok());
    BOOST_TEST_REQUIRE(mine.size() == 1u);
    BOOST_TEST(mine[0].name == "kafka/offset");
    BOOST_TEST(mine[0].bytes == "12345678");
    // Without a place for them, a section the detector does not own is what it was
    // before: the state of a pack that is not loaded ("offset"), kept and saved again.
    const state::StateResult plain = detector.load_state(path);
    BOOST_TEST(plain.ok());
    BOOST_TEST(plain.notes == std::vector<std::string>{"state of pack 'offset' kept unchanged: the pack is not loaded"},
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
