#pragma once
// One MaxMind-format (.mmdb) database opened with libmaxminddb: GeoLite2/GeoIP2
// Country, City or ASN, DB-IP, ip-location-db, or a combined file. The header
// does not expose libmaxminddb (only a forward declaration).
//
// Answers: the country ISO code from `country.iso_code`, else
// `registered_country.iso_code`, else `country_code` (ip-location-db's layout);
// the ASN from `autonomous_system_number` and the AS organization from
// `autonomous_system_organization`. A database answers whatever it holds, so a
// combined file fills all three. Text views point into the memory-mapped file:
// valid as long as the GeoDb is open (it never moves: held by unique_ptr).

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "context/ip_address.h"

struct MMDB_s;

namespace trailproof::enrich {

struct GeoAnswer {
    std::string_view country; // ISO 3166-1 alpha-2, e.g. "US"; empty when unknown
    std::string_view as_org;  // e.g. "Example Transit"; empty when unknown
    std::uint32_t asn = 0;    // 0 when unknown (AS 0 is reserved, never announced)
};

class GeoDb {
public:
    GeoDb();
    ~GeoDb();
    GeoDb(GeoDb&&) noexcept;
    GeoDb& operator=(GeoDb&&) noexcept;
    GeoDb(const GeoDb&) = delete;
    GeoDb& operator=(const GeoDb&) = delete;

    // Opens `path` (memory-mapped). On failure returns false and sets `error` to
    // libmaxminddb's reason.
    [[nodiscard]] bool open(const std::string& path, std::string& error);
    [[nodiscard]] bool is_open() const noexcept { return m_db != nullptr; }
    // metadata.database_type, e.g. "GeoLite2-Country"; "" when closed.
    [[nodiscard]] std::string_view database_type() const noexcept;

    // Fills the fields of `out` that are still empty/0 from this database.
    // Returns true when the address is in the database. Never throws; an IPv6
    // address in an IPv4-only database is simply not found.
    bool lookup(const context::IpAddress& address, GeoAnswer& out) const noexcept;

private:
    struct Closer {
        void operator()(MMDB_s* db) const noexcept;
    };
    std::unique_ptr<MMDB_s, Closer> m_db;
};

} // namespace trailproof::enrich
