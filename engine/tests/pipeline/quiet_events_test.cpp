// Quiet events (pipeline/README.md): for content whose packs read nothing of an
// event no rule can match but its user and time, detect reads each record's
// head first and the rest only for records some pack's index has a candidate
// for. Nothing a run produces may change: the same alerts, counts, rejects and
// saved state as a run that reads every record whole (a run with an on_event
// hook, which sees every event whole), at any thread count.
#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <unistd.h>
#include <vector>

#include "alerts/alert.h"
#include "load/content.h"
#include "pipeline/detector.h"

using namespace trailproof;

namespace {

const std::string k_quiet_root = TRAILPROOF_SOURCE_DIR;

// Records of many eventNames (a few the sample pack's rules name), several
// users, and records every parser rejects or whose time is bad.
std::string quiet_input() {
    const char* names[] = {"StopLogging", "GetObject", "ConsoleLogin", "PutBucketPolicy", "DescribeInstances",
                           "CreateAccessKey", "AuthorizeSecurityGroupIngress", "ListBuckets"};
    std::string out;
    for (int i = 0; i < 900; ++i) {
        const std::string user = "arn:aws:iam::111122223333:user/u" + std::to_string(i % 11);
        std::string time = "2024-03-01T10:" + std::to_string(10 + i % 50) + ":00Z";
        if (i % 97 == 5) time = "2024-02-30T10:00:00Z"; // bad time: rejected either way
        out += R"({"eventVersion":"1.09","userIdentity":{"type":"IAMUser","arn":")" + user +
               R"(","accountId":"111122223333","userName":"u)" + std::to_string(i % 11) +
               R"("},"eventTime":")" + time + R"(","eventSource":"cloudtrail.amazonaws.com","eventName":")" +
               names[i % 8] +
               R"(","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.7","requestParameters":{"policy":"{\"Principal\":\"*\"}","cidrIp":"0.0.0.0/0","userName":"v"},)"
               R"("responseElements":{"ConsoleLogin":")" +
               (i % 4 ? "Failure" : "Success") + R"("},"eventID":"e)" + std::to_string(i) + "\"}\n";
        if (i % 131 == 7) out += "not json\n";
        if (i % 173 == 9) out += R"({"eventTime":"2024-03-01T10:00:00Z"})" "\n"; // no eventName
    }
    return out;
}

struct RunResult {
    std::vector<std::string> alerts;
    std::uint64_t read = 0, accepted = 0, rejected = 0;
    std::string state;
};

RunResult run(const std::shared_ptr<const load::Content>& content, std::size_t threads, bool whole,
              const std::string& input) {
    pipeline::Detector detector(content);
    detector.set_threads(threads);
    pipeline::DetectInputs inputs;
    inputs.buffers.emplace_back("in.ndjson", input);
    RunResult out;
    pipeline::DetectHooks hooks;
    hooks.on_alert = [&](const alerts::Alert& a) { out.alerts.push_back(alerts::render_alert_json(a)); };
    if (whole) hooks.on_event = [](const Event&, int, const SourceTable&) {};
    const pipeline::DetectSummary s = detector.run(inputs, hooks);
    out.read = s.records_read;
    out.accepted = s.events_accepted;
    out.rejected = s.records_rejected;
    const std::string path = "quiet-" + std::to_string(::getpid()) + ".state";
    BOOST_TEST_REQUIRE(detector.save_state(path).ok());
    std::ifstream in(path, std::ios::binary);
    out.state.assign(std::istreambuf_iterator<char>(in), {});
    std::remove(path.c_str());
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(quiet_events)

BOOST_AUTO_TEST_CASE(rules_only_content_reads_heads_first_and_models_do_not) {
    for (const char* dir : {"/content/sample", "/bench/sigma50"}) {
        load::Loaded loaded = load::load({k_quiet_root + dir});
        BOOST_TEST_REQUIRE(loaded.result.successful(), loaded.result.render_text());
        BOOST_TEST(loaded.content->head_first, dir);
        for (const auto& group : loaded.content->parser_groups) BOOST_TEST(group.has_head_plan());
    }
    // Models (and sessions they read) need every event whole.
    load::Loaded cim2 = load::load({k_quiet_root + "/content/exabeam-cim2-aws-cloudtrail"});
    BOOST_TEST_REQUIRE(cim2.result.successful(), cim2.result.render_text());
    BOOST_TEST(!cim2.content->head_first);
    BOOST_TEST(!cim2.content->parser_groups[0].has_head_plan());
}

BOOST_AUTO_TEST_CASE(a_run_that_reads_heads_first_is_a_run_that_reads_every_record_whole) {
    load::Loaded loaded = load::load({k_quiet_root + "/content/sample"});
    BOOST_TEST_REQUIRE(loaded.result.successful(), loaded.result.render_text());
    BOOST_TEST_REQUIRE(loaded.content->head_first);
    const std::string input = quiet_input();
    const RunResult whole = run(loaded.content, 1, true, input);
    BOOST_TEST(whole.alerts.size() > 100u); // StopLogging, failed console logins, ...
    BOOST_TEST(whole.rejected > 10u);
    for (std::size_t threads : {1u, 2u, 3u}) {
        const RunResult heads = run(loaded.content, threads, false, input);
        BOOST_TEST(heads.alerts == whole.alerts, boost::test_tools::per_element());
        BOOST_TEST(heads.read == whole.read);
        BOOST_TEST(heads.accepted == whole.accepted);
        BOOST_TEST(heads.rejected == whole.rejected);
        BOOST_TEST(heads.state == whole.state, "threads " << threads); // sessions and user facts alike
    }
}

BOOST_AUTO_TEST_SUITE_END()
