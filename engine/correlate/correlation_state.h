#pragma once
// The correlation windows of one partition, and the per-event step that feeds
// them rule hits and collects correlation hits (SIGMA.md §5; README.md has every
// decision with its test).
//
//   CorrelationState state(set);              // set must outlive the state
//   for each accepted event, in input order:
//       rules.match(event, hits);             // after models filtered them
//       state.on_event(event, hits, out);     // also for events with no hits
//       emit out (in order) where hit.emit; drop base alerts set.suppressed(rule)
//   at end of input: state.flush(out);        // closes lt/lte/eq/neq windows
//
// Event time only (Event::time_ms); the wall clock is never read. The state's
// clock is the newest event time it was given and never goes back. Everything
// is deterministic: same set + same calls => same hits in the same order, and
// save() -> load() in between changes nothing (split_replay_test.cpp).
//
// Partitioning: groups are keyed by group-by values, not by principal, so one
// CorrelationState must see every hit of a correlation unless the runner's
// partition key determines the group-by key.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.h"
#include "correlate/correlation_hit.h"
#include "correlate/correlation_set.h"
#include "correlate/group_table.h"

namespace trailproof::correlate {

struct CorrelationStats {
    std::uint64_t inputs = 0;        // hits offered: base rule hits and inner correlation hits
    std::uint64_t late = 0;          // older than the window's start when they came: dropped
    std::uint64_t future = 0;        // the event was dated after the time limit: dropped (not in the byte form)
    std::uint64_t missing_field = 0; // the event lacked a group-by or value field: dropped
    std::uint64_t overflow = 0;      // dropped at max_groups or max_entries
    std::uint64_t fired = 0;         // correlation hits produced
    std::uint64_t closed = 0;        // Closing windows evaluated, fired or not
    std::uint64_t groups = 0;        // open groups now (derived; not part of the byte form)
};

class CorrelationState {
public:
    explicit CorrelationState(const CorrelationSet& set);
    CorrelationState(const CorrelationState&) = delete;
    CorrelationState& operator=(const CorrelationState&) = delete;

    // One event. Advances the clock to event.time_ms (never back), closes or
    // expires the windows that ended before it, then feeds `rule_hits` (RuleSet
    // indices of the rules the event matched, each once) to every correlation
    // that references them, inner before outer. `out` is cleared, then receives
    // every correlation hit in evaluation order: per correlation (inner before
    // outer), windows that closed first (by end time, then group key), then the
    // hits this event completed. Allocates only when a referenced rule hit.
    void on_event(const Event& event, std::span<const std::uint32_t> rule_hits, std::vector<CorrelationHit>& out);

    // End of input: evaluates every open Closing window now (inner before outer;
    // each reported at its own end time) and forgets it. Rising groups are left
    // as they are (they can only fire on a new hit). `out` is cleared first.
    void flush(std::vector<CorrelationHit>& out);

    [[nodiscard]] CorrelationStats stats(std::uint32_t correlation) const noexcept;
    [[nodiscard]] bool has_clock() const noexcept { return m_has_clock; }
    [[nodiscard]] std::int64_t clock() const noexcept { return m_clock; }
    [[nodiscard]] const CorrelationSet& set() const noexcept { return m_set; }

    // Events dated after `max_event_ms` (the CLI: wall clock at the start of the
    // run + --max-clock-skew) are out of range: their hits are dropped and counted
    // as `future`, and they neither move the clock nor close windows, so one
    // event dated 9999-12-31 cannot make every later hit late. Unset: no limit.
    void set_time_limit(std::optional<std::int64_t> max_event_ms) noexcept { m_time_limit = max_event_ms; }
    [[nodiscard]] std::optional<std::int64_t> time_limit() const noexcept { return m_time_limit; }
    // Stats of every correlation, summed.
    [[nodiscard]] CorrelationStats total_stats() const noexcept;

    // Forgets everything (a fresh state); the time limit stays.
    void clear() noexcept;

    // Appends the state's byte form to `out` (README "Byte form"): canonical,
    // so equal states give equal bytes.
    void save(std::string& out) const;
    // Replaces the state with `bytes`. On malformed bytes returns false with an
    // exact `error` ("correlation state: ...") and leaves the state cleared.
    // Saved correlations that are no longer in the set, or whose definition
    // changed (signature), are skipped with one line each in `notes`.
    [[nodiscard]] bool load(std::string_view bytes, std::string& error, std::vector<std::string>& notes);
    [[nodiscard]] bool load(std::string_view bytes, std::string& error);

private:
    struct Input {
        std::int64_t time_ms = 0;
        std::uint32_t slot = 0;
        std::string key;
        std::string value;
    };
    struct Runtime {
        GroupTable groups;
        CorrelationStats stats;
    };

    void expire(std::uint32_t c, bool close_all, std::vector<CorrelationHit>& out);
    void gather_base(std::uint32_t c, const Event& event, std::span<const std::uint32_t> rule_hits);
    void gather_inner(std::uint32_t c, const std::vector<CorrelationHit>& out);
    void feed_inputs(std::uint32_t c, std::vector<CorrelationHit>& out);
    void feed(std::uint32_t c, Input& input, std::vector<CorrelationHit>& out);
    void emit(std::uint32_t c, const Group& group, std::uint64_t value, std::int64_t time_ms,
              std::vector<CorrelationHit>& out);

    const CorrelationSet& m_set;
    std::vector<Runtime> m_runtime;          // by correlation
    std::vector<std::vector<std::uint32_t>> m_slot_order; // by correlation: slot of each `rules` position
    std::int64_t m_clock = 0;
    bool m_has_clock = false;
    std::optional<std::int64_t> m_time_limit;
    std::vector<Input> m_inputs; // scratch, per correlation per event
};

} // namespace trailproof::correlate
