#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <cstring>
#include <random>
#include <set>
#include <string>
#include <type_traits>
#include <vector>

#include "parse/default_parser.h"
#include "parse/json_walker.h"
#include "parse_test_util.h"
#include "random_json.h"

using namespace trailproof;
using namespace trailproof::parse;
using tp_test::Engine;
using Strings = std::vector<std::string>;

namespace {

// A CloudTrail record with the given extra members spliced in after eventSource.
std::string ct(std::string_view extra = {}, std::string_view event_name = "GetObject") {
    std::string out = R"({"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/alice",)"
                      R"("userName":"alice","accountId":"111122223333"},"eventTime":"2024-01-02T03:04:05Z",)"
                      R"("eventSource":"s3.amazonaws.com","eventName":")";
    out += event_name;
    out += R"(","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.7","userAgent":"aws-cli/2.15.0",)"
           R"("recipientAccountId":"111122223333")";
    if (!extra.empty()) {
        out += ',';
        out += extra;
    }
    out += '}';
    return out;
}

std::vector<ParserInfo> builtin_parsers() { return {default_cloudtrail_parser()}; }

} // namespace

// Workers keep their parsers in containers.
static_assert(std::is_move_constructible_v<RecordParser>);
static_assert(!std::is_copy_constructible_v<RecordParser>);

BOOST_AUTO_TEST_SUITE(record_parser)

BOOST_AUTO_TEST_CASE(selection_by_conditions_in_declared_order) {
    Engine e(R"(parsers:
  - name: s3
    format: json
    conditions: ['"eventSource":"s3.amazonaws.com"']
    fields: {bucket: requestParameters.bucketName}
  - name: any-api-call
    format: json
    conditions: ['"eventName"', '"eventTime"']
  - name: s3-never
    format: json
    conditions: ['"eventSource":"s3.amazonaws.com"', 'eventName']
  - name: lines
    format: cef
    conditions: ["CEF:"]
)");
    BOOST_TEST(e.parse(ct()) == RejectCode::Ok);
    BOOST_TEST(e.event.parser == 0); // s3 and s3-never both match; the first declared wins
    BOOST_TEST(e.set.name(e.event.parser) == "s3");

    std::string iam = ct();
    iam.replace(iam.find("s3.amazonaws.com"), 16, "iam.amazonaws.com");
    BOOST_TEST(e.parse(iam) == RejectCode::Ok);
    BOOST_TEST(e.set.name(e.event.parser) == "any-api-call");

    BOOST_TEST(e.parse(R"({"eventTime":"2024-01-02T03:04:05Z","other":1})") == RejectCode::NoParser);
    BOOST_TEST(e.detail == "no parser matches this JSON record");
    // A JSON record is never given to a cef parser, nor a text line to a json parser.
    BOOST_TEST(e.parse("not json, \"eventName\" \"eventTime\"", RecordFormat::Text) == RejectCode::NoParser);
    BOOST_TEST(e.detail == "no parser matches this text record");
}

// explain_parser_choice says why each parser did or did not claim a record, and
// claims the one parse() picks.
BOOST_AUTO_TEST_CASE(parser_choice_is_explained_parser_by_parser) {
    Engine e(R"(parsers:
  - name: lines
    format: cef
    conditions: ["CEF:"]
  - name: s3
    format: json
    conditions: ['"eventSource":"s3.amazonaws.com"']
  - name: any-api-call
    format: json
    conditions: ['"eventName"', '"eventTime"']
)");
    std::string iam = ct();
    iam.replace(iam.find("s3.amazonaws.com"), 16, "iam.amazonaws.com");
    for (const std::string& record : {ct(), iam}) {
        std::string padded = record + std::string(k_padding, '\0');
        RawRecord r;
        r.bytes = std::string_view(padded).substr(0, record.size());
        r.format = RecordFormat::Json;
        const std::vector<ParserChoice> choice = explain_parser_choice(e.set, r);
        BOOST_REQUIRE(choice.size() == 3u);
        BOOST_TEST(choice[0].parser == "lines");
        BOOST_TEST(!choice[0].format_fits);
        BOOST_TEST(!choice[0].claimed);
        BOOST_TEST(choice[0].missing_condition == "CEF:");
        BOOST_TEST(choice[1].format_fits);
        BOOST_TEST(e.parse(record) == RejectCode::Ok);
        for (std::size_t i = 0; i < choice.size(); ++i) BOOST_TEST(choice[i].claimed == (i == e.event.parser));
    }
    std::string padded = iam + std::string(k_padding, '\0');
    RawRecord r;
    r.bytes = std::string_view(padded).substr(0, iam.size());
    const std::vector<ParserChoice> choice = explain_parser_choice(e.set, r);
    BOOST_TEST(choice[1].missing_condition == "\"eventSource\":\"s3.amazonaws.com\"");
    BOOST_TEST(choice[2].missing_condition == "");
    BOOST_TEST(choice[2].claimed);
}

