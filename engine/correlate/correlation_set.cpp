#include "correlate/correlation_set.h"

namespace trailproof::correlate {

bool CorrelationSet::referenced(std::uint32_t rule) const noexcept {
    return rule < m_referenced.size() && m_referenced[rule] != 0;
}

bool CorrelationSet::suppressed(std::uint32_t rule) const noexcept {
    return rule < m_suppressed.size() && m_suppressed[rule] != 0;
}

std::string render_group(const CorrelationSet& set, const CorrelationHit& hit) {
    const auto& names = set.correlation(hit.correlation).group_by;
    std::string out;
    for (std::size_t i = 0; i < names.size() && i < hit.group.size(); ++i) {
        if (i) out += ", ";
        out += names[i];
        out += '=';
        out += hit.group[i];
    }
    return out;
}

} // namespace trailproof::correlate
