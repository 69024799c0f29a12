#include "load/field_map.h"

namespace trailproof::load {

std::string FieldMap::map(std::string_view name) const {
    if (auto it = m_entries.find(name); it != m_entries.end()) return it->second;
    // Dotted prefixes from the longest down: the first one found is the longest.
    for (auto dot = name.rfind('.'); dot != std::string_view::npos && dot > 0; dot = name.rfind('.', dot - 1))
        if (auto it = m_entries.find(name.substr(0, dot)); it != m_entries.end())
            return it->second + std::string(name.substr(dot));
    return std::string(name);
}

} // namespace trailproof::load
