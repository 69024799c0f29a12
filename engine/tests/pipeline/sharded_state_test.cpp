// Sharded model state (`detect --threads N`): a pack whose models are all keyed
// by user is split by principal across N ModelStates, one per thread; the output
// (signals, alerts, correlations, notable sessions) and the saved state must be
// byte for byte what one thread gives, and a state saved by an N-thread run must
// load into any thread count and give the same later output.
#include <boost/test/unit_test.hpp>

#include <stdlib.h>

#include <cstdint>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "load/content.h"
#include "pipeline/detector.h"
#include "pipeline/ndjson_output.h"
#include "support/file_text.h"
#include "support/temp_dir.h"

using namespace trailproof;
namespace fs = std::filesystem;

namespace {

// "solo": risk-based, every model keyed by user (first_time, abnormal, nth_new,
// session and fact conditions) plus a correlation grouped by region, not by user.
// "orgp": one organization model, so it stays on one shard.
struct Packs {
    trailproof::test::TempDir dir{"tp-sharded-state"};
    const fs::path root = dir.path();
    Packs() {
        const fs::path solo = root / "packs" / "solo", orgp = root / "packs" / "orgp";
        for (const fs::path& p : {solo, orgp}) {
            fs::create_directories(p / "rules");
            fs::create_directories(p / "models");
        }
        std::ofstream(solo / "pack.yml") << "id: solo\ntitle: solo\nalerting: risk-based\n";
        // The events span a few days: the user models converge on their second day (min_days: 2),
        // so the day counts are split, merged and compared like the rest of the state; the
        // organization's model (below) sees every operation on the first day, so it judges from then.
        std::ofstream(solo / "models" / "m.yml")
            << "models:\n"
               "  - {id: OPS, description: Operations for user, scope: user, feature: eventName,\n"
               "     convergence: {min_observations: 4, confidence: 0.5, min_days: 2}}\n"
               "  - {id: SRC, description: Services for user, scope: user, feature: eventSource,\n"
               "     convergence: {min_observations: 3, confidence: 0.3, min_days: 2}}\n"
               "  - {id: REG, description: Regions for user, scope: user, feature: awsRegion, ageing_days: 1,\n"
               "     convergence: {min_observations: 3, confidence: 0.3, min_days: 2}}\n";
        const std::string head = "logsource: {product: aws, service: cloudtrail}\n";
        const std::string any = "detection:\n  sel: {eventSource|exists: true}\n  condition: sel\nlevel: low\n";
        // Scores chosen so that sessions of a few distinct rules reach 90 (a rule scores once per session).
        std::ofstream(solo / "rules" / "r.yml")
            << "title: First op\nid: OPS-F\n" << head << "model: {ref: OPS, trigger: first_time}\nscore: 60\n" << any
            << "---\ntitle: Rare op\nid: OPS-A\n" << head << "model: {ref: OPS, trigger: abnormal, threshold: 0.2}\nscore: 20\n" << any
            << "---\ntitle: Second new service\nid: SRC-N\n" << head << "model: {ref: SRC, trigger: nth_new, n: 2}\nscore: 40\n" << any
            << "---\ntitle: First region\nid: REG-F\n" << head << "model: {ref: REG, trigger: first_time}\nscore: 10\n" << any
            << "---\ntitle: Two regions\nid: REG-2\n" << head << "session: {distinct: awsRegion, gte: 2}\nscore: 30\n" << any
            << "---\ntitle: New user\nid: NEW\n" << head << "facts: {new_user: true}\nscore: 10\n" << any
            << "---\ntitle: Dormant\nid: DORM\n" << head << "facts: {dormant_days: 1}\nscore: 50\n" << any
            << "---\ntitle: Any call\nname: any_call\n" << head << any
            << "---\ntitle: Busy region\nid: BUSY\ncorrelation:\n  type: event_count\n  rules: [any_call]\n"
               "  group-by: [awsRegion]\n  timespan: 30m\n  condition: {gte: 8}\nlevel: low\n";
        std::ofstream(orgp / "pack.yml") << "id: orgp\ntitle: orgp\n";
        std::ofstream(orgp / "models" / "m.yml")
            << "models:\n  - {id: B-OPS, description: Operations of the organization, feature: eventName,\n"
               "     convergence: {min_observations: 5, confidence: 0.5, min_days: 1}}\n";
        std::ofstream(orgp / "rules" / "r.yml")
            << "title: First op in the org\nid: ORG-F\n" << head << "model: {ref: B-OPS, trigger: first_time}\n" << any;
    }
    std::string path(const std::string& name) const { return (root / name).string(); }
};

// "mixp": risk-based, user-keyed models beside an organization model and a
// region-keyed one (`fields`), with rules that AND a shared model's verdict with
// the user's facts and session, nth_new on a shared model counted in the user's
// session, and signals; "orgp" again, which stays whole. On N > 1 threads mixp is
// split by scope group: the shared models on one owner unit, the rest by principal.
struct MixedPacks {
    trailproof::test::TempDir dir{"tp-sharded-mixed"};
    const fs::path root = dir.path();
    MixedPacks() {
        const fs::path mixp = root / "packs" / "mixp", orgp = root / "packs" / "orgp";
        for (const fs::path& p : {mixp, orgp}) {
            fs::create_directories(p / "rules");
            fs::create_directories(p / "models");
        }
        std::ofstream(mixp / "pack.yml") << "id: mixp\ntitle: mixp\nalerting: risk-based\n";
        std::ofstream(mixp / "models" / "m.yml")
            << "models:\n"
               "  - {id: OPS, description: Operations for user, scope: user, feature: eventName,\n"
               "     convergence: {min_observations: 4, confidence: 0.5, min_days: 2}}\n"
               "  - {id: B-OPS, description: Operations of the organization, feature: eventName,\n"
               "     convergence: {min_observations: 5, confidence: 0.5, min_days: 1}}\n"
               "  - {id: R-OPS, description: Operations per region, scope: {fields: [awsRegion]}, feature: eventName,\n"
               "     ageing_days: 1, convergence: {min_observations: 6, confidence: 0.3, min_days: 1}}\n"
               "  - {id: R-SRC, description: Services per region, scope: {fields: [awsRegion]}, feature: eventSource,\n"
               "     convergence: {min_observations: 3, confidence: 0.3, min_days: 1}}\n";
        const std::string head = "logsource: {product: aws, service: cloudtrail}\n";
        const std::string any = "detection:\n  sel: {eventSource|exists: true}\n  condition: sel\nlevel: low\n";
        std::ofstream(mixp / "rules" / "r.yml")
            << "title: First op\nid: OPS-F\n" << head << "model: {ref: OPS, trigger: first_time}\nscore: 40\n" << any
            << "---\ntitle: First op in the org, new user\nid: ORG-NEW\n" << head
            << "model: {ref: B-OPS, trigger: first_time}\nfacts: {first_seen_within_days: 2}\nscore: 30\n" << any
            << "---\ntitle: Rare op in the region\nid: REG-A\n" << head
            << "model: {ref: R-OPS, trigger: abnormal, threshold: 0.05}\nscore: 20\n" << any
            << "---\ntitle: Rare op in the region, second region\nid: REG-A2\n" << head
            << "model: {ref: R-OPS, trigger: abnormal, threshold: 0.2, unconverged: true}\n"
               "session: {distinct: awsRegion, gte: 2}\nscore: 30\n" << any
            << "---\ntitle: Second new service of the region\nid: REG-N\n" << head
            << "model: {ref: R-SRC, trigger: nth_new, n: 2}\nscore: 50\n" << any
            << "---\ntitle: First new op of the region\nid: REG-N1\n" << head
            << "model: {ref: R-OPS, trigger: nth_new, n: 1}\nscore: 10\n" << any
            << "---\ntitle: Dormant\nid: DORM\n" << head << "facts: {dormant_days: 1}\nscore: 50\n" << any;
        std::ofstream(orgp / "pack.yml") << "id: orgp\ntitle: orgp\n";
        std::ofstream(orgp / "models" / "m.yml")
            << "models:\n  - {id: B-OPS2, description: Operations of the organization, feature: eventName,\n"
               "     convergence: {min_observations: 5, confidence: 0.5, min_days: 1}}\n";
        std::ofstream(orgp / "rules" / "r.yml")
            << "title: First op in the org\nid: ORG-F\n" << head << "model: {ref: B-OPS2, trigger: first_time}\n" << any;
    }
    std::string path(const std::string& name) const { return (root / name).string(); }
};

// Random CloudTrail-shaped events: 60 users with habits, a few without a user,
// time moving forward with gaps that open sessions and make users dormant.
std::string events(std::uint32_t seed, int count, std::int64_t start_s) {
    std::mt19937 gen(seed);
    auto rng = [&gen] { return static_cast<std::uint32_t>(gen()); };
    const char* sources[] = {"s3.amazonaws.com", "iam.amazonaws.com", "ec2.amazonaws.com", "kms.amazonaws.com",
                             "sts.amazonaws.com"};
    const char* regions[] = {"us-east-1", "eu-west-1", "ap-south-1", "us-west-2"};
    std::string out;
    std::int64_t t = start_s;
    for (int i = 0; i < count; ++i) {
        t += static_cast<std::int64_t>(rng() % 90) + (rng() % 400 == 0 ? 2 * 86400 : 0);
        const std::uint32_t user = rng() % 60;
        // Habits: each user mostly repeats a few operations.
        const std::uint32_t op = rng() % 10 < 8 ? (user + rng() % 3) % 40 : rng() % 40;
        const std::time_t tt = static_cast<std::time_t>(t);
        char when[32];
        std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&tt));
        out += R"({"eventVersion":"1.09","eventTime":")" + std::string(when) + R"(","eventSource":")" +
               sources[(user + (rng() % 4 == 0 ? rng() % 5 : 0)) % 5] + R"(","eventName":"Op)" + std::to_string(op) +
               R"(","awsRegion":")" + regions[rng() % 6 < 5 ? user % 4 : rng() % 4] + R"(","eventID":"e-)" +
               std::to_string(seed) + "-" + std::to_string(i) + "\"";
        if (rng() % 50 != 0)
            out += R"(,"userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/u)" +
                   std::to_string(user) + "\"}";
        out += "}\n";
    }
    return out;
}

