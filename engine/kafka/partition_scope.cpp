#include "kafka/partition_scope.h"

#include <string_view>

namespace trailproof::kafka {

namespace {

// The partition key is the principal: models::ModelSet::partition_hash hashes
// the user key (`user`, falling back to `userIdentity.arn`).
bool principal_field(std::string_view field) { return field == "user" || field == "userIdentity.arn"; }

bool principal_scoped(const models::ScopeGroup& group) {
    if (group.kind == models::ScopeKind::User) return true;
    if (group.kind != models::ScopeKind::Fields) return false;
    // "fields:a,b": the tuple is per principal when one of its fields is the principal.
    std::string_view fields = group.name;
    if (const auto colon = fields.find(':'); colon != std::string_view::npos) fields.remove_prefix(colon + 1);
    while (!fields.empty()) {
        const auto comma = fields.find(',');
        if (principal_field(fields.substr(0, comma))) return true;
        if (comma == std::string_view::npos) break;
        fields.remove_prefix(comma + 1);
    }
    return false;
}

} // namespace

std::vector<CrossPartition> cross_partition(const load::Content& content) {
    std::vector<CrossPartition> out;
    for (const auto& pack : content.packs) {
        const models::ModelSet& set = pack->models;
        for (std::uint32_t m = 0; m < set.size(); ++m) {
            const models::CompiledModel& model = set.model(m);
            const models::ScopeGroup& group = set.groups()[model.group];
            if (principal_scoped(group)) continue;
            CrossPartition c{pack->info.id, model.id, "model", group.name, {}};
            for (const auto& binding : pack->bindings.bindings())
                if (binding.model == m) {
                    const alerts::AlertSource& source = pack->alert_sources[binding.rule];
                    c.rules.push_back(source.pack + "/" + source.id);
                }
            out.push_back(std::move(c));
        }
        for (std::uint32_t i = 0; i < pack->correlations.size(); ++i) {
            const correlate::CompiledCorrelation& corr = pack->correlations.correlation(i);
            bool per_principal = false;
            std::string group_by;
            for (const auto& field : corr.group_by) {
                per_principal = per_principal || principal_field(field);
                group_by += (group_by.empty() ? "" : ",") + field;
            }
            if (per_principal) continue;
            const alerts::AlertSource& source = pack->correlation_sources[i];
            out.push_back({pack->info.id, source.id, "correlation", "group-by: " + group_by,
                           {source.pack + "/" + source.id}});
        }
    }
    return out;
}

std::set<std::string> cross_partition_rule_keys(const load::Content& content) {
    std::set<std::string> keys;
    for (const auto& c : cross_partition(content)) keys.insert(c.rules.begin(), c.rules.end());
    return keys;
}

std::vector<std::string> principal_keys(const std::shared_ptr<const load::Content>& content,
                                        const pipeline::DetectInputs& inputs) {
    pipeline::Detector detector(content);
    const FieldId user = content->registry.find("user");
    std::vector<std::string> keys;
    pipeline::DetectHooks hooks;
    hooks.on_event = [&](const Event& e, int, const SourceTable&) { keys.emplace_back(e.text(user)); };
    (void)detector.run(inputs, hooks);
    return keys;
}

} // namespace trailproof::kafka
