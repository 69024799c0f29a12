#pragma once
// The compiled, immutable rule set and the one entry point that builds it.
//
// compile_rules reads every source (YAML -> AST), collects them (duplicate ids,
// correlation references), compiles each rule (conditions, modifiers, regexes,
// CIDRs, field ids) and indexes them by eventName. A bad rule records its
// diagnostics and is left out; the others compile. After compile a RuleSet never
// changes and may be shared const across threads.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "core/event.h"
#include "core/field_registry.h"
#include "rules/correlation_rule.h"
#include "rules/predicate_memo.h"
#include "rules/rule_meta.h"
#include "rules/rule_source.h"
#include "rules/rule_trace.h"

namespace trailproof::rules {

// One (eventSource, eventName) pair a rule requires; event_source is "" when the
// rule does not constrain it. Literals are as written in the rule.
struct IndexPair {
    std::string event_source;
    std::string event_name;
    bool operator==(const IndexPair&) const = default;
};

// The plain `contains` literals of one Values item (no |all, |every or |neq) of
// one case mode: lowered unless `cased`. What a multi-literal search over the
// field would be built from (bench/literals.cpp measures matchers on them).
struct ContainsLiterals {
    FieldId field = k_no_field;
    bool cased = false;
    std::vector<std::string> literals;
};

struct RuleSetData;     // defined in rule_set_data.h (internal)
struct RuleFile;        // rule_file.h
struct SelectionSource; // selection_compiler.h

class RuleSet {
public:
    RuleSet();
    ~RuleSet();
    RuleSet(RuleSet&&) noexcept;
    RuleSet& operator=(RuleSet&&) noexcept;
    RuleSet(const RuleSet&) = delete;
    RuleSet& operator=(const RuleSet&) = delete;

    [[nodiscard]] std::size_t size() const noexcept;
    // Metadata of rule `rule` (0 <= rule < size()); lives as long as the RuleSet.
    [[nodiscard]] const RuleMeta& meta(std::uint32_t rule) const noexcept;
    // Rule index of `id`, or UINT32_MAX.
    [[nodiscard]] std::uint32_t find(std::string_view id) const noexcept;

    // Appends the index of every rule that matches `event` to `hits` (cleared
    // first), in rule order: the index's candidates, less those that need a
    // field the event lacks (required_fields). No allocation once `hits` has
    // capacity for size() ids.
    void match(const Event& event, std::vector<std::uint32_t>& hits) const noexcept;
    // The same, evaluating each shared predicate (rules/predicate_set.h) at most
    // once for the event: `memo` is the caller's per-thread scratch; it is sized on
    // the first call (the only allocation) and forgets everything at each call.
    void match(const Event& event, PredicateMemo& memo, std::vector<std::uint32_t>& hits) const noexcept;
    // Same result without the index (differential tests, the validator).
    void match_full_scan(const Event& event, std::vector<std::uint32_t>& hits) const noexcept;
    // Why `rule` does or does not match `event` (rules/rule_trace.h); field names
    // come from `registry`, the one the set was compiled with. Allocates.
    [[nodiscard]] RuleTrace trace(std::uint32_t rule, const Event& event, const FieldRegistry& registry) const;
    // The rules the index would evaluate for `event` (a superset of match()), in rule order.
    void candidates(const Event& event, std::vector<std::uint32_t>& out) const noexcept;

    // What `rule`'s condition needs of the event's fields (rules/field_requirement.h):
    // clauses, each a sorted list of fields of which the event must have one
    // (Event::present), all of them needed; empty when nothing is. Allocates.
    [[nodiscard]] std::vector<std::vector<FieldId>> field_requirement(std::uint32_t rule) const;
    // The one clause of it that match() checks before evaluating `rule` (none
    // for an indexed rule's eventName, which its index list implies); an event
    // without any of its fields skips the rule. Empty when nothing is checked.
    [[nodiscard]] std::vector<std::vector<FieldId>> required_fields(std::uint32_t rule) const;
    // The (eventSource, eventName) pairs the index derived for `rule`; empty when unindexed.
    [[nodiscard]] const std::vector<IndexPair>& index_pairs(std::uint32_t rule) const noexcept;
    // Distinct predicates (items, detections, activity-type gates) after sharing.
    [[nodiscard]] std::size_t predicate_count() const noexcept;
    // Distinct (activity gate, condition) pairs: rules that have the same share one result.
    [[nodiscard]] std::size_t group_count() const noexcept;
    // The memo slots a match needs: predicate_count() + group_count().
    [[nodiscard]] std::size_t memo_size() const noexcept;
    // Every item's `contains` literals, per item and case mode, in rule order
    // (items with none left out; an item shared by rules is listed once per rule).
    [[nodiscard]] std::vector<ContainsLiterals> contains_literals() const;
    // True when `rule` is evaluated against every event (no finite eventName set).
    [[nodiscard]] bool unindexed(std::uint32_t rule) const noexcept;
    // True when no rule can match `event`: no indexed rule is a candidate for its
    // eventName, and no unindexed rule matches it (evaluated; `scratch` is
    // match()'s `hits`). Exact for a head read (RecordParser::Extent::Head) whose
    // head holds eventName and every field the unindexed rules read
    // (load::Content::head_first).
    [[nodiscard]] bool matches_nothing(const Event& event, PredicateMemo& memo,
                                       std::vector<std::uint32_t>& scratch) const noexcept;
    // Every field `rule`'s condition reads (items, field references), ascending.
    [[nodiscard]] std::vector<FieldId> fields_read(std::uint32_t rule) const;
    // True when `rule` reads Event::activity_type (an activity_types gate).
    [[nodiscard]] bool reads_activity_type(std::uint32_t rule) const noexcept;

    // Correlation documents, parsed and checked, references resolved; not evaluated here.
    [[nodiscard]] const std::vector<CorrelationRule>& correlations() const noexcept;

private:
    friend LoadResult compile_rule_files(std::vector<RuleFile>, FieldRegistry&, const CompileOptions&, RuleSet&);
    friend std::vector<std::uint32_t> compile_selections(const std::vector<SelectionSource>&, FieldRegistry&,
                                                         const CompileOptions&, RuleSet&);
    std::unique_ptr<RuleSetData> m_data;
};

// Reads, collects and compiles all sources into `out` (replacing what it held).
// Every error of every file lands in the result; rules with errors are left out.
// Registers every field the rules use (and eventName/eventSource) in `registry`.
// The same as read_rule_file on each source, then compile_rule_files (rule_file.h).
[[nodiscard]] LoadResult compile_rules(const std::vector<RuleSource>& sources, FieldRegistry& registry,
                                       const CompileOptions& options, RuleSet& out);

} // namespace trailproof::rules
