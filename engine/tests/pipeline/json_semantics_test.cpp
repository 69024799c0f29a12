// Sigma semantics on real JSON (SIGMA.md §2 `exists`, §3 null, nested paths and
// arrays): records go through the whole pipeline (JSON walker -> rules), so
// what is tested is what `detect` does with an empty array, a JSON null, arrays
// of objects, arrays of arrays and null elements.
#include <boost/test/unit_test.hpp>

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include "load/content.h"
#include "pipeline/detector.h"
#include "support/temp_dir.h"

using namespace trailproof;
namespace fs = std::filesystem;

namespace {

// One rule per semantic; the rule id names what it tests. "ok-call" keeps the
// calls that did not fail with a Sigma filter-style `not filter`.
constexpr const char* k_rules[][3] = {
    {"ok-call", "sel:\n    eventName: UpdateFunctionConfiguration\n  filter:\n    errorCode|contains: '*'",
     "sel and not filter"},
    {"layers-any", "sel:\n    requestParameters.layers|contains: '*'", "sel"},
    {"layers-star", "sel:\n    requestParameters.layers: '*'", "sel"},
    {"layers-exists", "sel:\n    requestParameters.layers|exists: true", "sel"},
    {"layers-absent", "sel:\n    requestParameters.layers|exists: false", "sel"},
    {"layers-null", "sel:\n    requestParameters.layers: null", "sel"},
    {"layers-text", "sel:\n    requestParameters.layers|contains: '[]'", "sel"},
    {"layers-arn", "sel:\n    requestParameters.layers|endswith: ':1'", "sel"},
    {"layers-key", "sel:\n    requestParameters.layers|contains: '\"k\":\"v\"'", "sel"},
    {"item-key", "sel:\n    requestParameters.items.key: secret", "sel"},
    {"item-exists", "sel:\n    requestParameters.items.key|exists: true", "sel"},
    {"ctx-exists", "sel:\n    additionalEventData.ctx|exists: true", "sel"},
    {"ctx-null", "sel:\n    additionalEventData.ctx: null", "sel"},
    {"ctx-empty", "sel:\n    additionalEventData.ctx: ''", "sel"},
};

std::string record(const std::string& id, const std::string& extra) {
    return R"({"eventVersion":"1.09","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/alice",)"
           R"("accountId":"111122223333"},"eventTime":"2024-03-01T10:00:00Z","eventSource":"lambda.amazonaws.com",)"
           R"("eventName":"UpdateFunctionConfiguration","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.7",)"
           R"("eventID":")" +
           id + R"(","eventType":"AwsApiCall","recipientAccountId":"111122223333")" + extra + "}";
}

struct SemanticsFixture {
    trailproof::test::TempDir dir{"tp-json-semantics"};
    const fs::path root = dir.path();
    load::Loaded loaded;

    SemanticsFixture() {
        fs::create_directories(root / "sem" / "rules");
        std::ofstream(root / "sem" / "pack.yml") << "id: sem\ntitle: semantics\n";
        std::ofstream rules(root / "sem" / "rules" / "rules.yml");
        bool first = true;
        for (const auto& r : k_rules) {
            if (!first) rules << "---\n";
            first = false;
            rules << "title: " << r[0] << "\nid: " << r[0] << "\nlogsource: {product: aws, service: cloudtrail}\n"
                  << "detection:\n  " << r[1] << "\n  condition: " << r[2] << "\nlevel: low\n";
        }
        rules.close();
        loaded = load::load({(root / "sem").string()});
    }

    // The ids of the rules that fire on one record with `extra` JSON members.
    std::set<std::string> fired(const std::string& extra) {
        BOOST_TEST_REQUIRE(loaded.result.successful(), loaded.result.render_text());
        pipeline::Detector detector(loaded.content);
        pipeline::DetectInputs inputs;
        inputs.buffers.emplace_back("in.ndjson", record("e1", extra) + "\n");
        std::set<std::string> out;
        pipeline::DetectHooks hooks;
        hooks.on_alert = [&](const alerts::Alert& a) { out.insert(a.source->id); };
        const pipeline::DetectSummary summary = detector.run(inputs, hooks);
        BOOST_TEST(summary.events_accepted == 1u);
        return out;
    }
};

using Ids = std::set<std::string>;

} // namespace

BOOST_FIXTURE_TEST_SUITE(json_semantics, SemanticsFixture)

