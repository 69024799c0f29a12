// `detect --format native|ecs|ocsf`: one alert written in each format, line for
// line, and every field each schema requires present (the lists below are
// written from the specs: ECS 8.11 base and the field sets an alert needs;
// OCSF 1.1 Detection Finding, class_uid 2004, with the base event, finding,
// cloud profile and the objects it uses).
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include <simdjson.h>
// simdjson::simdjson (Debian's build) defines SIMDJSON_THREADS_ENABLED, which
// changes dom::parser's layout: this file must see the class the engine's
// parse stage sees (engine/tests/CMakeLists.txt links the target for it).
#ifndef SIMDJSON_THREADS_ENABLED
#error "link simdjson::simdjson: <simdjson.h> without its definitions is another dom::parser than the engine's"
#endif

#include "alerts/alert.h"
#include "pipeline/alert_format.h"

using namespace trailproof;
using namespace trailproof::pipeline;

namespace {

const alerts::AlertSource k_source{"r-1",        "Trail \"stopped\"", "sample", "high", 40,
                                   {"T1562.008", "T1078"},             {"TA0005"}};

alerts::Alert make_alert() {
    alerts::Alert a;
    a.source = &k_source;
    a.user = "arn:aws:iam::111122223333:user/alice";
    a.principal = "arn:aws:iam::111122223333:user/alice";
    a.account_id = "111122223333";
    a.event_time = "2023-11-14T22:13:20.000Z";
    a.time_ms = 1700000000000;
    a.event_id = "e-1";
    a.event_source = "cloudtrail.amazonaws.com";
    a.event_name = "StopLogging";
    a.src_ip = "203.0.113.10";
    a.region = "eu-west-1";
    a.origin = "in.json:3";
    return a;
}

AlertRenderOptions options(AlertFormat format) {
    AlertRenderOptions o;
    o.format = format;
    BOOST_REQUIRE(parse_detected_at("2024-03-02T00:00:00Z", o.detected_at_ms));
    o.product_version = "0.1.0";
    return o;
}

// The fields of `paths` ("a.b.c") missing from the JSON document `json`.
std::vector<std::string> missing(const std::string& json, const std::vector<std::string>& paths) {
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    if (parser.parse(json).get(doc)) return {"(not JSON)"};
    std::vector<std::string> out;
    for (const auto& path : paths) {
        simdjson::dom::element at = doc;
        std::size_t from = 0;
        bool found = true;
        while (found && from <= path.size()) {
            const std::size_t dot = path.find('.', from);
            const std::string key = path.substr(from, dot == std::string::npos ? std::string::npos : dot - from);
            simdjson::dom::object object;
            if (at.get(object) || object.at_key(key).get(at)) found = false;
            if (dot == std::string::npos) break;
            from = dot + 1;
        }
        if (!found) out.push_back(path);
    }
    return out;
}

// ECS: the base field set's required @timestamp and ecs.version, and what an
// alert document needs for a SIEM: event.kind (alert), the rule, the ATT&CK
// mapping, where and who.
const std::vector<std::string> k_ecs_required = {
    "@timestamp",         "ecs.version",       "message",           "event.kind",       "event.id",
    "event.created",      "event.action",      "event.provider",    "event.severity",   "event.risk_score",
    "rule.id",            "rule.name",         "rule.ruleset",      "threat.framework", "threat.technique.id",
    "threat.tactic.id",   "source.ip",         "source.address",    "cloud.provider",   "cloud.account.id",
    "cloud.region",       "user.id",           "user.name"};

// OCSF 1.1 Detection Finding (2004): base event required attributes
// (activity_id, category_uid, class_uid, metadata, severity_id, time, type_uid),
// finding_info (required in class 2004) with its required uid and title,
// metadata's required product and version, product's required vendor_name,
// the cloud profile's required cloud.provider, and the objects the alert fills.
const std::vector<std::string> k_ocsf_required = {
    "activity_id",         "category_uid",        "class_uid",           "type_uid",
    "severity_id",         "time",                "status_id",           "metadata.version",
    "metadata.product.name", "metadata.product.vendor_name", "metadata.product.version", "finding_info.uid",
    "finding_info.title",  "finding_info.analytic.uid", "finding_info.analytic.type_id", "cloud.provider",
    "cloud.account.uid",   "cloud.region",        "actor.user.uid",      "src_endpoint.ip",
    "attacks",             "api.operation"};

} // namespace

