#include "pipeline/shard_state.h"

#include <algorithm>

#include "models/value_interner.h"

namespace trailproof::pipeline {

std::size_t shard_of_key(std::string_view principal, std::size_t shards) noexcept {
    return shards <= 1 ? 0 : static_cast<std::size_t>(models::stable_hash(principal) % shards);
}

std::size_t shard_of(const models::ModelSet& models, const Event& event, std::size_t shards) noexcept {
    return shards <= 1 ? 0 : static_cast<std::size_t>(models.partition_hash(event) % shards);
}

namespace {

using models::StateImage;

// Builds one canonical image from records of several source images. Source
// string tables are sorted, so mapping them into the merged sorted table keeps
// every order the sources had (entities by key, values by text, ...).
class ImageBuilder {
public:
    // First pass: every string a kept record refers to.
    void use(std::string_view s) { m_strings.push_back(s); }
    void finish_strings(StateImage& out) {
        std::sort(m_strings.begin(), m_strings.end());
        m_strings.erase(std::unique(m_strings.begin(), m_strings.end()), m_strings.end());
        out.strings = m_strings;
    }
    [[nodiscard]] std::uint32_t index(std::string_view s) const {
        return static_cast<std::uint32_t>(std::lower_bound(m_strings.begin(), m_strings.end(), s) - m_strings.begin());
    }

private:
    std::vector<std::string_view> m_strings;
};

// A record of one source image, kept or not by `keep(model id, key text)` (the
// model id is "" for a user record).
template <typename Keep>
void mark_strings(const StateImage& in, const Keep& keep, ImageBuilder& b) {
    auto s = [&](std::uint32_t i) { return in.strings[i]; };
    for (const auto& m : in.models) {
        bool any = false;
        for (std::uint32_t e = m.first_entity; e < m.first_entity + m.entity_count; ++e) {
            const auto& entity = in.entities[e];
            if (!keep(s(m.id), s(entity.key))) continue;
            any = true;
            b.use(s(entity.key));
            for (std::uint32_t v = entity.first_value; v < entity.first_value + entity.value_count; ++v)
                b.use(s(in.values[v].text));
        }
        if (any) {
            b.use(s(m.id));
            b.use(s(m.signature));
        }
    }
    for (const auto& u : in.users) {
        if (!keep(std::string_view(), s(u.key))) continue;
        b.use(s(u.key));
        if (u.session == UINT32_MAX) continue;
        const auto& session = in.sessions[u.session];
        for (std::uint32_t a = session.first_alert; a < session.first_alert + session.alert_count; ++a) {
            b.use(s(in.alerts[a].rule));
            b.use(s(in.alerts[a].event));
        }
        for (std::uint32_t k = session.first_set; k < session.first_set + session.set_count; ++k) {
            const auto& set = in.sets[k];
            b.use(s(set.field));
            for (std::uint32_t r = set.first_ref; r < set.first_ref + set.ref_count; ++r) b.use(s(in.refs[r]));
        }
        for (std::uint32_t c = session.first_new; c < session.first_new + session.new_count; ++c)
            b.use(s(in.new_counts[c].model));
    }
}

template <typename Keep>
void build(const std::vector<const StateImage*>& parts, const Keep& keep, StateImage& out) {
    out = StateImage{};
    ImageBuilder b;
    for (const StateImage* p : parts) mark_strings(*p, keep, b);
    b.finish_strings(out);

    // Models by id: each id once, with the entities of every part that has it.
    std::vector<std::string_view> model_ids;
    for (const StateImage* p : parts)
        for (const auto& m : p->models) model_ids.push_back(p->strings[m.id]);
    std::sort(model_ids.begin(), model_ids.end());
    model_ids.erase(std::unique(model_ids.begin(), model_ids.end()), model_ids.end());
    struct Keyed {
        std::uint32_t key;
        const StateImage* part;
        std::uint32_t index;
        bool operator<(const Keyed& o) const noexcept { return key < o.key; }
    };
    std::vector<Keyed> keyed;
    for (std::string_view id : model_ids) {
        keyed.clear();
        std::string_view signature; // the model's, from the first part that keeps an entity of it
        std::uint32_t timed = 0;    // so is whether its values carry times
        bool have_signature = false;
        for (const StateImage* p : parts)
            for (const auto& m : p->models) {
                if (p->strings[m.id] != id) continue;
                for (std::uint32_t e = m.first_entity; e < m.first_entity + m.entity_count; ++e)
                    if (keep(id, p->strings[p->entities[e].key])) {
                        keyed.push_back({b.index(p->strings[p->entities[e].key]), p, e});
                        if (!have_signature) {
                            signature = p->strings[m.signature];
                            timed = m.timed;
                        }
                        have_signature = true;
                    }
            }
        if (keyed.empty()) continue;
        std::sort(keyed.begin(), keyed.end());
        StateImage::Model model;
        model.id = b.index(id);
        model.signature = b.index(signature);
        model.first_entity = static_cast<std::uint32_t>(out.entities.size());
        model.entity_count = static_cast<std::uint32_t>(keyed.size());
        model.timed = timed;
        for (const Keyed& k : keyed) {
            const StateImage& p = *k.part;
            StateImage::Entity entity = p.entities[k.index];
            const std::uint32_t first = entity.first_value;
            entity.key = k.key;
            entity.first_value = static_cast<std::uint32_t>(out.values.size());
            for (std::uint32_t v = first; v < first + entity.value_count; ++v) {
                StateImage::Value value = p.values[v];
                value.text = b.index(p.strings[value.text]);
                out.values.push_back(value);
            }
            out.entities.push_back(entity);
        }
        out.models.push_back(model);
    }

    // Users by key, each with its open session.
    keyed.clear();
    for (const StateImage* p : parts)
        for (std::uint32_t u = 0; u < p->users.size(); ++u)
            if (keep(std::string_view(), p->strings[p->users[u].key])) keyed.push_back({b.index(p->strings[p->users[u].key]), p, u});
    std::sort(keyed.begin(), keyed.end());
    for (const Keyed& k : keyed) {
        const StateImage& p = *k.part;
        StateImage::User user = p.users[k.index];
        user.key = k.key;
        if (user.session != UINT32_MAX) {
            StateImage::Session session = p.sessions[user.session];
            auto s = [&](std::uint32_t i) { return b.index(p.strings[i]); };
            const std::uint32_t first_alert = session.first_alert, first_set = session.first_set,
                                first_new = session.first_new;
            session.first_alert = static_cast<std::uint32_t>(out.alerts.size());
            for (std::uint32_t a = first_alert; a < first_alert + session.alert_count; ++a) {
                StateImage::Alert alert = p.alerts[a];
                alert.rule = s(alert.rule);
                alert.event = s(alert.event);
                out.alerts.push_back(alert);
            }
            session.first_set = static_cast<std::uint32_t>(out.sets.size());
            for (std::uint32_t i = first_set; i < first_set + session.set_count; ++i) {
                StateImage::Set set = p.sets[i];
                const std::uint32_t first_ref = set.first_ref;
                set.field = s(set.field);
                set.first_ref = static_cast<std::uint32_t>(out.refs.size());
                for (std::uint32_t r = first_ref; r < first_ref + set.ref_count; ++r) out.refs.push_back(s(p.refs[r]));
                out.sets.push_back(set);
            }
            session.first_new = static_cast<std::uint32_t>(out.new_counts.size());
            for (std::uint32_t c = first_new; c < first_new + session.new_count; ++c) {
                StateImage::NewCount count = p.new_counts[c];
                count.model = s(count.model);
                out.new_counts.push_back(count);
            }
            user.session = static_cast<std::uint32_t>(out.sessions.size());
            out.sessions.push_back(session);
        }
        out.users.push_back(user);
    }
}

} // namespace

void merge_images(const std::vector<const StateImage*>& parts, StateImage& out) {
    build(parts, [](std::string_view, std::string_view) { return true; }, out);
}

void split_image(const StateImage& image, std::size_t shards, std::vector<StateImage>& out) {
    if (shards < 1) shards = 1;
    out.assign(shards, StateImage{});
    for (std::size_t k = 0; k < shards; ++k)
        build({&image}, [&](std::string_view, std::string_view key) { return shard_of_key(key, shards) == k; },
              out[k]);
}

void split_image(const StateImage& image, const models::ModelSet& models, std::size_t shards, StateImage& shared,
                 std::vector<StateImage>& out) {
    if (shards < 1) shards = 1;
    // A model the set does not know (dropped by import anyway) goes with the shared part.
    auto is_shared = [&](std::string_view id) {
        const std::uint32_t m = models.find(id);
        return m == models::k_no_model || models.shared_model(m);
    };
    build({&image}, [&](std::string_view model, std::string_view) { return !model.empty() && is_shared(model); },
          shared);
    out.assign(shards, StateImage{});
    for (std::size_t k = 0; k < shards; ++k)
        build({&image},
              [&](std::string_view model, std::string_view key) {
                  return (model.empty() || !is_shared(model)) && shard_of_key(key, shards) == k;
              },
              out[k]);
}

} // namespace trailproof::pipeline
