#include "core/diagnostic_builder.h"
#include "enrich/enricher.h"

#include <algorithm>
#include <atomic>
#include <charconv>

#include "enrich/enrich_fields.h"
#include "core/principal_name.h"
#include "enrich/special_ranges.h"

namespace trailproof::enrich {

namespace {

// Key-byte budgets per cache entry: IPv6 text is at most 45 bytes; user agents
// average well under 256 (longer ones are simply not cached, see BoundedCache).
constexpr std::size_t k_ip_key_bytes = 48;
constexpr std::size_t k_ua_key_bytes = 256;
// IpFacts::lists is a 64-bit mask.
constexpr std::size_t k_max_ip_lists = 64;

std::atomic<std::uint64_t> g_generations{0};

Diagnostic enrich_diagnostic(Severity severity, std::string_view code, std::string message, std::string file = {}) {
    return diagnostic(severity, code, std::move(message), std::move(file)).item("enrich", "");
}

// First non-empty text among `fields` (String values only: a JSON object or number
// in sourceIPAddress is not an address).
std::string_view first_text(const Event& event, const FieldId* fields, std::size_t count) noexcept {
    for (std::size_t i = 0; i < count; ++i) {
        for (const Value* v = event.first(fields[i]); v; v = event.next(*v))
            if (v->kind == ValueKind::String && !v->text.empty()) return v->text;
    }
    return {};
}

// Adds one value unless the field is unused or the event already carries it.
// Every text enrichment adds is `lasting` (a literal, a view into the GeoIP files
// or the context tables, which outlive the events they fill) but the ASN's.
void put(Event& event, FieldId field, ValueKind kind, std::string_view text, double number = 0,
         bool lasting = true) noexcept {
    if (field == k_no_field || text.empty() || event.present(field)) return;
    event.add(field, Value{kind, text, number, -1, lasting});
}

void put_flag(Event& event, FieldId field, bool value) noexcept {
    put(event, field, ValueKind::Bool, value ? "true" : "false");
}

} // namespace

EnrichScratch::EnrichScratch(const Enricher& enricher)
    : m_ip(enricher.options().ip_cache_entries, enricher.options().ip_cache_entries * k_ip_key_bytes),
      m_ua(enricher.options().ua_cache_entries, enricher.options().ua_cache_entries * k_ua_key_bytes),
      m_generation(enricher.m_generation) {}

LoadResult Enricher::compile(const EnrichOptions& options, const context::ContextTables* tables,
                             FieldRegistry& registry, Enricher& out) {
    namespace f = fields;
    LoadResult result;
    Enricher e;
    e.m_options = options;
    e.m_tables = tables;

    // Used = some rule or model registered the name before us.
    Outputs& o = e.m_out;
    o.src_country = registry.find(f::k_src_country);
    o.src_asn = registry.find(f::k_src_asn);
    o.src_isp = registry.find(f::k_src_isp);
    o.src_zone = registry.find(f::k_src_zone);
    o.src_ip_lists = registry.find(f::k_src_ip_lists);
    o.ua_family = registry.find(f::k_ua_family);
    o.ua_os = registry.find(f::k_ua_os);
    o.ua_browser = registry.find(f::k_ua_browser);
    o.ua_os_browser = registry.find(f::k_ua_os_browser);
    o.user_peer_group = registry.find(f::k_user_peer_group);
    o.user_department = registry.find(f::k_user_department);
    o.user_is_executive = registry.find(f::k_user_is_executive);
    o.user_is_privileged = registry.find(f::k_user_is_privileged);
    o.user_is_service_account = registry.find(f::k_user_is_service_account);
    o.user_is_deactivated = registry.find(f::k_user_is_deactivated);

    const auto used = [](FieldId id) { return id != k_no_field; };
    e.m_geo_needed = used(o.src_country) || used(o.src_asn) || used(o.src_isp);
    e.m_ip_needed = e.m_geo_needed || used(o.src_zone) || used(o.src_ip_lists);
    e.m_ua_needed = used(o.ua_family) || used(o.ua_os) || used(o.ua_browser) || used(o.ua_os_browser);
    e.m_user_needed = used(o.user_peer_group) || used(o.user_department) || used(o.user_is_executive) ||
                      used(o.user_is_privileged) || used(o.user_is_service_account) ||
                      used(o.user_is_deactivated);

    // Databases are opened even when no rule needs them: a wrong path is a usage
    // error the user wants to hear about now, not when a rule starts using geo.
    std::string error;
    if (!options.geoip_country.empty() && !e.m_country_db.open(options.geoip_country, error))
        result.add(enrich_diagnostic(Severity::Error, codes::enrich_geoip_unreadable, "cannot open GeoIP database: " + error,
                              options.geoip_country));
    if (!options.geoip_asn.empty() && options.geoip_asn != options.geoip_country &&
        !e.m_asn_db.open(options.geoip_asn, error))
        result.add(enrich_diagnostic(Severity::Error, codes::enrich_geoip_unreadable, "cannot open GeoIP database: " + error,
                              options.geoip_asn));

    // Used but impossible to fill: say so once per field, the rule will just not fire.
    const bool any_db = !options.geoip_country.empty() || !options.geoip_asn.empty();
    for (auto [id, name] : {std::pair{o.src_country, f::k_src_country}, std::pair{o.src_asn, f::k_src_asn},
                            std::pair{o.src_isp, f::k_src_isp}}) {
        if (used(id) && !any_db)
            result.add(enrich_diagnostic(Severity::Warning, codes::enrich_no_geoip, "content uses '" + std::string(name) +
                                                      "' but no GeoIP database is loaded (--geoip-country, "
                                                      "--geoip-asn); the field stays empty"));
    }
    const bool has_users = tables && tables->has_users();
    for (auto [id, name] : {std::pair{o.user_peer_group, f::k_user_peer_group},
                            std::pair{o.user_department, f::k_user_department},
                            std::pair{o.user_is_executive, f::k_user_is_executive},
                            std::pair{o.user_is_privileged, f::k_user_is_privileged},
                            std::pair{o.user_is_service_account, f::k_user_is_service_account},
                            std::pair{o.user_is_deactivated, f::k_user_is_deactivated}}) {
        if (used(id) && !has_users)
            result.add(enrich_diagnostic(Severity::Warning, codes::enrich_no_context, "content uses '" + std::string(name) +
                                                        "' but no users table is loaded; the field stays empty"));
    }
    if (used(o.src_zone) && !(tables && tables->has_zones()))
        result.add(enrich_diagnostic(Severity::Warning, codes::enrich_no_context,
                           "content uses 'src_zone' but no zones table is loaded; the field stays empty"));
    if (used(o.src_ip_lists) && !(tables && tables->ip_list_count() > 0))
        result.add(enrich_diagnostic(Severity::Warning, codes::enrich_no_context,
                           "content uses 'src_ip_lists' but no IP list is loaded; the field stays empty"));
    if (used(o.src_ip_lists) && tables && tables->ip_list_count() > k_max_ip_lists)
        result.add(enrich_diagnostic(Severity::Warning, codes::enrich_too_many_ip_lists,
                           "only the first 64 IP lists fill 'src_ip_lists'; " +
                               std::to_string(tables->ip_list_count() - k_max_ip_lists) + " are left out"));

    // Inputs: interned only when an output needs them, so the parser extracts them.
    if (e.m_ip_needed)
        for (std::size_t i = 0; i < 2; ++i) e.m_ip_inputs[i] = registry.intern(f::k_ip_inputs[i]);
    if (e.m_ua_needed)
        for (std::size_t i = 0; i < 2; ++i) e.m_ua_inputs[i] = registry.intern(f::k_ua_inputs[i]);
    if (e.m_user_needed) {
        e.m_user_in.user = registry.intern(f::k_user);
        e.m_user_in.arn = registry.intern(f::k_arn);
        e.m_user_in.user_name = registry.intern(f::k_user_name);
        e.m_user_in.raw_user_name = registry.intern(f::k_raw_user_name);
        e.m_user_in.role_name = registry.intern(f::k_role_name);
    }

    if (result.successful()) {
        e.m_generation = ++g_generations;
        out = std::move(e);
    }
    return result;
}

std::vector<std::string_view> Enricher::used_fields() const {
    namespace f = fields;
    std::vector<std::string_view> out;
    const Outputs& o = m_out;
    for (auto [id, name] : {std::pair{o.src_country, f::k_src_country}, std::pair{o.src_asn, f::k_src_asn},
                            std::pair{o.src_isp, f::k_src_isp}, std::pair{o.src_zone, f::k_src_zone},
                            std::pair{o.src_ip_lists, f::k_src_ip_lists}, std::pair{o.ua_family, f::k_ua_family},
                            std::pair{o.ua_os, f::k_ua_os}, std::pair{o.ua_browser, f::k_ua_browser},
                            std::pair{o.ua_os_browser, f::k_ua_os_browser},
                            std::pair{o.user_peer_group, f::k_user_peer_group},
                            std::pair{o.user_department, f::k_user_department},
                            std::pair{o.user_is_executive, f::k_user_is_executive},
                            std::pair{o.user_is_privileged, f::k_user_is_privileged},
                            std::pair{o.user_is_service_account, f::k_user_is_service_account},
                            std::pair{o.user_is_deactivated, f::k_user_is_deactivated}})
        if (id != k_no_field) out.push_back(name);
    return out;
}

void Enricher::adopt(EnrichScratch& scratch) const noexcept {
    if (scratch.m_generation == m_generation) return;
    // Facts cached for another Enricher may view a database that is closed now.
    scratch.m_ip.reset();
    scratch.m_ua.reset();
    scratch.m_user.forget();
    scratch.m_users.forget();
    scratch.m_generation = m_generation;
}

void Enricher::enrich(Event& event, EnrichScratch& scratch) const noexcept {
    adopt(scratch);
    if (m_ip_needed) enrich_ip(event, scratch);
    if (m_ua_needed) enrich_user_agent(event, scratch);
    if (m_user_needed && m_tables) enrich_user(event, scratch);
}

IpFacts Enricher::compute_ip_facts(std::string_view address) const noexcept {
    IpFacts facts;
    context::IpAddress ip;
    if (!context::parse_ip(address, ip)) return facts; // AWS Internal, service principals: no facts
    facts.is_ip = true;
    facts.special = is_special_address(ip);
    if (m_geo_needed && !facts.special) {
        // The country database answers country first, the ASN database ASN first;
        // each fills whatever the other left empty (combined databases).
        (void)m_country_db.lookup(ip, facts.geo);
        (void)m_asn_db.lookup(ip, facts.geo);
    }
    if (m_tables) {
        if (m_out.src_zone != k_no_field) facts.zone = m_tables->find_zone(ip);
        if (m_out.src_ip_lists != k_no_field) {
            const std::size_t n = std::min(m_tables->ip_list_count(), k_max_ip_lists);
            for (std::size_t i = 0; i < n; ++i)
                if (m_tables->ip_list_contains(i, ip)) facts.lists |= std::uint64_t{1} << i;
        }
    }
    return facts;
}

IpFacts Enricher::ip_facts(std::string_view address, EnrichScratch& scratch) const noexcept {
    adopt(scratch);
    return cached_ip_facts(address, scratch);
}

IpFacts Enricher::cached_ip_facts(std::string_view address, EnrichScratch& scratch) const noexcept {
    if (const IpFacts* cached = scratch.m_ip.find(address)) return *cached;
    const IpFacts facts = compute_ip_facts(address);
    scratch.m_ip.insert(address, facts);
    return facts;
}

void Enricher::enrich_ip(Event& event, EnrichScratch& scratch) const noexcept {
    const std::string_view address = first_text(event, m_ip_inputs, 2);
    if (address.empty()) return;
    const IpFacts facts = cached_ip_facts(address, scratch);
    if (!facts.is_ip) return;
    put(event, m_out.src_country, ValueKind::String, facts.geo.country);
    put(event, m_out.src_isp, ValueKind::String, facts.geo.as_org);
    if (facts.geo.asn != 0 && m_out.src_asn != k_no_field && !event.present(m_out.src_asn)) {
        // The only text enrichment makes: into the event's arena (no allocation once warm).
        TextArena& arena = event.arena();
        char* p = arena.reserve(10);
        const auto [end, ec] = std::to_chars(p, p + 10, facts.geo.asn);
        (void)ec; // 10 digits hold any uint32
        put(event, m_out.src_asn, ValueKind::Number, arena.commit(p, static_cast<std::size_t>(end - p)),
            static_cast<double>(facts.geo.asn), false);
    }
    put(event, m_out.src_zone, ValueKind::String, facts.zone);
    if (facts.lists != 0 && m_out.src_ip_lists != k_no_field && !event.present(m_out.src_ip_lists)) {
        for (std::size_t i = 0; i < k_max_ip_lists; ++i)
            if (facts.lists & (std::uint64_t{1} << i))
                event.add(m_out.src_ip_lists, Value{ValueKind::String, m_tables->ip_list_name(i), 0, -1, true});
    }
}

void Enricher::enrich_user_agent(Event& event, EnrichScratch& scratch) const noexcept {
    const std::string_view ua = first_text(event, m_ua_inputs, 2);
    if (ua.empty()) return;
    UaInfo info;
    if (const UaInfo* cached = scratch.m_ua.find(ua)) {
        info = *cached;
    } else {
        info = classify_user_agent(ua);
        scratch.m_ua.insert(ua, info);
    }
    put(event, m_out.ua_family, ValueKind::String, ua_family_name(info.family));
    put(event, m_out.ua_os, ValueKind::String, ua_os_name(info.os));
    put(event, m_out.ua_browser, ValueKind::String, ua_browser_name(info.browser));
    put(event, m_out.ua_os_browser, ValueKind::String, ua_os_browser_name(info.os, info.browser));
}

const context::UserRecord* Enricher::find_user(const Event& event, EnrichScratch& scratch) const noexcept {
    // Candidates, first hit wins (README "Which user"): the full principal (the ARN,
    // how the pack tables key users), the IAM user name, the ARN's last segment
    // (session name of an assumed role), then the role name (service accounts
    // keyed by role).
    const UserInputs& in = m_user_in;
    const auto lookup = [this](std::string_view key) -> const context::UserRecord* {
        return key.empty() ? nullptr : m_tables->find_user(key);
    };
    const std::string_view user = event.text(in.user);
    const std::string_view arn = event.text(in.arn);
    const std::string_view user_name = event.text(in.user_name), raw_user_name = event.text(in.raw_user_name),
                           role_name = event.text(in.role_name);
    // The answer depends on these five texts alone (the last segment is the
    // ARN's or the user's): the record's next group asks the memo.
    const decltype(scratch.m_user)::Key key = {user, arn, user_name, raw_user_name, role_name};
    // A principal seen before (the memo), or one too long for it asked last.
    if (const context::UserRecord* const* known = scratch.m_users.find(key)) return *known;
    if (const context::UserRecord* const* known = scratch.m_user.find(key)) return *known;
    const context::UserRecord* found = nullptr;
    for (std::string_view candidate :
         {user, arn, user_name, raw_user_name, arn_last_segment(arn.empty() ? user : arn), role_name})
        if ((found = lookup(candidate))) break;
    if (!scratch.m_users.remember(key, found)) scratch.m_user.remember(key, found);
    return found;
}

void Enricher::enrich_user(Event& event, EnrichScratch& scratch) const noexcept {
    const context::UserRecord* r = find_user(event, scratch);
    if (!r) return; // not in the table: no peer group and no flags (not "false")
    put(event, m_out.user_peer_group, ValueKind::String, r->peer_group);
    put(event, m_out.user_department, ValueKind::String, r->department);
    put_flag(event, m_out.user_is_executive, r->executive);
    put_flag(event, m_out.user_is_privileged, r->privileged);
    put_flag(event, m_out.user_is_service_account, r->service_account);
    put_flag(event, m_out.user_is_deactivated, r->deactivated);
}

} // namespace trailproof::enrich
