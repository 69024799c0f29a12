// --state with fewer packs than were saved: the state of a pack that is not
// loaded is kept byte for byte and saved again, never dropped.
#include <boost/test/unit_test.hpp>

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "load/content.h"
#include "pipeline/detector.h"
#include "state/state_bundle.h"
#include "support/file_text.h"
#include "support/temp_dir.h"

using namespace trailproof;
namespace fs = std::filesystem;

namespace {

// Two packs, each with a model of event names per user and a correlation.
struct TwoPacks {
    trailproof::test::TempDir dir{"tp-detector-state"};
    const fs::path root = dir.path();
    TwoPacks() {
        for (const char* id : {"alpha", "beta"}) {
            fs::create_directories(root / "packs" / id / "rules");
            fs::create_directories(root / "packs" / id / "models");
            std::ofstream(root / "packs" / id / "pack.yml") << "id: " << id << "\ntitle: " << id << "\n";
            std::ofstream(root / "packs" / id / "models" / "ops.yml")
                << "models:\n  - id: OPS\n    description: Operations for user\n    scope: user\n"
                   "    feature: eventName\n";
            std::ofstream(root / "packs" / id / "rules" / "rules.yml")
                << "title: First operation\nid: " << id << "-F\nlogsource: {product: aws, service: cloudtrail}\n"
                << "model: {ref: OPS, trigger: first_time}\ndetection:\n  sel: {eventSource|exists: true}\n"
                   "  condition: sel\nlevel: low\n---\ntitle: Any call\nname: any_call\n"
                   "logsource: {product: aws, service: cloudtrail}\ndetection:\n  sel: {eventSource|exists: true}\n"
                   "  condition: sel\nlevel: low\n---\ntitle: Many calls\nid: "
                << id
                << "-MANY\ncorrelation:\n  type: event_count\n  rules: [any_call]\n  group-by: [userIdentity.arn]\n"
                   "  timespan: 1h\n  condition: {gte: 100}\nlevel: low\n";
        }
    }
    std::string path(const char* name) const { return (root / name).string(); }
};

pipeline::DetectInputs events() {
    pipeline::DetectInputs inputs;
    std::string lines;
    for (int i = 0; i < 6; ++i)
        lines += R"({"eventVersion":"1.09","eventTime":"2024-03-01T10:0)" + std::to_string(i) +
                 R"(:00Z","eventSource":"s3.amazonaws.com","eventName":"Op)" + std::to_string(i % 3) +
                 R"(","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/alice"}})" "\n";
    inputs.buffers.emplace_back("e.jsonl", lines);
    return inputs;
}

} // namespace

BOOST_AUTO_TEST_SUITE(detector_state)

BOOST_AUTO_TEST_CASE(state_of_packs_not_loaded_is_kept_byte_for_byte) {
    TwoPacks p;
    load::Loaded both = load::load({p.path("packs")});
    BOOST_TEST_REQUIRE(both.content != nullptr, both.result.render_text());
    {
        pipeline::Detector detector(both.content);
        (void)detector.run(events(), {});
        BOOST_TEST_REQUIRE(detector.save_state(p.path("all.state")).ok());
    }
    const std::string all = trailproof::test::file_text(p.path("all.state"));
    std::vector<state::StateSection> saved;
    BOOST_TEST_REQUIRE(state::decode_bundle(all, "all.state", saved).ok());
    BOOST_TEST_REQUIRE(saved.size() == 4u);
    BOOST_TEST(saved[2].name == "models/beta");
    BOOST_TEST(saved[2].bytes.size() > 24u); // beta learned something

    // Only alpha is loaded: beta's sections are kept, with one note for the pack.
    load::Loaded one = load::load({(p.root / "packs" / "alpha").string()});
    BOOST_TEST_REQUIRE(one.content != nullptr, one.result.render_text());
    {
        pipeline::Detector detector(one.content);
        const state::StateResult loaded = detector.load_state(p.path("all.state"));
        BOOST_TEST_REQUIRE(loaded.ok(), loaded.message);
        BOOST_TEST(loaded.notes ==
                   std::vector<std::string>{"state of pack 'beta' kept unchanged: the pack is not loaded"});
        BOOST_TEST_REQUIRE(detector.save_state(p.path("alpha.state")).ok());
    }
    // Nothing ran, so the file is the same, byte for byte.
    BOOST_TEST(trailproof::test::file_text(p.path("alpha.state")) == all);

    // A run of alpha alone changes alpha's sections only.
    {
        pipeline::Detector detector(one.content);
        BOOST_TEST_REQUIRE(detector.load_state(p.path("all.state")).ok());
        pipeline::DetectInputs more = events();
        more.buffers[0].second += R"({"eventVersion":"1.09","eventTime":"2024-03-02T10:00:00Z","eventSource":)"
                                  R"("s3.amazonaws.com","eventName":"Op9","userIdentity":{"type":"IAMUser",)"
                                  R"("arn":"arn:aws:iam::111122223333:user/bob"}})" "\n";
        (void)detector.run(more, {});
        BOOST_TEST_REQUIRE(detector.save_state(p.path("alpha.state")).ok());
    }
    std::vector<state::StateSection> after;
    BOOST_TEST_REQUIRE(state::decode_bundle(trailproof::test::file_text(p.path("alpha.state")), "alpha.state", after).ok());
    BOOST_TEST_REQUIRE(after.size() == 4u);
    BOOST_TEST(after[0].name == "models/alpha");
    BOOST_TEST(after[0].bytes != saved[0].bytes);
    BOOST_TEST(after[2].name == saved[2].name);
    BOOST_TEST(after[2].bytes == saved[2].bytes);
    BOOST_TEST(after[3].name == saved[3].name);
    BOOST_TEST(after[3].bytes == saved[3].bytes);

    // Both packs again: beta's state is back, as learned.
    pipeline::Detector detector(both.content);
    const state::StateResult reloaded = detector.load_state(p.path("alpha.state"));
    BOOST_TEST_REQUIRE(reloaded.ok(), reloaded.message);
    BOOST_TEST(reloaded.notes.empty());
    BOOST_TEST_REQUIRE(detector.save_state(p.path("again.state")).ok());
    std::vector<state::StateSection> again;
    BOOST_TEST_REQUIRE(state::decode_bundle(trailproof::test::file_text(p.path("again.state")), "again.state", again).ok());
    BOOST_TEST(again[2].bytes == saved[2].bytes);
}

BOOST_AUTO_TEST_SUITE_END()
