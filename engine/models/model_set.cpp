#include "core/diagnostic_builder.h"
#include "models/model_set.h"

#include <map>

#include "models/train_when.h"
#include "models/value_interner.h"
#include "core/ascii.h"

namespace trailproof::models {

std::uint32_t ModelSet::find(std::string_view id) const noexcept {
    for (std::uint32_t i = 0; i < m_models.size(); ++i)
        if (m_models[i].id == id) return i;
    return k_no_model;
}

std::uint32_t ModelSet::activity_index(std::string_view type) const noexcept {
    for (std::uint32_t i = 0; i < m_activity_types.size(); ++i)
        if (equals_folded(type, m_activity_types[i], false)) return i;
    return k_no_activity;
}

bool ModelSet::partitionable() const noexcept {
    for (std::size_t g = 0; g < m_groups.size(); ++g)
        if (g != k_user_group && !m_groups[g].models.empty()) return false;
    return true;
}

std::uint64_t ModelSet::partition_hash(const Event& event) const noexcept {
    std::string scratch; // a one-part key never touches it
    std::string_view user;
    if (m_slots.empty() || !extract_key(m_slots[k_user_slot], event, scratch, user)) return 0;
    return stable_hash(user);
}

std::uint32_t ModelSet::slot_of(KeySpec spec) {
    for (std::uint32_t i = 0; i < m_slots.size(); ++i)
        if (m_slots[i] == spec) return i;
    m_slots.push_back(std::move(spec));
    return static_cast<std::uint32_t>(m_slots.size() - 1);
}

namespace {

struct Builder {
    FieldRegistry& registry;
    const rules::CompileOptions& options;
    FieldId user_fallback;

    KeyPart part(const std::string& name) {
        KeyPart p;
        p.kind = builtin_part(name);
        if (p.kind != PartKind::Field) return p;
        const std::string mapped = options.map_field ? options.map_field(name) : name;
        p.field = registry.intern(mapped);
        // DECIDE: `user` always falls back to the principal ARN when no parser filled it.
        if (name == "user") p.fallback = user_fallback;
        return p;
    }

    KeySpec spec(const std::vector<std::string>& names) {
        KeySpec s;
        for (const auto& n : names) {
            s.parts.push_back(part(n));
            if (!s.name.empty()) s.name += '+';
            s.name += n;
        }
        return s;
    }

    KeySpec scope(const ModelInfo& m) {
        switch (m.scope) {
        case ScopeKind::User: return spec({"user"});
        case ScopeKind::PeerGroup: return spec({"user_peer_group"});
        case ScopeKind::Host: return spec({"src_host"});
        case ScopeKind::Zone: return spec({"src_zone"});
        case ScopeKind::Org: return KeySpec{{KeyPart{PartKind::Constant, k_no_field, k_no_field}}, "org"};
        case ScopeKind::Fields: return spec(m.scope_fields);
        }
        return spec({"user"});
    }
};

std::string group_name(const ModelInfo& m) {
    if (m.scope != ScopeKind::Fields) return std::string(scope_name(m.scope));
    std::string out = "fields:";
    for (std::size_t i = 0; i < m.scope_fields.size(); ++i) out += (i ? "," : "") + m.scope_fields[i];
    return out;
}

} // namespace

LoadResult compile_models(std::vector<ModelInfo> infos, FieldRegistry& registry, ModelSet& out,
                          const rules::CompileOptions& options) {
    LoadResult result;

    // collect: duplicate ids (the first definition wins; the others are errors)
    std::vector<ModelInfo> kept;
    std::map<std::string, std::size_t, std::less<>> first_of;
    for (auto& info : infos) {
        auto [it, inserted] = first_of.emplace(info.id, kept.size());
        if (!inserted) {
            const ModelInfo& first = kept[it->second];
            result.add(diagnostic_at(codes::load_duplicate_id,
                                     "model id '" + info.id + "' is already defined at " + first.file + ":" +
                                         std::to_string(first.pos.line),
                                     info.file, info.pos.line, info.pos.column)
                           .item("model", info.id)
                           .in_pack(info.pack)
                           .context("model '" + info.id + "'")
                           .snippet_from(info.source_text ? std::string_view(*info.source_text) : std::string_view()));
            continue;
        }
        kept.push_back(std::move(info));
    }

    // compile
    ModelSet set;
    TrainWhenSet train_when;
    result.merge(compile_train_when(kept, registry, options, train_when));
    set.m_train_when = std::move(train_when.rules);

    Builder b{registry, options, registry.intern("userIdentity.arn")};
    set.m_slots.push_back(b.spec({"user"})); // k_user_slot
    set.m_groups.push_back({ScopeKind::User, "user", k_user_slot, {}});

    for (std::size_t i = 0; i < kept.size(); ++i) {
        if (train_when.failed[i]) continue;
        const ModelInfo& info = kept[i];
        CompiledModel m;
        m.id = info.id;
        m.description = info.description;
        m.file = info.file;
        m.pack = info.pack;
        m.line = info.pos.line;

        const std::uint32_t key_slot = set.slot_of(b.scope(info));
        const std::string name = group_name(info);
        std::uint32_t group = 0;
        while (group < set.m_groups.size() && set.m_groups[group].name != name) ++group;
        if (group == set.m_groups.size()) set.m_groups.push_back({info.scope, name, key_slot, {}});
        m.group = group;
        m.member = static_cast<std::uint32_t>(set.m_groups[group].models.size());
        set.m_groups[group].models.push_back(static_cast<std::uint32_t>(set.m_models.size()));

        KeySpec feature = b.spec(info.feature);
        m.signature = name + "|" + feature.name;
        m.value_slot = set.slot_of(std::move(feature));

        for (const auto& type : info.activity_types) {
            const std::string lowered = ascii_lowered(type);
            std::uint32_t index = set.activity_index(lowered);
            if (index == k_no_activity) {
                index = static_cast<std::uint32_t>(set.m_activity_types.size());
                set.m_activity_types.push_back(lowered);
            }
            m.activity_types.push_back(index);
        }
        m.train_rule = train_when.rule_of_model[i];
        m.convergence = {info.alpha, info.confidence, info.min_observations, info.min_days};
        m.ageing_ms = static_cast<std::int64_t>(info.ageing_days) * 86'400'000;
        m.max_values = info.max_values;
        set.m_models.push_back(std::move(m));
    }
    out = std::move(set);
    return result;
}

} // namespace trailproof::models
