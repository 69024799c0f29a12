#pragma once
// The candidate index: eventName -> rules (falco indexable_ruleset
// m_filter_by_event_type + m_filter_all_event_types, rsigma candidate_index.rs).
//
// Guarantee: for every event, the candidates include every rule that can match
// it (they may include more). A rule is indexed only when every way to satisfy
// its condition needs eventName to equal one of a finite set of plain literals;
// any doubt (not, keywords, wildcards, regexes, neq) sends it to the always
// list. Held by the differential test rule_index_test.cpp (index vs full scan).

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/event.h"
#include "rules/matcher.h"
#include "rules/rule_set.h"

namespace trailproof::rules {

struct RuleKeys {
    bool indexed = false;
    std::vector<IndexPair> pairs;     // (eventSource, eventName) as written; names only when indexed
    bool mentions_event_name = false; // some item of the rule tests eventName at all
};

// Derives the eventName/eventSource literals a rule requires from its compiled condition.
[[nodiscard]] RuleKeys derive_rule_keys(const CompiledRule& rule, FieldId event_name, FieldId event_source);

class RuleIndex {
public:
    void build(const std::vector<RuleKeys>& keys, FieldId event_name);

    // Calls `visit(rule)` for every candidate, in rule order, each once.
    template <class Visit>
    void for_each_candidate(const Event& event, Visit&& visit) const noexcept;

    [[nodiscard]] const std::vector<std::uint32_t>& always() const noexcept { return m_always; }

private:
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
    };
    // The rule list for one eventName value, or nullptr.
    [[nodiscard]] const std::vector<std::uint32_t>* lookup(std::string_view event_name) const noexcept;

    FieldId m_event_name = k_no_field;
    std::unordered_map<std::string, std::vector<std::uint32_t>, Hash, std::equal_to<>> m_by_name; // lowered keys
    std::vector<std::uint32_t> m_always;
    std::size_t m_max_key = 0;
    std::size_t m_rule_count = 0;
};

template <class Visit>
void RuleIndex::for_each_candidate(const Event& event, Visit&& visit) const noexcept {
    const std::vector<std::uint32_t>* lists[4] = {};
    std::size_t count = 0;
    bool overflow = false;
    for (const Value* v = event.first(m_event_name); v; v = event.next(*v)) {
        if (v->kind == ValueKind::Null) continue;
        const auto* list = lookup(v->text);
        if (!list) continue;
        bool seen = false;
        for (std::size_t i = 0; i < count; ++i) seen = seen || lists[i] == list;
        if (seen) continue;
        if (count == 4) {
            overflow = true;
            break;
        }
        lists[count++] = list;
    }
    if (overflow) { // a pathological multi-valued eventName: every rule is a candidate
        const std::uint32_t total = static_cast<std::uint32_t>(m_rule_count);
        for (std::uint32_t r = 0; r < total; ++r) visit(r);
        return;
    }
    // k-way merge of the always list and up to four sorted lists, skipping duplicates.
    std::size_t pos[5] = {};
    const std::vector<std::uint32_t>* all[5] = {&m_always, lists[0], lists[1], lists[2], lists[3]};
    const std::size_t n = count + 1;
    for (;;) {
        std::uint32_t best = UINT32_MAX;
        for (std::size_t i = 0; i < n; ++i)
            if (pos[i] < all[i]->size()) best = std::min(best, (*all[i])[pos[i]]);
        if (best == UINT32_MAX) return;
        for (std::size_t i = 0; i < n; ++i)
            if (pos[i] < all[i]->size() && (*all[i])[pos[i]] == best) ++pos[i];
        visit(best);
    }
}

} // namespace trailproof::rules
