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
        m_entries.push_back(std::move(e));
    }
}

void DerivedFields::apply(Event& event) const {
    for (std::size_t i = 0; i < m_entries.size(); ++i) {
        const Entry& e = m_entries[i];
        // An earlier entry of the same field already decided it.
        bool decided = false;
        for (std::size_t j = 0; j < i && !decided; ++j) decided = m_entries[j].field == e.field && event.present(e.field);
        if (decided) continue;
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
