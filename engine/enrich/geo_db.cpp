#include "enrich/geo_db.h"

#include <maxminddb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

namespace trailproof::enrich {

namespace {

// Path arrays for MMDB_aget_value (NULL-terminated).
const char* const k_country_iso[] = {"country", "iso_code", nullptr};
const char* const k_registered_country_iso[] = {"registered_country", "iso_code", nullptr};
const char* const k_country_code[] = {"country_code", nullptr};
const char* const k_asn[] = {"autonomous_system_number", nullptr};
const char* const k_as_org[] = {"autonomous_system_organization", nullptr};

std::string_view text_at(MMDB_entry_s& entry, const char* const* path) noexcept {
    MMDB_entry_data_s data{};
    if (MMDB_aget_value(&entry, &data, path) != MMDB_SUCCESS || !data.has_data ||
        data.type != MMDB_DATA_TYPE_UTF8_STRING)
        return {};
    return {data.utf8_string, data.data_size};
}

std::uint32_t number_at(MMDB_entry_s& entry, const char* const* path) noexcept {
    MMDB_entry_data_s data{};
    if (MMDB_aget_value(&entry, &data, path) != MMDB_SUCCESS || !data.has_data) return 0;
    switch (data.type) {
    case MMDB_DATA_TYPE_UINT16: return data.uint16;
    case MMDB_DATA_TYPE_UINT32: return data.uint32;
    case MMDB_DATA_TYPE_INT32: return data.int32 > 0 ? static_cast<std::uint32_t>(data.int32) : 0;
    case MMDB_DATA_TYPE_UINT64: return data.uint64 <= UINT32_MAX ? static_cast<std::uint32_t>(data.uint64) : 0;
    default: return 0;
    }
}

} // namespace

void GeoDb::Closer::operator()(MMDB_s* db) const noexcept {
    MMDB_close(db);
    delete db;
}

GeoDb::GeoDb() = default;
GeoDb::~GeoDb() = default;
GeoDb::GeoDb(GeoDb&&) noexcept = default;
GeoDb& GeoDb::operator=(GeoDb&&) noexcept = default;

bool GeoDb::open(const std::string& path, std::string& error) {
    auto db = std::make_unique<MMDB_s>();
    const int status = MMDB_open(path.c_str(), MMDB_MODE_MMAP, db.get());
    if (status != MMDB_SUCCESS) {
        error = MMDB_strerror(status);
        if (status == MMDB_IO_ERROR && errno != 0) error += std::string(": ") + std::strerror(errno);
        return false; // MMDB_open frees what it allocated on failure
    }
    m_db.reset(db.release());
    return true;
}

std::string_view GeoDb::database_type() const noexcept {
    if (!m_db || !m_db->metadata.database_type) return {};
    return m_db->metadata.database_type;
}

bool GeoDb::lookup(const context::IpAddress& address, GeoAnswer& out) const noexcept {
    if (!m_db) return false;
    sockaddr_storage storage{};
    if (address.v6) {
        auto* sa = reinterpret_cast<sockaddr_in6*>(&storage);
        sa->sin6_family = AF_INET6;
        std::memcpy(&sa->sin6_addr, address.bytes.data(), 16);
    } else {
        auto* sa = reinterpret_cast<sockaddr_in*>(&storage);
        sa->sin_family = AF_INET;
        std::memcpy(&sa->sin_addr, address.bytes.data(), 4);
    }
    int mmdb_error = MMDB_SUCCESS;
    MMDB_lookup_result_s result =
        MMDB_lookup_sockaddr(m_db.get(), reinterpret_cast<const sockaddr*>(&storage), &mmdb_error);
    if (mmdb_error != MMDB_SUCCESS || !result.found_entry) return false;
    if (out.country.empty()) out.country = text_at(result.entry, k_country_iso);
    if (out.country.empty()) out.country = text_at(result.entry, k_registered_country_iso);
    if (out.country.empty()) out.country = text_at(result.entry, k_country_code);
    if (out.asn == 0) out.asn = number_at(result.entry, k_asn);
    if (out.as_org.empty()) out.as_org = text_at(result.entry, k_as_org);
    return true;
}

} // namespace trailproof::enrich
