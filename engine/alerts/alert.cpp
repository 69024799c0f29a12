#include "alerts/alert.h"

#include <array>
#include <cstdio>

#include "core/civil_time.h"
#include "core/json_text.h"

namespace trailproof::alerts {

namespace {

std::vector<FieldId> intern_all(FieldRegistry& registry, std::initializer_list<std::string_view> names) {
    std::vector<FieldId> out;
    for (auto n : names) out.push_back(registry.intern(n));
    return out;
}

// Writes `value` (0 <= value < 10^width) as `width` zero-padded digits.
void put_digits(char* out, int width, std::int64_t value) noexcept {
    for (int i = width - 1; i >= 0; --i) {
        out[i] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
}

} // namespace

AlertBuilder::AlertBuilder(FieldRegistry& registry)
    : m_user(intern_all(registry, {"userIdentity.arn", "user", "userIdentity.principalId"})),
      m_principal(intern_all(registry, {"user", "userIdentity.arn", "userIdentity.principalId"})),
      m_account(intern_all(registry, {"recipientAccountId", "account_id", "userIdentity.accountId"})),
      m_event_id(intern_all(registry, {"eventID", "event_id"})),
      m_event_source(intern_all(registry, {"eventSource", "service"})),
      m_event_name(intern_all(registry, {"eventName", "operation"})),
      m_src_ip(intern_all(registry, {"sourceIPAddress", "src_ip"})),
      m_region(intern_all(registry, {"awsRegion", "region", "cloud.region"})) {}

std::string AlertBuilder::first_text(const std::vector<FieldId>& candidates, const Event& event) const {
    for (FieldId f : candidates) {
        std::string_view t = event.text(f);
        if (!t.empty()) return std::string(t);
    }
    return {};
}

Alert AlertBuilder::build(const AlertSource& source, const Event& event, const SourceTable& sources) const {
    Alert a;
    a.source = &source;
    a.user = first_text(m_user, event);
    a.principal = first_text(m_principal, event);
    a.account_id = first_text(m_account, event);
    a.event_time = format_time_ms(event.time_ms);
    a.time_ms = event.time_ms;
    a.event_id = first_text(m_event_id, event);
    a.event_source = first_text(m_event_source, event);
    a.event_name = first_text(m_event_name, event);
    a.src_ip = first_text(m_src_ip, event);
    a.region = first_text(m_region, event);
    a.origin = render_origin(event.origin, sources);
    return a;
}

std::string session_id(std::string_view principal, std::int64_t start_ms) {
    std::string out(principal);
    out += '@';
    out += format_time_ms(start_ms);
    return out;
}

std::string format_time_ms(std::int64_t time_ms) {
    const std::int64_t days = floor_div(time_ms, k_ms_per_day);
    const std::int64_t rest = floor_mod(time_ms, k_ms_per_day);
    const CivilDate date = civil_from_days(days);
    const std::int64_t y = date.year;
    const unsigned m = date.month, d = date.day;
    if (y < 0 || y > 9999) { // outside the fixed four-digit layout below
        char buf[128]; // room for any int64 in every field: GCC cannot bound `rest` here
        std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%03lldZ", static_cast<long long>(y), m,
                      d, static_cast<long long>(rest / 3600000), static_cast<long long>(rest / 60000 % 60),
                      static_cast<long long>(rest / 1000 % 60), static_cast<long long>(rest % 1000));
        return buf;
    }
    // Digits written in place: snprintf costs more than building the whole alert.
    std::string out = "0000-00-00T00:00:00.000Z";
    put_digits(out.data(), 4, y);
    put_digits(out.data() + 5, 2, m);
    put_digits(out.data() + 8, 2, d);
    put_digits(out.data() + 11, 2, rest / 3600000);
    put_digits(out.data() + 14, 2, rest / 60000 % 60);
    put_digits(out.data() + 17, 2, rest / 1000 % 60);
    put_digits(out.data() + 20, 3, rest % 1000);
    return out;
}

std::string technique_url(std::string_view technique_id) {
    std::string page(technique_id);
    for (char& c : page)
        if (c == '.') c = '/';
    return "https://attack.mitre.org/techniques/" + page + "/";
}

std::string_view tactic_id(std::string_view tag) noexcept {
    struct Entry {
        std::string_view name;
        std::string_view id;
    };
    static constexpr std::array<Entry, 14> k_tactics{{
        {"reconnaissance", "TA0043"},     {"resource-development", "TA0042"}, {"initial-access", "TA0001"},
        {"execution", "TA0002"},          {"persistence", "TA0003"},          {"privilege-escalation", "TA0004"},
        {"defense-evasion", "TA0005"},    {"credential-access", "TA0006"},    {"discovery", "TA0007"},
        {"lateral-movement", "TA0008"},   {"collection", "TA0009"},           {"command-and-control", "TA0011"},
        {"exfiltration", "TA0010"},       {"impact", "TA0040"},
    }};
    for (const Entry& e : k_tactics) {
        if (e.name.size() != tag.size()) continue;
        bool same = true;
        for (std::size_t i = 0; i < tag.size() && same; ++i) {
            char c = tag[i] == '_' ? '-' : tag[i]; // v1 tags use underscores
            same = c == e.name[i];
        }
        if (same) return e.id;
    }
    return {};
}

std::string alert_id(const Alert& a) {
    // Two FNV-1a 64 passes with different offsets: 128 bits, no dependency. Each
    // part ends with a 0 byte so ("ab","c") and ("a","bc") differ.
    std::uint64_t h1 = 14695981039346656037ULL, h2 = 0x6c62272e07bb0142ULL;
    const auto mix = [&](std::string_view part) {
        for (char ch : part) {
            const auto c = static_cast<unsigned char>(ch);
            h1 = (h1 ^ c) * 1099511628211ULL;
            h2 = (h2 ^ c) * 0x100000001b3ULL + 0x9e3779b97f4a7c15ULL;
        }
        h1 = (h1 ^ 0U) * 1099511628211ULL;
        h2 = (h2 ^ 0U) * 0x100000001b3ULL + 0x9e3779b97f4a7c15ULL;
    };
    mix(a.source->pack);
    mix(a.source->id);
    mix(a.event_id.empty() ? a.origin : a.event_id);
    mix(a.group);
    h1 = (h1 & ~0xF000ULL) | 0x8000ULL;                  // version 8 (custom)
    h2 = (h2 & ~(0xC000ULL << 48)) | (0x8000ULL << 48); // variant 10
    char buf[40];
    std::snprintf(buf, sizeof buf, "%08llx-%04llx-%04llx-%04llx-%012llx", static_cast<unsigned long long>(h1 >> 32),
                  static_cast<unsigned long long>((h1 >> 16) & 0xFFFF), static_cast<unsigned long long>(h1 & 0xFFFF),
                  static_cast<unsigned long long>(h2 >> 48), static_cast<unsigned long long>(h2 & 0xFFFFFFFFFFFFULL));
    return buf;
}

std::string render_alert_json(const Alert& a, std::string_view detected_at) {
    const AlertSource& s = *a.source;
    std::string out;
    out.reserve(512);
    // Key and value are appended in place: `out += key + json_quote(v)` would
    // build and copy two more strings per field.
    const auto text = [&out](std::string_view key, std::string_view value) {
        out += key;
        append_json_string(out, value);
    };
    out += s.signal ? "{\"kind\":\"signal\"" : "{\"kind\":\"alert\"";
    text(",\"rule_id\":", s.id);
    text(",\"title\":", s.title);
    text(",\"pack\":", s.pack);
    text(",\"level\":", s.level);
    out += ",\"score\":";
    out += std::to_string(s.score);
    out += ",\"techniques\":";
    append_json_strings(out, s.techniques);
    out += ",\"tactics\":";
    append_json_strings(out, s.tactics);
    text(",\"user\":", a.user);
    text(",\"principal\":", a.principal);
    text(",\"account_id\":", a.account_id);
    text(",\"event_time\":", a.event_time);
    text(",\"event_id\":", a.event_id);
    text(",\"event_source\":", a.event_source);
    text(",\"event_name\":", a.event_name);
    text(",\"src_ip\":", a.src_ip);
    text(",\"origin\":", a.origin);
    if (!a.group.empty()) text(",\"group\":", a.group);
    if (s.signal) text(",\"session_id\":", a.session_id);
    text(",\"region\":", a.region);
    text(",\"alert_id\":", alert_id(a));
    if (!detected_at.empty()) text(",\"detected_at\":", detected_at);
    out += '}';
    return out;
}

} // namespace trailproof::alerts
