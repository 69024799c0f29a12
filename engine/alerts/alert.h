#pragma once
// Alerts: what a hit becomes once it leaves the engine. Built only on a hit,
// so allocating here is fine; the hot path before it emits rule indices only.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.h"
#include "core/field_registry.h"
#include "core/origin.h"

namespace trailproof::alerts {

// What an alert needs to know about the detection that fired (a rule, a model
// trigger or a correlation). Owned by the caller; must outlive the builder.
struct AlertSource {
    std::string id;
    std::string title;
    std::string pack;
    std::string level;
    int score = 0;
    std::vector<std::string> techniques; // "T1078.004"
    std::vector<std::string> tactics;    // "TA0001"
    // A scored hit of a risk-based rule (kind "signal", adds to the user's
    // session) rather than a standalone detection (kind "alert").
    bool signal = false;
};

struct Alert {
    const AlertSource* source = nullptr;
    std::string user;       // principal ARN (or normalized user when there is no ARN), as the record has it
    std::string principal;  // the resolved principal (field `user`): the entity of models, facts and sessions
    std::string account_id; // account the event was recorded for
    std::string event_time; // ISO-8601 UTC with milliseconds, from Event::time_ms
    std::int64_t time_ms = 0; // the same instant, ms since the epoch
    std::string event_id;
    std::string event_source;
    std::string event_name;
    std::string src_ip;
    std::string region;     // the event's AWS region (awsRegion), "" when it has none
    std::string origin;     // "file:line" or "file[index]"
    std::string group;      // correlation alerts: the group-by values ("k=v, ..."); "" otherwise
    std::string session_id; // signals: the user's session ("<principal>@<session start>"); "" otherwise
};

// A session's id: the principal and the session's start, "<principal>@<ISO time>".
[[nodiscard]] std::string session_id(std::string_view principal, std::int64_t start_ms);

// Resolves the entity fields once (first candidate present wins) and builds Alerts.
class AlertBuilder {
public:
    // Interns every candidate field it reads; call before the parsers are finalized.
    explicit AlertBuilder(FieldRegistry& registry);
    [[nodiscard]] Alert build(const AlertSource& source, const Event& event, const SourceTable& sources) const;
    // The event's id as build() fills Alert::event_id (no source table needed, so
    // a thread applying model state can read it while another adds input names).
    [[nodiscard]] std::string event_id(const Event& event) const { return first_text(m_event_id, event); }

private:
    [[nodiscard]] std::string first_text(const std::vector<FieldId>& candidates, const Event& event) const;
    std::vector<FieldId> m_user;
    std::vector<FieldId> m_principal;
    std::vector<FieldId> m_account;
    std::vector<FieldId> m_event_id;
    std::vector<FieldId> m_event_source;
    std::vector<FieldId> m_event_name;
    std::vector<FieldId> m_src_ip;
    std::vector<FieldId> m_region;
};

// The alert's stable id: a UUID-shaped name (version nibble 8, RFC 9562 custom)
// hashed from pack, rule id, the event's id (its origin when it has none) and a
// correlation's group. The same input replayed gives the same ids.
[[nodiscard]] std::string alert_id(const Alert& alert);

// One NDJSON line (no trailing newline), `"kind"` first ("alert" or "signal").
// Keys are in a fixed order so output is byte-stable: the kind, the rule's, the event's, then region, alert_id and, when not
// empty, detected_at (the run's detection time, pipeline/alert_format.h).
[[nodiscard]] std::string render_alert_json(const Alert& alert, std::string_view detected_at = {});

// "2024-01-02T03:04:05.000Z"
[[nodiscard]] std::string format_time_ms(std::int64_t time_ms);

// ATT&CK tactic id for a Sigma tactic tag name ("initial-access" or v1 "initial_access"), or "".
[[nodiscard]] std::string_view tactic_id(std::string_view tag_name) noexcept;

// The ATT&CK page of a technique: "T1078.004" -> "https://attack.mitre.org/techniques/T1078/004/".
[[nodiscard]] std::string technique_url(std::string_view technique_id);

} // namespace trailproof::alerts