BOOST_AUTO_TEST_SUITE(alert_format)

BOOST_AUTO_TEST_CASE(format_names) {
    BOOST_TEST((parse_alert_format("native") == AlertFormat::Native));
    BOOST_TEST((parse_alert_format("ecs") == AlertFormat::Ecs));
    BOOST_TEST((parse_alert_format("ocsf") == AlertFormat::Ocsf));
    BOOST_TEST(!parse_alert_format("ECS").has_value());
    BOOST_TEST(!parse_alert_format("").has_value());
    std::int64_t ms = 0;
    BOOST_TEST(!parse_detected_at("yesterday", ms));
}

BOOST_AUTO_TEST_CASE(native_line_gains_region_alert_id_and_detection_time) {
    const alerts::Alert a = make_alert();
    BOOST_TEST(render_alert(a, options(AlertFormat::Native)) ==
               R"({"kind":"alert","rule_id":"r-1","title":"Trail \"stopped\"","pack":"sample","level":"high","score":40,)"
               R"("techniques":["T1562.008","T1078"],"tactics":["TA0005"],"user":"arn:aws:iam::111122223333:user/alice",)"
               R"("principal":"arn:aws:iam::111122223333:user/alice","account_id":"111122223333",)"
               R"("event_time":"2023-11-14T22:13:20.000Z","event_id":"e-1","event_source":"cloudtrail.amazonaws.com",)"
               R"("event_name":"StopLogging","src_ip":"203.0.113.10","origin":"in.json:3","region":"eu-west-1",)"
               R"("alert_id":")" + alerts::alert_id(a) + R"(","detected_at":"2024-03-02T00:00:00.000Z"})");
}

BOOST_AUTO_TEST_CASE(ecs_line_and_required_fields) {
    const alerts::Alert a = make_alert();
    const std::string line = render_alert(a, options(AlertFormat::Ecs));
    BOOST_TEST(line ==
               R"({"@timestamp":"2023-11-14T22:13:20.000Z","ecs":{"version":"8.11.0"},"message":"Trail \"stopped\"",)"
               R"("event":{"kind":"alert","action":"StopLogging","provider":"cloudtrail.amazonaws.com","id":")" +
                   alerts::alert_id(a) +
                   R"(","created":"2024-03-02T00:00:00.000Z","severity":73,"risk_score":40},)"
                   R"("rule":{"id":"r-1","name":"Trail \"stopped\"","ruleset":"sample",)"
                   R"("reference":"https://attack.mitre.org/techniques/T1562/008/"},)"
                   R"("threat":{"framework":"MITRE ATT&CK","technique":{"id":["T1562","T1078"],)"
                   R"("reference":["https://attack.mitre.org/techniques/T1562/","https://attack.mitre.org/techniques/T1078/"],)"
                   R"("subtechnique":{"id":["T1562.008"]}},"tactic":{"id":["TA0005"]}},)"
                   R"("source":{"address":"203.0.113.10","ip":"203.0.113.10"},)"
                   R"("cloud":{"provider":"aws","account":{"id":"111122223333"},"region":"eu-west-1"},)"
                   R"("user":{"id":"arn:aws:iam::111122223333:user/alice","name":"arn:aws:iam::111122223333:user/alice"},)"
                   R"("aws":{"cloudtrail":{"event_id":"e-1"}},)"
                   R"("trailproof":{"pack":"sample","level":"high","origin":"in.json:3"}})");
    BOOST_TEST(missing(line, k_ecs_required).empty(), line);
}