// No `layers` at all: the baseline every "is no value" case must equal.
BOOST_AUTO_TEST_CASE(absent_field) {
    BOOST_TEST(fired(R"(,"requestParameters":{"functionName":"f"})") ==
               (Ids{"ok-call", "layers-absent", "layers-null", "ctx-null"}));
}

// An empty array is no value: like the absent field above, never the text "[]".
BOOST_AUTO_TEST_CASE(empty_array_is_no_value) {
    BOOST_TEST(fired(R"(,"requestParameters":{"functionName":"f","layers":[]})") ==
               (Ids{"ok-call", "layers-absent", "layers-null", "ctx-null"}));
}

// Nested empty arrays flatten to nothing either.
BOOST_AUTO_TEST_CASE(array_of_empty_arrays_is_no_value) {
    BOOST_TEST(fired(R"(,"requestParameters":{"layers":[[],[[]]]})") ==
               (Ids{"ok-call", "layers-absent", "layers-null", "ctx-null"}));
}

// `|exists: true` on a JSON null: the field exists (SIGMA.md §2), yet it has no value
// to match: `null` holds, `'*'` and `''` do not.
BOOST_AUTO_TEST_CASE(json_null_exists_but_has_no_value) {
    BOOST_TEST(fired(R"(,"additionalEventData":{"ctx":null},"requestParameters":{"layers":null})") ==
               (Ids{"ok-call", "layers-exists", "layers-null", "ctx-exists", "ctx-null"}));
}

BOOST_AUTO_TEST_CASE(empty_string_is_a_value) {
    BOOST_TEST(fired(R"(,"additionalEventData":{"ctx":""})") ==
               (Ids{"ok-call", "layers-absent", "layers-null", "ctx-exists", "ctx-empty"}));
}

// Each element is a value (any-element semantics).
BOOST_AUTO_TEST_CASE(array_of_strings_any_element) {
    BOOST_TEST(fired(R"(,"requestParameters":{"layers":["arn:aws:lambda:us-east-1:1:layer:a:2","arn:x:1"]})") ==
               (Ids{"ok-call", "layers-any", "layers-star", "layers-exists", "layers-arn", "ctx-null"}));
}

// Arrays of arrays are flattened: the inner elements are the values.
BOOST_AUTO_TEST_CASE(array_of_arrays_is_flattened) {
    BOOST_TEST(fired(R"(,"requestParameters":{"layers":[["arn:a:2"],[],["arn:b:1"]]})") ==
               (Ids{"ok-call", "layers-any", "layers-star", "layers-exists", "layers-arn", "ctx-null"}));
}

// A null element is present but no value: only the element beside it matches.
BOOST_AUTO_TEST_CASE(null_elements) {
    BOOST_TEST(fired(R"(,"requestParameters":{"layers":[null]})") == (Ids{"ok-call", "layers-exists", "layers-null", "ctx-null"}));
    BOOST_TEST(fired(R"(,"requestParameters":{"layers":[null,"arn:b:1"]})") ==
               (Ids{"ok-call", "layers-any", "layers-star", "layers-exists", "layers-arn", "ctx-null"}));
}

// A path ending at an array of objects sees each object through its JSON text; a
// path crossing it reaches each element's field.
BOOST_AUTO_TEST_CASE(array_of_objects) {
    BOOST_TEST(fired(R"(,"requestParameters":{"layers":[{"k":"v"},{"n":[]}],)"
                     R"("items":[{"key":"public"},{"key":"SECRET"},{"other":1}]})") ==
               (Ids{"ok-call", "layers-any", "layers-star", "layers-exists", "layers-text", "layers-key", "item-key",
                    "item-exists", "ctx-null"}));
    BOOST_TEST(fired(R"(,"requestParameters":{"items":[{"other":1},{"key":[]}]})") ==
               (Ids{"ok-call", "layers-absent", "layers-null", "ctx-null"}));
}

// A filter `errorCode|contains: '*'` does not suppress on `"errorCode": []`: the
// call did not fail. It does on a real error code.
BOOST_AUTO_TEST_CASE(filter_on_empty_array_does_not_suppress) {
    BOOST_TEST(fired(R"(,"errorCode":[])") == (Ids{"ok-call", "layers-absent", "layers-null", "ctx-null"}));
    BOOST_TEST(fired(R"(,"errorCode":"AccessDenied")") == (Ids{"layers-absent", "layers-null", "ctx-null"}));
}

BOOST_AUTO_TEST_SUITE_END()
