#include "models/entity_table.h"

#include "models/dense_array.h"
#include "models/open_index.h"

#include <utility>

namespace trailproof::models {

namespace {
std::uint64_t mix_entity_key(ValueId key) noexcept {
    std::uint64_t x = key;
    x *= 0x9e3779b97f4a7c15ULL;
    return x ^ (x >> 29);
}
} // namespace

EntityTable::EntityTable(std::uint32_t model_count, std::vector<std::uint8_t> ages)
    : m_model_count(model_count), m_ages(std::move(ages)) {
    m_ages.resize(model_count, 0);
    for (std::uint8_t& a : m_ages) a = a != 0 ? 1 : 0;
}

std::size_t EntityTable::slot_of(ValueId key) const noexcept {
    const std::size_t slots = m_index.size();
    std::size_t i = index_home(static_cast<std::uint32_t>(mix_entity_key(key) >> 32), slots);
    while (m_index[i] != 0 && m_keys[m_index[i] - 1] != key) i = index_next(i, slots);
    return i;
}

std::uint32_t EntityTable::find(ValueId key) const noexcept {
    if (m_keys.empty() || key == k_no_value) return k_no_entity;
    const std::uint32_t e = m_index[slot_of(key)];
    return e == 0 ? k_no_entity : e - 1;
}

std::uint32_t EntityTable::insert(ValueId key) {
    if (index_over(m_keys.size() + 1, m_index.size())) {
        std::vector<std::uint32_t> index(grown_index(m_index.size(), 16), 0);
        m_index.swap(index);
        for (std::uint32_t e = 0; e < m_keys.size(); ++e) m_index[slot_of(m_keys[e])] = e + 1;
    }
    const std::size_t slot = slot_of(key);
    if (m_index[slot] != 0) return m_index[slot] - 1;
    const auto entity = static_cast<std::uint32_t>(m_keys.size());
    // Grown like the store's arrays (these are per entity: dense_array.h).
    const std::size_t per_entity = m_model_count == 1 ? 0 : m_model_count; // one model: no array
    if (m_keys.size() == m_keys.capacity()) {
        m_keys.reserve(grown_capacity(m_keys.capacity()));
        if (per_entity != 0) m_histogram.reserve(m_histogram.size() + (m_keys.capacity() - m_keys.size()) * per_entity);
    }
    m_keys.push_back(key);
    if (per_entity != 0) m_histogram.resize(m_histogram.size() + per_entity, k_no_histogram);
    m_index[slot] = entity + 1;
    return entity;
}

std::uint32_t EntityTable::add_histogram(std::uint32_t entity, std::uint32_t model) {
    if (m_model_count == 1) { // the id is the entity: entities before it without one get theirs, empty
        HistogramStore& s = store(0);
        while (s.histogram_count() <= entity) (void)s.add_histogram();
        return entity;
    }
    std::uint32_t& h = m_histogram[static_cast<std::size_t>(entity) * m_model_count + model];
    h = store(model).add_histogram();
    return h;
}

std::size_t EntityTable::bytes() const noexcept {
    return m_keys.capacity() * sizeof(ValueId) + m_histogram.capacity() * sizeof(std::uint32_t) +
           m_index.capacity() * sizeof(std::uint32_t) + m_ages.capacity() + m_stores[0].bytes() + m_stores[1].bytes();
}

void EntityTable::clear() noexcept {
    m_keys.clear();
    m_histogram.clear();
    m_index.clear();
    m_stores[0].clear();
    m_stores[1].clear();
}

} // namespace trailproof::models
