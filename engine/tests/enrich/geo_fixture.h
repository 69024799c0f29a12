#pragma once
// Test GeoIP databases, written once per test run into a fresh temporary folder:
//
//   country.mmdb   203.0.113.0/24 US, 198.51.100.0/24 DE with 198.51.100.128/25 FR
//                  nested, 192.0.2.0/24 present with no country, 2001:db8:1::/48 JP,
//                  and 10.0.0.0/8, fd00::/8 ZZ (private: enrichment must not report them)
//   asn.mmdb       203.0.113.0/24 AS64500 "Example Transit",
//                  198.51.100.0/24 AS64501 "Example Hosting", 2001:db8:1::/48 AS64502
//   combined.mmdb  203.0.113.0/24 US + AS64500 in one record
//   ipdb.mmdb      ip-location-db layout (country_code) and registered_country only
//   garbage.mmdb   not a database

#include <stdlib.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>

#include "mmdb_writer.h"

namespace tp_test {

struct GeoFiles {
    std::string dir, country, asn, combined, ipdb, garbage, missing;

    static const GeoFiles& get() {
        static const GeoFiles files = make();
        // Removes the folder at exit (a member destructor would also run for copies).
        static const struct Cleanup {
            std::string dir;
            ~Cleanup() {
                std::error_code ec;
                std::filesystem::remove_all(dir, ec);
            }
        } cleanup{files.dir};
        return files;
    }

private:
    static GeoFiles make() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "tp_enrich_XXXXXX").string();
        if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
        GeoFiles f;
        f.dir = tmpl;
        f.country = f.dir + "/country.mmdb";
        f.asn = f.dir + "/asn.mmdb";
        f.combined = f.dir + "/combined.mmdb";
        f.ipdb = f.dir + "/ipdb.mmdb";
        f.garbage = f.dir + "/garbage.mmdb";
        f.missing = f.dir + "/missing.mmdb";
        using V = MmdbValue;
        const auto country = [](const char* iso) { return V::map({{"country", V::map({{"iso_code", V::str(iso)}})}}); };
        write_file(f.country, write_mmdb({{"203.0.113.0/24", country("US")},
                                          {"198.51.100.0/24", country("DE")},
                                          {"198.51.100.128/25", country("FR")},
                                          {"192.0.2.0/24", V::map({{"continent", V::map({{"code", V::str("EU")}})}})},
                                          {"2001:db8:1::/48", country("JP")},
                                          // Special ranges the enricher must never ask about.
                                          {"10.0.0.0/8", country("ZZ")},
                                          {"fd00::/8", country("ZZ")}},
                                         "Test-Country"));
        const auto asn = [](std::uint32_t n, const char* org) {
            return V::map({{"autonomous_system_number", V::u32(n)},
                           {"autonomous_system_organization", V::str(org)}});
        };
        write_file(f.asn, write_mmdb({{"203.0.113.0/24", asn(64500, "Example Transit")},
                                      {"198.51.100.0/24", asn(64501, "Example Hosting")},
                                      {"2001:db8:1::/48", asn(64502, "Example V6 Net")}},
                                     "Test-ASN"));
        write_file(f.combined,
                   write_mmdb({{"203.0.113.0/24", V::map({{"country", V::map({{"iso_code", V::str("US")}})},
                                                          {"autonomous_system_number", V::u32(64500)},
                                                          {"autonomous_system_organization",
                                                           V::str("Example Transit")}})}},
                              "Test-Combined"));
        write_file(f.ipdb,
                   write_mmdb({{"203.0.113.0/24", V::map({{"country_code", V::str("NL")}})},
                               {"198.51.100.0/24",
                                V::map({{"registered_country", V::map({{"iso_code", V::str("SE")}})}})}},
                              "Test-ipdb"));
        write_file(f.garbage, "this is not a MaxMind database\n");
        return f;
    }
};

} // namespace tp_test
