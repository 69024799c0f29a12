// Steady state allocates nothing: after a warm-up, enriching events whose
// addresses and user agents were seen before must not call operator new
// (DESIGN.md, "Hot path"). Covers geo, zones, IP lists, user agent and users.

#include <boost/test/unit_test.hpp>

#include "support/alloc_counter.h"


#include "enrich_test_util.h"



using namespace trailproof;

BOOST_AUTO_TEST_SUITE(enrich_allocations)

BOOST_AUTO_TEST_CASE(warmed_up_enrichment_allocates_nothing) {
    tp_test::EnrichSetup s({"src_country", "src_asn", "src_isp", "src_zone", "src_ip_lists", "ua_family", "ua_os",
                            "ua_browser", "ua_os_browser", "user_peer_group", "user_is_executive"});
    const FieldId ip = s.registry.find("sourceIPAddress");
    const FieldId ua = s.registry.find("userAgent");
    const FieldId user = s.registry.find("user");
    const char* ips[] = {"203.0.113.7", "198.51.100.70", "10.1.2.3", "2001:db8:1::1", "AWS Internal"};
    const char* uas[] = {"aws-cli/2.15.0 Python/3.11.6 Linux/6.1", "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0"};
    const char* users[] = {"arn:aws:iam::111122223333:user/alice", "arn:aws:iam::111122223333:user/nobody"};
    Event event;
    auto run = [&](int rounds) {
        long written = 0;
        for (int i = 0; i < rounds; ++i) {
            event.reset(s.registry.size());
            event.add(ip, Value{ValueKind::String, ips[i % 5], 0, -1});
            event.add(ua, Value{ValueKind::String, uas[i % 2], 0, -1});
            event.add(user, Value{ValueKind::String, users[i % 2], 0, -1});
            s.enricher.enrich(event, *s.scratch);
            written += event.has(s.registry.find("src_asn")) ? 1 : 0;
        }
        return written;
    };
    const long warm = run(20);
    tp_test::start_counting_allocations();
    const long measured = run(200);
    const std::size_t allocations = tp_test::stop_counting_allocations();
    BOOST_TEST(warm > 0);
    BOOST_TEST(measured == 10 * warm); // same mix, same answers
    BOOST_TEST(allocations == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
