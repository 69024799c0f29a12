// Replay must catch what it exists to catch: a broken rule, a wrong expectation,
// a missing fixture. Each case builds a tiny pack and fixture in a temp folder.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <map>
#include <fstream>
#include <stdexcept>
#include <cstdlib>
#include <unistd.h>

#include "mini_pack.h"
#include "replay.h"
#include "replay_html.h"
#include "replay_report.h"

namespace fs = std::filesystem;
using namespace trailproof;
using namespace trailproof::harness;

namespace {

const char* k_rule = test::k_stop_logging_rule;

const char* k_fixture = R"(pack: mini
defaults:
  eventVersion: "1.09"
  eventSource: cloudtrail.amazonaws.com
  userIdentity: {type: IAMUser, arn: "arn:aws:iam::111122223333:user/alice", accountId: "111122223333"}
scenarios:
  - name: fires
    kind: positive
    events:
      - {eventTime: "2024-03-01T10:00:00Z", eventName: StopLogging}
    expect:
      alerts:
        - {rule: 11111111-1111-4111-8111-111111111111, count: 1, mitre: [T1562.008],
           entity: "arn:aws:iam::111122223333:user/alice"}
  - name: quiet
    kind: negative
    covers: {rules: [11111111-1111-4111-8111-111111111111]}
    events:
      - {eventTime: "2024-03-01T10:00:00Z", eventName: StartLogging}
    expect:
      alerts: []
)";

// The pack's false-positive budget: one StopLogging by a maintenance role is expected.
const char* k_baseline = R"(pack: mini
defaults:
  eventVersion: "1.09"
  eventSource: cloudtrail.amazonaws.com
  userIdentity: {type: AssumedRole, arn: "arn:aws:sts::111122223333:assumed-role/maintenance/job", accountId: "111122223333"}
scenarios:
  - name: benign
    kind: baseline
    events:
      - {eventTime: "2024-03-01T09:00:00Z", eventName: LookupEvents}
      - {eventTime: "2024-03-01T09:01:00Z", eventName: StopLogging}
      - {eventTime: "2024-03-01T09:02:00Z", eventName: StartLogging}
    expect:
      alerts:
        - {rule: 11111111-1111-4111-8111-111111111111, count: 1}
)";

struct MiniPack {
    fs::path root = fs::temp_directory_path() / ("tp_replay_test_" + std::to_string(::getpid()));
    std::shared_ptr<const load::Content> content;
    std::vector<Scenario> scenarios;

    MiniPack(const std::string& rule, const std::string& fixture, const std::string& baseline = k_baseline) {
        fs::remove_all(root);
        fs::create_directories(root / "content" / "mini" / "rules");
        fs::create_directories(root / "fixtures" / "mini");
        std::ofstream(root / "content" / "mini" / "pack.yml") << "id: mini\ntitle: Mini\n";
        if (!rule.empty()) std::ofstream(root / "content" / "mini" / "rules" / "r.yml") << rule;
        std::ofstream(root / "fixtures" / "mini" / "s.yml") << fixture;
        if (!baseline.empty()) std::ofstream(root / "fixtures" / "mini" / "baseline.yml") << baseline;
        load::Loaded loaded = load::load({(root / "content").string()});
        LoadResult r = loaded.result;
        content = loaded.content;
        r.merge(read_scenarios((root / "fixtures").string(), scenarios));
        BOOST_REQUIRE_MESSAGE(r.successful(), r.render_text());
    }

    std::vector<PackReplay> run(bool mutate = false) {
        ReplayOptions o;
        o.mutate = mutate;
        return replay(content, scenarios, o);
    }
};

const std::vector<std::string>& failures_of(const PackReplay& pack, const std::string& scenario) {
    for (const auto& s : pack.scenarios)
        if (s.scenario->name == scenario) return s.failures;
    BOOST_FAIL("no scenario " + scenario);
    throw std::logic_error("unreachable");
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
    auto pos = text.find(from);
    BOOST_REQUIRE(pos != std::string::npos);
    return text.replace(pos, from.size(), to);
}

} // namespace

BOOST_AUTO_TEST_SUITE(replay_runner)

