#pragma once
// The entities of one scope group (all users, all peer groups, the one
// organization, all (app) tuples, ...). An entity is found by its key's
// ValueId with one open-addressing lookup; the histograms of every model of the
// group, for every entity, live in the group's one HistogramStore, keyed by
// (histogram, value); an entity's histogram of a model is created on its first
// observation.
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
    // `ages`: some model of the group ages (its histograms keep an ageing deadline).
    explicit EntityTable(std::uint32_t model_count = 0, bool ages = false)
        : m_model_count(model_count), m_store(ages) {}

    // The entity with key `key`, or k_no_entity. Never allocates.
    [[nodiscard]] std::uint32_t find(ValueId key) const noexcept;
    // The entity with key `key`, added (no histograms) when new.
    std::uint32_t insert(ValueId key);

    [[nodiscard]] ValueId key(std::uint32_t entity) const noexcept { return m_keys[entity]; }
    [[nodiscard]] std::size_t size() const noexcept { return m_keys.size(); }
    [[nodiscard]] std::uint32_t model_count() const noexcept { return m_model_count; }

    // The histogram of (entity, model) in store(), or k_no_histogram when it has none yet.
    [[nodiscard]] std::uint32_t histogram(std::uint32_t entity, std::uint32_t model) const noexcept {
        return m_histogram[static_cast<std::size_t>(entity) * m_model_count + model];
    }
    // The histogram of (entity, model), created (empty) when it has none.
    std::uint32_t ensure_histogram(std::uint32_t entity, std::uint32_t model);
    // The counters of (entity, model), or nullptr when it has no histogram.
    [[nodiscard]] const HistogramCounters* counters(std::uint32_t entity, std::uint32_t model) const noexcept {
        const std::uint32_t h = histogram(entity, model);
        return h == k_no_histogram ? nullptr : &m_store.counters(h);
    }

    [[nodiscard]] HistogramStore& store() noexcept { return m_store; }
    [[nodiscard]] const HistogramStore& store() const noexcept { return m_store; }

    // Heap bytes held (capacities, histograms included), for stats.
    [[nodiscard]] std::size_t bytes() const noexcept;
    void clear() noexcept;

private:
    [[nodiscard]] std::size_t slot_of(ValueId key) const noexcept;

    std::uint32_t m_model_count;
    std::vector<ValueId> m_keys;               // by entity
    std::vector<std::uint32_t> m_histogram;    // entity * model_count + model: histogram id, or k_no_histogram
    std::vector<std::uint32_t> m_index;        // entity + 1, 0 = empty
    HistogramStore m_store;
};

} // namespace trailproof::models
