// Enricher: each enrichment fills exactly the expected values, only for fields
// that content uses; non-IP and private sources get no geography; caches give
// the same answers and clear when full; load problems are reported exactly.

#include <boost/test/unit_test.hpp>

#include "enrich/enrich_fields.h"
#include "enrich_test_util.h"

using namespace trailproof;
using tp_test::EnrichSetup;
using tp_test::Values;

BOOST_AUTO_TEST_SUITE(enricher)

BOOST_AUTO_TEST_CASE(geo_country_asn_and_isp) {
    EnrichSetup s({"src_country", "src_asn", "src_isp"});
    s.enrich({{"sourceIPAddress", "203.0.113.5"}});
    BOOST_TEST(s.values("src_country") == Values{"string:US"});
    BOOST_TEST(s.values("src_asn") == Values{"number:64500"});
    BOOST_TEST(s.event().first(s.registry.find("src_asn"))->number == 64500.0);
    BOOST_TEST(s.values("src_isp") == Values{"string:Example Transit"});

    s.enrich({{"sourceIPAddress", "198.51.100.200"}});
    BOOST_TEST(s.values("src_country") == Values{"string:FR"});
    BOOST_TEST(s.values("src_asn") == Values{"number:64501"});
    BOOST_TEST(s.values("src_isp") == Values{"string:Example Hosting"});

    s.enrich({{"sourceIPAddress", "2001:db8:1::9"}});
    BOOST_TEST(s.values("src_country") == Values{"string:JP"});
    BOOST_TEST(s.values("src_asn") == Values{"number:64502"});
}

BOOST_AUTO_TEST_CASE(combined_database_given_as_country_fills_asn_too) {
    enrich::EnrichOptions o;
    o.geoip_country = tp_test::GeoFiles::get().combined;
    EnrichSetup s({"src_country", "src_asn", "src_isp"}, o);
    s.enrich({{"sourceIPAddress", "203.0.113.5"}});
    BOOST_TEST(s.values("src_country") == Values{"string:US"});
    BOOST_TEST(s.values("src_asn") == Values{"number:64500"});
    BOOST_TEST(s.values("src_isp") == Values{"string:Example Transit"});
}

BOOST_AUTO_TEST_CASE(non_ip_unknown_and_private_sources_have_no_geography) {
    EnrichSetup s({"src_country", "src_asn", "src_isp"});
    for (const char* source : {"AWS Internal", "lambda.amazonaws.com", "ec2.amazonaws.com", "not an ip",
                               "8.8.8.8",      // not in the database
                               "192.0.2.10",   // in the database, without a country
                               "10.1.2.3",     // private: the test database says ZZ, must not be asked
                               "fd00::1", "127.0.0.1", "100.64.0.1", "169.254.169.254", "fe80::1", "::1"}) {
        BOOST_TEST_CONTEXT("sourceIPAddress " << source) {
            s.enrich({{"sourceIPAddress", source}});
            BOOST_TEST(s.values("src_country").empty());
            BOOST_TEST(s.values("src_asn").empty());
            BOOST_TEST(s.values("src_isp").empty());
        }
    }
    s.enrich({}); // no source at all
    BOOST_TEST(s.values("src_country").empty());
}

BOOST_AUTO_TEST_CASE(src_ip_is_the_fallback_source) {
    EnrichSetup s({"src_country"});
    s.enrich({{"src_ip", "203.0.113.5"}});
    BOOST_TEST(s.values("src_country") == Values{"string:US"});
    // sourceIPAddress wins when both are there.
    s.enrich({{"sourceIPAddress", "198.51.100.1"}, {"src_ip", "203.0.113.5"}});
    BOOST_TEST(s.values("src_country") == Values{"string:DE"});
    // An empty sourceIPAddress falls through to src_ip.
    s.enrich({{"sourceIPAddress", ""}, {"src_ip", "203.0.113.5"}});
    BOOST_TEST(s.values("src_country") == Values{"string:US"});
}

