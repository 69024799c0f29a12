// Steady state allocates nothing: after a warm-up, parsing the same mix of
// records again must not call operator new (DESIGN.md, "Hot path").

#include <boost/test/unit_test.hpp>

#include "support/alloc_counter.h"

#include <string>
#include <vector>

#include "parse/default_parser.h"
#include "parse/json_walker.h"
#include "parse_test_util.h"

using namespace trailproof;

namespace {

// Operator new calls of 50 more passes, after a first pass that must allocate
// (proof the counter sees allocations: it grows the buffers) and a second;
// `start` runs just before the 50.
template <typename Pass, typename Start>
std::size_t allocations_when_warm(Pass&& pass, Start&& start) {
    tp_test::start_counting_allocations();
    pass();
    BOOST_TEST(tp_test::stop_counting_allocations() > 0u);
    pass();
    start();
    tp_test::start_counting_allocations();
    for (int i = 0; i < 50; ++i) pass();
    return tp_test::stop_counting_allocations();
}

} // namespace

BOOST_AUTO_TEST_SUITE(allocations)

BOOST_AUTO_TEST_CASE(warmed_up_parsing_allocates_nothing) {
    std::vector<parse::ParserInfo> infos{parse::default_cloudtrail_parser()};
    std::vector<parse::ParserInfo> cef;
    BOOST_TEST_REQUIRE(parse::read_parsers("parsers:\n  - name: c\n    format: cef\n    fields: {user: suser, "
                                           "vendor: cef.vendor}\n",
                                           "c.yml", cef)
                           .successful());
    infos.push_back(cef[0]);
    tp_test::Engine e(std::move(infos), {"resources.ARN", "requestParameters", "n", "msg"});

    std::vector<tp_test::Padded> records;
    records.emplace_back(
        R"({"eventTime":"2024-01-02T03:04:05Z","eventSource":"s3.amazonaws.com","eventName":"PutBucketPolicy",)"
        R"("userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::1:user/a"},"n":12.5,"errorCode":"AccessDenied",)"
        R"("requestParameters":{"bucketName":"b","policy":{"Statement":[{"Effect":"Allow","Principal":"*"}]}},)"
        R"("resources":[{"ARN":"arn:aws:s3:::b"},{"ARN":"arn:aws:s3:::c"}]})");
    records.emplace_back(R"({"detail-type":"AWS API Call via CloudTrail","detail":{"eventTime":"2024-01-02T03:04:05Z",)"
                         R"("eventSource":"iam.amazonaws.com","eventName":"CreateUser","n":7}})");
    records.emplace_back(R"(CEF:0|AWS|CloudTrail\|x|1|a|b|3|rt=1704164645000 suser=alice msg=a\=b c\\d)",
                         RecordFormat::Text);

    long parsed = 0;
    auto pass = [&] {
        for (const tp_test::Padded& r : records)
            if (e.parser.parse(r.record, e.event, e.detail) == RejectCode::Ok) ++parsed;
    };
    BOOST_TEST(allocations_when_warm(pass, [&] { parsed = 0; }) == 0u);
    BOOST_TEST(parsed == 150);
}

// The same as detect parses: through a shared document whose record text is
// kept in a store (one per record in detect's batch, cleared when the record's
// slot is reused; FieldTable::keep), and each event then owns its text.
BOOST_AUTO_TEST_CASE(warmed_up_parsing_into_a_record_store_allocates_nothing) {
    std::vector<parse::ParserInfo> infos{parse::default_cloudtrail_parser()};
    tp_test::Engine e(std::move(infos), {"resources.ARN", "requestParameters", "n"});
    parse::JsonDocument document;
    e.parser.share_json(document);
    std::vector<tp_test::Padded> records;
    records.emplace_back(
        R"({"eventTime":"2024-01-02T03:04:05Z","eventSource":"s3.amazonaws.com","eventName":"PutBucketPolicy",)"
        R"("userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::1:user/a"},"n":12.5,"errorCode":"AccessDenied",)"
        R"("requestParameters":{"bucketName":"b","policy":{"Statement":[{"Effect":"Allow","Principal":"*"}]}},)"
        R"("resources":[{"ARN":"arn:aws:s3:::b"},{"ARN":"arn:aws:s3:::c"}],"flag":true})");
    records.emplace_back(R"({"detail-type":"AWS API Call via CloudTrail","detail":{"eventTime":"2024-01-02T03:04:05Z",)"
                         R"("eventSource":"iam.amazonaws.com","eventName":"CreateUser","n":7}})");
    std::vector<TextArena> stores(records.size());
    long parsed = 0;
    auto pass = [&] {
        for (std::size_t i = 0; i < records.size(); ++i) {
            stores[i].clear();
            document.forget();
            document.keep_text_in(&stores[i]);
            if (e.parser.parse(records[i].record, e.event, e.detail) != RejectCode::Ok) continue;
            e.event.own_text();
            ++parsed;
        }
    };
    BOOST_TEST(allocations_when_warm(pass, [&] { parsed = 0; }) == 0u);
    BOOST_TEST(parsed == 100);
}

BOOST_AUTO_TEST_SUITE_END()
