#pragma once
// What every document of a pack carries, rule or correlation: its Sigma
// identity and description (SIGMA.md §1), its ATT&CK tags, trailproof's labels,
// and where it was read. Plain data, read once by MetaReader for both kinds;
// RuleMeta and CorrelationRule are a DocumentMeta plus what only they have.

#include <string>
#include <string_view>
#include <vector>

namespace trailproof::rules {

struct DocumentMeta {
    std::string id, title, name, description, status, level, author;
    std::string file, pack;              // where it was read (RuleSource::file, ::pack)
    int line = 0;                        // 1-based line of the document's start
    std::vector<std::string> tags;       // as written
    std::vector<std::string> techniques; // from attack.tNNNN[.NNN], upper-cased: "T1078.004"
    std::vector<std::string> tactics;    // from attack.<tactic>, as written after "attack." (v1 underscores kept)
    std::vector<std::string> references; // Sigma `references:` (URLs documenting the rule), as written
    // trailproof's labels (extra top-level keys a Sigma tool ignores). A rule only
    // sees events of its activity_types; the validator checks the rest against the
    // pack's documentation. "none" relevance: the document needs fields CloudTrail
    // never carries (it can never fire here), and the reason says why.
    std::vector<std::string> use_cases, activity_types;
    std::string effort, cloudtrail_relevance, cloudtrail_relevance_reason;
};

// How diagnostics name the document: its id, or its title when it has none.
[[nodiscard]] inline const std::string& item_label(const DocumentMeta& m) noexcept {
    return m.id.empty() ? m.title : m.id;
}

// What alerts (and the replay report) call the document: its id, or its name
// when it has none (a correlation's base rule may carry only a name).
[[nodiscard]] inline const std::string& alert_id(const DocumentMeta& m) noexcept { return m.id.empty() ? m.name : m.id; }

// True when a reference `ref` (a correlation's `rules` entry or alias key)
// names the document: its id or its name.
[[nodiscard]] inline bool is_named(const DocumentMeta& m, std::string_view ref) noexcept {
    return (!m.id.empty() && ref == m.id) || (!m.name.empty() && ref == m.name);
}

} // namespace trailproof::rules
