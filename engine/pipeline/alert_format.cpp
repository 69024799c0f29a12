#include "pipeline/alert_format.h"

#include <algorithm>
#include <array>
#include <vector>

#include "core/ip_text.h"
#include "core/json_text.h"
#include "parse/time_parse.h"

namespace trailproof::pipeline {

namespace {

// A JSON object written in order: empty strings and empty lists are left out,
// so a field the event does not have is absent rather than "".
class JsonObject {
public:
    explicit JsonObject(std::string& out) : m_out(out) { m_out += '{'; }
    void text(std::string_view key, std::string_view value) {
        if (value.empty()) return;
        name(key);
        append_json_string(m_out, value);
    }
    void number(std::string_view key, std::int64_t value) {
        name(key);
        m_out += std::to_string(value);
    }
    void strings(std::string_view key, const std::vector<std::string>& values) {
        if (values.empty()) return;
        name(key);
        append_json_strings(m_out, values);
    }
    // A nested object, left out when `fill` writes no field.
    template <class Fill>
    void object(std::string_view key, Fill&& fill) {
        const std::size_t mark = m_out.size();
        const bool was_first = m_first;
        name(key);
        const std::size_t body = m_out.size();
        JsonObject inner(m_out);
        fill(inner);
        if (m_out.size() == body + 1) { // "{" only: nothing inside
            m_out.resize(mark);
            m_first = was_first;
            return;
        }
        inner.close();
    }
    void raw(std::string_view key, std::string_view json) {
        name(key);
        m_out += json;
    }
    void close() { m_out += '}'; }

private:
    void name(std::string_view key) {
        if (!m_first) m_out += ',';
        m_first = false;
        append_json_string(m_out, key);
        m_out += ':';
    }
    std::string& m_out;
    bool m_first = true;
};

bool is_ip(std::string_view text) {
    std::array<std::uint8_t, 16> bytes{};
    return parse_ip_bytes(text, bytes) != 0;
}

// "T1078.004" -> "T1078"
std::string_view parent_technique(std::string_view id) { return id.substr(0, id.find('.')); }

// OCSF severity_id and Elastic's numeric severity for a Sigma level.
struct Severity {
    std::string_view level;
    int ocsf_id;
    std::string_view ocsf_name;
    int ecs;
};
constexpr std::array<Severity, 5> k_severities{{
    {"informational", 1, "Informational", 21},
    {"low", 2, "Low", 21},
    {"medium", 3, "Medium", 47},
    {"high", 4, "High", 73},
    {"critical", 5, "Critical", 99},
}};

const Severity* severity_of(std::string_view level) {
    for (const auto& s : k_severities)
        if (s.level == level) return &s;
    return nullptr;
}

} // namespace

std::optional<AlertFormat> parse_alert_format(std::string_view name) noexcept {
    if (name == "native") return AlertFormat::Native;
    if (name == "ecs") return AlertFormat::Ecs;
    if (name == "ocsf") return AlertFormat::Ocsf;
    return std::nullopt;
}

bool parse_detected_at(std::string_view text, std::int64_t& ms) noexcept { return parse::parse_iso8601(text, ms); }

std::string render_alert(const alerts::Alert& alert, const AlertRenderOptions& options) {
    switch (options.format) {
    case AlertFormat::Ecs: return render_alert_ecs(alert, options);
    case AlertFormat::Ocsf: return render_alert_ocsf(alert, options);
    case AlertFormat::Native: break;
    }
    return alerts::render_alert_json(alert, alerts::format_time_ms(options.detected_at_ms));
}

std::string render_alert_ecs(const alerts::Alert& a, const AlertRenderOptions& options) {
    const alerts::AlertSource& s = *a.source;
    const std::string id = alerts::alert_id(a);
    std::vector<std::string> techniques, subtechniques, references;
    for (const auto& t : s.techniques) {
        const std::string parent(parent_technique(t));
        if (std::find(techniques.begin(), techniques.end(), parent) == techniques.end()) {
            techniques.push_back(parent);
            references.push_back(alerts::technique_url(parent));
        }
        if (parent != t) subtechniques.push_back(t);
    }
    std::string out;
    out.reserve(1024);
    JsonObject doc(out);
    doc.text("@timestamp", a.event_time);
    doc.object("ecs", [](JsonObject& o) { o.text("version", "8.11.0"); });
    doc.text("message", s.title);
    doc.object("event", [&](JsonObject& o) {
        o.text("kind", "alert");
        o.text("action", a.event_name);
        o.text("provider", a.event_source);
        o.text("id", id);
        o.text("created", alerts::format_time_ms(options.detected_at_ms));
        if (const Severity* sev = severity_of(s.level)) o.number("severity", sev->ecs);
        o.number("risk_score", s.score);
    });
    doc.object("rule", [&](JsonObject& o) {
        o.text("id", s.id);
        o.text("name", s.title);
        o.text("ruleset", s.pack);
        if (!s.techniques.empty()) o.text("reference", alerts::technique_url(s.techniques.front()));
    });
    doc.object("threat", [&](JsonObject& o) {
        if (techniques.empty() && s.tactics.empty()) return;
        o.text("framework", "MITRE ATT&CK");
        o.object("technique", [&](JsonObject& t) {
            t.strings("id", techniques);
            t.strings("reference", references);
            t.object("subtechnique", [&](JsonObject& sub) { sub.strings("id", subtechniques); });
        });
        o.object("tactic", [&](JsonObject& t) { t.strings("id", s.tactics); });
    });
    doc.object("source", [&](JsonObject& o) {
        o.text("address", a.src_ip);
        if (is_ip(a.src_ip)) o.text("ip", a.src_ip);
    });
    doc.object("cloud", [&](JsonObject& o) {
        o.text("provider", "aws");
        o.object("account", [&](JsonObject& acct) { acct.text("id", a.account_id); });
        o.text("region", a.region);
    });
    doc.object("user", [&](JsonObject& o) {
        o.text("id", a.user);
        o.text("name", a.principal);
    });
    doc.object("aws", [&](JsonObject& o) {
        o.object("cloudtrail", [&](JsonObject& ct) { ct.text("event_id", a.event_id); });
    });
    doc.object("trailproof", [&](JsonObject& o) {
        o.text("pack", s.pack);
        o.text("level", s.level);
        o.text("origin", a.origin);
        o.text("group", a.group);
    });
    doc.close();
    return out;
}

std::string render_alert_ocsf(const alerts::Alert& a, const AlertRenderOptions& options) {
    const alerts::AlertSource& s = *a.source;
    const Severity* sev = severity_of(s.level);
    std::string out;
    out.reserve(1024);
    JsonObject doc(out);
    doc.number("class_uid", 2004);
    doc.text("class_name", "Detection Finding");
    doc.number("category_uid", 2);
    doc.text("category_name", "Findings");
    doc.number("activity_id", 1);
    doc.text("activity_name", "Create");
    doc.number("type_uid", 200401);
    doc.text("type_name", "Detection Finding: Create");
    doc.number("severity_id", sev ? sev->ocsf_id : 0);
    doc.text("severity", sev ? sev->ocsf_name : std::string_view("Unknown"));
    doc.number("status_id", 1);
    doc.text("status", "New");
    doc.number("time", a.time_ms);
    doc.text("message", s.title);
    doc.object("metadata", [&](JsonObject& o) {
        o.object("product", [&](JsonObject& p) {
            p.text("name", "trailproof");
            p.text("vendor_name", "trailproof");
            p.text("version", options.product_version);
        });
        o.text("version", "1.1.0");
    });
    doc.object("finding_info", [&](JsonObject& o) {
        o.text("uid", alerts::alert_id(a));
        o.text("title", s.title);
        o.object("analytic", [&](JsonObject& an) {
            an.text("uid", s.id);
            an.text("name", s.title);
            an.number("type_id", 1);
            an.text("type", "Rule");
        });
        o.number("created_time", options.detected_at_ms);
        o.text("src_event_uid", a.event_id);
    });
    // One attack per (technique, tactic) pair; a technique without a tactic, or a
    // tactic without a technique, alone.
    std::string attacks = "[";
    const auto add_attack = [&](std::string_view technique, std::string_view tactic) {
        if (attacks.size() > 1) attacks += ',';
        JsonObject attack(attacks);
        if (!technique.empty()) attack.object("technique", [&](JsonObject& t) { t.text("uid", technique); });
        if (!tactic.empty()) attack.object("tactic", [&](JsonObject& t) { t.text("uid", tactic); });
        attack.close();
    };
    for (const auto& t : s.techniques) {
        if (s.tactics.empty()) add_attack(t, {});
        for (const auto& tactic : s.tactics) add_attack(t, tactic);
    }
    if (s.techniques.empty())
        for (const auto& tactic : s.tactics) add_attack({}, tactic);
    attacks += ']';
    if (attacks.size() > 2) doc.raw("attacks", attacks);
    doc.object("cloud", [&](JsonObject& o) {
        o.text("provider", "AWS");
        o.object("account", [&](JsonObject& acct) { acct.text("uid", a.account_id); });
        o.text("region", a.region);
    });
    doc.object("actor", [&](JsonObject& o) {
        o.object("user", [&](JsonObject& u) {
            u.text("uid", a.user);
            u.text("name", a.principal);
        });
    });
    doc.object("src_endpoint", [&](JsonObject& o) {
        if (is_ip(a.src_ip)) o.text("ip", a.src_ip);
        else o.text("svc_name", a.src_ip);
    });
    doc.object("api", [&](JsonObject& o) {
        o.text("operation", a.event_name);
        o.object("service", [&](JsonObject& svc) { svc.text("name", a.event_source); });
    });
    doc.number("risk_score", s.score);
    doc.object("unmapped", [&](JsonObject& o) {
        o.text("pack", s.pack);
        o.text("origin", a.origin);
        o.text("group", a.group);
    });
    doc.close();
    return out;
}

} // namespace trailproof::pipeline