BOOST_AUTO_TEST_CASE(ocsf_line_and_required_fields) {
    const alerts::Alert a = make_alert();
    const std::string line = render_alert(a, options(AlertFormat::Ocsf));
    BOOST_TEST(line ==
               R"({"class_uid":2004,"class_name":"Detection Finding","category_uid":2,"category_name":"Findings",)"
               R"("activity_id":1,"activity_name":"Create","type_uid":200401,"type_name":"Detection Finding: Create",)"
               R"("severity_id":4,"severity":"High","status_id":1,"status":"New","time":1700000000000,)"
               R"("message":"Trail \"stopped\"","metadata":{"product":{"name":"trailproof","vendor_name":"trailproof",)"
               R"("version":"0.1.0"},"version":"1.1.0"},"finding_info":{"uid":")" +
                   alerts::alert_id(a) +
                   R"(","title":"Trail \"stopped\"","analytic":{"uid":"r-1","name":"Trail \"stopped\"","type_id":1,)"
                   R"("type":"Rule"},"created_time":1709337600000,"src_event_uid":"e-1"},)"
                   R"("attacks":[{"technique":{"uid":"T1562.008"},"tactic":{"uid":"TA0005"}},)"
                   R"({"technique":{"uid":"T1078"},"tactic":{"uid":"TA0005"}}],)"
                   R"("cloud":{"provider":"AWS","account":{"uid":"111122223333"},"region":"eu-west-1"},)"
                   R"("actor":{"user":{"uid":"arn:aws:iam::111122223333:user/alice",)"
                   R"("name":"arn:aws:iam::111122223333:user/alice"}},"src_endpoint":{"ip":"203.0.113.10"},)"
                   R"("api":{"operation":"StopLogging","service":{"name":"cloudtrail.amazonaws.com"}},"risk_score":40,)"
                   R"("unmapped":{"pack":"sample","origin":"in.json:3"}})");
    BOOST_TEST(missing(line, k_ocsf_required).empty(), line);
}

// A service as the caller: no source.ip / src_endpoint.ip (not an address), the
// name kept; absent fields are left out, never written as "".
BOOST_AUTO_TEST_CASE(service_caller_and_absent_fields) {
    alerts::Alert a = make_alert();
    a.src_ip = "cloudtrail.amazonaws.com";
    a.region.clear();
    const std::string ecs = render_alert(a, options(AlertFormat::Ecs));
    BOOST_TEST(ecs.find(R"("source":{"address":"cloudtrail.amazonaws.com"})") != std::string::npos, ecs);
    BOOST_TEST(ecs.find(R"("cloud":{"provider":"aws","account":{"id":"111122223333"}})") != std::string::npos, ecs);
    BOOST_TEST(ecs.find(":\"\"") == std::string::npos, ecs);
    const std::string ocsf = render_alert(a, options(AlertFormat::Ocsf));
    BOOST_TEST(ocsf.find(R"("src_endpoint":{"svc_name":"cloudtrail.amazonaws.com"})") != std::string::npos, ocsf);
    BOOST_TEST(missing(ocsf, {"src_endpoint.ip"}) == std::vector<std::string>{"src_endpoint.ip"});
}

// The alert id depends on pack, rule, event id (else origin) and group only.
BOOST_AUTO_TEST_CASE(alert_id_is_stable_and_distinct) {
    alerts::Alert a = make_alert();
    const std::string id = alerts::alert_id(a);
    BOOST_TEST(id.size() == 36u);
    BOOST_TEST(id[14] == '8'); // version 8
    BOOST_TEST((id[19] == '8' || id[19] == '9' || id[19] == 'a' || id[19] == 'b'));
    a.event_time = "2030-01-01T00:00:00.000Z";
    a.user = "someone else";
    BOOST_TEST(alerts::alert_id(a) == id);
    alerts::Alert other = make_alert();
    other.event_id = "e-2";
    BOOST_TEST(alerts::alert_id(other) != id);
    alerts::Alert grouped = make_alert();
    grouped.group = "user=alice";
    BOOST_TEST(alerts::alert_id(grouped) != id);
    alerts::Alert no_event_id = make_alert();
    no_event_id.event_id.clear();
    alerts::Alert elsewhere = no_event_id;
    elsewhere.origin = "in.json:4";
    BOOST_TEST(alerts::alert_id(no_event_id) != alerts::alert_id(elsewhere));
}

BOOST_AUTO_TEST_SUITE_END()
