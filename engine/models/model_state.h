#pragma once
// Behavioural state of one partition: every entity's histograms, user facts and
// sessions, and the per-event pipeline that reads and trains them.
//
// Per event, in this order (DESIGN.md: rules are evaluated before training):
//
//   state.begin_event(event);               // features and entity lookups, once
//   for each rule hit with a binding:
//       if (state.check(*binding, event))   // trigger + facts + session, read only
//           { emit alert; state.add_alert_score(event, score, rule); }
//   state.train(event);                     // then the models learn the event
//
// check() and add_alert_score() read what begin_event computed; train() calls
// begin_event itself when it was not called. Event time only (Event::time_ms);
// the wall clock is never read. Events are taken in processing order; a clock
// that goes backwards never un-trains anything (last-seen times only grow).
//
// Partitioning: entities are keyed by value, so a runner may split events by
// ModelSet::partition_hash across several ModelStates when
// ModelSet::partitionable() (only user-keyed models). Any other set splits by
// scope group (StatePart): one Shared part sees every event and keeps the
// groups that span principals (organization, peer group, host, zone, fields);
// Principal parts, split by partition_hash, keep the user group, user facts and
// sessions. Per event the Shared part goes first: its verdicts for the rule hits
// whose model it keeps (judge_shared) and its nth_new "first-time value" flags
// (shared_news) are what the principal part's check and train read, so the
// parts together decide and learn exactly what one Whole state does.
//
// DECIDE (triggers; see README.md for all of them):
//  - first_time: the entity's model has converged and the value was never seen.
//  - abnormal: converged and the value is in the histogram's rare tail: the
//    observations of values seen at most as often as it, over N, are below the
//    threshold (strictly); a never-seen value is abnormal too unless `unseen: false`.
//  - nth_new: the value would be first_time, and it is the n-th such value in
//    the user's current session (counted per model; only events that train the
//    model count).
//  - A histogram at max_values stores no new value (counted as overflow); while
//    it is full, an unseen value may have been dropped before, so first_time,
//    abnormal-unseen and nth_new stay silent for it.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.h"
#include "models/entity_table.h"
#include "models/key_memo.h"
#include "models/model_set.h"
#include "models/rule_binding.h"
#include "models/session_tracker.h"
#include "models/state_image.h"
#include "models/user_facts.h"
#include "models/value_interner.h"

namespace trailproof::models {

struct StateStats {
    std::uint64_t entities = 0;      // all scope groups, users included
    std::uint64_t users = 0;
    std::uint64_t values = 0;        // stored histogram values, all models
    std::uint64_t observations = 0;  // N summed over every histogram
    std::uint64_t overflow = 0;      // observations dropped at max_values
    std::uint64_t interned = 0;      // distinct strings held
    std::uint64_t open_sessions = 0;
    std::uint64_t bytes = 0;         // approximate heap bytes of the whole state
    std::uint64_t histograms = 0;    // (entity, model) histograms with observations
    std::uint64_t learning = 0;      // of those, not converged yet: they never fire

    StateStats& operator+=(const StateStats& o) noexcept {
        entities += o.entities;
        users += o.users;
        values += o.values;
        observations += o.observations;
        overflow += o.overflow;
        interned += o.interned;
        open_sessions += o.open_sessions;
        bytes += o.bytes;
        histograms += o.histograms;
        learning += o.learning;
        return *this;
    }
};

// One (model, entity) histogram, for tests and diagnostics.
struct ModelView {
    bool found = false;             // the entity has observations (or overflow) for the model
    std::uint64_t observations = 0; // N
    std::uint32_t distinct = 0;     // C
    std::uint32_t overflow = 0;
    std::uint32_t days = 0;         // D: distinct UTC days with observations
    double confidence = 0;
    bool converged = false;
};

// What a rule's behavioural conditions say about the event passed to
// begin_event (trailproof explain): the model consulted, the entity's histogram,
// the trigger's tests and the verdict. `fires` is check()'s answer itself.
struct ModelVerdict {
    std::string model;               // id; "" when the rule has no model (facts or session only)
    std::string trigger;             // "first_time", "abnormal", "nth_new"
    std::string entity;              // the entity key the model is kept for ("" = organization, or no key on the event)
    bool value_present = false;      // the event has the model's feature
    std::string value;               // the feature's value
    bool entity_known = false;       // the entity has history for the model's scope
    std::uint64_t observations = 0;  // N
    std::uint32_t distinct = 0;      // C
    double confidence = 0;           // ((N - C) / N) ^ alpha
    double confidence_needed = 0;    // the convergence threshold in force (the rule's or the model's)
    std::uint64_t min_observations = 0;
    std::uint32_t days = 0;          // D: distinct UTC days the entity's model observed
    std::uint32_t min_days = 0;      // the convergence's day requirement
    bool converged = false;
    bool seen = false;               // the value is in the entity's histogram
    std::uint64_t value_count = 0;   // its observations
    bool certain = true;             // false: the histogram is full, "unseen" may be a dropped value
    double tail_share = -1;          // abnormal, seen: share of N held by values seen at most as often; -1 n/a
    double threshold = 0;            // abnormal: the tail share must be below it
    std::vector<std::string> failed; // facts and session conditions that do not hold, one line each
    bool fires = false;              // == check(binding, event)
    std::string reason;              // one line: why it fires or why not
};

// Which part of a model set's state a ModelState holds.
enum class StatePart : std::uint8_t {
    Whole,     // every scope group, user facts and sessions
    Principal, // the user group, user facts and sessions (a shard of principals); the
               // verdicts of the other groups' models come from the Shared part
    Shared,    // every scope group but the user group; no facts, no sessions
};

// The Shared part's word on a rule hit, for the Principal part's check.
enum class SharedVerdict : std::uint8_t {
    Local, // the rule's model (if any) is not a shared one: the principal part decides alone
    No,    // the shared model's trigger does not hold
    Yes,   // it holds (nth_new: the value is first-time; the session's count decides)
};

class ModelState {
public:
    // `models` and `bindings` must outlive the state.
    ModelState(const ModelSet& models, const RuleBindings& bindings, SessionOptions options = {},
               StatePart part = StatePart::Whole);
    ModelState(const ModelState&) = delete;
    ModelState& operator=(const ModelState&) = delete;

