#pragma once
// The entities of one scope group (all users, all peer groups, the one
// organization, all (app) tuples, ...). An entity is found by its key's
// ValueId with one open-addressing lookup; its record holds the histograms and
// counters of every model of the group, side by side.
//
// Entity indices are dense (0..size()-1) and stable: entities are never
// removed during a run, so other per-entity arrays (user facts, sessions) can be
// indexed by them.

#include <cstdint>
#include <vector>

#include "models/histogram.h"
#include "models/value_interner.h"

namespace trailproof::models {

inline constexpr std::uint32_t k_no_entity = UINT32_MAX;

class EntityTable {
public:
    explicit EntityTable(std::uint32_t model_count = 0) : m_model_count(model_count) {}

    // The entity with key `key`, or k_no_entity. Never allocates.
    [[nodiscard]] std::uint32_t find(ValueId key) const noexcept;
    // The entity with key `key`, added (empty histograms) when new.
    std::uint32_t insert(ValueId key);

    [[nodiscard]] ValueId key(std::uint32_t entity) const noexcept { return m_keys[entity]; }
    [[nodiscard]] std::size_t size() const noexcept { return m_keys.size(); }
    [[nodiscard]] std::uint32_t model_count() const noexcept { return m_model_count; }

    [[nodiscard]] EntityHistograms& histograms(std::uint32_t entity) noexcept { return m_histograms[entity]; }
    [[nodiscard]] const EntityHistograms& histograms(std::uint32_t entity) const noexcept {
        return m_histograms[entity];
    }
    [[nodiscard]] HistogramCounters& counters(std::uint32_t entity, std::uint32_t model) noexcept {
        return m_counters[static_cast<std::size_t>(entity) * m_model_count + model];
    }
    [[nodiscard]] const HistogramCounters& counters(std::uint32_t entity, std::uint32_t model) const noexcept {
        return m_counters[static_cast<std::size_t>(entity) * m_model_count + model];
    }

    // Heap bytes held (capacities, histogram tables included), for stats.
    [[nodiscard]] std::size_t bytes() const noexcept;
    void clear() noexcept;

private:
    [[nodiscard]] std::size_t slot_of(ValueId key) const noexcept;

    std::uint32_t m_model_count;
    std::vector<ValueId> m_keys;                  // by entity
    std::vector<EntityHistograms> m_histograms;   // by entity
    std::vector<HistogramCounters> m_counters;    // entity * model_count + model
    std::vector<std::uint32_t> m_index;           // entity + 1, 0 = empty
};

} // namespace trailproof::models
