// The content limits (README.md "Limits"): --max-yaml-depth, --max-yaml-aliases,
// --max-condition-depth and --max-model-values on every command that loads
// content; each YAML or condition hit is an error at the file:line:col that hit
// it, each model value past the limit is counted; each flag's range is checked.
#include <boost/test/unit_test.hpp>

#include <string>

#include "cli_run.h"
#include "temp_tree.h"

using namespace trailproof::harness::test;

namespace {

// Three levels of maps down to the selection's items; an alias copying the
// selection (5 nodes: the map and its two entries); a condition nested 3 levels.
const char* k_limits_rule = R"(title: Trail stopped
id: 11111111-1111-4111-8111-111111111111
logsource: {product: aws, service: cloudtrail}
tags: [attack.defense-evasion, attack.t1562.008]
detection:
  selection: &sel
    eventSource: cloudtrail.amazonaws.com
    eventName: StopLogging
  again: *sel
  condition: ((selection or again))
level: high
)";

const std::string k_depth_error = "content/mini/rules/stop.yml:6:14: error[load.yaml_parse]: YAML syntax error: lists "
                                  "and maps nested more than 2 levels deep\n"
                                  "  |   selection: &sel\n"
                                  "  |              ^\n";
const std::string k_alias_error = "content/mini/rules/stop.yml:9:10: error[load.yaml_parse]: YAML syntax error: aliases "
                                  "copy more than 4 nodes (an alias bomb?); the limit keeps memory bounded\n"
                                  "  |   again: *sel\n"
                                  "  |          ^\n";
const std::string k_condition_error = "content/mini/rules/stop.yml:10:16: error[rule.condition_syntax]: the condition is "
                                      "nested too deeply\n"
                                      "  |   condition: ((selection or again))\n"
                                      "  |                ^\n";

struct Limits : TempTree {
    Limits() : TempTree("content_limits") {
        write("content/mini/pack.yml", "id: mini\ntitle: Mini\nsigma: true\n");
        write("content/mini/rules/stop.yml", k_limits_rule);
        write("in.jsonl", "{\"eventName\":\"StopLogging\"}\n");
    }
    Run detect(const std::string& flags) const {
        return run_cli("detect -q " + flags + " --content content in.jsonl", "/dev/null", path());
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(content_limits)

BOOST_AUTO_TEST_CASE(each_limit_is_an_error_where_it_is_hit) {
    Limits l;
    const Run fits = l.detect("--max-yaml-depth 3 --max-yaml-aliases 5 --max-condition-depth 3");
    BOOST_TEST(fits.code == 0, fits.err);
    BOOST_TEST(fits.err == "");
    const Run depth = l.detect("--max-yaml-depth 2");
    BOOST_TEST(depth.code == 2);
    BOOST_TEST(depth.err == k_depth_error);
    const Run aliases = l.detect("--max-yaml-aliases 4");
    BOOST_TEST(aliases.code == 2);
    BOOST_TEST(aliases.err == k_alias_error);
    const Run condition = l.detect("--max-condition-depth 2");
    BOOST_TEST(condition.code == 2);
    BOOST_TEST(condition.err == k_condition_error);
}

BOOST_AUTO_TEST_CASE(every_content_command_takes_the_limits) {
    Limits l;
    const Run replay = run_cli("replay --max-condition-depth 2 content fixtures", "/dev/null", l.path());
    BOOST_TEST(replay.code == 2);
    BOOST_TEST(replay.err.find(k_condition_error) != std::string::npos, replay.err);
    l.write("event.json", "{\"eventName\":\"StopLogging\"}\n");
    const Run explain = run_cli("explain --max-yaml-aliases 4 --content content event.json", "/dev/null", l.path());
    BOOST_TEST(explain.code == 2);
    BOOST_TEST(explain.err == k_alias_error);
    const Run validate = run_cli("validate --max-yaml-depth 2 --attack '" + k_source_root + "/content/attack' --aws '" +
                                     k_source_root + "/content/aws' content/mini",
                                 "/dev/null", l.path());
    BOOST_TEST(validate.code == 1, validate.out << validate.err);
    BOOST_TEST(validate.out.find(k_depth_error) != std::string::npos, validate.out);
}

// Five distinct operations of one user into two models: OPS-U takes the limit,
// OPS-U4 keeps its own max_values: 4 (its author chose it).
BOOST_AUTO_TEST_CASE(model_values_limit_applies_to_models_without_their_own) {
    TempTree t("content_limits_models");
    t.write("content/m/pack.yml", "id: m\ntitle: M\n");
    t.write("content/m/models/ops.yml", "models:\n"
                                        "  - id: OPS-U\n    description: Operations for user\n    scope: user\n"
                                        "    feature: eventName\n"
                                        "  - id: OPS-U4\n    description: Operations for user, own cap\n"
                                        "    scope: user\n    feature: eventName\n    max_values: 4\n");
    std::string events;
    for (const char* name : {"ListBuckets", "GetObject", "PutObject", "DeleteObject", "CopyObject"})
        events += std::string(R"({"eventVersion":"1.09","eventTime":"2024-03-01T10:00:00Z",)") +
                  R"("eventSource":"s3.amazonaws.com","eventName":")" + name +
                  R"(","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/alice"}})" + "\n";
    t.write("in.jsonl", events);
    const std::string summary = "records read: 5\nevents accepted: 5\nrecords rejected: 0\nalerts: 0\nsignals: 0\n"
                                "notable sessions: 0\nmodels still learning: 2 of 2 (entity, model) histograms\n"
                                "model observations dropped at max_values: ";
    const Run limited = run_cli("detect --max-model-values 2 --content content/m in.jsonl", "/dev/null", t.path());
    BOOST_TEST(limited.code == 0, limited.err);
    BOOST_TEST(limited.err == summary + "4\n"); // OPS-U drops 3 of 5, OPS-U4 1
    const Run by_default = run_cli("detect --content content/m in.jsonl", "/dev/null", t.path());
    BOOST_TEST(by_default.err == summary + "1\n"); // OPS-U stores all 5 (10,000 by default)
}

BOOST_AUTO_TEST_CASE(out_of_range_values_are_usage_errors) {
    Limits l;
    BOOST_TEST(l.detect("--max-condition-depth 0").err ==
               "trailproof detect: --max-condition-depth must be between 1 and 1000\n");
    BOOST_TEST(l.detect("--max-yaml-depth 1001").err == "trailproof detect: --max-yaml-depth must be between 1 and 1000\n");
    BOOST_TEST(l.detect("--max-yaml-aliases 0").err ==
               "trailproof detect: --max-yaml-aliases must be between 1 and 1000000000\n");
    BOOST_TEST(l.detect("--max-model-values 0").err ==
               "trailproof detect: --max-model-values must be between 1 and 100000000\n");
    const Run validate = run_cli("validate --max-condition-depth 1001 content/mini", "/dev/null", l.path());
    BOOST_TEST(validate.code == 2);
    BOOST_TEST(validate.err == "trailproof validate: --max-condition-depth must be between 1 and 1000\n");
}

BOOST_AUTO_TEST_SUITE_END()
