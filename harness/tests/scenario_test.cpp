// Fixture files on the shared YAML layer: inline events become JSON with the
// fixture typing, defaults merge under them, and a repeated key is an error.

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "scenario.h"

using namespace trailproof;
using namespace trailproof::harness;

BOOST_AUTO_TEST_SUITE(scenario_reader)

BOOST_AUTO_TEST_CASE(events_become_json_over_the_defaults) {
    std::vector<Scenario> out;
    const LoadResult r = read_scenario_file(R"(pack: p
defaults: {awsRegion: us-east-1, userIdentity: {type: IAMUser, arn: "arn:a"}}
scenarios:
  - name: s
    events:
      - {eventName: X, userIdentity: {arn: "arn:b"}, v: [1, "2", true, 'false', ~, 0x17, 1e3, -0.5, "q\""]}
      - w: |
          block
        n: 010
      - {raw: "CEF:0|x"}
      - a raw line
    expect: {alerts: [{rule: r, count: 0x10}], rejected: 010}
)",
                                            "f/s.yml", out);
    BOOST_TEST_REQUIRE(r.successful(), r.render_text());
    BOOST_TEST_REQUIRE(out.size() == 1u);
    const std::vector<std::string> expected = {
        R"({"awsRegion":"us-east-1","userIdentity":{"type":"IAMUser","arn":"arn:b"},"eventName":"X",)"
        R"("v":[1,"2",true,"false",null,"0x17",1e3,-0.5,"q\""]})",
        R"({"awsRegion":"us-east-1","userIdentity":{"type":"IAMUser","arn":"arn:a"},"w":"block\n","n":"010"})",
        "CEF:0|x",
        "a raw line",
    };
    BOOST_TEST(out[0].events == expected, boost::test_tools::per_element());
    BOOST_TEST(out[0].line == 4);
    BOOST_TEST_REQUIRE(out[0].alerts.size() == 1u);
    BOOST_TEST(out[0].alerts[0].count == 16); // counts read as C integers, as they always were
    BOOST_TEST(out[0].rejected == 8);
}

BOOST_AUTO_TEST_CASE(a_repeated_key_is_an_error_events_included) {
    std::vector<Scenario> out;
    const LoadResult r = read_scenario_file("pack: p\nscenarios:\n  - name: s\n    events: [{x: 1, x: 2}]\n",
                                            "f/s.yml", out);
    BOOST_TEST(r.render_text() == "f/s.yml:4:21: error[load.duplicate_key]: duplicate key 'x' (first at line 4)\n"
                                  "  |     events: [{x: 1, x: 2}]\n"
                                  "  |                     ^\n");
}

BOOST_AUTO_TEST_SUITE_END()