    // Computes the event's features and finds its entities; forgets aged values
    // of those entities. Allocates only for new scratch capacity. `train_when_hits`:
    // models().train_when().match(event) when the caller has it already (the
    // pipeline matches it once per event in its parallel stage, for every part of
    // a split state); null: begin_event matches it.
    void begin_event(const Event& event, const std::vector<std::uint32_t>* train_when_hits = nullptr);
    // True when every behavioural condition of `binding` holds for the event
    // passed to begin_event (trigger, facts, session). No allocation, no change.
    [[nodiscard]] bool check(const RuleBinding& binding, const Event& event) const noexcept;
    // Principal part: check() with the shared model's part given by the Shared
    // part's judge_shared for the same event (Local: decided here, as check()).
    [[nodiscard]] bool check(const RuleBinding& binding, const Event& event, SharedVerdict shared) const noexcept;
    // Shared part, after begin_event: the part of check() that reads the shared
    // model of `binding` (Local when its model is none or kept by user).
    [[nodiscard]] SharedVerdict judge_shared(const RuleBinding& binding) const noexcept;
    // Shared part, after begin_event and before train: by nth_new model (the
    // bindings' nth_new_models() order), 1 when the event counts as a first-time
    // value of that shared model in the user's session (0 for models kept by user).
    void shared_news(std::vector<std::uint8_t>& out) const;
    // True when some nth_new model is a shared one (only then are shared_news needed).
    [[nodiscard]] bool has_shared_news() const noexcept { return m_shared_nth; }
    // check() explained: the state consulted and the verdict. Reads only; allocates.
    [[nodiscard]] ModelVerdict describe(const RuleBinding& binding, const Event& event) const;
    // Adds a signal's score to the user's session (opening one when needed);
    // reports the session when its score reaches the notable threshold. Returns
    // the user's session (user and start), or nullopt when the event has no user
    // (no user, no session). `event_id` is kept with the signal for the notable.
    std::optional<SessionRef> add_alert_score(const Event& event, int score, std::uint32_t rule,
                                                std::string_view event_id = {});
    // Trains every model the event trains, records user facts and session values.
    // A Principal part counts the nth_new values of shared models from `shared_news`
    // (the Shared part's shared_news for this event; null: none of them is new).
    void train(const Event& event, const std::vector<std::uint8_t>* shared_news = nullptr);

    // Sessions that reached the notable threshold since the last call, in order.
    [[nodiscard]] std::vector<NotableSession> take_notable_sessions();

    [[nodiscard]] StateStats stats() const noexcept;
    // The histogram of model `model_id` for entity `entity` (tuple parts joined by
    // k_tuple_separator; "" for the organization).
    [[nodiscard]] ModelView inspect(std::string_view model_id, std::string_view entity) const noexcept;
    // How often `value` was seen by `model_id` for `entity` (0 when never or forgotten).
    [[nodiscard]] std::uint64_t count_of(std::string_view model_id, std::string_view entity,
                                         std::string_view value) const noexcept;

    [[nodiscard]] const ModelSet& models() const noexcept { return m_models; }
    [[nodiscard]] const RuleBindings& bindings() const noexcept { return m_bindings; }
    [[nodiscard]] const SessionOptions& session_options() const noexcept { return m_sessions.options(); }
    [[nodiscard]] StatePart part() const noexcept { return m_part; }

