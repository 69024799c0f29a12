#include "core/name_ids.h"

#include <algorithm>

namespace trailproof {

std::uint32_t NameIds::intern(std::string_view name) {
    if (auto it = m_ids.find(name); it != m_ids.end()) return it->second;
    const auto id = static_cast<std::uint32_t>(m_names.size());
    m_names.emplace_back(name);
    m_ids.emplace(std::string(name), id);
    m_max_length = std::max(m_max_length, name.size());
    return id;
}

std::uint32_t NameIds::find(std::string_view name) const noexcept {
    if (auto it = m_ids.find(name); it != m_ids.end()) return it->second;
    return k_none;
}

} // namespace trailproof
