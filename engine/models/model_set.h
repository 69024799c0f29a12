#pragma once
// The compiled, immutable set of behavioural models and the entry point that
// builds it. After compile a ModelSet never changes and may be shared const by
// every ModelState (one per partition).
//
// Models with the same scope form a ScopeGroup: their histograms live in one
// entity record, so an event costs one entity lookup per group, not per model.
// Group 0 is always the user group (it also carries user facts and sessions).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "core/event.h"
#include "core/field_registry.h"
#include "models/feature.h"
#include "models/histogram.h"
#include "models/model_info.h"
#include "rules/rule_set.h"
#include "rules/rule_source.h"

namespace trailproof::models {

inline constexpr std::uint32_t k_no_model = UINT32_MAX;
inline constexpr std::uint32_t k_user_group = 0;
inline constexpr std::uint32_t k_user_slot = 0;
inline constexpr std::uint32_t k_no_activity = UINT32_MAX;

struct ScopeGroup {
    ScopeKind kind = ScopeKind::User;
    std::string name;                  // "user", "org", "fields:app,user", ...
    std::uint32_t key_slot = 0;        // slot holding the entity key
    std::vector<std::uint32_t> models; // model indices; a model's `member` is its position here
};

struct CompiledModel {
    std::string id, description, file, pack;
    int line = 0;
    std::uint32_t group = 0;      // index into ModelSet::groups()
    std::uint32_t member = 0;     // index inside the group's entity record
    std::uint32_t value_slot = 0; // slot holding the feature value
    std::vector<std::uint32_t> activity_types; // indices into ModelSet::activity_types(); empty = all
    std::uint32_t train_rule = UINT32_MAX;     // rule of ModelSet::train_when(), or none
    Convergence convergence;
    std::int64_t ageing_ms = 0;   // 0 = never forget
    std::uint32_t max_values = k_default_max_values;
    // Scope and feature, e.g. "user|src_country": histograms saved under another
    // signature mean something else and are not loaded back.
    std::string signature;
};

class ModelSet {
public:
    [[nodiscard]] std::size_t size() const noexcept { return m_models.size(); }
    [[nodiscard]] const CompiledModel& model(std::uint32_t index) const noexcept { return m_models[index]; }
    // Index of the model with id `id`, or k_no_model.
    [[nodiscard]] std::uint32_t find(std::string_view id) const noexcept;

    [[nodiscard]] const std::vector<ScopeGroup>& groups() const noexcept { return m_groups; }
    [[nodiscard]] const std::vector<KeySpec>& slots() const noexcept { return m_slots; }
    // Lowered activity type names the models filter on.
    [[nodiscard]] const std::vector<std::string>& activity_types() const noexcept { return m_activity_types; }
    // Index of `type` (ASCII case-insensitive) in activity_types(), or k_no_activity.
    [[nodiscard]] std::uint32_t activity_index(std::string_view type) const noexcept;
    // The compiled train_when selections (one rule per model that has one).
    [[nodiscard]] const rules::RuleSet& train_when() const noexcept { return m_train_when; }

    // True when every model is keyed by user: then partitions by user hash own
    // disjoint state and `--threads N` / scale-out need no shared state.
    [[nodiscard]] bool partitionable() const noexcept;
    // Stable partition hash of an event's user key (stable_hash of the text; 0 when the event has no user).
    [[nodiscard]] std::uint64_t partition_hash(const Event& event) const noexcept;
    // True when model `model` is kept for an entity other than the user (organization,
    // peer group, host, zone, field tuple): a split state keeps it on the owner part
    // (ModelState's StatePart::Shared), whose verdicts the principal shards take.
    [[nodiscard]] bool shared_model(std::uint32_t model) const noexcept {
        return m_models[model].group != k_user_group;
    }

private:
    friend LoadResult compile_models(std::vector<ModelInfo>, FieldRegistry&, ModelSet&, const rules::CompileOptions&);
    std::uint32_t slot_of(KeySpec spec);

    std::vector<CompiledModel> m_models;
    std::vector<ScopeGroup> m_groups;
    std::vector<KeySpec> m_slots;
    std::vector<std::string> m_activity_types;
    rules::RuleSet m_train_when;
};

// Collects and compiles `infos` into `out` (replacing what it held): duplicate
// ids, feature and scope fields (interned in `registry`, after options.map_field),
// train_when selections (through the rules compiler). A model with an error is
// reported and left out; the others compile.
[[nodiscard]] LoadResult compile_models(std::vector<ModelInfo> infos, FieldRegistry& registry, ModelSet& out,
                                        const rules::CompileOptions& options = {});

} // namespace trailproof::models
