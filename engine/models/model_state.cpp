#include "models/model_state.h"

#include <algorithm>
#include <optional>

namespace trailproof::models {

namespace {

// The counters of a histogram that does not exist yet.
constexpr HistogramCounters k_empty{};

// time + ageing without overflow, for absurd event times.
std::int64_t add_saturated(std::int64_t a, std::int64_t b) noexcept {
    return a > INT64_MAX - b ? INT64_MAX : a + b;
}
} // namespace

ModelState::ModelState(const ModelSet& models, const RuleBindings& bindings, SessionOptions options,
                       StatePart part)
    : m_models(models), m_bindings(bindings), m_part(part),
      m_sessions(options, bindings.session_fields().size(), bindings.nth_new_models().size()) {
    m_slots = models.slots();
    for (std::size_t i = 0; i < bindings.session_fields().size(); ++i) {
        KeySpec spec{{KeyPart{PartKind::Field, bindings.session_fields()[i], k_no_field}},
                     bindings.session_field_names()[i]};
        auto it = std::find(m_slots.begin(), m_slots.end(), spec);
        if (it == m_slots.end()) it = m_slots.insert(m_slots.end(), std::move(spec));
        m_session_slot.push_back(static_cast<std::uint32_t>(it - m_slots.begin()));
    }
    m_values.resize(m_slots.size());
    m_scratch.resize(m_slots.size());
    m_entity.assign(models.groups().size(), k_no_entity);
    m_trains.assign(models.size(), 0);
    m_rule_hit.assign(models.train_when().size(), 0);
    m_hits.reserve(models.train_when().size());
    m_activity = models.activity_types().empty() ? k_no_activity : models.activity_index(m_activity_text);

    // What this part keeps and reads: a Whole state every group and slot, a
    // Principal part the user group (with facts and sessions), a Shared part the rest.
    m_local.assign(models.groups().size(), 0);
    std::vector<std::uint8_t> reads(m_slots.size(), part == StatePart::Whole ? 1 : 0);
    for (std::uint32_t g = 0; g < models.groups().size(); ++g) {
        const bool local = part == StatePart::Whole || (part == StatePart::Principal) == (g == k_user_group);
        m_local[g] = local ? 1 : 0;
        if (!local) continue;
        if (!models.groups()[g].models.empty()) m_trained_groups.push_back(g);
        reads[models.groups()[g].key_slot] = 1;
        for (std::uint32_t m : models.groups()[g].models) {
            m_local_models.push_back(m);
            reads[models.model(m).value_slot] = 1;
            if (models.model(m).train_rule != UINT32_MAX) m_train_when = true;
        }
    }
    if (part != StatePart::Shared) {
        reads[k_user_slot] = 1;
        for (std::uint32_t slot : m_session_slot) reads[slot] = 1;
    }
    for (std::uint32_t i = 0; i < reads.size(); ++i)
        if (reads[i]) m_active.push_back(i);
    std::sort(m_local_models.begin(), m_local_models.end());
    // By activity (the last row: an event whose type no model names), which kept
    // models the event's activity type lets train; then the ones a train_when
    // selection gates, and by group the members that age.
    const std::size_t activities = models.activity_types().size() + 1;
    m_trains_by_activity.assign(activities * models.size(), 0);
    m_ageing.assign(models.groups().size(), {});
    for (std::uint32_t i : m_local_models) {
        const CompiledModel& m = models.model(i);
        for (std::size_t a = 0; a < activities; ++a)
            m_trains_by_activity[a * models.size() + i] =
                m.activity_types.empty() ||
                        std::find(m.activity_types.begin(), m.activity_types.end(), a) != m.activity_types.end()
                    ? 1
                    : 0;
        if (m.train_rule != UINT32_MAX) m_gated_models.push_back(i);
        if (m.ageing_ms != 0) m_ageing[m.group].push_back(m.member);
    }
    for (std::uint32_t m : bindings.nth_new_models())
        if (models.shared_model(m)) m_shared_nth = true;
    clear();
}

void ModelState::clear() {
    m_interner.clear();
    m_key_memo.forget(); // its ids were the old interner's
    m_tables.clear();
    for (const auto& g : m_models.groups()) {
        std::vector<std::uint8_t> ages;
        for (std::uint32_t m : g.models) ages.push_back(m_models.model(m).ageing_ms != 0 ? 1 : 0);
        m_tables.emplace_back(static_cast<std::uint32_t>(g.models.size()), std::move(ages));
    }
    m_facts.clear();
    m_sessions.clear();
    m_notable.clear();
    // The organization's entity key ("") is interned up front so begin_event finds
    // it; so are the strings the state file refers to by name, so that export
    // (const) finds every string it needs in the interner.
    (void)m_interner.intern("");
    for (std::uint32_t i = 0; i < m_models.size(); ++i) {
        (void)m_interner.intern(m_models.model(i).id);
        (void)m_interner.intern(m_models.model(i).signature);
    }
    for (const auto& name : m_bindings.session_field_names()) (void)m_interner.intern(name);
    m_rule_ids.clear();
    for (const auto& id : m_bindings.rule_ids()) m_rule_ids.push_back(m_interner.intern(id));
    m_prepared = false;
}

// ------------------------------------------------------------------ per event

void ModelState::begin_event(const Event& event, const std::vector<std::uint32_t>* train_when_hits) {
    m_now = event.time_ms;
    for (std::uint32_t i : m_active) {
        SlotValue& v = m_values[i];
        v.present = extract_key(m_slots[i], event, m_scratch[i], v.text);
        if (!v.present) {
            v.hash = 0;
            v.id = k_no_value;
        } else if (const KeyMemo::Entry* known = m_key_memo.find(v.text)) {
            // Exact: every text the state interns is learned by the memo (intern()).
            v.hash = known->hash;
            v.id = known->id;
        } else {
            v.hash = stable_hash(v.text);
            v.id = m_interner.find(v.text, v.hash);
            m_key_memo.remember(v.text, v.hash, v.id);
        }
    }

    // Which models this event trains: activity type, then the train_when selection.
    // The index search folds case over every type name: a type like the last event's has its answer.
    if (!m_models.activity_types().empty() && event.activity_type != m_activity_text) {
        m_activity_text.assign(event.activity_type);
        m_activity = m_models.activity_index(event.activity_type);
    }
    const std::uint32_t activity = m_activity;
    const std::size_t row = (activity == k_no_activity ? m_models.activity_types().size() : activity) * m_trains.size();
    std::copy_n(m_trains_by_activity.begin() + static_cast<std::ptrdiff_t>(row), m_trains.size(), m_trains.begin());
    if (m_train_when) {
        if (!train_when_hits) m_models.train_when().match(event, m_hits);
        const std::vector<std::uint32_t>& hits = train_when_hits ? *train_when_hits : m_hits;
        for (std::uint32_t r : hits) m_rule_hit[r] = 1;
        for (std::uint32_t i : m_gated_models)
            if (m_rule_hit[m_models.model(i).train_rule] == 0) m_trains[i] = 0;
        for (std::uint32_t r : hits) m_rule_hit[r] = 0;
    }

    const auto& groups = m_models.groups();
    for (std::uint32_t g = 0; g < groups.size(); ++g) {
        const SlotValue& key = m_values[groups[g].key_slot];
        m_entity[g] = key.present && m_local[g] ? m_tables[g].find(key.id) : k_no_entity;
        if (m_entity[g] != k_no_entity && !m_ageing[g].empty()) forget_aged(g, m_entity[g]);
    }
    // The user's live session, once for every check of the event (add_alert_score keeps it current).
    const std::uint32_t user = m_entity[k_user_group];
    m_live = user != k_no_entity ? m_sessions.live(user, m_now) : nullptr;
    m_prepared = true;
}

void ModelState::forget_aged(std::uint32_t group, std::uint32_t entity) {
    EntityTable& table = m_tables[group];
    const auto& members = m_models.groups()[group].models;
    for (std::uint32_t member : m_ageing[group]) { // the members that age
        const CompiledModel& m = m_models.model(members[member]);
        const std::uint32_t h = table.histogram(entity, member);
        if (h == k_no_histogram) continue;
        HistogramStore& store = table.store(member);
        if (m_now < store.next_expiry(h)) continue;
        // DECIDE (ageing): a value unseen for ageing_days or more (now - last_seen >= ageing) is forgotten.
        const std::int64_t oldest = store.remove_older(h, m_now - m.ageing_ms);
        store.set_next_expiry(h, oldest == INT64_MAX ? INT64_MAX : add_saturated(oldest, m.ageing_ms));
    }
}

const HistogramCounters& ModelState::counters_of(const CompiledModel& m, std::uint32_t entity) const noexcept {
    const HistogramCounters* c = m_tables[m.group].counters(entity, m.member);
    return c ? *c : k_empty;
}

namespace {
// A value the histogram lacks was never observed, unless the histogram is full:
// then it may have dropped the value earlier, and "unseen" is not certain.
bool unseen_is_certain(const CompiledModel& m, const HistogramCounters& c) noexcept {
    return c.distinct < m.max_values;
}
} // namespace

bool ModelState::value_unseen(const CompiledModel& m, std::uint32_t entity, ValueId value,
                              bool& certain) const noexcept {
    const EntityTable& table = m_tables[m.group];
    const std::uint32_t h = table.histogram(entity, m.member);
    const bool unseen = h == k_no_histogram || !table.store(m.member).find(h, value);
    certain = !unseen || unseen_is_certain(m, counters_of(m, entity));
    return unseen;
}

[[gnu::always_inline]] inline bool ModelState::model_holds(const RuleBinding& b) const noexcept {
    const CompiledModel& m = m_models.model(b.model);
    const SlotValue& v = m_values[m.value_slot];
    if (!v.present) return false;
    // DECIDE (unconverged: true): an entity without a converged model has no routine
    // to compare with, and for such a rule that is itself abnormal.
    const bool unconverged_fires = b.trigger == Trigger::Abnormal && b.unconverged_is_abnormal;
    if (!m_values[m_models.groups()[m.group].key_slot].present) return false; // no entity at all
    const std::uint32_t entity = m_entity[m.group];
    if (entity == k_no_entity) return unconverged_fires; // no history: not converged
    const EntityTable& table = m_tables[m.group];
    const std::uint32_t h = table.histogram(entity, m.member);
    if (h == k_no_histogram) return unconverged_fires; // no observations: not converged
    const HistogramStore& store = table.store(m.member);
    const HistogramCounters& c = store.counters(h);
    Convergence params = m.convergence;
    if (b.confidence > 0) params.confidence = b.confidence;
    if (!converged(c.total, c.distinct, c.days, params)) return unconverged_fires;

    // One probe answers both "seen" and the value's count (the abnormal tail's start).
    const std::optional<StoredValue> seen = store.find(h, v.id);
    const bool surely_unseen = !seen && unseen_is_certain(m, c);
    switch (b.trigger) {
    case Trigger::FirstTime: return surely_unseen;
    case Trigger::Abnormal: {
        if (!seen) return b.unseen_is_abnormal && surely_unseen;
        const std::uint64_t count = seen->count;
        const double limit = b.threshold * static_cast<double>(c.total);
        // The tail holds at least the value itself: frequent values stop here.
        if (static_cast<double>(count) >= limit) return false;
        return store.tail_below(h, count, limit);
    }
    case Trigger::NthNew: return surely_unseen; // the session's count is check_model's
    case Trigger::None: return true;
    }
    return false;
}

bool ModelState::check_model(const RuleBinding& b, const Session* session) const noexcept {
    if (!model_holds(b)) return false;
    if (b.trigger != Trigger::NthNew) return true;
    const std::uint32_t before = session ? session->new_counts[b.nth_slot] : 0;
    return before + 1 == b.n;
}

SharedVerdict ModelState::judge_shared(const RuleBinding& b) const noexcept {
    if (b.broken || b.model == k_no_model || !m_models.shared_model(b.model)) return SharedVerdict::Local;
    return m_prepared && model_holds(b) ? SharedVerdict::Yes : SharedVerdict::No;
}

bool ModelState::check(const RuleBinding& b, const Event&) const noexcept { return check_with(b, SharedVerdict::Local); }

bool ModelState::check(const RuleBinding& b, const Event&, SharedVerdict shared) const noexcept {
    return check_with(b, shared);
}

bool ModelState::user_conditions_hold(const RuleBinding& b) const noexcept {
    const bool has_user = m_values[k_user_slot].present;
    const std::uint32_t user = m_entity[k_user_group];
    const UserFacts* facts = user != k_no_entity && user < m_facts.size() ? &m_facts[user] : nullptr;

    // DECIDE: an event without a user key satisfies no fact and no session condition.
    if (b.new_user >= 0 && (!has_user || is_new_user(facts) != (b.new_user == 1))) return false;
    if (b.dormant_ms >= 0 && (!has_user || !is_dormant(facts, m_now, b.dormant_ms))) return false;
    if (b.first_seen_within_ms >= 0 && (!has_user || !first_seen_within(facts, m_now, b.first_seen_within_ms)))
        return false;

    // nullptr: the user has no live session, so this event would open a fresh one.
    const Session* session = m_live;
    if (b.session_field != UINT32_MAX) {
        if (!has_user) return false;
        const SlotValue& v = m_values[m_session_slot[b.session_field]];
        if (!v.present) return false;
        const std::vector<ValueId>* set = session ? &session->distinct[b.session_field] : nullptr;
        const bool seen = set && v.id != k_no_value && std::find(set->begin(), set->end(), v.id) != set->end();
        // DECIDE: fires on the event that adds a new value and makes the count >= gte (not on repeats).
        if (seen || (set ? set->size() : 0) + 1 < b.session_gte) return false;
    }
    if (b.session_count > 0) {
        if (!has_user) return false;
        if ((session ? session->events : 0) + 1 != b.session_count) return false;
    }
    return true;
}

bool ModelState::check_with(const RuleBinding& b, SharedVerdict shared) const noexcept {
    if (b.broken || !m_prepared) return false;
    // Most bindings have a model and no fact or session condition.
    if (b.user_conditions && !user_conditions_hold(b)) return false;
    // nullptr: the user has no live session, so this event would open a fresh one.
    const Session* session = m_live;
    if (b.model == k_no_model) return true;
    switch (shared) {
    case SharedVerdict::Local: return check_model(b, session);
    case SharedVerdict::No: return false;
    case SharedVerdict::Yes:
        if (b.trigger != Trigger::NthNew) return true;
        return (session ? session->new_counts[b.nth_slot] : 0) + 1 == b.n;
    }
    return false;
}

ModelVerdict ModelState::describe(const RuleBinding& b, const Event& event) const {
    ModelVerdict out;
    out.fires = check(b, event);
    if (b.broken || !m_prepared) {
        out.reason = b.broken ? "the rule's behavioural binding has an error" : "no event prepared";
        return out;
    }
    const bool has_user = m_values[k_user_slot].present;
    const std::uint32_t user = m_entity[k_user_group];
    const UserFacts* facts = user != k_no_entity && user < m_facts.size() ? &m_facts[user] : nullptr;
    auto fail = [&](std::string why) { out.failed.push_back(std::move(why)); };
    if (b.new_user >= 0 && (!has_user || is_new_user(facts) != (b.new_user == 1)))
        fail(b.new_user == 1 ? "new_user: the user has events before this one" : "new_user: false, but the user is new");
    if (b.dormant_ms >= 0 && (!has_user || !is_dormant(facts, m_now, b.dormant_ms)))
        fail("dormant: the user's previous event is less than " + std::to_string(b.dormant_ms / 86'400'000) +
             " days before");
    if (b.first_seen_within_ms >= 0 && (!has_user || !first_seen_within(facts, m_now, b.first_seen_within_ms)))
        fail("first_seen_within: the user was first seen earlier");
    const Session* session = user != k_no_entity ? m_sessions.live(user, m_now) : nullptr;
    if (b.session_field != UINT32_MAX) {
        const SlotValue& v = m_values[m_session_slot[b.session_field]];
        const std::vector<ValueId>* set = session ? &session->distinct[b.session_field] : nullptr;
        const bool seen = set && v.id != k_no_value && std::find(set->begin(), set->end(), v.id) != set->end();
        if (!has_user || !v.present || seen || (set ? set->size() : 0) + 1 < b.session_gte)
            fail("session: " + m_bindings.session_field_names()[b.session_field] + " would make " +
                 std::to_string((set ? set->size() : 0) + (seen || !v.present ? 0 : 1)) + " distinct values, " +
                 std::to_string(b.session_gte) + " needed (a repeat never counts)");
    }
    if (b.session_count > 0 && (!has_user || (session ? session->events : 0) + 1 != b.session_count))
        fail("session: this is event " + std::to_string((session ? session->events : 0) + 1) + " of the session, " +
             std::to_string(b.session_count) + " needed");
    if (!has_user && (b.new_user >= 0 || b.dormant_ms >= 0 || b.first_seen_within_ms >= 0 ||
                      b.session_field != UINT32_MAX || b.session_count > 0))
        fail("the event has no user, so no fact or session condition holds");

    if (b.model != k_no_model) {
        const CompiledModel& m = m_models.model(b.model);
        out.model = m.id;
        out.trigger = b.trigger == Trigger::FirstTime ? "first_time"
                      : b.trigger == Trigger::Abnormal ? "abnormal"
                      : b.trigger == Trigger::NthNew   ? "nth_new"
                                                       : "none";
        const SlotValue& v = m_values[m.value_slot];
        out.value_present = v.present;
        // A slot's text is only valid while it is present (it may view an earlier event).
        if (v.present) out.value = std::string(v.text);
        const SlotValue& key = m_values[m_models.groups()[m.group].key_slot];
        if (key.present) out.entity = std::string(key.text);
        Convergence params = m.convergence;
        if (b.confidence > 0) params.confidence = b.confidence;
        out.confidence_needed = params.confidence;
        out.min_observations = params.min_observations;
        out.min_days = params.min_days;
        out.threshold = b.threshold;
        const std::uint32_t entity = m_entity[m.group];
        out.entity_known = entity != k_no_entity;
        if (out.entity_known) {
            const EntityTable& table = m_tables[m.group];
            const HistogramCounters& c = counters_of(m, entity);
            out.observations = c.total;
            out.distinct = c.distinct;
            out.days = c.days;
            out.confidence = confidence(c.total, c.distinct, params.alpha);
            out.converged = converged(c.total, c.distinct, c.days, params);
            if (v.present) {
                const std::uint32_t h = table.histogram(entity, m.member);
                const std::optional<StoredValue> e =
                    h == k_no_histogram ? std::nullopt : table.store(m.member).find(h, v.id);
                out.seen = e.has_value();
                out.value_count = e ? e->count : 0;
                out.certain = out.seen || c.distinct < m.max_values;
                if (e && c.total > 0)
                    out.tail_share = static_cast<double>(table.store(m.member).tail(h, out.value_count)) /
                                     static_cast<double>(c.total);
            }
        }
    }

    // The reason, in the order check() decides.
    if (!out.failed.empty()) out.reason = out.failed.front();
    else if (b.model == k_no_model) out.reason = "every fact and session condition holds";
    else if (!out.value_present) out.reason = "the event has no value for the model's feature";
    else if (!out.entity_known || !out.converged) out.reason = "the model has not converged for this entity";
    else if (b.trigger == Trigger::FirstTime)
        out.reason = out.seen ? "the value was seen before" : out.certain ? "the value was never seen" : "the histogram is full: the value may have been dropped";
    else if (b.trigger == Trigger::Abnormal)
        out.reason = !out.seen ? (out.fires ? "the value was never seen (unseen counts as abnormal)"
                                            : "the value was never seen, and unseen values do not count (or the histogram is full)")
                               : out.fires ? "the value lies in the rare tail" : "the value is too common to be abnormal";
    else if (b.trigger == Trigger::NthNew)
        out.reason = out.fires ? "the value is new and the n-th new one of the session"
                               : out.seen ? "the value was seen before" : "the value is new but not the n-th new one of the session";
    else out.reason = out.fires ? "fires" : "does not fire";
    return out;
}

std::uint32_t ModelState::ensure_user(ValueId key) {
    const std::uint32_t user = m_tables[k_user_group].insert(key);
    if (m_facts.size() <= user) {
        m_facts.resize(user + 1);
        m_sessions.resize(user + 1);
    }
    return user;
}

ValueId ModelState::intern(std::string_view text, std::uint64_t hash) {
    const ValueId id = m_interner.intern(text, hash);
    m_key_memo.learn(text, id); // so that a text the memo knows as not interned is never stale
    return id;
}

ValueId ModelState::intern_slot(std::uint32_t slot) {
    SlotValue& v = m_values[slot];
    if (v.id == k_no_value) v.id = intern(v.text, v.hash);
    return v.id;
}

std::uint32_t ModelState::ensure_entity(std::uint32_t group) {
    if (m_entity[group] != k_no_entity) return m_entity[group];
    const ValueId key = intern_slot(m_models.groups()[group].key_slot);
    m_entity[group] = group == k_user_group ? ensure_user(key) : m_tables[group].insert(key);
    return m_entity[group];
}

std::optional<SessionRef> ModelState::add_alert_score(const Event&, int score, std::uint32_t rule,
                                                        std::string_view event_id) {
    if (!m_prepared || m_part == StatePart::Shared || !m_values[k_user_slot].present)
        return std::nullopt; // DECIDE: no user, no session (a Shared part keeps no sessions)
    const std::uint32_t user = ensure_entity(k_user_group);
    Session& s = m_sessions.current(user, m_now);
    m_live = &s; // live now (opened at this event if it was not), wherever a new user moved the sessions
    const auto ref = [&] { return SessionRef{m_interner.text(m_tables[k_user_group].key(user)), s.start_ms}; };
    const ValueId rule_id = rule < m_rule_ids.size() ? m_rule_ids[rule] : k_no_value;
    // DECIDE (distinct rules): a rule's score counts once per session (Exabeam AA
    // scores a rule once per session; Splunk RBA counts distinct risk sources):
    // a repeat is still a signal, it keeps its score, but the total does not grow.
    // Invariant: the first signal of every rule that scored is in s.alerts (kept
    // past max_alerts and past the report), so the alert list is the record of
    // which rules scored, and a saved state keeps it without a field of its own.
    const bool repeat =
        std::any_of(s.alerts.begin(), s.alerts.end(), [&](const SessionAlert& a) { return a.rule == rule_id; });
    if (!repeat) {
        s.score += score;
        s.alerts.push_back({rule_id, m_now, score, intern(event_id, stable_hash(event_id))});
    }
    if (s.reported) return ref();
    if (repeat) {
        if (s.alerts.size() < m_sessions.options().max_alerts)
            s.alerts.push_back({rule_id, m_now, score, intern(event_id, stable_hash(event_id))});
        else if (s.dropped_alerts < UINT32_MAX)
            ++s.dropped_alerts;
    }
    if (s.score < m_sessions.options().notable_score) return ref();
    s.reported = true;
    NotableSession n;
    n.user = std::string(m_interner.text(m_tables[k_user_group].key(user)));
    n.start_ms = s.start_ms;
    n.last_ms = std::max(s.last_ms, m_now);
    n.events = s.events;
    n.score = s.score;
    n.dropped_alerts = s.dropped_alerts;
    for (const auto& a : s.alerts)
        n.alerts.push_back({std::string(m_interner.text(a.rule)), a.time_ms, a.score, std::string(m_interner.text(a.event))});
    m_notable.push_back(std::move(n));
    return ref();
}

[[gnu::always_inline]] inline void ModelState::observe(const CompiledModel& m, std::uint32_t entity, ValueId value) {
    EntityTable& table = m_tables[m.group];
    const std::uint32_t h = table.ensure_histogram(entity, m.member);
    HistogramStore& store = table.store(m.member);
    HistogramCounters& c = store.counters(h);
    // DECIDE (distinct days): a day counts when the model observed the entity on it,
    // stored or dropped at max_values; ageing never un-counts a day.
    c.note_counted_day(m_today);
    const std::optional<StoredValue> e = store.observe(h, value, m_now, c.distinct < m.max_values);
    if (!e) { // at max_values: not stored, counted
        if (c.overflow < UINT32_MAX) ++c.overflow;
        return;
    }
    if (m.ageing_ms != 0)
        store.set_next_expiry(h, std::min(store.next_expiry(h), add_saturated(e->last_seen_ms, m.ageing_ms)));
}

bool ModelState::counts_new(std::size_t nth) const noexcept {
    const std::uint32_t model = m_bindings.nth_new_models()[nth];
    const CompiledModel& m = m_models.model(model);
    if (!m_trains[model] || !m_values[m.value_slot].present) return false;
    const std::uint32_t entity = m_entity[m.group];
    if (entity == k_no_entity) return false;
    const HistogramCounters& c = counters_of(m, entity);
    bool certain = true;
    return converged(c.total, c.distinct, c.days, m.convergence) &&
           value_unseen(m, entity, m_values[m.value_slot].id, certain) && certain;
}

void ModelState::shared_news(std::vector<std::uint8_t>& out) const {
    const auto& nth = m_bindings.nth_new_models();
    out.assign(nth.size(), 0);
    if (!m_prepared || m_part == StatePart::Principal) return;
    for (std::size_t i = 0; i < nth.size(); ++i)
        if (m_models.shared_model(nth[i])) out[i] = counts_new(i) ? 1 : 0;
}

void ModelState::train(const Event& event, const std::vector<std::uint8_t>* shared_news) {
    if (!m_prepared) begin_event(event);

    if (m_part != StatePart::Shared && m_values[k_user_slot].present) {
        const std::uint32_t user = ensure_entity(k_user_group);
        // The session begin_event found live (add_alert_score keeps m_live current) is
        // the one current() returns; only a user without one asks current() to open it.
        Session& s = m_live ? m_sessions.at(user) : m_sessions.current(user, m_now);
        // nth_new counts first-time values, so count them before the histograms learn this event.
        // What counts as new uses the model's own convergence (a rule's `confidence` only gates firing).
        const auto& nth = m_bindings.nth_new_models();
        // A Principal part takes a shared model's word from the Shared part.
        for (std::size_t i = 0; i < nth.size(); ++i) {
            const bool is_new = m_local[m_models.model(nth[i]).group]
                                    ? counts_new(i)
                                    : shared_news && i < shared_news->size() && (*shared_news)[i] != 0;
            if (is_new) ++s.new_counts[i];
        }
        ++s.events;
        if (m_now > s.last_ms) s.last_ms = m_now;
        for (std::size_t i = 0; i < m_session_slot.size(); ++i) {
            if (!m_values[m_session_slot[i]].present) continue;
            const ValueId id = intern_slot(m_session_slot[i]);
            auto& set = s.distinct[i];
            if (std::find(set.begin(), set.end(), id) == set.end()) set.push_back(id);
        }
        record_event(m_facts[user], m_now);
    }

    if (!m_trained_groups.empty()) { // a state without models skips the loop
        m_today = HistogramCounters::counted_day(m_now); // the day every observation of the event counts
        const auto& groups = m_models.groups();
        for (std::uint32_t g : m_trained_groups) {
            if (!m_values[groups[g].key_slot].present) continue;
            std::uint32_t entity = k_no_entity; // found or added for the group's first model the event trains
            for (std::uint32_t model : groups[g].models) {
                const CompiledModel& m = m_models.model(model);
                if (!m_trains[model] || !m_values[m.value_slot].present) continue;
                if (entity == k_no_entity) entity = ensure_entity(g);
                observe(m, entity, intern_slot(m.value_slot));
            }
        }
    }
    m_prepared = false;
}

std::vector<NotableSession> ModelState::take_notable_sessions() {
    std::vector<NotableSession> out;
    out.swap(m_notable);
    return out;
}

// ------------------------------------------------------------------ queries

StateStats ModelState::stats() const noexcept {
    StateStats s;
    s.bytes = m_interner.bytes() + m_facts.capacity() * sizeof(UserFacts) + m_sessions.bytes();
    for (std::uint32_t g = 0; g < m_tables.size(); ++g) {
        const EntityTable& t = m_tables[g];
        s.entities += t.size();
        s.bytes += t.bytes();
        for (std::uint32_t e = 0; e < t.size(); ++e)
            for (std::uint32_t m = 0; m < t.model_count(); ++m) {
                const HistogramCounters* c = t.counters(e, m);
                if (!c) continue;
                s.values += c->distinct;
                s.observations += c->total;
                s.overflow += c->overflow;
                if (c->total == 0 && c->overflow == 0) continue;
                ++s.histograms;
                const CompiledModel& model = m_models.model(m_models.groups()[g].models[m]);
                if (!converged(c->total, c->distinct, c->days, model.convergence)) ++s.learning;
            }
    }
    s.users = m_tables.empty() ? 0 : m_tables[k_user_group].size();
    s.interned = m_interner.size();
    s.open_sessions = m_sessions.open_count();
    return s;
}

ModelView ModelState::inspect(std::string_view model_id, std::string_view entity) const noexcept {
    ModelView view;
    const std::uint32_t index = m_models.find(model_id);
    if (index == k_no_model) return view;
    const CompiledModel& m = m_models.model(index);
    const std::uint32_t e = m_tables[m.group].find(m_interner.find(entity));
    if (e == k_no_entity) return view;
    const HistogramCounters& c = counters_of(m, e);
    view.found = c.total > 0 || c.distinct > 0 || c.overflow > 0;
    view.observations = c.total;
    view.distinct = c.distinct;
    view.overflow = c.overflow;
    view.days = c.days;
    view.confidence = confidence(c.total, c.distinct, m.convergence.alpha);
    view.converged = converged(c.total, c.distinct, c.days, m.convergence);
    return view;
}

std::uint64_t ModelState::count_of(std::string_view model_id, std::string_view entity,
                                   std::string_view value) const noexcept {
    const std::uint32_t index = m_models.find(model_id);
    if (index == k_no_model) return 0;
    const CompiledModel& m = m_models.model(index);
    const std::uint32_t e = m_tables[m.group].find(m_interner.find(entity));
    if (e == k_no_entity) return 0;
    const EntityTable& table = m_tables[m.group];
    const std::uint32_t h = table.histogram(e, m.member);
    if (h == k_no_histogram) return 0;
    return table.store(m.member).count(h, m_interner.find(value));
}

} // namespace trailproof::models
