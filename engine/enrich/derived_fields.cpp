#include "enrich/derived_fields.h"

#include <algorithm>

#include "core/ascii.h"

namespace trailproof::enrich {

void DerivedFields::compile(std::vector<DerivedFieldInfo> infos, FieldRegistry& registry) {
    m_entries.clear();
    for (auto& info : infos) {
        Entry e;
        e.field = registry.intern(info.field);
        for (const auto& [f, values] : info.when) e.when_fields.push_back(registry.intern(f));
        if (!info.path.empty()) e.path = registry.intern(info.path);
        e.info = std::move(info);
        e.follows_same_field = std::any_of(m_entries.begin(), m_entries.end(),
                                           [&](const Entry& earlier) { return earlier.field == e.field; });
        m_entries.push_back(std::move(e));
    }
}

void DerivedFields::apply(Event& event) const {
    for (const Entry& e : m_entries) {
        // An earlier entry of the same field already decided it (known at compile
        // time which entries have one: no pairwise scan per event).
        if (e.follows_same_field && event.present(e.field)) continue;
        bool holds = true;
        for (std::size_t w = 0; w < e.when_fields.size() && holds; ++w) {
            const std::string_view text = event.text(e.when_fields[w]);
            const auto& wanted = e.info.when[w].second;
            holds = std::any_of(wanted.begin(), wanted.end(), [&](const std::string& v) { return iequals(text, v); });
        }
        if (!holds) continue;
        const std::vector<std::string>* values = &e.info.values;
        if (e.path != k_no_field) {
            auto it = e.info.translate.find(event.text(e.path));
            if (it == e.info.translate.end()) continue;
            values = &it->second;
        }
        // The values are the pack's own text: they outlive the event.
        for (const auto& v : *values) event.add(e.field, {ValueKind::String, v, 0, -1, true});
    }
}

} // namespace trailproof::enrich
