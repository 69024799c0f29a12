#include "core/origin.h"

namespace trailproof {

std::uint32_t SourceTable::add(std::string name) {
    m_names.push_back(std::move(name));
    return static_cast<std::uint32_t>(m_names.size() - 1);
}

std::string_view SourceTable::name(std::uint32_t source) const noexcept {
    if (source >= m_names.size()) return "?";
    return m_names[source];
}

std::string render_origin(const Origin& origin, const SourceTable& sources) {
    std::string out(sources.name(origin.source));
    if (origin.line != 0) {
        out += ':';
        out += std::to_string(origin.line);
    }
    if (origin.index != k_no_index) {
        out += '[';
        out += std::to_string(origin.index);
        out += ']';
    }
    return out;
}

} // namespace trailproof
