// The hot path allocates nothing (DESIGN.md invariant, STYLE.md §3): after a
// warm-up, matching many events through every kind of matcher performs zero
// global operator new calls.

#include "support/alloc_counter.h"
#include "rules_fixture.h"

using namespace trailproof;
using namespace trailproof::rules;
using namespace trailproof::rules::test;

BOOST_FIXTURE_TEST_SUITE(hot_path, RulesFixture)

BOOST_AUTO_TEST_CASE(match_does_not_allocate) {
    options.placeholders["Admins"] = {"alice", "bob"};
    load(R"(title: mixed
id: r1
logsource: {product: aws}
detection:
  sel:
    eventSource: s3.amazonaws.com
    eventName: [GetObject, PutObject]
  a:
    userAgent|contains|all: [aws, cli]
    userAgent|re|i: 'AWS-CLI/[0-9]+'
  b:
    sourceIPAddress|cidr: [10.0.0.0/8, '2001:db8::/32']
  c:
    userIdentity.userName|fieldref|endswith: requestParameters.key
    userIdentity.arn|expand: '%Admins%'
  d:
    requestParameters.key|base64offset|contains: secret
  f:
    cmd|windash|startswith: '-x'
  e:
    bytes|gte: 100
    eventTime|hour|lt: 6
    errorCode: null
    readOnly: true
    n: 4624
  keywords:
    - 'evil'
  condition: sel and (a or b or c or d or e or f) or keywords
---
title: plain
id: r2
logsource: {product: aws}
detection:
  sel:
    eventName: GetObject
    userIdentity.type|neq: Root
  condition: sel
)");
    BOOST_TEST_REQUIRE(result.successful(), result.render_text());
    std::deque<EventBuilder> builders; // EventBuilder is not copyable; a deque never moves it
    for (int i = 0; i < 9; ++i) builders.emplace_back(registry);
    builders[0].str("eventSource", "s3.amazonaws.com").str("eventName", "GetObject").str("userAgent", "aws-cli/2.1");
    builders[1].str("eventSource", "s3.amazonaws.com").str("eventName", "PutObject").str("sourceIPAddress", "10.1.2.3");
    builders[2].str("eventName", "GetObject").str("userIdentity.type", "IAMUser").str("sourceIPAddress", "2001:db8::1");
    builders[3]
        .str("eventSource", "s3.amazonaws.com")
        .str("eventName", "getobject")
        .str("userIdentity.userName", "ops-bob")
        .str("requestParameters.key", "bob")
        .str("userIdentity.arn", "alice");
    builders[4]
        .str("eventSource", "s3.amazonaws.com")
        .str("eventName", "PutObject")
        .num("bytes", 512, "512")
        .str("eventTime", "2024-01-01T03:00:00Z")
        .boolean("readOnly", true)
        .num("n", 4624, "4624");
    builders[5].raw(R"({"eventName":"Evil"})").str("eventName", "Describe");
    builders[6]
        .str("eventSource", "s3.amazonaws.com")
        .str("eventName", "GetObject")
        .str("requestParameters.key", "c2VjcmV0");
    builders[7].str("eventName", "GetObject").str("eventName", "PutObject").str("userIdentity.type", "Root");
    builders[8].str("eventSource", "s3.amazonaws.com").str("eventName", "PutObject").str("cmd", "/x run");
    std::vector<const Event*> events;
    for (auto& b : builders) events.push_back(&b.build());

    std::vector<std::uint32_t> hits;
    hits.reserve(set.size());
    std::size_t total = 0;
    PredicateMemo worker_memo; // the worker's scratch: sized by the first match
    std::size_t memo_total = 0;
    for (const Event* e : events) { // warm-up: RE2 builds its DFA lazily
        set.match(*e, hits);
        set.match_full_scan(*e, hits);
        set.match(*e, worker_memo, hits);
    }
    tp_test::start_counting_allocations();
    for (int round = 0; round < 200; ++round)
        for (const Event* e : events) {
            set.match(*e, hits);
            total += hits.size();
            set.match_full_scan(*e, hits);
            set.match(*e, worker_memo, hits);
            memo_total += hits.size();
        }
    BOOST_TEST(tp_test::stop_counting_allocations() == 0u);
    BOOST_TEST(memo_total == total);
    // The counter does count (the test can fail).
    tp_test::start_counting_allocations();
    std::string probe(100, 'x');
    BOOST_TEST(tp_test::stop_counting_allocations() > 0u);
    BOOST_TEST(probe.size() == 100u);
    // Every matcher kind above took part: each event's hits, as worked out by hand.
    std::vector<std::size_t> per_event;
    for (const Event* e : events) {
        set.match(*e, hits);
        per_event.push_back(hits.size());
    }
    BOOST_TEST(per_event == (std::vector<std::size_t>{2, 1, 1, 2, 1, 1, 2, 0, 1}));
    BOOST_TEST(total == 200u * 11u);
}

BOOST_AUTO_TEST_SUITE_END()
