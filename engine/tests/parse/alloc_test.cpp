// Steady state allocates nothing: after a warm-up, parsing the same mix of
// records again must not call operator new (DESIGN.md, "Hot path").

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "parse/default_parser.h"
#include "parse_test_util.h"

namespace {
bool g_counting = false;
long g_allocations = 0;
} // namespace

// Counting replacements for the global allocation functions of this test binary.
void* operator new(std::size_t size) {
    if (g_counting) ++g_allocations;
    if (void* p = std::malloc(size ? size : 1)) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return ::operator new(size); }
// simdjson allocates with nothrow new; every form must pair malloc with free (ASan checks it).
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
    if (g_counting) ++g_allocations;
    return std::malloc(size ? size : 1);
}
void* operator new[](std::size_t size, const std::nothrow_t& tag) noexcept { return ::operator new(size, tag); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

using namespace trailproof;

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
    // The first pass grows the parser and event buffers: proof the counter sees allocations.
    g_counting = true;
    pass();
    g_counting = false;
    BOOST_TEST(g_allocations > 0);
    pass();
    parsed = 0;
    g_allocations = 0;
    g_counting = true;
    for (int i = 0; i < 50; ++i) pass();
    g_counting = false;
    BOOST_TEST(parsed == 150);
    BOOST_TEST(g_allocations == 0);
}

BOOST_AUTO_TEST_SUITE_END()
