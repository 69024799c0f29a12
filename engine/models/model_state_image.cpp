// ModelState <-> StateImage (the canonical flat form the state file stores).

#include <algorithm>
#include <numeric>

#include "core/civil_time.h"
#include "models/model_state.h"

namespace trailproof::models {

namespace {

// Maps interned ids to their index in the sorted string table.
class StringTable {
public:
    StringTable(const ValueInterner& interner) : m_interner(interner), m_index(interner.size(), UINT32_MAX) {}

    void mark(ValueId id) {
        if (id != k_no_value && m_index[id] == UINT32_MAX) {
            m_index[id] = 0;
            m_marked.push_back(id);
        }
    }
    // Sorts the marked strings and numbers them; fills `out`.
    void finish(std::vector<std::string_view>& out) {
        std::sort(m_marked.begin(), m_marked.end(),
                  [&](ValueId a, ValueId b) { return m_interner.text(a) < m_interner.text(b); });
        out.clear();
        for (std::uint32_t i = 0; i < m_marked.size(); ++i) {
            m_index[m_marked[i]] = i;
            out.push_back(m_interner.text(m_marked[i]));
        }
    }
    [[nodiscard]] std::uint32_t operator[](ValueId id) const noexcept { return m_index[id]; }

private:
    const ValueInterner& m_interner;
    std::vector<std::uint32_t> m_index;
    std::vector<ValueId> m_marked;
};

bool stored(const HistogramCounters* c) {
    return c && (c->distinct > 0 || c->overflow > 0 || c->total > 0 || c->days > 0);
}

} // namespace

void ModelState::export_image(StateImage& out) const {
    out = StateImage{};
    StringTable strings(m_interner);
    std::vector<StoredValue> scratch;
    const EntityTable& users = m_tables[k_user_group];
    auto user_saved = [&](std::uint32_t u) { return m_facts[u].events > 0 || m_sessions.at(u).open; };

    // 1. every string the image refers to
    for (std::uint32_t i = 0; i < m_models.size(); ++i) {
        const CompiledModel& m = m_models.model(i);
        const EntityTable& table = m_tables[m.group];
        bool any = false;
        for (std::uint32_t e = 0; e < table.size(); ++e) {
            if (!stored(table.counters(e, m.member))) continue;
            any = true;
            strings.mark(table.key(e));
            scratch.clear();
            table.store(m.member).values(table.histogram(e, m.member), scratch);
            for (const StoredValue& v : scratch) strings.mark(v.value);
        }
        if (any) {
            strings.mark(m_interner.find(m.id));
            strings.mark(m_interner.find(m.signature));
        }
    }
    for (std::uint32_t u = 0; u < users.size(); ++u) {
        if (!user_saved(u)) continue;
        strings.mark(users.key(u));
        const Session& s = m_sessions.at(u);
        if (!s.open) continue;
        for (const auto& a : s.alerts) {
            strings.mark(a.rule);
            strings.mark(a.event);
        }
        for (std::size_t f = 0; f < s.distinct.size(); ++f) {
            if (s.distinct[f].empty()) continue;
            strings.mark(m_interner.find(m_bindings.session_field_names()[f]));
            for (ValueId v : s.distinct[f]) strings.mark(v);
        }
        for (std::size_t i = 0; i < s.new_counts.size(); ++i)
            if (s.new_counts[i] > 0) strings.mark(m_interner.find(m_models.model(m_bindings.nth_new_models()[i]).id));
    }
    strings.finish(out.strings);

    // 2. models by id, entities by key, values by text
    std::vector<std::uint32_t> model_order(m_models.size());
    std::iota(model_order.begin(), model_order.end(), 0u);
    std::sort(model_order.begin(), model_order.end(),
              [&](std::uint32_t a, std::uint32_t b) { return m_models.model(a).id < m_models.model(b).id; });
    std::vector<std::pair<std::uint32_t, std::uint32_t>> keyed; // (string, entity)
    std::vector<StateImage::Value> values;
    for (std::uint32_t i : model_order) {
        const CompiledModel& m = m_models.model(i);
        const EntityTable& table = m_tables[m.group];
        keyed.clear();
        for (std::uint32_t e = 0; e < table.size(); ++e)
            if (stored(table.counters(e, m.member))) keyed.emplace_back(strings[table.key(e)], e);
        if (keyed.empty()) continue;
        std::sort(keyed.begin(), keyed.end());
        StateImage::Model model;
        model.id = strings[m_interner.find(m.id)];
        model.signature = strings[m_interner.find(m.signature)];
        model.first_entity = static_cast<std::uint32_t>(out.entities.size());
        model.entity_count = static_cast<std::uint32_t>(keyed.size());
        model.timed = m.ageing_ms != 0 ? 1 : 0; // only an ageing model's store keeps times
        for (const auto& [key, e] : keyed) {
            const HistogramCounters& c = *table.counters(e, m.member);
            values.clear();
            scratch.clear();
            table.store(m.member).values(table.histogram(e, m.member), scratch);
            for (const StoredValue& v : scratch)
                values.push_back({strings[v.value], v.count, model.timed != 0 ? v.last_seen_ms : 0});
            std::sort(values.begin(), values.end(), [](const auto& a, const auto& b) { return a.text < b.text; });
            out.entities.push_back({key, c.total, c.overflow, static_cast<std::uint32_t>(out.values.size()),
                                    static_cast<std::uint32_t>(values.size()), c.days, c.last_day, c.day_mask});
            out.values.insert(out.values.end(), values.begin(), values.end());
        }
        out.models.push_back(model);
    }

    // 3. users by key, with their open session
    keyed.clear();
    for (std::uint32_t u = 0; u < users.size(); ++u)
        if (user_saved(u)) keyed.emplace_back(strings[users.key(u)], u);
    std::sort(keyed.begin(), keyed.end());
    std::vector<std::pair<std::uint32_t, std::size_t>> order; // (string, index)
    for (const auto& [key, u] : keyed) {
        const UserFacts& f = m_facts[u];
        StateImage::User user{key, f.first_seen_ms, f.last_seen_ms, f.events, UINT32_MAX};
        const Session& s = m_sessions.at(u);
        if (s.open) {
            user.session = static_cast<std::uint32_t>(out.sessions.size());
            StateImage::Session session;
            session.start_ms = s.start_ms;
            session.last_ms = s.last_ms;
            session.events = s.events;
            session.score = s.score;
            session.reported = s.reported ? 1 : 0;
            session.dropped_alerts = s.dropped_alerts;
            session.first_alert = static_cast<std::uint32_t>(out.alerts.size());
            session.alert_count = static_cast<std::uint32_t>(s.alerts.size());
            for (const auto& a : s.alerts) out.alerts.push_back({strings[a.rule], a.time_ms, a.score, strings[a.event]});

            order.clear();
            for (std::size_t i = 0; i < s.distinct.size(); ++i)
                if (!s.distinct[i].empty())
                    order.emplace_back(strings[m_interner.find(m_bindings.session_field_names()[i])], i);
            std::sort(order.begin(), order.end());
            session.first_set = static_cast<std::uint32_t>(out.sets.size());
            session.set_count = static_cast<std::uint32_t>(order.size());
            for (const auto& [field, i] : order) {
                StateImage::Set set{field, static_cast<std::uint32_t>(out.refs.size()),
                                    static_cast<std::uint32_t>(s.distinct[i].size())};
                const std::size_t first = out.refs.size();
                for (ValueId v : s.distinct[i]) out.refs.push_back(strings[v]);
                std::sort(out.refs.begin() + static_cast<std::ptrdiff_t>(first), out.refs.end());
                out.sets.push_back(set);
            }

            order.clear();
            for (std::size_t i = 0; i < s.new_counts.size(); ++i)
                if (s.new_counts[i] > 0)
                    order.emplace_back(strings[m_interner.find(m_models.model(m_bindings.nth_new_models()[i]).id)], i);
            std::sort(order.begin(), order.end());
            session.first_new = static_cast<std::uint32_t>(out.new_counts.size());
            session.new_count = static_cast<std::uint32_t>(order.size());
            for (const auto& [model, i] : order) out.new_counts.push_back({model, s.new_counts[i]});
            out.sessions.push_back(session);
        }
        out.users.push_back(user);
    }
}

namespace {

bool range_ok(std::uint64_t first, std::uint64_t count, std::size_t size) { return first <= size && count <= size - first; }

// Checks every index of `image` before anything is imported.
bool validate(const StateImage& image, std::string& error) {
    const std::size_t n = image.strings.size();
    auto fail = [&](std::string message) {
        error = std::move(message);
        return false;
    };
    for (std::size_t i = 1; i < n; ++i)
        if (!(image.strings[i - 1] < image.strings[i])) return fail("the string table is not sorted");
    for (const auto& m : image.models)
        if (m.id >= n || m.signature >= n || m.timed > 1 || !range_ok(m.first_entity, m.entity_count, image.entities.size()))
            return fail("a model record is out of range");
    for (const auto& e : image.entities)
        if (e.key >= n || !range_ok(e.first_value, e.value_count, image.values.size()))
            return fail("an entity record is out of range");
    for (const auto& v : image.values)
        if (v.text >= n || v.count == 0) return fail("a histogram value is out of range");
    // Canonical order (strictly increasing) also rules out duplicates.
    for (std::size_t i = 1; i < image.models.size(); ++i)
        if (!(image.strings[image.models[i - 1].id] < image.strings[image.models[i].id]))
            return fail("the models are not in id order");
    for (const auto& m : image.models)
        for (std::uint32_t i = 1; i < m.entity_count; ++i)
            if (image.entities[m.first_entity + i - 1].key >= image.entities[m.first_entity + i].key)
                return fail("the entities of a model are not in key order");
    for (const auto& e : image.entities)
        for (std::uint32_t i = 1; i < e.value_count; ++i)
            if (image.values[e.first_value + i - 1].text >= image.values[e.first_value + i].text)
                return fail("the values of a histogram are not in order");
    for (std::size_t i = 1; i < image.users.size(); ++i)
        if (image.users[i - 1].key >= image.users[i].key) return fail("the users are not in key order");
    for (const auto& u : image.users)
        if (u.key >= n || (u.session != UINT32_MAX && u.session >= image.sessions.size()))
            return fail("a user record is out of range");
    for (const auto& s : image.sessions)
        if (s.reported > 1 || !range_ok(s.first_alert, s.alert_count, image.alerts.size()) ||
            !range_ok(s.first_set, s.set_count, image.sets.size()) ||
            !range_ok(s.first_new, s.new_count, image.new_counts.size()))
            return fail("a session record is out of range");
    for (const auto& a : image.alerts)
        if (a.rule >= n || a.event >= n) return fail("an alert record is out of range");
    for (const auto& s : image.sets)
        if (s.field >= n || !range_ok(s.first_ref, s.ref_count, image.refs.size()))
            return fail("a session set is out of range");
    for (std::uint32_t r : image.refs)
        if (r >= n) return fail("a session value is out of range");
    for (const auto& c : image.new_counts)
        if (c.model >= n) return fail("a session counter is out of range");
    return true;
}

} // namespace

bool ModelState::import_image(const StateImage& image, std::string& error, std::vector<std::string>& notes) {
    clear();
    if (!validate(image, error)) return false;
    std::vector<ValueId> ids;
    ids.reserve(image.strings.size());
    for (std::string_view s : image.strings) ids.push_back(m_interner.intern(s));
    auto text = [&](std::uint32_t i) { return image.strings[i]; };
    std::vector<StoredValue> loaded;

    for (const auto& saved : image.models) {
        const std::uint32_t index = m_models.find(text(saved.id));
        if (index == k_no_model) {
            notes.push_back("model '" + std::string(text(saved.id)) + "' is no longer defined; its state was dropped");
            continue;
        }
        const CompiledModel& m = m_models.model(index);
        if (m.signature != text(saved.signature)) {
            notes.push_back("model '" + m.id + "' changed from " + std::string(text(saved.signature)) + " to " +
                            m.signature + "; its state was dropped");
            continue;
        }
        for (std::uint32_t i = 0; i < saved.entity_count; ++i) {
            const StateImage::Entity& se = image.entities[saved.first_entity + i];
            const ValueId key = ids[se.key];
            const std::uint32_t e = m.group == k_user_group ? ensure_user(key) : m_tables[m.group].insert(key);
            EntityTable& table = m_tables[m.group];
            const std::uint32_t h = table.ensure_histogram(e, m.member);
            HistogramStore& store = table.store(m.member);
            loaded.clear();
            std::int64_t next_expiry = INT64_MAX;
            // DECIDE (ageing added later): a value saved without a time (its model did
            // not age then) counts as last seen at the end of the latest day its
            // histogram counted: it was seen no later, so it is not forgotten earlier
            // than its own time would have made it. No day counted (no run writes that
            // with values): the earliest time, so the next event that touches it forgets it.
            const std::int64_t last_day = std::clamp<std::int64_t>(se.last_day, INT32_MIN, INT32_MAX);
            const std::int64_t untimed_seen = last_day == INT32_MIN ? INT64_MIN : (last_day + 1) * k_ms_per_day - 1;
            for (std::uint32_t j = 0; j < se.value_count; ++j) {
                const StateImage::Value& sv = image.values[se.first_value + j];
                const std::int64_t seen = saved.timed != 0 ? sv.last_seen_ms : untimed_seen;
                loaded.push_back({ids[sv.text], sv.count, seen});
                if (m.ageing_ms != 0)
                    next_expiry = std::min(next_expiry, seen > INT64_MAX - m.ageing_ms ? INT64_MAX : seen + m.ageing_ms);
            }
            store.load(h, loaded, se.total);
            HistogramCounters& c = store.counters(h);
            c.overflow = se.overflow;
            c.days = se.days;
            c.last_day = static_cast<std::int32_t>(last_day);
            c.day_mask = se.day_mask;
            store.set_next_expiry(h, next_expiry);
        }
    }

    const auto& fields = m_bindings.session_field_names();
    const auto& nth = m_bindings.nth_new_models();
    std::vector<std::string> dropped_fields, dropped_models;
    for (const auto& su : image.users) {
        const std::uint32_t u = ensure_user(ids[su.key]);
        m_facts[u] = {su.first_seen_ms, su.last_seen_ms, su.events};
        if (su.session == UINT32_MAX) continue;
        const StateImage::Session& ss = image.sessions[su.session];
        Session& s = m_sessions.at(u);
        m_sessions.reset(s);
        s.open = true;
        s.reported = ss.reported != 0;
        s.start_ms = ss.start_ms;
        s.last_ms = ss.last_ms;
        s.events = ss.events;
        s.score = ss.score;
        s.dropped_alerts = ss.dropped_alerts;
        for (std::uint32_t i = 0; i < ss.alert_count; ++i) {
            const StateImage::Alert& a = image.alerts[ss.first_alert + i];
            s.alerts.push_back({ids[a.rule], a.time_ms, a.score, ids[a.event]});
        }
        for (std::uint32_t i = 0; i < ss.set_count; ++i) {
            const StateImage::Set& set = image.sets[ss.first_set + i];
            const auto it = std::find(fields.begin(), fields.end(), text(set.field));
            if (it == fields.end()) {
                dropped_fields.emplace_back(text(set.field));
                continue;
            }
            auto& values = s.distinct[static_cast<std::size_t>(it - fields.begin())];
            for (std::uint32_t j = 0; j < set.ref_count; ++j) values.push_back(ids[image.refs[set.first_ref + j]]);
        }
        for (std::uint32_t i = 0; i < ss.new_count; ++i) {
            const StateImage::NewCount& c = image.new_counts[ss.first_new + i];
            const auto it = std::find_if(nth.begin(), nth.end(), [&](std::uint32_t m) { return m_models.model(m).id == text(c.model); });
            if (it == nth.end()) {
                dropped_models.emplace_back(text(c.model));
                continue;
            }
            s.new_counts[static_cast<std::size_t>(it - nth.begin())] = c.count;
        }
    }
    auto note_once = [&](std::vector<std::string>& names, std::string_view what) {
        std::sort(names.begin(), names.end());
        names.erase(std::unique(names.begin(), names.end()), names.end());
        for (const auto& n : names)
            notes.push_back(std::string(what) + " '" + n + "' is no longer used by any rule; its session values were dropped");
    };
    note_once(dropped_fields, "session field");
    note_once(dropped_models, "nth_new model");
    return true;
}

} // namespace trailproof::models
