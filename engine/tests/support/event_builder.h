#pragma once
// One Event built by hand, for the stage tests that feed events without
// parsing JSON (rules, models, correlate, enrich, alerts). The builder owns the
// text its Values point to; the Event it builds is valid until the builder
// changes or dies.
//
// Time: every event starts at `origin_ms` (given to the constructor, 0 by
// default); at_time(ms) sets an absolute time, at_offset(ms) a time relative to
// the origin (correlate tests count from k_t0 that way).

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/event.h"
#include "core/field_registry.h"
#include "core/origin.h"

namespace tp_test {

class EventBuilder {
public:
    explicit EventBuilder(trailproof::FieldRegistry& registry, std::int64_t origin_ms = 0)
        : m_registry(&registry), m_origin_ms(origin_ms), m_time(origin_ms) {}
    // Movable, not copyable: a copy's values would still point at this builder's text.
    EventBuilder(const EventBuilder&) = delete;
    EventBuilder& operator=(const EventBuilder&) = delete;
    EventBuilder(EventBuilder&&) = default;
    EventBuilder& operator=(EventBuilder&&) = default;
    ~EventBuilder() = default;

    // One more value of `field` (fields may repeat: the values chain in order).
    EventBuilder& str(std::string_view field, std::string_view text) {
        return add(field, trailproof::ValueKind::String, text, 0);
    }
    // A JSON number: its value and its text as written.
    EventBuilder& num(std::string_view field, double value, std::string_view text) {
        return add(field, trailproof::ValueKind::Number, text, value);
    }
    EventBuilder& boolean(std::string_view field, bool value) {
        return add(field, trailproof::ValueKind::Bool, value ? "true" : "false", 0);
    }
    EventBuilder& null(std::string_view field) { return add(field, trailproof::ValueKind::Null, "null", 0); }
    // A JSON object value: `json` is its minified text.
    EventBuilder& object(std::string_view field, std::string_view json) {
        return add(field, trailproof::ValueKind::Object, json, 0);
    }
    EventBuilder& name(std::string_view event_name) { return str("eventName", event_name); }
    EventBuilder& user(std::string_view user) { return str("user", user); }

    // The record's bytes (Event::raw), for keyword searches.
    EventBuilder& raw(std::string_view text) {
        m_raw = std::string(text);
        return *this;
    }
    // Event::activity_type, as a parser would assign it.
    EventBuilder& activity(std::string_view type) {
        m_activity = std::string(type);
        return *this;
    }
    EventBuilder& origin(trailproof::Origin origin) {
        m_record_origin = origin;
        return *this;
    }
    // Event time in milliseconds since the epoch.
    EventBuilder& at_time(std::int64_t time_ms) {
        m_time = time_ms;
        return *this;
    }
    // Event time `offset_ms` after the builder's origin.
    EventBuilder& at_offset(std::int64_t offset_ms) { return at_time(m_origin_ms + offset_ms); }

    // The event; valid until the builder changes or dies. Mutable, so a stage
    // under test may add derived values to it (enrichment).
    trailproof::Event& build() {
        m_event.reset(m_registry->size());
        for (const auto& [field, value] : m_values) m_event.add(field, value);
        m_event.time_ms = m_time;
        m_event.raw = m_raw;
        m_event.activity_type = m_activity;
        m_event.origin = m_record_origin;
        return m_event;
    }

    // The event as the last build() left it, with whatever a stage added since.
    [[nodiscard]] const trailproof::Event& built() const noexcept { return m_event; }

private:
    EventBuilder& add(std::string_view field, trailproof::ValueKind kind, std::string_view text, double number) {
        const std::string& stored = m_texts.emplace_back(text);
        m_values.push_back({m_registry->intern(field), trailproof::Value{kind, stored, number, -1}});
        return *this;
    }

    trailproof::FieldRegistry* m_registry;
    std::int64_t m_origin_ms;
    std::int64_t m_time;
    std::deque<std::string> m_texts; // a deque: stored text never moves
    std::vector<std::pair<trailproof::FieldId, trailproof::Value>> m_values;
    std::string m_raw;
    std::string m_activity;
    trailproof::Origin m_record_origin;
    trailproof::Event m_event;
};

} // namespace tp_test
