// Conservation under damage (issue 14): over randomly damaged corpora (truncation,
// bit flips, inserted garbage, mixed shapes, gzip damage) every run accounts for
// every record: records read = accepted + rejected, the dead-letter hook sees
// exactly the rejects (as many as the summary counts, code by code), and one
// thread gives the same alerts, rejects and counts as several.
//
// Seeded generator; the seed is printed, and TP_CONSERVATION_SEED=<n> replays one.

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "alerts/alert.h"
#include "ingest/ingest_test_util.h" // gzip()
#include "load/content.h"
#include "pipeline/detector.h"
#include "support/file_text.h"

using namespace trailproof;

namespace {

const std::string k_root = TRAILPROOF_SOURCE_DIR;

// CloudTrail events from the benign baseline: the raw material of every corpus.
std::vector<std::string> baseline_events(std::size_t count) {
    std::istringstream in(trailproof::test::file_text(k_root + "/fixtures/baseline/events.ndjson"));
    std::vector<std::string> out;
    for (std::string line; out.size() < count && std::getline(in, line);)
        if (!line.empty()) out.push_back(line);
    return out;
}

struct Corpus {
    std::vector<std::pair<std::string, std::string>> inputs;
    std::string describe;
};

// One random input: a shape (NDJSON, Records file, array, pretty array, EventBridge
// lines, CEF lines, a Records envelope inside NDJSON), maybe gzip'd, maybe damaged.
std::pair<std::string, std::string> random_input(std::mt19937_64& rng, const std::vector<std::string>& events,
                                                 int n, std::string& describe) {
    auto pick = [&](std::size_t bound) { return static_cast<std::size_t>(rng() % bound); };
    const std::size_t count = 1 + pick(12);
    std::vector<std::string> chosen;
    for (std::size_t i = 0; i < count; ++i) chosen.push_back(events[pick(events.size())]);
    std::string text;
    const std::size_t shape = pick(7);
    auto join = [&](std::string_view sep) {
        std::string out;
        for (std::size_t i = 0; i < chosen.size(); ++i) out += (i ? std::string(sep) : "") + chosen[i];
        return out;
    };
    switch (shape) {
    case 0: text = join("\n") + "\n"; break;
    case 1: text = "{\"Records\":[" + join(",\n") + "]}\n"; break;
    case 2: text = "[" + join(",") + "]"; break;
    case 3: text = "[\n  " + join(",\n  ") + "\n]\n"; break;
    case 4:
        for (const auto& e : chosen)
            text += "{\"version\":\"0\",\"detail-type\":\"AWS API Call via CloudTrail\",\"source\":\"aws.x\",\"detail\":" + e + "}\n";
        break;
    case 5:
        for (std::size_t i = 0; i < count; ++i) text += "CEF:0|AWS|CloudTrail|1.0|x|Console login|5|suser=u" + std::to_string(i) + "\n";
        break;
    default: text = chosen[0] + "\n{\"Records\":[" + join(",") + "]}\n" + chosen.back() + "\n"; break;
    }
    describe += " [" + std::to_string(n) + ": shape " + std::to_string(shape);
    const bool gz = pick(3) == 0;
    if (gz) {
        text = ingest::test::gzip(text);
        describe += " gzip";
    }
    switch (pick(6)) {
    case 0:
        text.resize(pick(text.size() + 1));
        describe += " truncated";
        break;
    case 1:
        for (std::size_t i = 0, flips = 1 + pick(4); i < flips && !text.empty(); ++i)
            text[pick(text.size())] ^= static_cast<char>(1 << pick(8));
        describe += " bit flips";
        break;
    case 2: {
        std::string garbage;
        for (std::size_t i = 0, len = 1 + pick(40); i < len; ++i) garbage += static_cast<char>(pick(256));
        text.insert(pick(text.size() + 1), garbage);
        describe += " garbage";
        break;
    }
    case 3:
        text += chosen[0] + "\n[" + chosen[0] + "]"; // mixed shapes after the first
        describe += " mixed";
        break;
    default:
        break;
    }
    describe += "]";
    return {"input-" + std::to_string(n) + (gz ? ".gz" : ".json"), text};
}

struct Outcome {
    pipeline::DetectSummary summary;
    std::vector<std::string> alerts;
    std::vector<std::string> rejects; // as the dead-letter would hold them
    std::map<std::string, std::uint64_t> dead_letter_codes;
};

Outcome run(const std::shared_ptr<const load::Content>& content, const Corpus& corpus, std::size_t threads) {
    pipeline::Detector detector(content);
    detector.set_threads(threads);
    pipeline::DetectInputs inputs;
    inputs.buffers = corpus.inputs;
    Outcome out;
    pipeline::DetectHooks hooks;
    hooks.on_alert = [&](const alerts::Alert& a) { out.alerts.push_back(alerts::render_alert_json(a)); };
    hooks.on_reject = [&](const Reject& r, const SourceTable& sources) {
        out.rejects.push_back(render_origin(r.origin, sources) + " " + std::string(reject_code_id(r.code)) + " " + r.detail);
        ++out.dead_letter_codes[std::string(reject_code_id(r.code))];
    };
    out.summary = detector.run(inputs, hooks);
    return out;
}

std::uint64_t seed_from_env() {
    const char* text = std::getenv("TP_CONSERVATION_SEED");
    return text ? std::strtoull(text, nullptr, 10) : 20240314u;
}

} // namespace

BOOST_AUTO_TEST_SUITE(conservation)

BOOST_AUTO_TEST_CASE(damaged_corpora_conserve_records_and_do_not_depend_on_threads) {
    load::Loaded loaded = load::load({k_root + "/content/sample"});
    BOOST_TEST_REQUIRE(loaded.content != nullptr, loaded.result.render_text());
    const std::vector<std::string> events = baseline_events(400);
    BOOST_TEST_REQUIRE(events.size() == 400u);

    const std::uint64_t seed = seed_from_env();
    BOOST_TEST_MESSAGE("conservation seed " << seed << " (TP_CONSERVATION_SEED=" << seed << " replays it)");
    std::mt19937_64 rng(seed);
    std::uint64_t total_rejected = 0, total_read = 0;
    for (int round = 0; round < 40; ++round) {
        Corpus corpus;
        for (int n = 0, inputs = 1 + static_cast<int>(rng() % 4); n < inputs; ++n)
            corpus.inputs.push_back(random_input(rng, events, n, corpus.describe));
        BOOST_TEST_CONTEXT("seed " << seed << ", round " << round << ":" << corpus.describe) {
            const Outcome one = run(loaded.content, corpus, 1);
            const pipeline::DetectSummary& s = one.summary;
            BOOST_TEST(s.records_read == s.events_accepted + s.records_rejected);
            BOOST_TEST(one.rejects.size() == s.records_rejected);
            BOOST_TEST(one.dead_letter_codes == s.rejects_by_code);
            const Outcome three = run(loaded.content, corpus, 3);
            BOOST_TEST(three.alerts == one.alerts);
            BOOST_TEST(three.rejects == one.rejects);
            BOOST_TEST(three.summary.records_read == s.records_read);
            BOOST_TEST(three.summary.events_accepted == s.events_accepted);
            BOOST_TEST(three.summary.rejects_by_code == s.rejects_by_code);
            total_read += s.records_read;
            total_rejected += s.records_rejected;
        }
    }
    BOOST_TEST_MESSAGE(total_read << " records read, " << total_rejected << " rejected");
    // The damage must have been real, and most records still read.
    BOOST_TEST(total_rejected > 0u);
    BOOST_TEST(total_read > total_rejected);
}

BOOST_AUTO_TEST_SUITE_END()