BOOST_AUTO_TEST_CASE(a_value_from_the_input_wins) {
    EnrichSetup s({"src_country", "ua_family"});
    s.enrich({{"sourceIPAddress", "203.0.113.5"}, {"src_country", "CA"}, {"userAgent", "curl/8.4.0"},
              {"ua_family", "custom"}});
    BOOST_TEST(s.values("src_country") == Values{"string:CA"});
    BOOST_TEST(s.values("ua_family") == Values{"string:custom"});
}

BOOST_AUTO_TEST_CASE(zones_apply_to_private_and_public_addresses) {
    EnrichSetup s({"src_zone", "src_country"});
    s.enrich({{"sourceIPAddress", "10.20.30.40"}});
    BOOST_TEST(s.values("src_zone") == Values{"string:aws-vpc"});
    BOOST_TEST(s.values("src_country").empty());
    s.enrich({{"sourceIPAddress", "203.0.113.127"}}); // last address of 203.0.113.0/25
    BOOST_TEST(s.values("src_zone") == Values{"string:office-hq"});
    BOOST_TEST(s.values("src_country") == Values{"string:US"});
    s.enrich({{"sourceIPAddress", "203.0.113.128"}}); // one past it
    BOOST_TEST(s.values("src_zone").empty());
    s.enrich({{"sourceIPAddress", "2001:db8:1::5"}});
    BOOST_TEST(s.values("src_zone") == Values{"string:office-v6"});
    s.enrich({{"sourceIPAddress", "AWS Internal"}});
    BOOST_TEST(s.values("src_zone").empty());
}

BOOST_AUTO_TEST_CASE(ip_lists_holding_the_source) {
    EnrichSetup s({"src_ip_lists"});
    s.enrich({{"sourceIPAddress", "203.0.113.7"}});
    BOOST_TEST(s.values("src_ip_lists") == (Values{"string:tor_exit_nodes", "string:blocklisted_ips"}));
    s.enrich({{"sourceIPAddress", "203.0.113.8"}});
    BOOST_TEST(s.values("src_ip_lists") == Values{"string:blocklisted_ips"});
    s.enrich({{"sourceIPAddress", "198.51.100.79"}}); // last of 198.51.100.64/28
    BOOST_TEST(s.values("src_ip_lists") == Values{"string:tor_exit_nodes"});
    s.enrich({{"sourceIPAddress", "198.51.100.80"}});
    BOOST_TEST(s.values("src_ip_lists").empty());
}

BOOST_AUTO_TEST_CASE(user_agent_fields) {
    EnrichSetup s({"ua_family", "ua_os", "ua_browser", "ua_os_browser"});
    s.enrich({{"userAgent", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like "
                            "Gecko) Chrome/120.0.0.0 Safari/537.36"}});
    BOOST_TEST(s.values("ua_family") == Values{"string:chrome"});
    BOOST_TEST(s.values("ua_os") == Values{"string:macOS"});
    BOOST_TEST(s.values("ua_browser") == Values{"string:Chrome"});
    BOOST_TEST(s.values("ua_os_browser") == Values{"string:macOS/Chrome"});

    s.enrich({{"userAgent", "aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64.debian.12 prompt/off command/s3.ls"}});
    BOOST_TEST(s.values("ua_family") == Values{"string:aws-cli"});
    BOOST_TEST(s.values("ua_os") == Values{"string:Linux"});
    BOOST_TEST(s.values("ua_browser").empty());
    BOOST_TEST(s.values("ua_os_browser").empty());

    s.enrich({{"user_agent", "AWS Internal"}}); // normalized fallback
    BOOST_TEST(s.values("ua_family") == Values{"string:aws-console"});
    BOOST_TEST(s.values("ua_os").empty());

    s.enrich({{"userAgent", "Jersey/2.35"}});
    BOOST_TEST(s.values("ua_family") == Values{"string:unknown"});
    s.enrich({});
    BOOST_TEST(s.values("ua_family").empty()); // no user agent: nothing, not "unknown"
}

