#pragma once
// The entities of one scope group (all users, all peer groups, the one
// organization, all (app) tuples, ...). An entity is found by its key's
// ValueId with one open-addressing lookup; the histograms of every model of the
// group, for every entity, live in the group's HistogramStores, keyed by
// (histogram, value): one for the models that age (values with last-seen times,
// histograms with an ageing deadline), one for the others (no times); an
// entity's histogram of a model is created on its first observation.
//
// Entity indices are dense (0..size()-1) and stable: entities are never
// removed during a run, so other per-entity arrays (user facts, sessions) can be
// indexed by them.
//
// A group of one model keeps no (entity, model) array: the entity's histogram
// id is the entity index itself (ensure_histogram creates the histograms of the
// entities before it that have none yet, empty, which reads like none). Such a
// group creates an entity only to observe it (ModelState::train, import_image),
// so there is seldom a gap; the user group creates users for facts and
// sessions too, and a gap there costs one empty counters record.

#include <cstdint>
#include <vector>

#include "models/histogram.h"
#include "models/value_interner.h"

namespace trailproof::models {

inline constexpr std::uint32_t k_no_entity = UINT32_MAX;

class EntityTable {
public:
    // `ages[member]` != 0: that model ages (its histograms keep an ageing deadline
    // and their values last-seen times); missing members do not age.
    explicit EntityTable(std::uint32_t model_count = 0, std::vector<std::uint8_t> ages = {});

    // The entity with key `key`, or k_no_entity. Never allocates.
    [[nodiscard]] std::uint32_t find(ValueId key) const noexcept;
    // The entity with key `key`, added (no histograms) when new.
    std::uint32_t insert(ValueId key);

    [[nodiscard]] ValueId key(std::uint32_t entity) const noexcept { return m_keys[entity]; }
    [[nodiscard]] std::size_t size() const noexcept { return m_keys.size(); }
    [[nodiscard]] std::uint32_t model_count() const noexcept { return m_model_count; }

    // The histogram of (entity, model) in store(model), or k_no_histogram when it has none yet.
    [[nodiscard]] std::uint32_t histogram(std::uint32_t entity, std::uint32_t model) const noexcept {
        if (m_model_count == 1) return entity < m_stores[m_ages[0]].histogram_count() ? entity : k_no_histogram;
        return m_histogram[static_cast<std::size_t>(entity) * m_model_count + model];
    }
    // The histogram of (entity, model), created (empty) when it has none.
    std::uint32_t ensure_histogram(std::uint32_t entity, std::uint32_t model) {
        const std::uint32_t h = histogram(entity, model);
        return h != k_no_histogram ? h : add_histogram(entity, model);
    }
    // The counters of (entity, model), or nullptr when it has no histogram.
    [[nodiscard]] const HistogramCounters* counters(std::uint32_t entity, std::uint32_t model) const noexcept {
        const std::uint32_t h = histogram(entity, model);
        return h == k_no_histogram ? nullptr : &store(model).counters(h);
    }

    // The store that holds the histograms of `model` (a member of the group).
    [[nodiscard]] HistogramStore& store(std::uint32_t model) noexcept { return m_stores[m_ages[model]]; }
    [[nodiscard]] const HistogramStore& store(std::uint32_t model) const noexcept { return m_stores[m_ages[model]]; }

    // Heap bytes held (capacities, histograms included), for stats.
    [[nodiscard]] std::size_t bytes() const noexcept;
    void clear() noexcept;

private:
    [[nodiscard]] std::size_t slot_of(ValueId key) const noexcept;
    // ensure_histogram's slow path: (entity, model) has no histogram yet.
    std::uint32_t add_histogram(std::uint32_t entity, std::uint32_t model);

    std::uint32_t m_model_count;
    std::vector<ValueId> m_keys;               // by entity
    std::vector<std::uint32_t> m_histogram;    // entity * model_count + model: histogram id, or k_no_histogram
                                               // (empty in a group of one model: the id is the entity)
    std::vector<std::uint32_t> m_index;        // entity + 1, 0 = empty; at most 3/4 full (open_index.h)
    std::vector<std::uint8_t> m_ages;          // by member: 1 = it ages (its store is m_stores[1])
    HistogramStore m_stores[2] = {HistogramStore(false, false), HistogramStore(true)}; // no times; ageing
};

} // namespace trailproof::models
