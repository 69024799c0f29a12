#pragma once
// Alert lines in the formats SIEMs ingest (`detect --format native|ecs|ocsf`):
// trailproof's own NDJSON (alerts/alert.h), an Elastic Common Schema document
// (ECS 8.11) or an OCSF 1.1 Detection Finding (class_uid 2004). One JSON object
// per alert, keys in a fixed order, so a run's output is byte-stable.
//
// Every format carries the alert's stable id (alerts::alert_id) and the run's
// detection time: one value per run (the time it started, or the one given),
// so the output does not depend on the thread count or on when an alert of the
// run happened to be written.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "alerts/alert.h"

namespace trailproof::pipeline {

enum class AlertFormat { Native, Ecs, Ocsf };

// "native", "ecs" or "ocsf" (exact); nullopt otherwise.
[[nodiscard]] std::optional<AlertFormat> parse_alert_format(std::string_view name) noexcept;

struct AlertRenderOptions {
    AlertFormat format = AlertFormat::Native;
    std::int64_t detected_at_ms = 0; // the run's detection time
    std::string product_version;     // OCSF metadata.product.version
};

// An ISO-8601 UTC time ("2024-03-01T10:00:00Z", fractions and offsets allowed)
// as ms since the epoch; false when `text` is none.
[[nodiscard]] bool parse_detected_at(std::string_view text, std::int64_t& ms) noexcept;

// One alert as one JSON line (no trailing newline) in options.format.
[[nodiscard]] std::string render_alert(const alerts::Alert& alert, const AlertRenderOptions& options);

// ECS: @timestamp (the event's time), ecs.version, message, event.{kind: alert,
// action, provider, id (the alert id), created (detection time),
// severity, risk_score}, rule.{id, name, ruleset, reference}, threat.{framework,
// technique.{id, reference, subtechnique.id}, tactic.id}, source.{address, ip},
// cloud.{provider: aws, account.id, region}, user.{id, name},
// aws.cloudtrail.event_id, trailproof.{pack, level, origin, group}.
[[nodiscard]] std::string render_alert_ecs(const alerts::Alert& alert, const AlertRenderOptions& options);

// OCSF 1.1 Detection Finding: class_uid 2004, category_uid 2, activity_id 1
// (Create), type_uid 200401, severity_id from the rule's level, status_id 1
// (New), time (the event's, ms), metadata.{product.{name, vendor_name, version},
// version}, finding_info.{uid, title, analytic.{uid, name, type_id 1}, created_time,
// src_event_uid}, attacks[] ({technique.uid, tactic.uid}, one per technique and
// tactic pair), cloud.{provider, account.uid, region}, actor.user.{uid, name},
// src_endpoint.{ip | svc_name}, api.{operation, service.name}, risk_score, message.
[[nodiscard]] std::string render_alert_ocsf(const alerts::Alert& alert, const AlertRenderOptions& options);

} // namespace trailproof::pipeline
