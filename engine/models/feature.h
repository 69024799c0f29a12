#pragma once
// Feature and entity-key extraction: what value of an event a model learns
// (its feature) and which entity it learns it for (its scope key). Both are a
// KeySpec: one or more parts, each a field or a built-in. Every distinct
// KeySpec of a ModelSet is one "slot", computed once per event and shared by
// all models and rules that use it (DESIGN.md "Performance shape").
//
// DECIDE (values): a field's value is its first String, Number or Bool value
// (JSON null, objects, arrays and the empty string count as absent); a tuple is
// absent when any part is. Values compare byte for byte (case matters).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.h"
#include "core/field_registry.h"

namespace trailproof::models {

enum class PartKind : std::uint8_t {
    Field,        // a field slot (with an optional fallback field)
    HourOfDay,    // "00".."23", UTC, from Event::time_ms
    DayOfWeek,    // "Mon".."Sun", UTC, from Event::time_ms
    ActivityType, // Event::activity_type (assigned by the parser)
    Constant,     // always "" (the organization's one entity)
};

struct KeyPart {
    PartKind kind = PartKind::Field;
    FieldId field = k_no_field;
    FieldId fallback = k_no_field; // used when `field` has no value (user -> userIdentity.arn)
    bool operator==(const KeyPart&) const = default;
};

struct KeySpec {
    std::vector<KeyPart> parts;
    std::string name; // "src_country", "ua_os+ua_browser", "hour_of_day", ... (signatures, stats)
    bool operator==(const KeySpec& other) const { return parts == other.parts; }
};

// The built-in part named `name` (hour_of_day, day_of_week, activity_type), or Field when none.
[[nodiscard]] PartKind builtin_part(std::string_view name) noexcept;

// Tuple parts are joined with this byte; it cannot occur in CloudTrail text values.
inline constexpr char k_tuple_separator = '\x1f';

// The value of `spec` for `event`, or false when absent. A one-part value is a
// view into the event (or a static string); a tuple is joined into `scratch`,
// which keeps its capacity (no allocation once warmed up).
[[nodiscard]] bool extract_key(const KeySpec& spec, const Event& event, std::string& scratch,
                               std::string_view& out) noexcept;

} // namespace trailproof::models