BOOST_AUTO_TEST_CASE(good_pack_passes_with_full_coverage) {
    MiniPack m(k_rule, k_fixture);
    auto result = m.run(true);
    BOOST_REQUIRE_EQUAL(result.size(), 1u);
    BOOST_TEST(result[0].ok(), render_replay_table(result));
    BOOST_TEST(result[0].passed() == 3);
    BOOST_TEST(result[0].baseline_alerts == 1);
    BOOST_TEST(result[0].proven_techniques.count("T1562.008") == 1u);
}

BOOST_AUTO_TEST_CASE(baseline_alerts_beyond_or_below_the_budget_fail_with_the_counts) {
    MiniPack over(k_rule, k_fixture, replace(k_baseline, "eventName: LookupEvents}", "eventName: StopLogging}"));
    auto result = over.run();
    BOOST_REQUIRE_EQUAL(result[0].scenarios.size(), 3u);
    std::vector<std::string> expected = {"expected 1 alert of 11111111-1111-4111-8111-111111111111 \"Trail stopped\", got 2"};
    BOOST_TEST(failures_of(result[0], "benign") == expected, boost::test_tools::per_element());
    BOOST_TEST(result[0].baseline_alerts == 2);
    BOOST_TEST(!result[0].ok());

    MiniPack unbudgeted(k_rule, k_fixture,
                        replace(k_baseline, "alerts:\n        - {rule: 11111111-1111-4111-8111-111111111111, count: 1}",
                                "alerts: []"));
    result = unbudgeted.run();
    expected = {"unexpected 1 alert of 11111111-1111-4111-8111-111111111111 \"Trail stopped\" (first at benign:2)"};
    BOOST_TEST(failures_of(result[0], "benign") == expected, boost::test_tools::per_element());

    MiniPack below(k_rule, k_fixture, replace(k_baseline, "count: 1}", "count: 3}"));
    result = below.run();
    expected = {"expected 3 alerts of 11111111-1111-4111-8111-111111111111 \"Trail stopped\", got 1"};
    BOOST_TEST(failures_of(result[0], "benign") == expected, boost::test_tools::per_element());
}

// A scenario's learn_until head only trains: its StopLogging is no signal. The two
// after it are signals of 90 on alice's session, which becomes notable at the
// first (a rule scores once per session, so the second adds nothing and comes
// after the report); replay asserts the notable sessions exactly when
// expect.notables is given.
BOOST_AUTO_TEST_CASE(learning_head_and_notable_sessions) {
    const std::string rule = std::string(k_rule) + "alerting: risk-based\nscore: 90\n";
    const std::string id = "11111111-1111-4111-8111-111111111111";
    const std::string fixture = std::string(test::k_mini_fixture_head) + R"(  - name: fires
    kind: positive
    learn_until: 2024-03-01T10:00:00Z
    events:
      - {eventTime: "2024-03-01T09:00:00Z", eventName: StopLogging}
      - {eventTime: "2024-03-01T10:00:00Z", eventName: StopLogging}
      - {eventTime: "2024-03-01T10:05:00Z", eventName: StopLogging}
    expect:
      alerts:
        - {rule: 11111111-1111-4111-8111-111111111111, count: 2}
      notables:
        - {user: "arn:aws:iam::111122223333:user/alice", signals: [)" + id + R"(]}
  - name: quiet
    kind: negative
    learn_until: 1h
    covers: {rules: [11111111-1111-4111-8111-111111111111]}
    events:
      - {eventTime: "2024-03-01T10:00:00Z", eventName: StopLogging}
      - {eventTime: "2024-03-01T10:59:59Z", eventName: StopLogging}
      - {eventTime: "2024-03-01T11:00:00Z", eventName: StartLogging}
    expect:
      alerts: []
      notables: []
)";
    MiniPack good(rule, fixture);
    auto result = good.run();
    BOOST_TEST(failures_of(result[0], "fires").empty());
    BOOST_TEST(failures_of(result[0], "quiet").empty());
    BOOST_TEST(result[0].ok());

    // Learning until 10:06 leaves no signal: no notable, which the expectation catches.
    MiniPack wrong(rule, replace(replace(fixture, "learn_until: 2024-03-01T10:00:00Z", "learn_until: 2024-03-01T10:06:00Z"),
                                 "      alerts:\n        - {rule: " + id + ", count: 2}\n", "      alerts: []\n"));
    result = wrong.run();
    const std::vector<std::string> expected = {
        "expected 1 notable session:\n    arn:aws:iam::111122223333:user/alice [" + id + "]\n  got 0"};
    BOOST_TEST(failures_of(result[0], "fires") == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_pack_without_a_baseline_fails_and_the_baseline_proves_no_rule) {
    MiniPack none(k_rule, k_fixture, "");
    auto result = none.run();
    std::vector<std::string> expected = {"pack mini has no benign baseline scenario (kind: baseline)"};
    BOOST_TEST(result[0].failures == expected, boost::test_tools::per_element());
    BOOST_TEST(result[0].baseline_alerts == -1);

    // Its alerts within budget neither cover the rule nor prove its technique.
    std::string only_negative = k_fixture;
    only_negative.erase(only_negative.find("  - name: fires"),
                        only_negative.find("  - name: quiet") - only_negative.find("  - name: fires"));
    MiniPack quiet(k_rule, only_negative);
    result = quiet.run(true);
    expected = {"rule 11111111-1111-4111-8111-111111111111 \"Trail stopped\" has no passing positive scenario"};
    BOOST_TEST(result[0].failures == expected, boost::test_tools::per_element());
    BOOST_TEST(result[0].proven_techniques.empty());
    BOOST_TEST(result[0].mutation_survivors.empty());
}

