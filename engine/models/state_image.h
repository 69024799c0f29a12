#pragma once
// A ModelState as flat, canonical data: what the state file stores (engine/state
// encodes it to bytes). Strings are kept once, sorted, and referenced by index,
// so a reload re-interns them (ids are local to a ModelState). Everything is in a
// canonical order (models by id, entities by key, values by text, users by key),
// so two states with the same content give the same image, whatever order their
// entities were created in: a run split by save/load ends with the same bytes as
// a run in one go.
//
// Models are stored by id with their signature (scope|feature); on import a
// model that is gone or whose signature changed is dropped with a note.
//
// Last-seen times are kept only for the models that age (`timed`): a value of
// any other model is saved with last_seen_ms 0. A model that ages on import but
// was saved without times (it had no `ageing_days` then) takes, for each of its
// values, the end of the latest UTC day its entity's histogram counted (no value
// can have been seen later), so it is forgotten no earlier than it would have
// been with its own time (engine/models/README.md, Decisions).

#include <cstdint>
#include <string_view>
#include <vector>

namespace trailproof::models {

struct StateImage {
    // Sorted, unique. Export: views into the ModelState's interner (valid until
    // the state changes). Import: views into any buffer that outlives import_image.
    std::vector<std::string_view> strings;

    struct Model {
        std::uint32_t id = 0, signature = 0;       // strings
        std::uint32_t first_entity = 0, entity_count = 0;
        std::uint32_t timed = 0;                   // 1: its values carry last-seen times (the model ages)
    };
    struct Entity {
        std::uint32_t key = 0;                     // string
        std::uint64_t total = 0;                   // N
        std::uint32_t overflow = 0;
        std::uint32_t first_value = 0, value_count = 0;
        std::uint32_t days = 0;                    // D: distinct UTC days with observations
        std::int64_t last_day = INT32_MIN;         // the latest day counted (days since 1970-01-01)
        std::uint64_t day_mask = 0;                // bit i: day last_day - i counted
    };
    struct Value {
        std::uint32_t text = 0;                    // string
        std::uint64_t count = 0;
        std::int64_t last_seen_ms = 0;             // 0 in a model that is not timed
    };
    struct User {
        std::uint32_t key = 0;                     // string
        std::int64_t first_seen_ms = 0, last_seen_ms = 0;
        std::uint64_t events = 0;
        std::uint32_t session = UINT32_MAX;        // index into sessions, or none
    };
    struct Session {
        std::int64_t start_ms = 0, last_ms = 0;
        std::uint64_t events = 0;
        std::int64_t score = 0;
        std::uint32_t reported = 0;                // 0 or 1
        std::uint32_t dropped_alerts = 0;
        std::uint32_t first_alert = 0, alert_count = 0;
        std::uint32_t first_set = 0, set_count = 0;
        std::uint32_t first_new = 0, new_count = 0;
    };
    struct Alert {
        std::uint32_t rule = 0;                    // string: the rule id
        std::int64_t time_ms = 0;
        std::int32_t score = 0;
        std::uint32_t event = 0;                   // string: the event id of the signal (may be "")
    };
    struct Set {
        std::uint32_t field = 0;                   // string: the field name
        std::uint32_t first_ref = 0, ref_count = 0; // into refs
    };
    struct NewCount {
        std::uint32_t model = 0;                   // string: the model id
        std::uint32_t count = 0;
    };

    std::vector<Model> models;
    std::vector<Entity> entities;
    std::vector<Value> values;
    std::vector<User> users;
    std::vector<Session> sessions;
    std::vector<Alert> alerts;
    std::vector<Set> sets;
    std::vector<std::uint32_t> refs; // strings
    std::vector<NewCount> new_counts;
};

} // namespace trailproof::models