BOOST_AUTO_TEST_CASE(users_table_lookups) {
    EnrichSetup s({"user_peer_group", "user_department", "user_is_executive", "user_is_privileged",
                   "user_is_service_account", "user_is_deactivated"});
    // By full ARN (the normalized `user`), case-insensitive.
    s.enrich({{"user", "ARN:AWS:IAM::111122223333:USER/ALICE"}});
    BOOST_TEST(s.values("user_peer_group") == Values{"string:cloud-platform"});
    BOOST_TEST(s.values("user_department") == Values{"string:Engineering"});
    BOOST_TEST(s.values("user_is_executive") == Values{"bool:false"});
    BOOST_TEST(s.values("user_is_privileged") == Values{"bool:true"});
    BOOST_TEST(s.values("user_is_service_account") == Values{"bool:false"});
    BOOST_TEST(s.values("user_is_deactivated") == Values{"bool:false"});

    // By IAM user name.
    s.enrich({{"user_name", "Bob"}, {"userIdentity.arn", "arn:aws:iam::111122223333:user/Bob"}});
    BOOST_TEST(s.values("user_peer_group") == Values{"string:finance-apps"});
    BOOST_TEST(s.values("user_is_executive") == Values{"bool:true"});

    // By the session name of an assumed role (IAM Identity Center sign-in name).
    s.enrich({{"userIdentity.arn",
               "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/erin@example.com"},
              {"userIdentity.sessionContext.sessionIssuer.userName", "AWSReservedSSO_Admin_0123456789abcdef"}});
    BOOST_TEST(s.values("user_peer_group") == Values{"string:cloud-platform"});
    BOOST_TEST(s.values("user_is_executive") == Values{"bool:true"});

    // By the role name when the session name is not in the table.
    s.enrich({{"userIdentity.arn", "arn:aws:sts::111122223333:assumed-role/deploy-bot/i-0123456789abcdef0"},
              {"userIdentity.sessionContext.sessionIssuer.userName", "deploy-bot"}});
    BOOST_TEST(s.values("user_peer_group") == Values{"string:automation"});
    BOOST_TEST(s.values("user_is_service_account") == Values{"bool:true"});

    // Empty department: no value rather than an empty one.
    s.enrich({{"user_name", "grace"}});
    BOOST_TEST(s.values("user_department").empty());
    BOOST_TEST(s.values("user_is_deactivated") == Values{"bool:true"});

    // Not in the table: no fields at all (not "false").
    s.enrich({{"user", "arn:aws:iam::111122223333:user/mallory"}});
    BOOST_TEST(s.values("user_peer_group").empty());
    BOOST_TEST(s.values("user_is_privileged").empty());
}

// The worker remembers its last users-table answer (issue 13: the parser groups
// of one record ask one after the other). It must answer only inputs equal in
// every text the lookup reads: a group whose principal policy gives another
// `user`, the next record, an answer of "no such user".
BOOST_AUTO_TEST_CASE(the_last_user_answer_reaches_only_equal_inputs) {
    EnrichSetup s({"user_peer_group"});
    const std::string_view alice = "arn:aws:iam::111122223333:user/alice";
    s.enrich({{"userIdentity.arn", alice}, {"user", alice}});
    BOOST_TEST(s.values("user_peer_group") == Values{"string:cloud-platform"});
    s.enrich({{"userIdentity.arn", alice}, {"user", "bob"}}); // only `user` differs
    BOOST_TEST(s.values("user_peer_group") == Values{"string:finance-apps"});
    s.enrich({{"userIdentity.arn", alice}, {"user", alice}});
    BOOST_TEST(s.values("user_peer_group") == Values{"string:cloud-platform"});
    s.enrich({{"user", "mallory"}});
    BOOST_TEST(s.values("user_peer_group").empty());
    s.enrich({{"user", "mallory"}, {"user_name", "grace"}}); // one more text than the unknown user's
    BOOST_TEST(s.values("user_peer_group") == Values{"string:finance-apps"});
    s.enrich({{"user", "mallory"}, {"userIdentity.sessionContext.sessionIssuer.userName", "deploy-bot"}});
    BOOST_TEST(s.values("user_peer_group") == Values{"string:automation"});
    s.enrich({{"user", "mallory"}});
    BOOST_TEST(s.values("user_peer_group").empty());
}

