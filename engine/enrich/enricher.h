#pragma once
// The enrich stage: after parsing, before rules, fill derived fields into the
// Event (geo-IP, user agent, context lookups), and only those that some loaded
// rule or model names. Runs once per event.
//
// Order at load (the FieldRegistry is the contract):
//   1. rules and models compile and intern the field names they read;
//   2. Enricher::compile looks up which output fields are registered (= used),
//      opens the GeoIP databases, and interns the input fields it needs;
//   3. the parser set is finalized, so the parser extracts those inputs.
//
// The Enricher is immutable and shared const by all workers; each worker owns an
// EnrichScratch (the per-distinct-value caches). In the steady state enrich()
// allocates nothing: cache memory is reserved up front, the only text written
// into the event (the ASN number) goes to the event's TextArena, and every other
// value views stable storage (the memory-mapped GeoIP file, the context tables,
// string literals). Hence the ContextTables and the Enricher must outlive every
// Event enriched with them, and must not move while such Events are in use.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "context/context_tables.h"
#include "core/diagnostic.h"
#include "core/event.h"
#include "core/field_registry.h"
#include "core/last_answer.h"
#include "enrich/bounded_cache.h"
#include "enrich/geo_db.h"
#include "enrich/user_agent.h"
#include "enrich/user_memo.h"

namespace trailproof::enrich {

struct EnrichOptions {
    std::string geoip_country;  // --geoip-country: .mmdb path, or empty
    std::string geoip_asn;      // --geoip-asn: .mmdb path, or empty (may be the same file)
    std::size_t ip_cache_entries = 16384; // per worker; 0 disables the cache
    std::size_t ua_cache_entries = 4096;  // per worker; 0 disables the cache
};

// Everything enrichment derives from one source-address string, cached per string.
struct IpFacts {
    bool is_ip = false;       // false: "AWS Internal", "lambda.amazonaws.com", garbage
    bool special = false;     // private/loopback/... (no geography; see special_ranges.h)
    GeoAnswer geo;            // views into the GeoIP file
    std::string_view zone;    // view into the ContextTables
    std::uint64_t lists = 0;  // bit i: IP list i holds the address (first 64 lists)
};

class Enricher;

// Per-worker scratch: the IP and user-agent caches, and the last users-table
// answer (the parser groups that accept one record ask for the same user one
// after the other; keyed by the bytes of every text the lookup reads, so a group
// whose `user` differs asks again). Not shared between threads. Cached facts view
// the Enricher's databases and tables, so a scratch notices when it is used with
// another Enricher (one compiled later) and forgets them first.
class EnrichScratch {
public:
    explicit EnrichScratch(const Enricher& enricher);
    [[nodiscard]] const CacheStats& ip_stats() const noexcept { return m_ip.stats(); }
    [[nodiscard]] const CacheStats& ua_stats() const noexcept { return m_ua.stats(); }

private:
    friend class Enricher;
    BoundedCache<IpFacts> m_ip;
    BoundedCache<UaInfo> m_ua;
    // user, userIdentity.arn, user_name, userIdentity.userName, the role name
    // m_users first; m_user holds the last answer whose key was too long for it.
    UserMemo m_users;
    LastAnswer<const context::UserRecord*, 5, 1024> m_user;
    std::uint64_t m_generation = 0; // of the Enricher the caches were filled for
};

class Enricher {
public:
    Enricher() = default;

    // Prepares enrichment for the fields `registry` already holds (see the order
    // above). `tables` may be null (no context). Opens the GeoIP files named in
    // `options` (an unreadable one is an error, enrich.geoip_unreadable). An output
    // field that is used but cannot be filled (no database, no table) is a
    // warning. `out` is replaced only when there is no error.
    [[nodiscard]] static LoadResult compile(const EnrichOptions& options, const context::ContextTables* tables,
                                            FieldRegistry& registry, Enricher& out);

    // Fills the used output fields of `event` that the event does not already
    // carry (a value from the input wins: pre-enriched records keep theirs).
    void enrich(Event& event, EnrichScratch& scratch) const noexcept;

    // Looks up one address string as enrich() does (through the cache).
    [[nodiscard]] IpFacts ip_facts(std::string_view address, EnrichScratch& scratch) const noexcept;

    // Names of the output fields this Enricher writes, in a fixed order.
    [[nodiscard]] std::vector<std::string_view> used_fields() const;
    // False when no loaded content uses any enriched field (enrich() returns at once).
    [[nodiscard]] bool active() const noexcept { return m_ip_needed || m_ua_needed || m_user_needed; }

    [[nodiscard]] const EnrichOptions& options() const noexcept { return m_options; }

private:
    struct Outputs {
        FieldId src_country = k_no_field;
        FieldId src_asn = k_no_field;
        FieldId src_isp = k_no_field;
        FieldId src_zone = k_no_field;
        FieldId src_ip_lists = k_no_field;
        FieldId ua_family = k_no_field;
        FieldId ua_os = k_no_field;
        FieldId ua_browser = k_no_field;
        FieldId ua_os_browser = k_no_field;
        FieldId user_peer_group = k_no_field;
        FieldId user_department = k_no_field;
        FieldId user_is_executive = k_no_field;
        FieldId user_is_privileged = k_no_field;
        FieldId user_is_service_account = k_no_field;
        FieldId user_is_deactivated = k_no_field;
    };
    struct UserInputs {
        FieldId user = k_no_field;
        FieldId arn = k_no_field;
        FieldId user_name = k_no_field;
        FieldId raw_user_name = k_no_field;
        FieldId role_name = k_no_field;
    };

    friend class EnrichScratch;
    void adopt(EnrichScratch& scratch) const noexcept;
    [[nodiscard]] IpFacts compute_ip_facts(std::string_view address) const noexcept;
    [[nodiscard]] IpFacts cached_ip_facts(std::string_view address, EnrichScratch& scratch) const noexcept;
    void enrich_ip(Event& event, EnrichScratch& scratch) const noexcept;
    void enrich_user_agent(Event& event, EnrichScratch& scratch) const noexcept;
    void enrich_user(Event& event, EnrichScratch& scratch) const noexcept;
    [[nodiscard]] const context::UserRecord* find_user(const Event& event, EnrichScratch& scratch) const noexcept;

    EnrichOptions m_options;
    const context::ContextTables* m_tables = nullptr;
    GeoDb m_country_db;
    GeoDb m_asn_db; // closed when the same file as the country database
    Outputs m_out;
    FieldId m_ip_inputs[2] = {k_no_field, k_no_field};
    FieldId m_ua_inputs[2] = {k_no_field, k_no_field};
    UserInputs m_user_in;
    bool m_geo_needed = false;
    bool m_ip_needed = false;
    bool m_ua_needed = false;
    bool m_user_needed = false;
    std::uint64_t m_generation = 0; // unique per successful compile (see EnrichScratch)
};

} // namespace trailproof::enrich
