#include "models/entity_table.h"

namespace trailproof::models {

namespace {
std::uint64_t mix(ValueId key) noexcept {
    std::uint64_t x = key;
    x *= 0x9e3779b97f4a7c15ULL;
    return x ^ (x >> 29);
}
} // namespace

std::size_t EntityTable::slot_of(ValueId key) const noexcept {
    const std::size_t mask = m_index.size() - 1;
    std::size_t i = static_cast<std::size_t>(mix(key)) & mask;
    while (m_index[i] != 0 && m_keys[m_index[i] - 1] != key) i = (i + 1) & mask;
    return i;
}

std::uint32_t EntityTable::find(ValueId key) const noexcept {
    if (m_keys.empty() || key == k_no_value) return k_no_entity;
    const std::uint32_t e = m_index[slot_of(key)];
    return e == 0 ? k_no_entity : e - 1;
}

std::uint32_t EntityTable::insert(ValueId key) {
    if ((m_keys.size() + 1) * 2 > m_index.size()) {
        std::vector<std::uint32_t> index(m_index.empty() ? 16 : m_index.size() * 2, 0);
        m_index.swap(index);
        for (std::uint32_t e = 0; e < m_keys.size(); ++e) m_index[slot_of(m_keys[e])] = e + 1;
    }
    const std::size_t slot = slot_of(key);
    if (m_index[slot] != 0) return m_index[slot] - 1;
    const auto entity = static_cast<std::uint32_t>(m_keys.size());
    m_keys.push_back(key);
    m_histograms.emplace_back();
    m_counters.resize(m_counters.size() + m_model_count);
    m_index[slot] = entity + 1;
    return entity;
}

std::size_t EntityTable::bytes() const noexcept {
    std::size_t total = m_keys.capacity() * sizeof(ValueId) + m_histograms.capacity() * sizeof(EntityHistograms) +
                        m_counters.capacity() * sizeof(HistogramCounters) +
                        m_index.capacity() * sizeof(std::uint32_t);
    for (const auto& h : m_histograms) total += h.bytes();
    return total;
}

void EntityTable::clear() noexcept {
    m_keys.clear();
    m_histograms.clear();
    m_counters.clear();
    m_index.clear();
}

} // namespace trailproof::models