BOOST_AUTO_TEST_CASE(only_used_fields_are_enriched) {
    EnrichSetup s({"src_country"});
    BOOST_TEST(s.enricher.used_fields() == std::vector<std::string_view>{"src_country"});
    BOOST_TEST(s.enricher.active());
    // Inputs of unused enrichments are not even registered, so the parser skips them.
    BOOST_TEST(s.registry.find("sourceIPAddress") != k_no_field);
    BOOST_TEST(s.registry.find("userAgent") == k_no_field);
    BOOST_TEST(s.registry.find("userIdentity.arn") == k_no_field);
    // A field registered after compile (not used at compile time) is never written.
    (void)s.registry.intern("src_asn");
    (void)s.registry.intern("ua_family");
    s.enrich({{"sourceIPAddress", "203.0.113.5"}, {"userAgent", "curl/8.4.0"}});
    BOOST_TEST(s.values("src_country") == Values{"string:US"});
    BOOST_TEST(s.values("src_asn").empty());
    BOOST_TEST(s.values("ua_family").empty());
}

BOOST_AUTO_TEST_CASE(nothing_used_means_inactive) {
    EnrichSetup s({"eventName"});
    BOOST_TEST(!s.enricher.active());
    BOOST_TEST(s.enricher.used_fields().empty());
    BOOST_TEST(s.registry.size() == 1u);
}

BOOST_AUTO_TEST_CASE(ip_cache_answers_the_same_and_clears_when_full) {
    enrich::EnrichOptions o = tp_test::geo_options();
    o.ip_cache_entries = 2;
    EnrichSetup s({"src_country"}, o);
    const std::pair<const char*, const char*> sequence[] = {
        {"203.0.113.5", "string:US"},  // miss
        {"203.0.113.5", "string:US"},  // hit
        {"198.51.100.1", "string:DE"}, // miss, cache full now
        {"2001:db8:1::1", "string:JP"},// miss: cleared first
        {"203.0.113.5", "string:US"},  // miss again (was cleared)
        {"2001:db8:1::1", "string:JP"},// hit
    };
    for (const auto& [ip, expected] : sequence) {
        BOOST_TEST_CONTEXT(ip) {
            s.enrich({{"sourceIPAddress", ip}});
            BOOST_TEST(s.values("src_country") == Values{expected});
        }
    }
    BOOST_TEST(s.scratch->ip_stats().hits == 2u);
    BOOST_TEST(s.scratch->ip_stats().misses == 4u);
    BOOST_TEST(s.scratch->ip_stats().clears == 1u);
}

BOOST_AUTO_TEST_CASE(ua_cache_hits_on_repeats) {
    EnrichSetup s({"ua_family"});
    for (int i = 0; i < 3; ++i) {
        s.enrich({{"userAgent", "Boto3/1.28.57 Python/3.11.4 Darwin/23.1.0 Botocore/1.31.57"}});
        BOOST_TEST(s.values("ua_family") == Values{"string:boto3"});
    }
    BOOST_TEST(s.scratch->ua_stats().misses == 1u);
    BOOST_TEST(s.scratch->ua_stats().hits == 2u);
}

