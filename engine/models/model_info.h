#pragma once
// A behavioural model definition as read from YAML: plain data with source
// positions, no behaviour (the read pass of read -> collect -> compile).
// compile_models turns a list of these into a ModelSet.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "yaml/yaml_tree.h"

namespace trailproof::models {

// Which entity a model keeps one histogram for.
enum class ScopeKind : std::uint8_t {
    User,      // field `user`, falling back to `userIdentity.arn`
    PeerGroup, // field `user_peer_group` (filled by enrichment from a context table)
    Org,       // one entity for the whole organization (`B-` ids, `-O` suffix)
    Host,      // field `src_host`
    Zone,      // field `src_zone`
    Fields,    // any field tuple: {fields: [f1, f2]}
};

// "user", "peer_group", "org", "host", "zone", "fields".
[[nodiscard]] std::string_view scope_name(ScopeKind kind) noexcept;

inline constexpr std::uint32_t k_default_max_values = 10000;

struct ModelInfo {
    std::string id, description, file, pack;
    yaml::SourcePos pos;            // the `- id:` item
    ScopeKind scope = ScopeKind::User;
    std::vector<std::string> scope_fields; // Fields only
    yaml::SourcePos scope_pos;
    // One field (or built-in: hour_of_day, day_of_week, activity_type); several = a tuple.
    std::vector<std::string> feature;
    std::vector<yaml::SourcePos> feature_pos; // parallel to feature
    std::vector<std::string> activity_types;   // empty = every event trains it
    double alpha = 1.0;
    double confidence = 0.8;
    std::uint64_t min_observations = 10;
    std::uint32_t min_days = 7;                // distinct UTC days with observations
    std::uint32_t ageing_days = 0;             // 0 = never forget
    std::uint32_t max_values = k_default_max_values;
    bool max_values_given = false;             // false: the load's limit (--max-model-values) applies
    std::string cloudtrail_relevance;          // documentation only ("none": no parser fills the feature)
    // The `train_when` selection as read (the YAML tree, compiled as it is by
    // rules::compile_selections) and the text of the file it came from (snippets
    // and carets of its diagnostics).
    std::optional<yaml::YamlNode> train_when;
    yaml::SourcePos train_when_pos;           // the `train_when` key
    std::shared_ptr<const std::string> source_text;
};

} // namespace trailproof::models