struct Run {
    std::string lines; // every line written, in order
    std::string state; // the saved state file
};

template <typename P>
Run run(pipeline::Detector& detector, const P& p, const std::string& bytes, std::size_t threads,
        const std::string& name) {
    std::ostringstream lines;
    pipeline::DetectHooks hooks = pipeline::ndjson_hooks({&lines, &lines, {}, pipeline::EmitKinds{true, true, true}});
    detector.set_threads(threads);
    pipeline::DetectInputs inputs;
    inputs.buffers.emplace_back("events.jsonl", bytes);
    (void)detector.run(inputs, hooks);
    BOOST_TEST_REQUIRE(detector.save_state(p.path(name)).ok());
    return {lines.str(), trailproof::test::file_text(p.path(name))};
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
    return n;
}

// The content of `p`'s packs (the test stops when they do not load).
template <typename P>
std::shared_ptr<const load::Content> load_packs(const P& p) {
    load::Loaded loaded = load::load({p.path("packs")});
    BOOST_TEST_REQUIRE(loaded.content != nullptr, loaded.result.render_text());
    return loaded.content;
}

} // namespace

BOOST_AUTO_TEST_SUITE(sharded_state)

BOOST_AUTO_TEST_CASE(any_thread_count_gives_the_output_and_state_of_one_thread) {
    Packs p;
    load::Loaded loaded = load::load({p.path("packs")});
    BOOST_TEST_REQUIRE(loaded.content != nullptr, loaded.result.render_text());
    const std::uint32_t seed = 20261206;
    BOOST_TEST_MESSAGE("seed " << seed);
    const std::string input = events(seed, 5000, 1709280000);

    pipeline::Detector single(loaded.content);
    const Run one = run(single, p, input, 1, "one.state");
    // The comparison is only as good as what fires: every kind of output is there.
    BOOST_TEST(count(one.lines, "\"kind\":\"signal\"") > 300u);
    BOOST_TEST(count(one.lines, "\"kind\":\"notable\"") > 10u);
    BOOST_TEST(count(one.lines, "\"rule_id\":\"BUSY\"") > 0u);
    BOOST_TEST(count(one.lines, "\"rule_id\":\"ORG-F\"") > 0u);
    for (const char* rule : {"OPS-F", "OPS-A", "SRC-N", "REG-F", "REG-2", "NEW", "DORM"})
        BOOST_TEST(count(one.lines, std::string("\"rule_id\":\"") + rule + "\"") > 0u, rule);
    BOOST_TEST(single.model_shards(0) + single.model_shards(1) == 2u);

    for (std::size_t threads : {2u, 3u, 4u}) {
        pipeline::Detector many(loaded.content);
        const Run r = run(many, p, input, threads, "many.state");
        BOOST_TEST((r.lines == one.lines), "threads " << threads << ": output differs");
        BOOST_TEST((r.state == one.state), "threads " << threads << ": saved state differs");
        // solo is split by principal, orgp (an organization model) is not.
        const std::size_t solo = loaded.content->packs[0]->info.id == "solo" ? 0 : 1;
        BOOST_TEST(many.model_shards(solo) == threads);
        BOOST_TEST(many.model_shards(1 - solo) == 1u);
    }
}