// Conditions shared by several parsers are searched once per record (a memo by
// distinct text): over random parser sets and records, parse() claims what the
// plain per-parser search of explain_parser_choice claims, and the set counts
// each distinct text once.
BOOST_AUTO_TEST_CASE(shared_conditions_choose_as_the_plain_search_does) {
    const std::vector<std::string> words = {"alpha", "beta", "gamma", "delta", "\"k\":\"beta\"", "eventName", "zeta"};
    std::mt19937 rng(1207);
    const auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
    int claimed = 0, unclaimed = 0;
    for (int round = 0; round < 60; ++round) {
        std::string yaml = "parsers:\n";
        std::set<std::string> distinct;
        const std::size_t parsers = 1 + pick(6);
        for (std::size_t i = 0; i < parsers; ++i) {
            yaml += "  - name: p" + std::to_string(i) + "\n    format: json\n    conditions: [";
            const std::size_t n = 1 + pick(3);
            for (std::size_t c = 0; c < n; ++c) {
                const std::string& w = words[pick(words.size())];
                distinct.insert(w);
                yaml += (c ? ", '" : "'") + w + "'";
            }
            yaml += "]\n";
        }
        Engine e(yaml);
        BOOST_TEST(e.set.condition_count() == distinct.size());
        for (int r = 0; r < 40; ++r) {
            std::string k;
            for (std::size_t n = pick(4); n > 0; --n) k += words[pick(4)] + " "; // plain words: the record stays valid JSON
            const std::string record =
                R"({"eventTime":"2024-01-02T03:04:05Z","k":")" + (pick(3) == 0 ? std::string("beta") : k) + "\"}";
            tp_test::Padded padded(record);
            const std::vector<ParserChoice> choice = explain_parser_choice(e.set, padded.record);
            std::size_t expected = choice.size();
            for (std::size_t i = 0; i < choice.size(); ++i)
                if (choice[i].claimed) expected = i;
            const RejectCode code = e.parse(record);
            if (expected == choice.size()) {
                BOOST_TEST(code == RejectCode::NoParser, record);
                ++unclaimed;
            } else {
                BOOST_TEST(code == RejectCode::Ok, record);
                BOOST_TEST(e.event.parser == expected, record);
                ++claimed;
            }
        }
    }
    BOOST_TEST(claimed > 200); // both outcomes are exercised
    BOOST_TEST(unclaimed > 200);
}

BOOST_AUTO_TEST_CASE(builtin_parser_fills_normalized_and_raw_fields) {
    Engine e(builtin_parsers(), {"userIdentity.accountId", "eventVersion"});
    BOOST_TEST(e.parse(ct()) == RejectCode::Ok);
    BOOST_TEST(e.detail == "");
    BOOST_TEST(e.text("user") == "arn:aws:iam::111122223333:user/alice");
    BOOST_TEST(e.text("user_name") == "alice");
    BOOST_TEST(e.text("user_type") == "IAMUser");
    BOOST_TEST(e.text("account_id") == "111122223333");
    BOOST_TEST(e.text("src_ip") == "203.0.113.7");
    BOOST_TEST(e.text("user_agent") == "aws-cli/2.15.0");
    BOOST_TEST(e.text("operation") == "GetObject");
    BOOST_TEST(e.text("service") == "s3.amazonaws.com");
    BOOST_TEST(e.text("region") == "us-east-1");
    BOOST_TEST(!e.event.present(e.id("error_code")));
    // Sources are registered names too, so rules can read the raw paths.
    BOOST_TEST(e.text("userIdentity.arn") == "arn:aws:iam::111122223333:user/alice");
    BOOST_TEST(e.text("eventName") == "GetObject");
    BOOST_TEST(e.text("userIdentity.accountId") == "111122223333");
    BOOST_TEST(e.text("eventVersion") == "1.08");
    BOOST_TEST(e.event.time_ms == 1704164645000);
    BOOST_TEST(e.event.origin.line == 7u);
    BOOST_TEST(e.event.raw == ct());
    BOOST_TEST(e.event.activity_type == "app-activity");
    BOOST_TEST(e.values("activity_type") == (Strings{"string:app-activity"}), boost::test_tools::per_element());
    BOOST_TEST(e.event.field_count() == e.registry.size());
}

BOOST_AUTO_TEST_CASE(activity_type_failed_vs_success) {
    Engine e(builtin_parsers());
    BOOST_TEST(e.parse(ct(R"("errorCode":"AccessDenied","errorMessage":"Access Denied")")) == RejectCode::Ok);
    BOOST_TEST(e.event.activity_type == "app-activity-failed");
    BOOST_TEST(e.text("error_code") == "AccessDenied");
    BOOST_TEST(e.parse(ct(R"("errorCode":null)")) == RejectCode::Ok); // null counts as absent
    BOOST_TEST(e.event.activity_type == "app-activity");
    BOOST_TEST(e.parse(ct()) == RejectCode::Ok);
    BOOST_TEST(e.event.activity_type == "app-activity");
    BOOST_TEST(!e.event.present(e.id("error_code"))); // nothing left over from an earlier record
}

BOOST_AUTO_TEST_CASE(activity_type_values_are_case_insensitive_and_all_tests_must_hold) {
    Engine e(R"(parsers:
  - name: p
    format: json
    fields: {op: eventName}
    activity_types:
      - {type: login, when: {op: [consolelogin, GetSigninToken], eventSource: SIGNIN.amazonaws.com}}
      - {type: s3-read, when: {eventSource: s3.amazonaws.com, errorCode: {exists: false}}}
      - {type: other}
)");
    std::string login = ct({}, "ConsoleLogin");
    login.replace(login.find("s3.amazonaws.com"), 16, "signin.amazonaws.com");
    BOOST_TEST(e.parse(login) == RejectCode::Ok);
    BOOST_TEST(e.event.activity_type == "login");
    BOOST_TEST(e.parse(ct({}, "ConsoleLogin")) == RejectCode::Ok); // right name, wrong source
    BOOST_TEST(e.event.activity_type == "s3-read");
    BOOST_TEST(e.parse(ct(R"("errorCode":"NoSuchKey")")) == RejectCode::Ok);
    BOOST_TEST(e.event.activity_type == "other");
}

