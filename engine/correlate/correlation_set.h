#pragma once
// The compiled, immutable correlation set of one RuleSet (SIGMA.md §5).
//
// CorrelationSet::compile takes the correlation documents the rules stage read
// and resolved (RuleSet::correlations()) and fixes, once, everything the
// runtime needs: where each referenced rule's group-by and value fields are
// read (event FieldIds after aliases and map_field, or an inner correlation's
// group-by values), the slot of each reference, when a window fires, the
// evaluation order of chains, and which rules are suppressed by generate: false.
// Correlation indices are those of RuleSet::correlations(); one that fails to
// compile here stays in the set, disabled, with its error in the LoadResult.
// After compile the set never changes and may be shared const across threads.

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "core/field_registry.h"
#include "correlate/correlation_hit.h"
#include "rules/correlation_rule.h"
#include "rules/rule_set.h"

namespace trailproof::correlate {

// When a group's window is evaluated (README "When an alert fires").
enum class FireMode : std::uint8_t {
    // Only lower bounds (gt, gte): adding hits can only make the condition true,
    // so it is checked on every hit and fires the moment it holds.
    Rising,
    // An upper bound or equality (lt, lte, eq, neq): the count is final only when
    // the window has closed, so it is checked once, when the clock passes its end.
    Closing,
};

inline constexpr std::uint32_t k_no_inner = UINT32_MAX;

// Where one value of a referenced rule's hit comes from: a field of the event
// (base rule) or one group-by value of an inner correlation's hit (chaining).
struct FieldSource {
    FieldId field = k_no_field;
    std::vector<FieldId> fallback;    // an alias's further fields, tried in order when `field` is absent
    std::uint32_t inner = k_no_inner; // index into the inner CorrelationHit::group
};

struct CompiledRef {
    bool is_correlation = false;
    std::uint32_t index = 0; // RuleSet rule index, or correlation index
    // The first position in `refs` with the same target: hits of one target
    // always carry this slot, so a target listed twice (temporal_ordered) is one slot.
    std::uint32_t slot = 0;
    std::vector<FieldSource> group; // parallel to CompiledCorrelation::group_by
    std::vector<FieldSource> value; // parallel to source.condition_fields (value_count)
};

struct CompiledCorrelation {
    rules::CorrelationRule source; // the document as the rules stage resolved it
    bool enabled = false;          // false: it failed to compile here and never fires
    FireMode mode = FireMode::Rising;
    std::int64_t timespan_ms = 0;
    std::vector<std::string> group_by; // as written (alias names stay alias names)
    std::vector<CompiledRef> refs;     // parallel to source.rules
    std::uint32_t level = 0;           // 0: only base rules; else 1 + the deepest inner correlation
    // Identity of the correlation in saved state: id, else name, else title
    // ("#2", "#3" appended when repeated), and a fingerprint of everything the
    // saved windows depend on. A saved state whose signature differs is dropped.
    std::string key;
    std::string signature;
};

struct CorrelationOptions {
    // The pack's field map (rule field name -> event field name), applied to
    // group-by fields, alias targets and condition fields; identity when empty.
    std::function<std::string(std::string_view)> map_field;
    // Memory bounds per correlation: open groups, and hits held by one group.
    // A hit that would exceed either is dropped and counted as overflow.
    std::size_t max_groups = 100'000;
    std::size_t max_entries = 65'536;
};

// One use of a rule or correlation by a correlation: correlation `correlation`
// lists it at position `ref`.
struct RefUse {
    std::uint32_t correlation = 0;
    std::uint32_t ref = 0;
};

class CorrelationSet {
public:
    // Compiles every correlation of `rules` into `out` (replacing it). Interns
    // every field a correlation reads in `registry` (so the parse stage extracts
    // it: call before ParserSet::finalize). Errors disable their correlation and
    // every correlation that references it; the others compile.
    [[nodiscard]] static LoadResult compile(const rules::RuleSet& rules, FieldRegistry& registry,
                                            const CorrelationOptions& options, CorrelationSet& out);

    [[nodiscard]] std::size_t size() const noexcept { return m_correlations.size(); }
    [[nodiscard]] const CompiledCorrelation& correlation(std::uint32_t c) const noexcept { return m_correlations[c]; }
    // Enabled correlations, inner before outer (level, then index): the evaluation order.
    [[nodiscard]] std::span<const std::uint32_t> order() const noexcept { return m_order; }
    // Number of base rules of the RuleSet the set was compiled from.
    [[nodiscard]] std::size_t rule_count() const noexcept { return m_suppressed.size(); }
    // True when some enabled correlation references base rule `rule` at all.
    [[nodiscard]] bool referenced(std::uint32_t rule) const noexcept;

    // True when an enabled correlation with generate: false references base rule
    // `rule`: the detector drops that rule's own alerts (only the correlation emits).
    [[nodiscard]] bool suppressed(std::uint32_t rule) const noexcept;
    // The same for correlation `c` referenced by an outer correlation (a chain's
    // inner alerts); CorrelationHit::emit is its negation.
    [[nodiscard]] bool correlation_suppressed(std::uint32_t c) const noexcept { return m_corr_suppressed[c] != 0; }

    [[nodiscard]] std::size_t max_groups() const noexcept { return m_max_groups; }
    [[nodiscard]] std::size_t max_entries() const noexcept { return m_max_entries; }

private:
    std::vector<CompiledCorrelation> m_correlations;
    std::vector<std::uint32_t> m_order;
    std::vector<std::uint8_t> m_suppressed;      // by base rule
    std::vector<std::uint8_t> m_referenced;      // by base rule
    std::vector<std::uint8_t> m_corr_suppressed; // by correlation
    std::size_t m_max_groups = 0;
    std::size_t m_max_entries = 0;
};

// "sourceIPAddress=203.0.113.7, userName=alice" (group-by names as written);
// "" for the one global group.
[[nodiscard]] std::string render_group(const CorrelationSet& set, const CorrelationHit& hit);

} // namespace trailproof::correlate