BOOST_AUTO_TEST_CASE(state_saved_by_n_threads_loads_into_any_thread_count) {
    Packs p;
    load::Loaded loaded = load::load({p.path("packs")});
    BOOST_TEST_REQUIRE(loaded.content != nullptr, loaded.result.render_text());
    const std::uint32_t seed = 7;
    BOOST_TEST_MESSAGE("seed " << seed);
    const std::string first = events(seed, 2500, 1709280000), second = events(seed + 1, 2500, 1709280000 + 2500 * 45);

    // One detector, one thread, through both parts: the reference.
    pipeline::Detector reference(loaded.content);
    const Run ref1 = run(reference, p, first, 1, "ref1.state");
    const Run ref2 = run(reference, p, second, 1, "ref2.state");
    BOOST_TEST(count(ref2.lines, "\"kind\":\"signal\"") > 100u);

    // Part one on three threads: the same state file.
    pipeline::Detector three(loaded.content);
    const Run part1 = run(three, p, first, 3, "three.state");
    BOOST_TEST((part1.state == ref1.state));
    // The same detector goes on with two threads (its shards are re-split).
    const Run same_detector = run(three, p, second, 2, "three-then-two.state");
    BOOST_TEST((same_detector.lines == ref2.lines));
    BOOST_TEST((same_detector.state == ref2.state));
    // The saved state loads into a new detector of any thread count.
    for (std::size_t threads : {1u, 2u, 4u}) {
        pipeline::Detector next(loaded.content);
        BOOST_TEST_REQUIRE(next.load_state(p.path("three.state")).ok());
        const Run part2 = run(next, p, second, threads, "next.state");
        BOOST_TEST((part2.lines == ref2.lines), "threads " << threads << ": later output differs");
        BOOST_TEST((part2.state == ref2.state), "threads " << threads << ": later state differs");
    }
}