BOOST_AUTO_TEST_CASE(ip_facts_directly) {
    EnrichSetup s({"src_country", "src_zone"});
    const enrich::IpFacts f = s.enricher.ip_facts("10.0.0.1", *s.scratch);
    BOOST_TEST(f.is_ip);
    BOOST_TEST(f.special);
    BOOST_TEST(f.geo.country.empty());
    BOOST_TEST(f.zone == "aws-vpc");
    BOOST_TEST(!s.enricher.ip_facts("AWS Internal", *s.scratch).is_ip);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(enricher_user_reload)

BOOST_AUTO_TEST_CASE(a_scratch_forgets_the_users_of_a_replaced_enricher) {
    EnrichSetup s({"user_peer_group"});
    s.enrich({{"user", "bob"}});
    BOOST_TEST(s.values("user_peer_group") == Values{"string:finance-apps"});
    trailproof::context::ContextTables other;
    BOOST_TEST_REQUIRE(trailproof::context::ContextTables::compile(
                           {{"ctx/users.csv", "user,peer_group,department,executive,privileged,service_account,"
                                              "deactivated\nbob,auditors,Audit,false,false,false,false\n"}},
                           other)
                           .successful());
    BOOST_TEST_REQUIRE(
        trailproof::enrich::Enricher::compile(tp_test::geo_options(), &other, s.registry, s.enricher).successful());
    s.enrich({{"user", "bob"}}); // the same input, the answer of the new table
    BOOST_TEST(s.values("user_peer_group") == Values{"string:auditors"});
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(enricher_load)

BOOST_AUTO_TEST_CASE(used_fields_without_their_source_are_warnings) {
    FieldRegistry registry;
    for (const char* f : {"src_country", "src_isp", "user_peer_group", "src_zone", "src_ip_lists"})
        (void)registry.intern(f);
    enrich::Enricher e;
    const LoadResult r = enrich::Enricher::compile({}, nullptr, registry, e);
    BOOST_TEST(r.successful());
    BOOST_TEST(r.render_text() ==
               "<input>: warning[enrich.no_geoip]: content uses 'src_country' but no GeoIP database is loaded "
               "(--geoip-country, --geoip-asn); the field stays empty\n"
               "<input>: warning[enrich.no_geoip]: content uses 'src_isp' but no GeoIP database is loaded "
               "(--geoip-country, --geoip-asn); the field stays empty\n"
               "<input>: warning[enrich.no_context]: content uses 'user_peer_group' but no users table is "
               "loaded; the field stays empty\n"
               "<input>: warning[enrich.no_context]: content uses 'src_zone' but no zones table is loaded; the "
               "field stays empty\n"
               "<input>: warning[enrich.no_context]: content uses 'src_ip_lists' but no IP list is loaded; the "
               "field stays empty\n");
}

BOOST_AUTO_TEST_CASE(unreadable_databases_are_errors_and_keep_the_old_enricher) {
    const tp_test::GeoFiles& files = tp_test::GeoFiles::get();
    FieldRegistry registry;
    (void)registry.intern("src_country");
    enrich::Enricher e;
    BOOST_TEST_REQUIRE(enrich::Enricher::compile(tp_test::geo_options(), nullptr, registry, e).successful());
    enrich::EnrichOptions bad;
    bad.geoip_country = files.missing;
    bad.geoip_asn = files.garbage;
    const LoadResult r = enrich::Enricher::compile(bad, nullptr, registry, e);
    BOOST_TEST(!r.successful());
    BOOST_TEST(r.render_text() ==
               files.garbage + ": error[enrich.geoip_unreadable]: cannot open GeoIP database: The MaxMind DB file "
                               "contains invalid metadata\n" +
                   files.missing + ": error[enrich.geoip_unreadable]: cannot open GeoIP database: Error opening "
                                   "the specified MaxMind DB file\n");
    // `e` still holds the working configuration.
    BOOST_TEST(e.options().geoip_country == files.country);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(enricher_reload)

BOOST_AUTO_TEST_CASE(a_scratch_forgets_facts_of_a_replaced_enricher) {
    // Facts cached for the first Enricher view its database; after a new compile the
    // scratch must not serve them (the old database may be closed).
    FieldRegistry registry;
    (void)registry.intern("src_country");
    enrich::Enricher e;
    BOOST_TEST_REQUIRE(enrich::Enricher::compile(tp_test::geo_options(), nullptr, registry, e).successful());
    enrich::EnrichScratch scratch(e);
    BOOST_TEST(e.ip_facts("203.0.113.5", scratch).geo.country == "US");
    enrich::EnrichOptions other;
    other.geoip_country = tp_test::GeoFiles::get().ipdb; // says NL for 203.0.113.0/24
    BOOST_TEST_REQUIRE(enrich::Enricher::compile(other, nullptr, registry, e).successful());
    BOOST_TEST(e.ip_facts("203.0.113.5", scratch).geo.country == "NL");
    BOOST_TEST(scratch.ip_stats().hits == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