BOOST_AUTO_TEST_CASE(nested_paths_and_literal_dotted_keys) {
    Engine e(builtin_parsers(), {"userIdentity.sessionContext.sessionIssuer.userName",
                         "userIdentity.sessionContext.attributes.mfaAuthenticated", "responseElements.ConsoleLogin",
                         "requestParameters.policyDocument", "additionalEventData.x.y", "missing.path"});
    BOOST_TEST(e.parse(ct(R"("requestParameters":{"policyDocument":"{\"Version\":\"2012-10-17\"}"},)"
                          R"("responseElements":{"ConsoleLogin":"Success"},)"
                          R"("additionalEventData":{"x.y":"dotted"},)"
                          R"("userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::1:assumed-role/r/s",)"
                          R"("sessionContext":{"sessionIssuer":{"userName":"Admin"},"attributes":{"mfaAuthenticated":"false"}}})")) ==
               RejectCode::Ok);
    BOOST_TEST(e.text("userIdentity.sessionContext.sessionIssuer.userName") == "Admin");
    BOOST_TEST(e.text("role") == "Admin");
    BOOST_TEST(e.text("userIdentity.sessionContext.attributes.mfaAuthenticated") == "false");
    BOOST_TEST(e.text("responseElements.ConsoleLogin") == "Success");
    BOOST_TEST(e.text("requestParameters.policyDocument") == R"({"Version":"2012-10-17"})"); // unescaped
    BOOST_TEST(e.text("additionalEventData.x.y") == "dotted");
    BOOST_TEST(!e.event.present(e.id("missing.path")));
    // The record has two userIdentity members; both are walked, in document order.
    BOOST_TEST(e.values("user_type") == (Strings{"string:IAMUser", "string:AssumedRole"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(paths_crossing_arrays_match_every_element) {
    Engine e(builtin_parsers(), {"resources.ARN", "requestParameters.ipPermissions.items.ipRanges.items.cidrIp",
                         "requestParameters.grid.v", "resources"});
    BOOST_TEST(e.parse(ct(R"("resources":[{"ARN":"arn:aws:s3:::a","type":"AWS::S3::Bucket"},{"type":"x"},{"ARN":"arn:aws:s3:::b"}],)"
                          R"("requestParameters":{"ipPermissions":{"items":[{"ipRanges":{"items":[{"cidrIp":"0.0.0.0/0"},)"
                          R"({"cidrIp":"10.0.0.0/8"}]}},{"ipRanges":{"items":[{"cidrIp":"::/0"}]}}]},)"
                          R"("grid":[[{"v":1},{"v":2}],[{"v":3}],"skip",null]})")) == RejectCode::Ok);
    BOOST_TEST(e.values("resources.ARN") == (Strings{"string:arn:aws:s3:::a", "string:arn:aws:s3:::b"}),
               boost::test_tools::per_element());
    BOOST_TEST(e.values("requestParameters.ipPermissions.items.ipRanges.items.cidrIp") ==
                   (Strings{"string:0.0.0.0/0", "string:10.0.0.0/8", "string:::/0"}),
               boost::test_tools::per_element());
    BOOST_TEST(e.values("requestParameters.grid.v") == (Strings{"number:1", "number:2", "number:3"}),
               boost::test_tools::per_element());
    // A path that ends on an array has one value per element.
    BOOST_TEST(e.values("resources") ==
                   (Strings{R"(object:{"ARN":"arn:aws:s3:::a","type":"AWS::S3::Bucket"})", R"(object:{"type":"x"})",
                            R"(object:{"ARN":"arn:aws:s3:::b"})"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(scalar_and_container_leaves) {
    Engine e(builtin_parsers(), {"n.int", "n.neg", "n.big", "n.dbl", "n.exp", "n.t", "n.f", "n.nul", "n.obj", "n.arr", "n.str"});
    BOOST_TEST(e.parse(ct(R"("n":{"int":443,"neg":-12,"big":18446744073709551615,"dbl":1.50,"exp":1e3,"t":true,)"
                          R"("f":false,"nul":null,"obj":{ "a" : [1, "x\"y", {"b":null}], "c":"\u00e9\n" },"arr":[ ],)"
                          R"("str":"tab\there"})")) == RejectCode::Ok);
    BOOST_TEST(e.values("n.int") == Strings{"number:443"}, boost::test_tools::per_element());
    BOOST_TEST(e.event.first(e.id("n.int"))->number == 443.0);
    BOOST_TEST(e.values("n.neg") == Strings{"number:-12"}, boost::test_tools::per_element());
    BOOST_TEST(e.values("n.big") == Strings{"number:18446744073709551615"}, boost::test_tools::per_element());
    BOOST_TEST(e.values("n.dbl") == Strings{"number:1.5"}, boost::test_tools::per_element());
    BOOST_TEST(e.event.first(e.id("n.dbl"))->number == 1.5);
    BOOST_TEST(e.values("n.exp") == Strings{"number:1000"}, boost::test_tools::per_element());
    BOOST_TEST(e.values("n.t") == Strings{"bool:true"}, boost::test_tools::per_element());
    BOOST_TEST(e.values("n.f") == Strings{"bool:false"}, boost::test_tools::per_element());
    BOOST_TEST(e.values("n.nul") == Strings{"null:null"}, boost::test_tools::per_element());
    BOOST_TEST(e.event.present(e.id("n.nul")));
    BOOST_TEST(!e.event.has(e.id("n.nul")));
    BOOST_TEST(e.values("n.obj") == Strings{"object:{\"a\":[1,\"x\\\"y\",{\"b\":null}],\"c\":\"\u00e9\\n\"}"},
               boost::test_tools::per_element());
    // An empty array has no elements, so no value: like an absent field (SIGMA.md).
    BOOST_TEST(e.values("n.arr").empty());
    BOOST_TEST(!e.event.present(e.id("n.arr")));
    BOOST_TEST(e.values("n.str") == Strings{"string:tab\there"}, boost::test_tools::per_element());
}

// Property (fixed seed, printed): an object a path ends on has, as its text,
// the minified JSON of the object, whatever whitespace and escape forms the
// record used: keys in document order (repeats kept), strings escaped as
// append_json_string escapes them (core/json_text.h), numbers in their shortest
// round-trip form; a number leaf's text is that form too.
BOOST_AUTO_TEST_CASE(objects_are_serialized_to_their_minified_json) {
    const unsigned seed = 20261207;
    BOOST_TEST_MESSAGE("seed " << seed);
    std::mt19937 random(seed);
    tp_test::RandomJson json(random);
    Engine e(builtin_parsers(), {"n.obj", "n.num", "n.str"});
    for (int round = 0; round < 400; ++round) {
        std::string record = R"("n":{"obj":)";
        std::string object;
        json.object(record, object, 3);
        std::string number;
        record += R"(,"num":)";
        json.number(record, number);
        record += R"(,"str":)";
        std::string quoted;
        const std::string text = json.string(record, quoted);
        record += '}';
        BOOST_TEST_REQUIRE(e.parse(ct(record)) == RejectCode::Ok, "round " << round << ": " << e.detail);
        BOOST_TEST_REQUIRE(e.values("n.obj") == Strings{"object:" + object}, "round " << round << ": " << record);
        BOOST_TEST_REQUIRE(e.values("n.num") == Strings{"number:" + number}, "round " << round);
        BOOST_TEST_REQUIRE(std::string(e.text("n.str")) == text, "round " << round);
    }
}

BOOST_AUTO_TEST_CASE(an_event_that_owns_its_text_outlives_the_parsers_next_record) {
    // detect --threads keeps many events of a batch alive while one parser moves on.
    Engine e(builtin_parsers(), {"n.obj", "n.num", "requestParameters.bucketName"});
    BOOST_TEST(e.parse(ct(R"("n":{"obj":{"k":"v"},"num":1.50},"requestParameters":{"bucketName":"first-\u00e9"})")) ==
               RejectCode::Ok);
    Event kept = std::move(e.event);
    kept.own_text();
    const std::string raw_before(kept.raw);
    BOOST_TEST(e.parse(ct(R"("n":{"obj":{"other":"value that is longer"},"num":22},)"
                          R"("requestParameters":{"bucketName":"second-bucket-name"})",
                          "PutObject")) == RejectCode::Ok);
    auto text = [&](const char* name) { return std::string(kept.text(e.id(name))); };
    BOOST_TEST(text("operation") == "GetObject");
    BOOST_TEST(text("requestParameters.bucketName") == "first-\u00e9");
    BOOST_TEST(text("n.num") == "1.5");
    BOOST_TEST(std::string(kept.first(e.id("n.obj"))->text) == "{\"k\":\"v\"}");
    BOOST_TEST(std::string(kept.raw) == raw_before); // the raw record is the caller's, untouched
    BOOST_TEST(e.text("requestParameters.bucketName") == "second-bucket-name");
}

namespace {

// Every value of `event`, field by field in order, as "field kind number-bits text".
Strings event_values(const Event& event) {
    Strings out;
    for (FieldId f = 0; f < event.field_count(); ++f)
        for (const Value* v = event.first(f); v; v = event.next(*v)) {
            std::uint64_t bits = 0;
            std::memcpy(&bits, &v->number, sizeof bits);
            out.push_back(std::to_string(f) + " " + std::to_string(static_cast<int>(v->kind)) + " " +
                          std::to_string(bits) + " " + std::string(v->text));
        }
    return out;
}

// A random CloudTrail record (escapes, numbers, objects, arrays, nulls; now and
// then a userIdentity, which principal resolution reads, or an EventBridge envelope).
std::string random_owned_record(tp_test::RandomJson& json) {
    std::string ignored;
    std::string body = R"("eventVersion":"1.08","eventTime":"2024-01-02T03:04:05Z","eventSource":"s3.amazonaws.com",)";
    body += R"("eventName":)";
    json.string(body, ignored);
    if (json.below(2)) {
        body += R"(,"userIdentity":{"type":"IAMUser","arn":)";
        json.string(body, ignored);
        body += R"(,"accountId":"111122223333","userName":)";
        json.string(body, ignored);
        body += '}';
    }
    static const char* k_keys[] = {"s", "num", "obj", "arr", "v"};
    body += R"(,"n":{)";
    const unsigned members = json.below(7);
    for (unsigned i = 0; i < members; ++i) {
        if (i > 0) body += ',';
        body += '"';
        body += k_keys[json.below(5)];
        body += "\":";
        json.value(body, ignored, 3);
    }
    body += R"(},"requestParameters":{"bucketName":)";
    json.string(body, ignored);
    body += R"(,"readOnly":true,"size":)";
    json.number(body, ignored);
    body += '}';
    if (json.below(3) == 0)
        return R"({"version":"0","detail-type":"AWS API Call via CloudTrail","source":"aws.s3","detail":{)" + body + "}}";
    return "{" + body + "}";
}

bool names_a_principal_type(std::string_view text) {
    for (auto t = PrincipalType::Person; t <= PrincipalType::IdentityCenterUser;
         t = static_cast<PrincipalType>(static_cast<int>(t) + 1))
        if (principal_type_name(t) == text) return true;
    return false;
}

} // namespace

// Property (fixed seed, printed): an event that owns its text (Event::own_text:
// one copy per range the parser lent it, the rest value by value) equals, value
// for value, the event before, after its parsers have read other records; and
// each of its texts then lies in the record's bytes or in its own arena, or is
// `lasting` (the activity and principal type names: the parser set's own text and
// literals, left where they are). Two parser groups share one JSON document, as in detect.
BOOST_AUTO_TEST_CASE(an_owned_event_equals_the_event_before_whatever_the_parser_reads_next) {
    const unsigned seed = 20261208;
    BOOST_TEST_MESSAGE("seed " << seed);
    std::mt19937 random(seed);
    tp_test::RandomJson json(random);
    const std::vector<std::string> paths = {"n", "n.s", "n.num", "n.obj", "n.arr", "n.v", "requestParameters",
                                            "requestParameters.size", "userIdentity"};
    Engine a(builtin_parsers(), paths);
    Engine b(builtin_parsers(), {"n.arr", "requestParameters.readOnly", "n.v"});
    JsonDocument document;
    a.parser.share_json(document);
    b.parser.share_json(document);
    for (int round = 0; round < 300; ++round) {
        const std::string record = random_owned_record(json);
        document.forget();
        BOOST_TEST_REQUIRE(a.parse(record) == RejectCode::Ok, "round " << round << ": " << a.detail << " " << record);
        BOOST_TEST_REQUIRE(b.parse(record) == RejectCode::Ok, "round " << round << ": " << b.detail);
        Event kept_a = std::move(a.event);
        Event kept_b = std::move(b.event);
        const Strings before_a = event_values(kept_a);
        const Strings before_b = event_values(kept_b);
        kept_a.own_text();
        kept_b.own_text();
        for (int next = 0; next < 2; ++next) { // the parsers move on: their buffers are reused
            const std::string other = random_owned_record(json);
            document.forget();
            BOOST_TEST_REQUIRE(a.parse(other) == RejectCode::Ok, "round " << round << ": " << a.detail);
            BOOST_TEST_REQUIRE(b.parse(other) == RejectCode::Ok, "round " << round << ": " << b.detail);
        }
        BOOST_TEST_REQUIRE(event_values(kept_a) == before_a, "round " << round << ": " << record);
        BOOST_TEST_REQUIRE(event_values(kept_b) == before_b, "round " << round << ": " << record);
        for (Event* kept : {&kept_a, &kept_b})
            for (FieldId f = 0; f < kept->field_count(); ++f)
                for (const Value* v = kept->first(f); v; v = kept->next(*v)) {
                    const bool in_raw = v->text.data() >= kept->raw.data() &&
                                        v->text.data() + v->text.size() <= kept->raw.data() + kept->raw.size();
                    BOOST_TEST_REQUIRE((v->text.empty() || in_raw || kept->arena().owns(v->text) ||
                                        (v->lasting && (v->text == kept->activity_type || names_a_principal_type(v->text)))),
                                       "round " << round << " field " << f);
                }
    }
}

// Property (fixed seed, printed), as detect runs it: the record's text is kept
// once for all its groups (JsonDocument::keep_text_in, FieldTable::keep) in a
// store that lives as long as the record's events. Two groups of one registry
// (one walk, one table) and a third of another registry (its own walk) read each
// record; after own_text and two more records (each with a store of its own)
// every value equals what it was, and each text lies in the record's bytes, the
// record's store, the event's arena, or is `lasting`. The groups' views of the
// one extraction are the same bytes of the store (copied once, not per group),
// and own_text copied none of them into the events' arenas.
BOOST_AUTO_TEST_CASE(a_record_text_kept_once_serves_every_group_whatever_the_parser_reads_next) {
    const unsigned seed = 20261209;
    BOOST_TEST_MESSAGE("seed " << seed);
    std::mt19937 random(seed);
    tp_test::RandomJson json(random);
    FieldRegistry registry;
    ParserSet first, second;
    BOOST_TEST_REQUIRE(ParserSet::compile(builtin_parsers(), registry, first).successful());
    BOOST_TEST_REQUIRE(ParserSet::compile(builtin_parsers(), registry, second).successful());
    for (const char* name : {"n", "n.s", "n.num", "n.obj", "n.arr", "n.v", "requestParameters",
                             "requestParameters.size", "requestParameters.bucketName", "userIdentity"})
        (void)registry.intern(name);
    first.finalize(registry);
    second.finalize(registry);
    Engine other(builtin_parsers(), {"n.arr", "requestParameters.readOnly", "n.v"});
    JsonDocument document;
    RecordParser p0(first), p1(second);
    p0.share_json(document);
    p1.share_json(document);
    other.parser.share_json(document);
    const FieldId bucket = registry.find("requestParameters.bucketName");
    std::string detail;
    // The record's bytes and its store, kept together as detect's batch keeps them.
    struct Kept {
        tp_test::Padded record;
        TextArena store;
        Event events[3];
    };
    const auto parse_all = [&](Kept& k) {
        document.forget();
        document.keep_text_in(&k.store);
        BOOST_TEST_REQUIRE(p0.parse(k.record.record, k.events[0], detail) == RejectCode::Ok, detail);
        BOOST_TEST_REQUIRE(p1.parse(k.record.record, k.events[1], detail) == RejectCode::Ok, detail);
        BOOST_TEST_REQUIRE(other.parser.parse(k.record.record, k.events[2], detail) == RejectCode::Ok, detail);
    };
    for (int round = 0; round < 300; ++round) {
        Kept kept{tp_test::Padded(random_owned_record(json)), {}, {}};
        parse_all(kept);
        Strings before[3];
        for (int g = 0; g < 3; ++g) before[g] = event_values(kept.events[g]);
        // One copy serves both groups of the shared walk.
        BOOST_TEST_REQUIRE(kept.events[0].first(bucket) != nullptr);
        BOOST_TEST_REQUIRE(kept.events[0].first(bucket)->text.data() == kept.events[1].first(bucket)->text.data());
        BOOST_TEST_REQUIRE((kept.events[0].first(bucket)->text.empty() || kept.store.owns(kept.events[0].first(bucket)->text)));
        for (Event& e : kept.events) e.own_text();
        for (int next = 0; next < 2; ++next) { // the parsers move on: their buffers are reused
            Kept later{tp_test::Padded(random_owned_record(json)), {}, {}};
            parse_all(later);
        }
        for (int g = 0; g < 3; ++g) {
            Event& e = kept.events[g];
            BOOST_TEST_REQUIRE(event_values(e) == before[g], "round " << round << " group " << g);
            for (FieldId f = 0; f < e.field_count(); ++f)
                for (const Value* v = e.first(f); v; v = e.next(*v)) {
                    const bool in_raw = v->text.data() >= e.raw.data() &&
                                        v->text.data() + v->text.size() <= e.raw.data() + e.raw.size();
                    BOOST_TEST_REQUIRE((v->text.empty() || in_raw || kept.store.owns(v->text) ||
                                        e.arena().owns(v->text) ||
                                        (v->lasting && (v->text == e.activity_type || names_a_principal_type(v->text)))),
                                       "round " << round << " group " << g << " field " << f);
                    // Nothing of the extraction was copied into the event.
                    if (f == bucket && !v->text.empty()) BOOST_TEST_REQUIRE(kept.store.owns(v->text), "round " << round);
                }
        }
    }
}

// The parsers of a worker's groups share one RecordMemo (issue 13): a record's
// next group takes the event time read from the same view of the same parse;
// the next record, in the same buffer with a time of the same length, is read
// again, and so is a bad time's verdict.
BOOST_AUTO_TEST_CASE(groups_of_one_record_read_its_time_once) {
    FieldRegistry registry;
    ParserSet first, second;
    BOOST_TEST_REQUIRE(ParserSet::compile(builtin_parsers(), registry, first).successful());
    BOOST_TEST_REQUIRE(ParserSet::compile(builtin_parsers(), registry, second).successful());
    first.finalize(registry);
    second.finalize(registry);
    JsonDocument document;
    RecordMemo memo;
    RecordParser p0(first), p1(second);
    for (RecordParser* p : {&p0, &p1}) {
        p->share_json(document);
        p->share_memo(memo);
    }
    const std::string base = ct();
    std::string buffer(base.size() + k_padding, ' ');
    RawRecord raw;
    raw.format = RecordFormat::Json;
    Event e0, e1;
    std::string detail;
    // Both groups' times and codes for `time` spliced into the same buffer.
    const auto parse_both = [&](std::string_view time) {
        std::string text = base;
        const std::size_t at = text.find("2024-01-02T03:04:05Z");
        text.replace(at, time.size(), time);
        buffer.replace(0, text.size(), text);
        raw.bytes = std::string_view(buffer.data(), text.size());
        document.forget();
        const RejectCode c0 = p0.parse(raw, e0, detail), c1 = p1.parse(raw, e1, detail);
        return std::vector<std::int64_t>{static_cast<std::int64_t>(c0), static_cast<std::int64_t>(c1),
                                         c0 == RejectCode::Ok ? e0.time_ms : -1, c1 == RejectCode::Ok ? e1.time_ms : -1};
    };
    const std::int64_t ok = static_cast<std::int64_t>(RejectCode::Ok), bad = static_cast<std::int64_t>(RejectCode::BadTime);
    BOOST_TEST(parse_both("2024-01-02T03:04:05Z") == (std::vector<std::int64_t>{ok, ok, 1704164645000, 1704164645000}));
    BOOST_TEST(memo.time.hits == 1u);
    BOOST_TEST(parse_both("2024-01-02T03:04:06Z") == (std::vector<std::int64_t>{ok, ok, 1704164646000, 1704164646000}));
    BOOST_TEST(parse_both("2024-13-02T03:04:06Z") == (std::vector<std::int64_t>{bad, bad, -1, -1}));
    BOOST_TEST(detail == "bad time '2024-13-02T03:04:06Z' in field 'eventTime' (format iso8601)");
    BOOST_TEST(parse_both("2023-01-02T03:04:06Z") == (std::vector<std::int64_t>{ok, ok, 1672628646000, 1672628646000}));
    BOOST_TEST(memo.time.hits == 4u);
    // A parser of its own reads every time itself.
    RecordParser alone(first);
    BOOST_TEST_REQUIRE(alone.parse(raw, e0, detail) == RejectCode::Ok, detail);
    BOOST_TEST(e0.time_ms == 1672628646000);
}

BOOST_AUTO_TEST_CASE(parsers_sharing_a_json_document_parse_each_record_once) {
    // detect's parser groups read the same record: one simdjson parse serves all.
    Engine a(builtin_parsers(), {"requestParameters.bucketName"});
    Engine b(builtin_parsers(), {"awsRegion"});
    JsonDocument document;
    a.parser.share_json(document);
    b.parser.share_json(document);
    tp_test::Padded record(ct(R"("requestParameters":{"bucketName":"logs"})"));
    auto both = [&] {
        document.forget();
        BOOST_TEST(a.parser.parse(record.record, a.event, a.detail) == RejectCode::Ok);
        BOOST_TEST(b.parser.parse(record.record, b.event, b.detail) == RejectCode::Ok);
    };
    both();
    BOOST_TEST(document.parses() == 1u);
    BOOST_TEST(document.walks() == 2u); // two registries, two plans: each walks the one parse
    BOOST_TEST(a.text("requestParameters.bucketName") == "logs"); // a's strings survive b's read
    BOOST_TEST(b.text("awsRegion") == "us-east-1");
    both();
    BOOST_TEST(document.parses() == 2u); // forget() parses the next record afresh

    // Other bytes are parsed even without forget(); a bad record fails alike for both.
    tp_test::Padded bad("{\"eventTime\": ");
    BOOST_TEST(a.parser.parse(bad.record, a.event, a.detail) == RejectCode::MalformedJson);
    BOOST_TEST(b.parser.parse(bad.record, b.event, b.detail) == RejectCode::MalformedJson);
    BOOST_TEST(document.parses() == 3u);
    BOOST_TEST(a.detail == b.detail);
    BOOST_TEST(!a.detail.empty());

    // A parser that shares nothing parses every call.
    Engine alone(builtin_parsers());
    BOOST_TEST(alone.parse(ct()) == RejectCode::Ok);
    BOOST_TEST(document.parses() == 3u);
}

BOOST_AUTO_TEST_CASE(fields_registered_after_compile_need_finalize) {
    std::vector<ParserInfo> infos = builtin_parsers();
    FieldRegistry registry;
    ParserSet set;
    BOOST_TEST_REQUIRE(ParserSet::compile(std::move(infos), registry, set).successful());
    FieldId late = registry.intern("requestParameters.bucketName");
    tp_test::Padded rec(ct(R"("requestParameters":{"bucketName":"logs"})"));
    Event event;
    std::string detail;
    {
        RecordParser parser(set);
        BOOST_TEST(parser.parse(rec.record, event, detail) == RejectCode::Ok);
        BOOST_TEST(!event.present(late)); // the plan predates the name
    }
    set.finalize(registry);
    RecordParser parser(set);
    BOOST_TEST(parser.parse(rec.record, event, detail) == RejectCode::Ok);
    BOOST_TEST(event.text(late) == "logs");
    BOOST_TEST(event.field_count() == registry.size());
}

BOOST_AUTO_TEST_CASE(eventbridge_envelopes_are_unwrapped) {
    Engine e(builtin_parsers(), {"detail-type", "source"});
    const std::string inner = ct();
    for (const char* type : {"AWS API Call via CloudTrail", "AWS Console Sign In via CloudTrail", "Custom Forwarder"}) {
        std::string env = std::string(R"({"version":"0","id":"e-1","detail-type":")") + type +
                          R"(","source":"aws.s3","account":"111122223333","time":"2024-01-02T03:04:06Z","detail":)" +
                          inner + "}";
        BOOST_TEST(e.parse(env) == RejectCode::Ok, type);
        BOOST_TEST(e.text("operation") == "GetObject");
        BOOST_TEST(e.event.time_ms == 1704164645000); // the CloudTrail eventTime, not the envelope's time
        BOOST_TEST(!e.event.present(e.id("detail-type")));
    }
    // An envelope whose detail is not a CloudTrail event stays as it is.
    BOOST_TEST(e.parse(R"({"detail-type":"Scheduled Event","source":"aws.events","detail":{"x":1}})") ==
               RejectCode::MissingField);
    BOOST_TEST(e.detail == "missing field 'eventName'");
}

BOOST_AUTO_TEST_CASE(reject_malformed_json) {
    Engine e(builtin_parsers());
    BOOST_TEST(e.parse(R"({"eventName":"x",)") == RejectCode::MalformedJson);
    BOOST_TEST(e.detail == "The JSON document has an improper structure: missing or superfluous commas, braces, missing keys, etc.");
    BOOST_TEST(e.parse(R"({"eventName":tru})") == RejectCode::MalformedJson);
    BOOST_TEST(e.detail == "Problem while parsing an atom starting with the letter 't'");
    BOOST_TEST(e.parse("") == RejectCode::MalformedJson);
    BOOST_TEST(e.detail == "Empty: no JSON found");
}

BOOST_AUTO_TEST_CASE(reject_not_an_object) {
    Engine e(builtin_parsers());
    BOOST_TEST(e.parse(R"([{"eventName":"x"}])") == RejectCode::NotAnObject);
    BOOST_TEST(e.detail == "record is an array, expected a JSON object");
    BOOST_TEST(e.parse(R"("eventName")") == RejectCode::NotAnObject);
    BOOST_TEST(e.detail == "record is a string, expected a JSON object");
    BOOST_TEST(e.parse("42") == RejectCode::NotAnObject);
    BOOST_TEST(e.detail == "record is a number, expected a JSON object");
}

BOOST_AUTO_TEST_CASE(reject_invalid_utf8) {
    Engine e(builtin_parsers());
    BOOST_TEST(e.parse("{\"eventName\":\"\xff\"}") == RejectCode::InvalidUtf8);
    BOOST_TEST(e.detail == "invalid UTF-8 at byte offset 14");
    // Overlong encoding of '/' and a lone surrogate are invalid too.
    BOOST_TEST(e.parse("{\"a\":\"\xc0\xaf\"}") == RejectCode::InvalidUtf8);
    BOOST_TEST(e.detail == "invalid UTF-8 at byte offset 6");
    BOOST_TEST(e.parse("{\"a\":\"ok \xc3\xa9\xed\xa0\x80\"}") == RejectCode::InvalidUtf8);
    BOOST_TEST(e.detail == "invalid UTF-8 at byte offset 11");
    // Bad UTF-8 wins over a structure error in the same record.
    BOOST_TEST(e.parse("{\"a\":\"\xff\",") == RejectCode::InvalidUtf8);
    BOOST_TEST(e.detail == "invalid UTF-8 at byte offset 6");
}

BOOST_AUTO_TEST_CASE(reject_missing_and_null_fields) {
    Engine e(builtin_parsers());
    BOOST_TEST(e.parse(R"({"eventName":"GetObject","eventSource":"s3.amazonaws.com"})") == RejectCode::MissingField);
    BOOST_TEST(e.detail == "missing field 'eventTime'");
    BOOST_TEST(e.parse(R"({"eventName":"GetObject","eventTime":null,"eventSource":"s3.amazonaws.com"})") ==
               RejectCode::MissingField);
    BOOST_TEST(e.detail == "field 'eventTime' is null");
    BOOST_TEST(e.parse(R"({"eventTime":"2024-01-02T03:04:05Z"})") == RejectCode::MissingField);
    BOOST_TEST(e.detail == "missing field 'eventName'"); // required fields are checked in declared order
}

BOOST_AUTO_TEST_CASE(reject_wrong_types) {
    Engine e(builtin_parsers());
    BOOST_TEST(e.parse(R"({"eventName":42,"eventTime":"2024-01-02T03:04:05Z","eventSource":"s3.amazonaws.com"})") ==
               RejectCode::WrongType);
    BOOST_TEST(e.detail == "field 'eventName' is a number, expected a string");
    BOOST_TEST(e.parse(R"({"eventName":"x","eventTime":{"t":1},"eventSource":"s3.amazonaws.com"})") ==
               RejectCode::WrongType);
    BOOST_TEST(e.detail == "field 'eventTime' is an object, expected a string");

    Engine typed(R"(parsers:
  - name: p
    format: json
    required: [{field: userIdentity, type: object}, {field: n, type: number}, {field: any, type: any}]
    time: {field: t, format: epoch_ms}
)");
    BOOST_TEST(typed.parse(R"({"userIdentity":"alice","n":1,"any":[],"t":1})") == RejectCode::WrongType);
    BOOST_TEST(typed.detail == "field 'userIdentity' is a string, expected an object");
    BOOST_TEST(typed.parse(R"({"userIdentity":{},"n":"1","any":[],"t":1})") == RejectCode::WrongType);
    BOOST_TEST(typed.detail == "field 'n' is a string, expected a number");
    BOOST_TEST(typed.parse(R"({"userIdentity":{},"n":1,"any":{},"t":true})") == RejectCode::WrongType);
    BOOST_TEST(typed.detail == "field 't' is a boolean, expected a string or a number");
    // An empty array is no value: a required field that is `[]` is missing.
    BOOST_TEST(typed.parse(R"({"userIdentity":{},"n":1,"any":[],"t":1})") == RejectCode::MissingField);
    BOOST_TEST(typed.detail == "missing field 'any'");
    BOOST_TEST(typed.parse(R"({"userIdentity":{},"n":1,"any":{},"t":1704164645123})") == RejectCode::Ok);
    BOOST_TEST(typed.event.time_ms == 1704164645123);
    BOOST_TEST(typed.parse(R"({"userIdentity":{},"n":1,"any":{},"t":"1704164645124"})") == RejectCode::Ok);
    BOOST_TEST(typed.event.time_ms == 1704164645124);
    BOOST_TEST(typed.parse(R"({"userIdentity":{},"n":1,"any":{},"t":1.5})") == RejectCode::BadTime);
    BOOST_TEST(typed.detail == "bad time '1.5' in field 't' (format epoch_ms)");
}

BOOST_AUTO_TEST_CASE(reject_bad_time) {
    Engine e(builtin_parsers());
    std::string rec = ct();
    rec.replace(rec.find("2024-01-02"), 10, "2024-13-02");
    BOOST_TEST(e.parse(rec) == RejectCode::BadTime);
    BOOST_TEST(e.detail == "bad time '2024-13-02T03:04:05Z' in field 'eventTime' (format iso8601)");
    rec = ct();
    rec.replace(rec.find("2024-01-02T03:04:05Z"), 20, "yesterday\\nat noon");
    BOOST_TEST(e.parse(rec) == RejectCode::BadTime);
    BOOST_TEST(e.detail == "bad time 'yesterday?at noon' in field 'eventTime' (format iso8601)"); // stays one line
    BOOST_TEST(e.parse(ct()) == RejectCode::Ok);
    BOOST_TEST(e.detail == ""); // success clears the previous reason
}

BOOST_AUTO_TEST_SUITE_END()
