#pragma once
// The candidate index: eventName -> rules (falco indexable_ruleset
// m_filter_by_event_type + m_filter_all_event_types, rsigma candidate_index.rs).
// Keys are ids in the load's shared eventName table, so an event's eventName is
// lowered and looked up once for all packs (Event::rules_memo), and each pack's
// index is then one array read per name.
//
// Guarantee: for every event, the candidates include every rule that can match
// it (they may include more). A rule is indexed only when every way to satisfy
// its condition needs eventName to equal one of a finite set of plain literals;
// any doubt (not, keywords, wildcards, regexes, neq) sends it to the always
// list. Held by the differential test rule_index_test.cpp (index vs full scan).

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.h"
#include "core/name_ids.h"
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
    // Interns every key, lowered, into `names` (the load's shared table,
    // FieldRegistry::event_names), so all packs' indexes key on the same ids.
    void build(const std::vector<RuleKeys>& keys, FieldId event_name, std::shared_ptr<NameIds> names);

    // Calls `visit(rule)` for every candidate, in rule order, each once. With
    // `remember`, the event's eventName ids are taken from (or left in) its
    // Event::rules_memo(), so the first index of any pack resolves them and the
    // others read them; without, nothing is written to the event.
    template <class Visit>
    void for_each_candidate(const Event& event, bool remember, Visit&& visit) const noexcept;

    [[nodiscard]] const std::vector<std::uint32_t>& always() const noexcept { return m_always; }
    // When the candidates for `event` are exactly one of the index's lists (as
    // for_each_candidate would visit them, `remember` alike): that list's
    // number, k_always_list for the always list; k_several when they are a
    // merge of lists or every rule. Nearly every event has one eventName, so
    // one list: a caller may walk a plan of its own built per list (lists()).
    static constexpr std::uint32_t k_always_list = UINT32_MAX - 1;
    static constexpr std::uint32_t k_several = UINT32_MAX;
    [[nodiscard]] std::uint32_t candidate_list(const Event& event, bool remember) const noexcept;
    // The eventName lists by number (each merged with the always list).
    [[nodiscard]] const std::vector<std::vector<std::uint32_t>>& lists() const noexcept { return m_lists; }

private:
    static constexpr std::uint32_t k_no_list = UINT32_MAX;
    // The rule list of the shared id `name`, or nullptr.
    [[nodiscard]] const std::vector<std::uint32_t>* list_of(std::uint32_t name) const noexcept {
        if (name >= m_list_of.size() || m_list_of[name] == k_no_list) return nullptr;
        return &m_lists[m_list_of[name]];
    }
    // The shared id of one eventName value (ASCII-lowered), or NameIds::k_none.
    [[nodiscard]] std::uint32_t resolve(std::string_view event_name) const noexcept;
    // The distinct known ids of the event's eventName values, in value order.
    void resolve_all(const Event& event, Event::RulesMemo& out) const noexcept;
    // The event's ids: its rules_memo when it is this index's, else resolved
    // into the memo (`remember`) or into `local`. m_names must be set.
    [[nodiscard]] const Event::RulesMemo& names_of(const Event& event, bool remember,
                                                   Event::RulesMemo& local) const noexcept {
        const Event::RulesMemo& memo = event.rules_memo();
        if (is_current(memo)) return memo;
        Event::RulesMemo& out = remember ? event.rules_memo() : local;
        resolve_all(event, out);
        return out;
    }
    // The memo holds this index's ids of the event (resolved from this table at its size, from m_event_name).
    [[nodiscard]] bool is_current(const Event::RulesMemo& memo) const noexcept {
        return memo.table == m_names.get() && memo.table_size == m_names->size() && memo.field == m_event_name;
    }
    // candidate_list for the ids in `names`; candidate_list when the event's memo is stale.
    [[nodiscard]] std::uint32_t list_of_names(const Event::RulesMemo& names) const noexcept;
    [[nodiscard]] std::uint32_t candidate_list_resolved(const Event& event, bool remember) const noexcept;

    FieldId m_event_name = k_no_field;
    std::shared_ptr<const NameIds> m_names;
    // Rule lists, sorted, each already merged with the always list at build: an
    // event with one eventName (nearly all) walks one list, merging nothing.
    std::vector<std::vector<std::uint32_t>> m_lists;
    std::vector<std::uint32_t> m_list_of;            // shared name id -> index in m_lists, or k_no_list
    std::vector<std::uint32_t> m_always;
    std::size_t m_rule_count = 0;
};

template <class Visit>
void RuleIndex::for_each_candidate(const Event& event, bool remember, Visit&& visit) const noexcept {
    const std::vector<std::uint32_t>* lists[Event::RulesMemo::k_max_names] = {};
    std::size_t count = 0;
    bool overflow = false;
    if (!m_names) { // never built: no rules
        for (const std::uint32_t r : m_always) visit(r);
        return;
    }
    Event::RulesMemo local;
    const Event::RulesMemo& names = names_of(event, remember, local);
    if (names.name_overflow) {
        // Five or more distinct names: as before the shared ids, this index's
        // own lists decide (overflow only past four of them).
        for (const Value* v = event.first(m_event_name); v; v = event.next(*v)) {
            if (v->kind == ValueKind::Null) continue;
            const auto* list = list_of(resolve(v->text));
            if (!list) continue;
            bool seen = false;
            for (std::size_t i = 0; i < count; ++i) seen = seen || lists[i] == list;
            if (seen) continue;
            if (count == Event::RulesMemo::k_max_names) {
                overflow = true;
                break;
            }
            lists[count++] = list;
        }
    } else {
        // Distinct ids have distinct lists.
        for (std::size_t i = 0; i < names.name_count; ++i)
            if (const auto* list = list_of(names.name_ids[i])) lists[count++] = list;
    }
    if (overflow) { // a pathological multi-valued eventName: every rule is a candidate
        const std::uint32_t total = static_cast<std::uint32_t>(m_rule_count);
        for (std::uint32_t r = 0; r < total; ++r) visit(r);
        return;
    }
    // Each list holds the always list too; k-way merge of up to four, skipping duplicates.
    if (count <= 1) {
        for (const std::uint32_t r : count == 0 ? m_always : *lists[0]) visit(r);
        return;
    }
    std::size_t pos[Event::RulesMemo::k_max_names] = {};
    const std::vector<std::uint32_t>* const* all = lists;
    const std::size_t n = count;
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