    // Forgets everything (back to a fresh state).
    void clear();

    // The state as canonical flat data (views into this state's strings).
    void export_image(StateImage& out) const;
    // Replaces the state with `image`. On a malformed image returns false with
    // `error` set and leaves the state empty. Models that are gone or changed
    // signature, and session fields or nth_new models no rule uses any more, are
    // dropped with one line each in `notes`.
    [[nodiscard]] bool import_image(const StateImage& image, std::string& error, std::vector<std::string>& notes);

private:
    struct SlotValue {
        bool present = false;
        std::string_view text; // valid for the current event only
        std::uint64_t hash = 0; // stable_hash(text): computed once per event
        ValueId id = k_no_value;
    };

    [[nodiscard]] bool check_model(const RuleBinding& b, const Session* session) const noexcept;
    // The model's part of check_model (nth_new: the value is first-time; the session's count not asked).
    [[nodiscard]] bool model_holds(const RuleBinding& b) const noexcept;
    // The binding's fact and session conditions hold (the part of check() before the model).
    [[nodiscard]] bool user_conditions_hold(const RuleBinding& b) const noexcept;
    // check() with the model's part as `shared` says.
    [[nodiscard]] bool check_with(const RuleBinding& b, SharedVerdict shared) const noexcept;
    // The event is a first-time value of nth_new model `nth` (index into nth_new_models()).
    [[nodiscard]] bool counts_new(std::size_t nth) const noexcept;
    [[nodiscard]] bool value_unseen(const CompiledModel& m, std::uint32_t entity, ValueId value,
                                    bool& certain) const noexcept;
    // The counters of model `m` for `entity` (all zero when it has no histogram).
    [[nodiscard]] const HistogramCounters& counters_of(const CompiledModel& m, std::uint32_t entity) const noexcept;
    std::uint32_t ensure_entity(std::uint32_t group);
    std::uint32_t ensure_user(ValueId key);
    // Interns `text` (its stable_hash given) and tells the key memo: every intern of
    // the state after clear() goes through here, so the memo's "not interned" stays exact.
    ValueId intern(std::string_view text, std::uint64_t hash);
    ValueId intern_slot(std::uint32_t slot);
    void observe(const CompiledModel& m, std::uint32_t entity, ValueId value);
    void forget_aged(std::uint32_t group, std::uint32_t entity);

    const ModelSet& m_models;
    const RuleBindings& m_bindings;
    const StatePart m_part;

    // state
    ValueInterner m_interner;
    KeyMemo m_key_memo; // begin_event's text -> (stable_hash, id), forgotten with the interner
    std::vector<EntityTable> m_tables; // by scope group
    std::vector<UserFacts> m_facts;    // by user entity
    SessionTracker m_sessions;         // by user entity
    std::vector<NotableSession> m_notable;

    // fixed at construction
    std::vector<KeySpec> m_slots;             // the ModelSet's slots, then session fields not among them
    std::vector<std::uint32_t> m_session_slot; // by session field: slot index
    std::vector<ValueId> m_rule_ids;          // by rule index: the interned id
    std::vector<std::uint8_t> m_local;        // by scope group: this part keeps it
    std::vector<std::uint32_t> m_active;      // the slots this part reads, ascending
    std::vector<std::uint32_t> m_local_models; // the models of the groups it keeps, ascending
    std::vector<std::uint32_t> m_trained_groups; // the groups it keeps that have models, ascending
    std::vector<std::uint8_t> m_trains_by_activity; // [activity index (last: none)][model]: its activity lets a kept model train
    std::vector<std::uint32_t> m_gated_models; // kept models with a train_when selection, ascending
    std::vector<std::vector<std::uint32_t>> m_ageing; // by scope group: its kept members that age
    bool m_train_when = false;                // some kept model has a train_when selection
    bool m_shared_nth = false;                // some nth_new model is a shared one

    // per event (scratch, capacity kept)
    std::vector<SlotValue> m_values;    // by slot
    std::vector<std::string> m_scratch; // by slot: tuple text
    std::vector<std::uint32_t> m_entity; // by group: entity, or k_no_entity
    std::vector<std::uint8_t> m_trains;  // by model: the event trains it
    std::vector<std::uint8_t> m_rule_hit; // by train_when rule
    std::vector<std::uint32_t> m_hits;
    const Session* m_live = nullptr;     // the user's live session (SessionTracker::live), or none
    std::int64_t m_now = 0;
    std::string m_activity_text;           // the activity type m_activity was found for (the last event's)
    std::uint32_t m_activity = k_no_activity; // ModelSet::activity_index(m_activity_text)
    std::int32_t m_today = 0;            // HistogramCounters::counted_day(m_now), set by train for its observations
    bool m_prepared = false;
};

} // namespace trailproof::models
