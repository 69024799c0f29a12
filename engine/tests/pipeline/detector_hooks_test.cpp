// Detector hooks and Detector::explain: on_batch reports growing counts that end
// at the run's summary, and explain's verdicts are what a run on the same event
// does (the rules that fire are the alerts a fresh detector emits).
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <set>
#include <string>

#include "load/content.h"
#include "pipeline/detector.h"

using namespace trailproof;

namespace {

const std::string k_hooks_root = TRAILPROOF_SOURCE_DIR;

std::string stop_logging(int i) {
    return R"({"eventVersion":"1.09","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/u)" +
           std::to_string(i % 7) +
           R"(","accountId":"111122223333"},"eventTime":"2024-03-01T10:00:00Z","eventSource":"cloudtrail.amazonaws.com",)"
           R"("eventName":")" + std::string(i % 3 ? "StopLogging" : "StartLogging") +
           R"(","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.7","eventID":"e)" + std::to_string(i) + R"("})";
}

} // namespace

BOOST_AUTO_TEST_SUITE(detector_hooks)

BOOST_AUTO_TEST_CASE(on_batch_counts_grow_to_the_summary) {
    load::Loaded loaded = load::load({k_hooks_root + "/content/sample"});
    BOOST_TEST_REQUIRE(loaded.result.successful(), loaded.result.render_text());
    std::string input;
    for (int i = 0; i < 700; ++i) input += stop_logging(i) + "\n";
    input += "not json\n";
    for (std::size_t threads : {1u, 2u}) {
        pipeline::Detector detector(loaded.content);
        detector.set_threads(threads);
        pipeline::DetectInputs inputs;
        inputs.buffers.emplace_back("in.ndjson", input);
        std::vector<std::uint64_t> read, bytes;
        pipeline::DetectHooks hooks;
        hooks.on_batch = [&](const pipeline::DetectSummary& s) {
            BOOST_TEST(s.records_read == s.events_accepted + s.records_rejected);
            read.push_back(s.records_read);
            bytes.push_back(s.bytes_read);
        };
        const pipeline::DetectSummary summary = detector.run(inputs, hooks);
        BOOST_TEST(read.size() >= 3u); // 701 records, at most 256 a batch
        BOOST_TEST(std::is_sorted(read.begin(), read.end()));
        BOOST_TEST(std::is_sorted(bytes.begin(), bytes.end()));
        BOOST_TEST(read.back() == summary.records_read);
        BOOST_TEST(summary.records_read == 701u);
    }
}

BOOST_AUTO_TEST_CASE(explain_fires_exactly_what_a_run_alerts) {
    load::Loaded loaded = load::load({k_hooks_root + "/content/sample"});
    BOOST_TEST_REQUIRE(loaded.result.successful(), loaded.result.render_text());
    std::size_t fired = 0;
    for (int i = 0; i < 30; ++i) {
        const std::string event = stop_logging(i) + "\n";
        pipeline::Detector runner(loaded.content);
        pipeline::DetectInputs inputs;
        inputs.buffers.emplace_back("e.json", event);
        std::set<std::string> alerts;
        pipeline::DetectHooks hooks;
        hooks.on_alert = [&](const alerts::Alert& a) { alerts.insert(a.source->id); };
        (void)runner.run(inputs, hooks);

        pipeline::Detector explainer(loaded.content);
        const pipeline::Explanation e = explainer.explain("e.json", event, "");
        BOOST_TEST(e.read_error == "");
        BOOST_TEST(e.records == 1u);
        BOOST_REQUIRE(e.packs.size() == 1u);
        BOOST_TEST(e.packs[0].accepted);
        BOOST_TEST(e.packs[0].parser == "cloudtrail-json");
        std::set<std::string> explained;
        for (const auto& r : e.packs[0].rules)
            if (r.fires) explained.insert(r.id);
        BOOST_TEST(explained == alerts, "event " << i);
        fired += explained.size();
    }
    BOOST_TEST(fired == 20u); // the StopLogging events
    pipeline::Detector d(loaded.content);
    const pipeline::Explanation none = d.explain("empty.json", "", "");
    BOOST_TEST(none.read_error == "the input holds no record");
    const pipeline::Explanation one = d.explain("e.json", stop_logging(1), "d2326ea6-ed73-4bda-949f-d9d8811000e2");
    BOOST_REQUIRE(one.packs.size() == 1u);
    BOOST_REQUIRE(one.packs[0].rules.size() == 1u);
    BOOST_TEST(one.packs[0].rules[0].fires);
}

BOOST_AUTO_TEST_SUITE_END()
