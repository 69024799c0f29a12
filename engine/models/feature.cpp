#include "models/feature.h"

#include <array>

#include "core/civil_time.h"

namespace trailproof::models {

PartKind builtin_part(std::string_view name) noexcept {
    if (name == "hour_of_day") return PartKind::HourOfDay;
    if (name == "day_of_week") return PartKind::DayOfWeek;
    if (name == "activity_type") return PartKind::ActivityType;
    return PartKind::Field;
}

namespace {

constexpr std::array<std::string_view, 24> k_hours = {"00", "01", "02", "03", "04", "05", "06", "07",
                                                     "08", "09", "10", "11", "12", "13", "14", "15",
                                                     "16", "17", "18", "19", "20", "21", "22", "23"};
// Indexed by ISO weekday - 1: index 0 is Monday.
constexpr std::array<std::string_view, 7> k_days = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

bool field_text(const Event& event, FieldId field, std::string_view& out) noexcept {
    if (field == k_no_field || field >= event.field_count()) return false;
    for (const Value* v = event.first(field); v; v = event.next(*v)) {
        if (v->kind != ValueKind::String && v->kind != ValueKind::Number && v->kind != ValueKind::Bool) continue;
        if (v->text.empty()) continue;
        out = v->text;
        return true;
    }
    return false;
}

bool part_text(const KeyPart& part, const Event& event, std::string_view& out) noexcept {
    switch (part.kind) {
    case PartKind::Field: return field_text(event, part.field, out) || field_text(event, part.fallback, out);
    case PartKind::HourOfDay:
        out = k_hours[static_cast<std::size_t>(floor_mod(floor_div(event.time_ms, k_ms_per_hour), 24))];
        return true;
    case PartKind::DayOfWeek:
        out = k_days[iso_weekday(floor_div(event.time_ms, k_ms_per_day)) - 1];
        return true;
    case PartKind::ActivityType:
        out = event.activity_type;
        return !out.empty();
    case PartKind::Constant: out = {}; return true;
    }
    return false;
}

} // namespace

bool extract_key(const KeySpec& spec, const Event& event, std::string& scratch, std::string_view& out) noexcept {
    if (spec.parts.size() == 1) return part_text(spec.parts.front(), event, out);
    scratch.clear();
    for (std::size_t i = 0; i < spec.parts.size(); ++i) {
        std::string_view t;
        if (!part_text(spec.parts[i], event, t)) return false;
        if (i > 0) scratch += k_tuple_separator;
        scratch += t; // may grow once; the scratch keeps its capacity afterwards
    }
    out = scratch;
    return true;
}

} // namespace trailproof::models
