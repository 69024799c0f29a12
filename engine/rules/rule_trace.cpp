#include "rules/rule_set.h"

#include "core/ascii.h"
#include "rules/rule_set_data.h"

namespace trailproof::rules {

namespace {

ItemTrace trace_item(const ItemMatcher& item, const Event& event, const FieldRegistry& registry) {
    ItemTrace out;
    out.key = item.key;
    out.expected = item.written;
    if (item.kind == ItemMatcher::Kind::Keywords) {
        out.values.emplace_back("(the whole record)");
    } else if (item.field != k_no_field && item.field < event.field_count()) {
        out.field = std::string(registry.name(item.field));
        for (const Value* v = event.first(item.field); v; v = event.next(*v))
            out.values.emplace_back(v->kind == ValueKind::Null ? std::string_view("null") : v->text);
    } else if (item.field != k_no_field) {
        out.field = std::string(registry.name(item.field));
    }
    out.matched = item.match(event);
    return out;
}

// A detection's ways to match, flattened: nested lists of maps are rare, and a
// branch of a branch reads as one more branch.
void trace_branches(const DetectionMatcher& d, const Event& event, const FieldRegistry& registry,
                    std::vector<BranchTrace>& out) {
    if (d.any_of) {
        for (const auto& child : d.children) trace_branches(child, event, registry, out);
        return;
    }
    BranchTrace branch;
    for (const auto& item : d.items) branch.items.push_back(trace_item(item, event, registry));
    branch.matched = d.match(event);
    out.push_back(std::move(branch));
}

} // namespace

RuleTrace RuleSet::trace(std::uint32_t rule, const Event& event, const FieldRegistry& registry) const {
    RuleTrace out;
    const CompiledRule& r = m_data->rules[rule];
    out.activity_types = r.activity_types;
    if (!r.activity_types.empty()) {
        out.activity_type_allowed = false;
        for (const auto& t : r.activity_types)
            if (equals_folded(event.activity_type, t, false)) out.activity_type_allowed = true;
    }
    for (std::size_t d = 0; d < r.detections.size(); ++d) {
        DetectionTrace dt;
        dt.name = d < r.detection_names.size() ? r.detection_names[d] : std::to_string(d);
        dt.any_of = r.detections[d].any_of;
        trace_branches(r.detections[d], event, registry, dt.branches);
        dt.matched = r.detections[d].match(event);
        out.detections.push_back(std::move(dt));
    }
    out.conditions = r.conditions;
    out.condition_matched = r.condition.match(r.detections, event);
    out.matched = r.match(event);
    return out;
}

} // namespace trailproof::rules