BOOST_AUTO_TEST_CASE(a_pack_with_shared_models_splits_by_scope_group_and_gives_the_output_and_state_of_one_thread) {
    MixedPacks p;
    const auto content = load_packs(p);
    const std::uint32_t seed = 20261207;
    BOOST_TEST_MESSAGE("mixed packs, seed " << seed);
    const std::size_t mixp = content->packs[0]->info.id == "mixp" ? 0 : 1;
    const std::string input = events(seed, 5000, 1709280000);
    pipeline::Detector single(content);
    const Run one = run(single, p, input, 1, "one.state");
    BOOST_TEST(count(one.lines, "\"kind\":\"signal\"") > 300u);
    BOOST_TEST(count(one.lines, "\"kind\":\"notable\"") > 10u);
    for (const char* rule : {"OPS-F", "ORG-NEW", "REG-A", "REG-A2", "REG-N", "REG-N1", "DORM", "ORG-F"})
        BOOST_TEST(count(one.lines, std::string("\"rule_id\":\"") + rule + "\"") > 0u, rule);
    BOOST_TEST(single.model_shards(mixp) == 1u);

    for (std::size_t threads : {2u, 3u, 4u}) {
        pipeline::Detector many(content);
        const Run r = run(many, p, input, threads, "many.state");
        BOOST_TEST((r.lines == one.lines && r.state == one.state), "threads " << threads << ": output or state differs");
        // mixp: the principal shards and the owner of the shared groups; orgp stays whole.
        BOOST_TEST(many.model_shards(mixp) == threads + 1);
        BOOST_TEST(many.model_shards(1 - mixp) == 1u);
    }
}

BOOST_AUTO_TEST_CASE(a_state_split_by_scope_group_continues_on_any_thread_count) {
    MixedPacks p;
    const auto content = load_packs(p);
    const std::uint32_t seed = 11;
    BOOST_TEST_MESSAGE("mixed packs, seed " << seed);
    const std::string first = events(seed, 2500, 1709280000), second = events(seed + 1, 2500, 1709280000 + 2500 * 45);
    // The reference: one detector on one thread through both parts.
    Run ref1, ref2;
    {
        pipeline::Detector reference(content);
        ref1 = run(reference, p, first, 1, "ref1.state");
        ref2 = run(reference, p, second, 1, "ref2.state");
    }
    BOOST_TEST(count(ref2.lines, "\"kind\":\"signal\"") > 100u);

    // Part one on N threads, part two on M, in one detector and through the state file.
    for (std::size_t n : {2u, 3u, 4u}) {
        pipeline::Detector split(content);
        const Run part1 = run(split, p, first, n, "split.state");
        BOOST_TEST((part1.lines == ref1.lines), "threads " << n << ": output differs");
        BOOST_TEST((part1.state == ref1.state), "threads " << n << ": saved state differs");
        const std::size_t m = n == 2 ? 3 : n == 3 ? 1 : 2; // a different count for the second part
        const Run same_detector = run(split, p, second, m, "split-then.state");
        BOOST_TEST((same_detector.lines == ref2.lines), n << " then " << m << " threads: later output differs");
        BOOST_TEST((same_detector.state == ref2.state), n << " then " << m << " threads: later state differs");
        for (std::size_t threads : {1u, 2u, 4u}) {
            pipeline::Detector next(content);
            BOOST_TEST_REQUIRE(next.load_state(p.path("split.state")).ok());
            const Run part2 = run(next, p, second, threads, "next.state");
            BOOST_TEST((part2.lines == ref2.lines), n << " then " << threads << " threads: later output differs");
            BOOST_TEST((part2.state == ref2.state), n << " then " << threads << " threads: later state differs");
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
