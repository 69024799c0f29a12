#include "correlate/correlation_state.h"

#include <algorithm>
#include <limits>

#include "correlate/group_key.h"

namespace trailproof::correlate {

namespace {

using rules::CorrelationOp;
using rules::CorrelationType;

constexpr std::int64_t k_min_time = std::numeric_limits<std::int64_t>::min();

// Event times come from input; saturate instead of overflowing on absurd ones.
std::int64_t sub_sat(std::int64_t a, std::int64_t b) noexcept {
    return a < k_min_time + b ? k_min_time : a - b; // b >= 0
}

bool holds(const std::vector<rules::CorrelationCondition>& condition, std::uint64_t aggregate) noexcept {
    const auto v = static_cast<double>(aggregate);
    for (const auto& c : condition) {
        bool ok = false;
        switch (c.op) {
        case CorrelationOp::Gt: ok = v > c.value; break;
        case CorrelationOp::Gte: ok = v >= c.value; break;
        case CorrelationOp::Lt: ok = v < c.value; break;
        case CorrelationOp::Lte: ok = v <= c.value; break;
        case CorrelationOp::Eq: ok = v == c.value; break;
        case CorrelationOp::Neq: ok = v != c.value; break;
        }
        if (!ok) return false;
    }
    return true;
}

// The first String/Number/Bool value of `field` (like Event::text), telling a
// present "" apart from an absent field. JSON null, objects and arrays do not
// count as a value.
bool first_value(const Event& event, FieldId field, std::string_view& out) noexcept {
    for (const Value* v = event.first(field); v; v = event.next(*v))
        if (v->kind == ValueKind::String || v->kind == ValueKind::Number || v->kind == ValueKind::Bool) {
            out = v->text;
            return true;
        }
    return false;
}

// The source's field, else its alias fallbacks in order.
bool first_value(const Event& event, const FieldSource& src, std::string_view& out) noexcept {
    if (first_value(event, src.field, out)) return true;
    for (FieldId f : src.fallback)
        if (first_value(event, f, out)) return true;
    return false;
}

bool counts_events(CorrelationType type) noexcept {
    return type == CorrelationType::EventCount || type == CorrelationType::ValueCount;
}

} // namespace

CorrelationState::CorrelationState(const CorrelationSet& set) : m_set(set), m_runtime(set.size()) {
    m_slot_order.resize(set.size());
    for (std::uint32_t c = 0; c < set.size(); ++c)
        for (const auto& ref : set.correlation(c).refs) m_slot_order[c].push_back(ref.slot);
}

void CorrelationState::clear() noexcept {
    for (auto& rt : m_runtime) {
        rt.groups.clear();
        rt.stats = {};
    }
    m_clock = 0;
    m_has_clock = false;
}

CorrelationStats CorrelationState::stats(std::uint32_t correlation) const noexcept {
    CorrelationStats s = m_runtime[correlation].stats;
    s.groups = m_runtime[correlation].groups.size();
    return s;
}

CorrelationStats CorrelationState::total_stats() const noexcept {
    CorrelationStats total;
    for (std::uint32_t c = 0; c < m_runtime.size(); ++c) {
        const CorrelationStats s = stats(c);
        total.inputs += s.inputs;
        total.late += s.late;
        total.future += s.future;
        total.missing_field += s.missing_field;
        total.overflow += s.overflow;
        total.fired += s.fired;
        total.closed += s.closed;
        total.groups += s.groups;
    }
    return total;
}

void CorrelationState::on_event(const Event& event, std::span<const std::uint32_t> rule_hits,
                                std::vector<CorrelationHit>& out) {
    out.clear();
    if (m_time_limit && event.time_ms > *m_time_limit) {
        // Out of range: each hit this event would have fed is dropped and counted.
        for (std::uint32_t c : m_set.order()) {
            const CompiledCorrelation& cc = m_set.correlation(c);
            for (std::uint32_t k = 0; k < cc.refs.size(); ++k) {
                const CompiledRef& ref = cc.refs[k];
                if (ref.is_correlation || ref.slot != k) continue;
                if (std::find(rule_hits.begin(), rule_hits.end(), ref.index) == rule_hits.end()) continue;
                ++m_runtime[c].stats.inputs;
                ++m_runtime[c].stats.future;
            }
        }
        return;
    }
    if (!m_has_clock || event.time_ms > m_clock) {
        m_clock = event.time_ms;
        m_has_clock = true;
    }
    bool referenced = false;
    for (std::uint32_t r : rule_hits) referenced = referenced || m_set.referenced(r);

    for (std::uint32_t c : m_set.order()) {
        expire(c, false, out);
        if (!referenced && out.empty()) continue;
        m_inputs.clear();
        if (referenced) gather_base(c, event, rule_hits);
        gather_inner(c, out);
        feed_inputs(c, out);
    }
}

void CorrelationState::flush(std::vector<CorrelationHit>& out) {
    out.clear();
    for (std::uint32_t c : m_set.order()) {
        m_inputs.clear();
        gather_inner(c, out);
        feed_inputs(c, out);
        if (m_set.correlation(c).mode == FireMode::Closing) expire(c, true, out);
    }
}

void CorrelationState::expire(std::uint32_t c, bool close_all, std::vector<CorrelationHit>& out) {
    const CompiledCorrelation& cc = m_set.correlation(c);
    Runtime& rt = m_runtime[c];
    while (Group* g = rt.groups.earliest()) {
        if (!close_all && !(g->deadline < m_clock)) break;
        if (cc.mode == FireMode::Closing) {
            ++rt.stats.closed;
            const std::uint64_t value = g->window.aggregate(cc.source.type, m_slot_order[c]);
            if (holds(cc.source.condition, value)) emit(c, *g, value, g->deadline, out);
        }
        // Rising: every hit of the group has left the window; it is as if it never existed.
        rt.groups.erase(*g);
    }
}

void CorrelationState::gather_base(std::uint32_t c, const Event& event, std::span<const std::uint32_t> rule_hits) {
    const CompiledCorrelation& cc = m_set.correlation(c);
    Runtime& rt = m_runtime[c];
    const std::size_t first = m_inputs.size();
    for (std::uint32_t k = 0; k < cc.refs.size(); ++k) {
        const CompiledRef& ref = cc.refs[k];
        if (ref.is_correlation || ref.slot != k) continue;
        if (std::find(rule_hits.begin(), rule_hits.end(), ref.index) == rule_hits.end()) continue;
        ++rt.stats.inputs;
        Input in;
        in.time_ms = event.time_ms;
        in.slot = ref.slot;
        bool complete = true;
        std::string_view text;
        for (const FieldSource& src : ref.group) {
            if (!(complete = first_value(event, src, text))) break;
            append_key_part(in.key, text);
        }
        for (std::size_t f = 0; complete && f < ref.value.size(); ++f) {
            if (!(complete = first_value(event, ref.value[f], text))) break;
            append_key_part(in.value, text);
        }
        if (!complete) {
            ++rt.stats.missing_field;
            continue;
        }
        // event_count and value_count count events: one event that matches two
        // of the rules counts once per (group, value) it yields.
        if (counts_events(cc.source.type) &&
            std::any_of(m_inputs.begin() + static_cast<std::ptrdiff_t>(first), m_inputs.end(),
                        [&](const Input& o) { return o.key == in.key && o.value == in.value; }))
            continue;
        m_inputs.push_back(std::move(in));
    }
}

void CorrelationState::gather_inner(std::uint32_t c, const std::vector<CorrelationHit>& out) {
    const CompiledCorrelation& cc = m_set.correlation(c);
    Runtime& rt = m_runtime[c];
    for (const CorrelationHit& h : out)
        for (std::uint32_t k = 0; k < cc.refs.size(); ++k) {
            const CompiledRef& ref = cc.refs[k];
            if (!ref.is_correlation || ref.index != h.correlation || ref.slot != k) continue;
            ++rt.stats.inputs;
            Input in;
            in.time_ms = h.time_ms;
            in.slot = ref.slot;
            // Compile checked that every source names one of the inner group-by values.
            for (const FieldSource& src : ref.group) append_key_part(in.key, h.group[src.inner]);
            for (const FieldSource& src : ref.value) append_key_part(in.value, h.group[src.inner]);
            m_inputs.push_back(std::move(in));
        }
}

void CorrelationState::feed_inputs(std::uint32_t c, std::vector<CorrelationHit>& out) {
    // Base hits were gathered first, then inner hits (derived from the same or
    // an earlier moment); a stable sort by time keeps that order on ties.
    std::stable_sort(m_inputs.begin(), m_inputs.end(),
                     [](const Input& a, const Input& b) { return a.time_ms < b.time_ms; });
    for (Input& in : m_inputs) feed(c, in, out);
    m_inputs.clear();
}

void CorrelationState::feed(std::uint32_t c, Input& input, std::vector<CorrelationHit>& out) {
    const CompiledCorrelation& cc = m_set.correlation(c);
    Runtime& rt = m_runtime[c];
    const std::int64_t start = sub_sat(m_clock, cc.timespan_ms);
    if (input.time_ms < start) {
        ++rt.stats.late;
        return;
    }
    Group* g = rt.groups.find(input.key);
    if (!g) {
        if (rt.groups.size() >= m_set.max_groups()) {
            ++rt.stats.overflow;
            return;
        }
        g = &rt.groups.create(input.key, cc.refs.size());
    }
    if (cc.mode == FireMode::Rising) g->window.prune_before(start);
    if (g->window.size() >= m_set.max_entries()) {
        ++rt.stats.overflow;
        return;
    }
    g->window.insert(WindowEntry{input.time_ms, input.slot, std::move(input.value)});
    rt.groups.set_deadline(*g, window_deadline(cc.mode == FireMode::Rising, cc.timespan_ms, g->window));
    if (cc.mode != FireMode::Rising) return;
    const std::uint64_t value = g->window.aggregate(cc.source.type, m_slot_order[c]);
    if (!holds(cc.source.condition, value)) return;
    // Fire once per window: the hits that made this alert are consumed, and the
    // group starts over empty.
    emit(c, *g, value, input.time_ms, out);
    rt.groups.erase(*g);
}

void CorrelationState::emit(std::uint32_t c, const Group& group, std::uint64_t value, std::int64_t time_ms,
                            std::vector<CorrelationHit>& out) {
    CorrelationHit h;
    h.correlation = c;
    (void)decode_key(*group.key, h.group); // keys are built by append_key_part (or validated by load)
    h.value = value;
    h.time_ms = time_ms;
    h.first_ms = group.window.oldest();
    h.last_ms = group.window.newest();
    h.hits = static_cast<std::uint32_t>(group.window.size());
    h.emit = !m_set.correlation_suppressed(c);
    ++m_runtime[c].stats.fired;
    out.push_back(std::move(h));
}

} // namespace trailproof::correlate