BOOST_AUTO_TEST_CASE(broken_rule_fails_its_positive_scenario_with_a_diff) {
    MiniPack m(replace(k_rule, "eventName: StopLogging", "eventName: StopLoging"), k_fixture);
    auto result = m.run();
    BOOST_TEST(!result[0].ok());
    std::string table = render_replay_table(result);
    BOOST_TEST(table.find("FAIL replay/mini/fires") != std::string::npos, table);
    BOOST_TEST(table.find("  expected 1 alert of 11111111-1111-4111-8111-111111111111 \"Trail stopped\", got 0\n") != std::string::npos,
               table);
    BOOST_TEST(table.find("FAIL replay/mini: rule 11111111-1111-4111-8111-111111111111 \"Trail stopped\" has no passing positive "
                          "scenario\n") != std::string::npos,
               table);
}

BOOST_AUTO_TEST_CASE(wrong_expectations_fail_with_readable_diffs) {
    std::string fixture = replace(k_fixture, "mitre: [T1562.008]", "mitre: [T1562.001]");
    fixture = replace(fixture, "user/alice\"}\n  - name: quiet", "user/bob\"}\n  - name: quiet");
    MiniPack m(k_rule, fixture);
    auto result = m.run();
    const auto& failures = failures_of(result[0], "fires");
    std::vector<std::string> expected = {
        "alert of 11111111-1111-4111-8111-111111111111 \"Trail stopped\": expected MITRE [T1562.001], got [T1562.008]",
        "alert of 11111111-1111-4111-8111-111111111111 \"Trail stopped\" at fires:1: expected entity arn:aws:iam::111122223333:user/bob, "
        "got arn:aws:iam::111122223333:user/alice",
    };
    BOOST_TEST(failures == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(unexpected_alert_fails_a_negative_scenario) {
    MiniPack m(k_rule, replace(k_fixture, "eventName: StartLogging}", "eventName: StopLogging}"));
    auto result = m.run();
    const auto& failures = failures_of(result[0], "quiet");
    BOOST_REQUIRE_EQUAL(failures.size(), 1u);
    BOOST_TEST(failures[0] == "unexpected 1 alert of 11111111-1111-4111-8111-111111111111 \"Trail stopped\" (first at quiet:1)");
}

BOOST_AUTO_TEST_CASE(missing_fixture_is_a_coverage_failure) {
    std::string only_positive = k_fixture;
    only_positive = only_positive.substr(0, only_positive.find("  - name: quiet"));
    MiniPack m(k_rule, only_positive);
    auto result = m.run();
    BOOST_TEST(result[0].passed() == 2); // the positive one and the baseline
    std::vector<std::string> expected = {
        "rule 11111111-1111-4111-8111-111111111111 \"Trail stopped\" has no passing negative scenario"};
    BOOST_TEST(result[0].failures == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(mutation_check_flags_a_scenario_that_proves_nothing) {
    // The positive scenario expects the rule but `only: false` and count 0 make it pass without it.
    std::string weak = replace(k_fixture, "count: 1, mitre: [T1562.008],\n           entity: \"arn:aws:iam::111122223333:user/alice\"}",
                               "count: 0}");
    weak = replace(weak, "events:\n      - {eventTime: \"2024-03-01T10:00:00Z\", eventName: StopLogging}",
                   "events:\n      - {eventTime: \"2024-03-01T10:00:00Z\", eventName: StartLogging}");
    MiniPack m(k_rule, weak);
    auto result = m.run(true);
    std::vector<std::string> expected = {
        "scenario fires still passes with rule 11111111-1111-4111-8111-111111111111 \"Trail stopped\" disabled"};
    BOOST_TEST(result[0].mutation_survivors == expected, boost::test_tools::per_element());
    BOOST_TEST(!result[0].ok());
}

BOOST_AUTO_TEST_CASE(junit_has_one_testcase_per_scenario) {
    MiniPack m(replace(k_rule, "eventName: StopLogging", "eventName: StopLoging"), k_fixture);
    std::string xml = render_replay_junit(m.run());
    BOOST_TEST(xml.find("<testsuite name=\"replay/mini\" tests=\"4\" failures=\"3\">") != std::string::npos, xml);
    // Named by the rule's title and the scenario; a baseline is about no one rule.
    BOOST_TEST(xml.find("<testcase classname=\"replay.mini\" name=\"Trail stopped / quiet\"") != std::string::npos, xml);
    BOOST_TEST(xml.find("<testcase classname=\"replay.mini\" name=\"Trail stopped / fires\"") != std::string::npos, xml);
    BOOST_TEST(xml.find("<failure message=\"expected 1 alert of 11111111-1111-4111-8111-111111111111 &quot;Trail "
                        "stopped&quot;, got 0\">") != std::string::npos,
               xml);
}

// A control character in a rule title (and so in a failure message) and in a
// scenario name: replaced, so the report is well-formed XML (checked by a real
// XML parser when python3 is there, as in CI), tab and newline kept as references.
BOOST_AUTO_TEST_CASE(junit_replaces_characters_xml_forbids) {
    MiniPack m(replace(replace(k_rule, "title: Trail stopped", "title: \"Trail\\x01 stopped\\x1b[31m\""),
                       "eventName: StopLogging", "eventName: StopLoging"),
               replace(k_fixture, "name: quiet", "name: \"quiet\\x02\\tnow\\n\""));
    const std::string xml = render_replay_junit(m.run());
    BOOST_TEST(xml.find("name=\"Trail\\u0001 stopped\\u001B[31m / fires\"") != std::string::npos, xml);
    BOOST_TEST(xml.find("<failure message=\"expected 1 alert of 11111111-1111-4111-8111-111111111111 &quot;"
                        "Trail\\u0001 stopped\\u001B[31m&quot;, got 0\">") != std::string::npos,
               xml);
    BOOST_TEST(xml.find("name=\"Trail\\u0001 stopped\\u001B[31m / quiet\\u0002&#9;now&#10;\"") != std::string::npos,
               xml);
    for (char c : xml) {
        const auto u = static_cast<unsigned char>(c);
        BOOST_TEST((u >= 0x20 || u == '\n'), "control byte " << unsigned(u) << " in the XML");
    }
    const fs::path file = fs::temp_directory_path() / ("tp_junit_" + std::to_string(::getpid()) + ".xml");
    std::ofstream(file, std::ios::binary) << xml;
    if (std::system("command -v python3 >/dev/null 2>&1") == 0) {
        const std::string check = "python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' '" +
                                  file.string() + "'";
        BOOST_TEST(std::system(check.c_str()) == 0, "not well-formed XML: " << xml);
    } else {
        BOOST_TEST_MESSAGE("python3 absent: the XML parser check is skipped (the byte check above still ran)");
    }
    fs::remove(file);
}

// The HTML page: counts as placeholders for its script, the rule row with its
// status and fixtures, the proven technique in the matrix, nothing external.
BOOST_AUTO_TEST_CASE(html_page_shows_rules_fixtures_and_the_matrix) {
    MiniPack good(k_rule, k_fixture);
    const auto ok = good.run();
    HtmlReportInputs in;
    in.packs = &ok;
    std::string html = render_replay_html(in);
    BOOST_TEST(rule_status(ok[0], "11111111-1111-4111-8111-111111111111") == "pass");
    BOOST_TEST(html.find("<span id=\"rules-total\">-</span>") != std::string::npos, html);
    BOOST_TEST(html.find("<tr class=\"rule\" data-rule=\"11111111-1111-4111-8111-111111111111\" data-status=\"pass\">"
                         "<td>11111111-1111-4111-8111-111111111111</td><td>Trail stopped</td><td class=\"pass\">pass</td>"
                         "<td class=\"num\">1</td><td class=\"num\">1</td><td><ul><li class=\"scenario\" "
                         "data-passed=\"true\">") != std::string::npos,
               html);
    BOOST_TEST(html.find("<span class=\"tech\" data-technique=\"T1562.008\" title=\"proven by mini\">T1562.008</span>") !=
                   std::string::npos,
               html);
    BOOST_TEST(html.find("<p class=\"counts-na\">not available</p>") != std::string::npos, html);
    BOOST_TEST(html.find("http") == std::string::npos, "no external resource");

    MiniPack broken(replace(k_rule, "eventName: StopLogging", "eventName: StopLoging"), k_fixture);
    const auto bad = broken.run();
    in.packs = &bad;
    html = render_replay_html(in);
    BOOST_TEST(rule_status(bad[0], "11111111-1111-4111-8111-111111111111") == "fail");
    BOOST_TEST(html.find("data-status=\"fail\"") != std::string::npos, html);
    BOOST_TEST(html.find("<h3 data-pack-ok=\"false\" data-passed=\"1\" data-failed=\"2\">") != std::string::npos, html);
    BOOST_TEST(html.find("class=\"tech\"") == std::string::npos, "nothing proven");

    // Only a coverage gap (no negative scenario): "gap".
    std::string only_positive = k_fixture;
    only_positive = only_positive.substr(0, only_positive.find("  - name: quiet"));
    MiniPack gap(k_rule, only_positive);
    BOOST_TEST(rule_status(gap.run()[0], "11111111-1111-4111-8111-111111111111") == "gap");
}

BOOST_AUTO_TEST_CASE(navigator_layer_lists_proven_techniques) {
    MiniPack m(k_rule, k_fixture);
    std::string layer = render_navigator_layer(m.run());
    BOOST_TEST(layer.find("{\"techniqueID\":\"T1562.008\",\"score\":1,\"comment\":\"proven by mini\",\"enabled\":true}") !=
                   std::string::npos,
               layer);
}

BOOST_AUTO_TEST_CASE(a_reusing_pack_shares_the_owners_parser_group) {
    // Each record is parsed once per parser group, so a view that reuses another
    // pack's parsers must not get a copy of them.
    load::Loaded loaded = load::load({std::string(TRAILPROOF_SOURCE_DIR) + "/content"});
    BOOST_REQUIRE_MESSAGE(loaded.content, loaded.result.render_text());
    const load::Content& content = *loaded.content;
    std::map<std::string, std::size_t> group;
    for (const auto& pack : content.packs) group[pack->info.id] = pack->parser_group;
    BOOST_TEST(content.parser_groups.size() == 2u); // the built-in parser, and CIM2's parsers
    BOOST_TEST(group["exabeam-account-manipulation"] == group["exabeam-cim2-aws-cloudtrail"]);
    BOOST_TEST(group["exabeam-cim2-aws-cloudtrail"] == 1u);
    BOOST_TEST(group["sample"] == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
