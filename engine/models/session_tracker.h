#pragma once
// Per-user sessions (DESIGN.md "Behavioural semantics", issue 4): a session is
// opened by a user's first event and closed when the next event comes at least
// `gap_ms` after the session's latest event (30 minutes by default). It keeps
// the distinct values of the fields rules ask about (`session: {distinct: f}`),
// how many new values each nth_new model saw, the sum of the scores of the
// distinct rules that fired in it (a rule scores once per session), and the
// alerts that made it (the first alert of every rule that scored is always kept).
//
// DECIDE (notable): a session is reported once, when its score first reaches
// `notable_score`, with the alerts so far; later alerts still add to its score.
// Reporting at the crossing (not at close) keeps a report in the run that
// caused it, and is the same whether a run is split by save/load or not.
// DECIDE (time): an event earlier than the session's latest event belongs to it
// (a clock going backwards never closes a session); the latest time only grows.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "models/value_interner.h"

namespace trailproof::models {

struct SessionOptions {
    std::int64_t gap_ms = 30 * 60 * 1000;
    std::int64_t notable_score = 90;
    std::uint32_t max_alerts = 256; // repeat alerts kept per session before it is reported; more are counted (a rule's first is always kept)
};

// A signal of the session: a scored hit of a risk-based rule.
struct SessionAlert {
    ValueId rule = k_no_value; // the rule's id, interned
    std::int64_t time_ms = 0;
    std::int32_t score = 0;
    ValueId event = k_no_value; // the event id, interned
};

struct Session {
    bool open = false;
    bool reported = false;
    std::int64_t start_ms = 0;
    std::int64_t last_ms = 0;
    std::uint64_t events = 0;
    std::int64_t score = 0;
    std::uint32_t dropped_alerts = 0;
    std::vector<SessionAlert> alerts;
    std::vector<std::vector<ValueId>> distinct; // by RuleBindings::session_fields()
    std::vector<std::uint32_t> new_counts;      // by RuleBindings::nth_new_models()
};

// Which session a signal went to: the user (a view into the model state's
// interner, valid until its next change) and the session's start.
struct SessionRef {
    std::string_view user;
    std::int64_t start_ms = 0;
};

struct NotableAlert {
    std::string rule;
    std::int64_t time_ms = 0;
    std::int32_t score = 0;
    std::string event_id;
};

// A session whose score reached the notable threshold.
struct NotableSession {
    std::string user;
    std::int64_t start_ms = 0;
    std::int64_t last_ms = 0; // latest event time when it was reported
    std::uint64_t events = 0;
    std::int64_t score = 0;
    std::vector<NotableAlert> alerts;
    std::uint32_t dropped_alerts = 0;
};

class SessionTracker {
public:
    SessionTracker(SessionOptions options, std::size_t distinct_fields, std::size_t nth_models)
        : m_options(options), m_fields(distinct_fields), m_nth(nth_models) {}

    // Makes room for user entities 0..users-1.
    void resize(std::size_t users);
    // The user's session if it is open and `now` is within the gap of its latest event, else nullptr.
    [[nodiscard]] const Session* live(std::uint32_t user, std::int64_t now) const noexcept;
    // The user's live session, opening a new one at `now` when there is none (storage is reused).
    Session& current(std::uint32_t user, std::int64_t now);
    // Direct access (state import/export).
    [[nodiscard]] Session& at(std::uint32_t user) noexcept { return m_sessions[user]; }
    [[nodiscard]] const Session& at(std::uint32_t user) const noexcept { return m_sessions[user]; }

    [[nodiscard]] const SessionOptions& options() const noexcept { return m_options; }
    [[nodiscard]] std::size_t open_count() const noexcept;
    [[nodiscard]] std::size_t bytes() const noexcept;
    void clear() noexcept { m_sessions.clear(); }
    // Empties `s` for a new session, keeping its storage.
    void reset(Session& s) const;

private:
    SessionOptions m_options;
    std::size_t m_fields;
    std::size_t m_nth;
    std::vector<Session> m_sessions; // by user entity
};

} // namespace trailproof::models
