#include "core/field_registry.h"

namespace trailproof {

FieldId FieldRegistry::intern(std::string_view name) {
    if (auto it = m_ids.find(name); it != m_ids.end()) return it->second;
    auto id = static_cast<FieldId>(m_names.size());
    m_names.emplace_back(name);
    m_ids.emplace(std::string(name), id);
    return id;
}

FieldId FieldRegistry::find(std::string_view name) const noexcept {
    if (auto it = m_ids.find(name); it != m_ids.end()) return it->second;
    return k_no_field;
}

} // namespace trailproof
