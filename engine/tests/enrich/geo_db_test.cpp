// GeoDb on databases the test writes itself (geo_fixture.h): exact country and
// ASN answers, range edges, IPv6, unknown addresses, and the database layouts
// the readers in the wild use.

#include <boost/test/unit_test.hpp>

#include <string>

#include "enrich/geo_db.h"
#include "geo_fixture.h"

using namespace trailproof;
using trailproof::enrich::GeoAnswer;
using trailproof::enrich::GeoDb;

namespace {

GeoDb open_db(const std::string& path) {
    GeoDb db;
    std::string error;
    BOOST_TEST_REQUIRE(db.open(path, error), error);
    return db;
}

// "found country/asn/org" or "none" for one address.
std::string ask(const GeoDb& db, const char* address) {
    context::IpAddress ip;
    BOOST_TEST_REQUIRE(context::parse_ip(address, ip));
    GeoAnswer a;
    if (!db.lookup(ip, a)) return "none";
    return std::string(a.country) + "/" + std::to_string(a.asn) + "/" + std::string(a.as_org);
}

} // namespace

BOOST_AUTO_TEST_SUITE(geo_db)

BOOST_AUTO_TEST_CASE(country_database_answers_exactly_with_range_edges) {
    const GeoDb db = open_db(tp_test::GeoFiles::get().country);
    BOOST_TEST(db.database_type() == "Test-Country");
    BOOST_TEST(ask(db, "203.0.113.5") == "US/0/");
    BOOST_TEST(ask(db, "203.0.113.0") == "US/0/");   // first address
    BOOST_TEST(ask(db, "203.0.113.255") == "US/0/"); // last address
    BOOST_TEST(ask(db, "203.0.112.255") == "none");  // one below
    BOOST_TEST(ask(db, "203.0.114.0") == "none");    // one above
    // Nested: 198.51.100.128/25 (FR) inside 198.51.100.0/24 (DE).
    BOOST_TEST(ask(db, "198.51.100.0") == "DE/0/");
    BOOST_TEST(ask(db, "198.51.100.127") == "DE/0/");
    BOOST_TEST(ask(db, "198.51.100.128") == "FR/0/");
    BOOST_TEST(ask(db, "198.51.100.255") == "FR/0/");
    // In the database, but without a country.
    BOOST_TEST(ask(db, "192.0.2.10") == "/0/");
    BOOST_TEST(ask(db, "8.8.8.8") == "none");
    BOOST_TEST(ask(db, "10.1.2.3") == "ZZ/0/"); // the database answers; the Enricher must not ask
}

BOOST_AUTO_TEST_CASE(ipv6_and_v4_mapped_addresses) {
    const GeoDb db = open_db(tp_test::GeoFiles::get().country);
    BOOST_TEST(ask(db, "2001:db8:1::") == "JP/0/");
    BOOST_TEST(ask(db, "2001:db8:1:ffff:ffff:ffff:ffff:ffff") == "JP/0/");
    BOOST_TEST(ask(db, "2001:db8:0:ffff:ffff:ffff:ffff:ffff") == "none");
    BOOST_TEST(ask(db, "2001:db8:2::") == "none");
    BOOST_TEST(ask(db, "::ffff:203.0.113.9") == "US/0/"); // read as 203.0.113.9
}

BOOST_AUTO_TEST_CASE(asn_database_gives_number_and_organization) {
    const GeoDb db = open_db(tp_test::GeoFiles::get().asn);
    BOOST_TEST(ask(db, "203.0.113.77") == "/64500/Example Transit");
    BOOST_TEST(ask(db, "198.51.100.200") == "/64501/Example Hosting");
    BOOST_TEST(ask(db, "2001:db8:1::42") == "/64502/Example V6 Net");
    BOOST_TEST(ask(db, "192.0.2.1") == "none");
}

BOOST_AUTO_TEST_CASE(combined_database_answers_everything) {
    const GeoDb db = open_db(tp_test::GeoFiles::get().combined);
    BOOST_TEST(ask(db, "203.0.113.1") == "US/64500/Example Transit");
}

BOOST_AUTO_TEST_CASE(ip_location_db_and_registered_country_layouts) {
    const GeoDb db = open_db(tp_test::GeoFiles::get().ipdb);
    BOOST_TEST(ask(db, "203.0.113.1") == "NL/0/");  // country_code
    BOOST_TEST(ask(db, "198.51.100.1") == "SE/0/"); // registered_country.iso_code
}

BOOST_AUTO_TEST_CASE(lookup_keeps_answers_already_given) {
    // The country database's answer stays; the ASN database only fills the gaps.
    const GeoDb country = open_db(tp_test::GeoFiles::get().country);
    const GeoDb asn = open_db(tp_test::GeoFiles::get().asn);
    context::IpAddress ip;
    BOOST_TEST_REQUIRE(context::parse_ip("198.51.100.130", ip));
    GeoAnswer a;
    BOOST_TEST(country.lookup(ip, a));
    BOOST_TEST(asn.lookup(ip, a));
    BOOST_TEST(a.country == "FR");
    BOOST_TEST(a.asn == 64501u);
    BOOST_TEST(a.as_org == "Example Hosting");
}

BOOST_AUTO_TEST_CASE(open_failures_name_the_reason) {
    GeoDb db;
    std::string error;
    BOOST_TEST(!db.open(tp_test::GeoFiles::get().missing, error));
    BOOST_TEST(error == "Error opening the specified MaxMind DB file");
    BOOST_TEST(!db.open(tp_test::GeoFiles::get().garbage, error));
    BOOST_TEST(error == "The MaxMind DB file contains invalid metadata");
    BOOST_TEST(!db.is_open());
    context::IpAddress ip;
    BOOST_TEST_REQUIRE(context::parse_ip("203.0.113.5", ip));
    GeoAnswer a;
    BOOST_TEST(!db.lookup(ip, a)); // a closed database answers nothing
}

BOOST_AUTO_TEST_SUITE_END()
