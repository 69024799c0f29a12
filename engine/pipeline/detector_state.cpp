// Detector: the --state file (every pack's models and correlation windows).
#include "pipeline/detector.h"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "pipeline/shard_state.h"
#include "state/state_bundle.h"

namespace trailproof::pipeline {

namespace {

// Every shard's image, and the owner's (into `images`), merged into `whole`, which
// views the images' strings, themselves views into the states: valid while they
// are unchanged.
void merge_shards(const std::vector<std::unique_ptr<models::ModelState>>& shards,
                  const models::ModelState* owner, std::vector<models::StateImage>& images,
                  models::StateImage& whole) {
    images.assign(shards.size() + (owner ? 1 : 0), {});
    std::vector<const models::StateImage*> parts;
    for (std::size_t k = 0; k < images.size(); ++k) {
        (k < shards.size() ? *shards[k] : *owner).export_image(images[k]);
        parts.push_back(&images[k]);
    }
    merge_images(parts, whole);
}

// A pack splits by scope group on several threads when it has shared models and
// per-user work to share out (user models, facts, sessions or signals); a pack of
// shared models alone stays whole (its principal shards would hold only user facts).
bool splits_by_scope(const load::CompiledPack& pack) {
    if (pack.models.partitionable()) return false;
    if (!pack.models.groups().empty() && !pack.models.groups()[models::k_user_group].models.empty()) return true;
    if (!pack.bindings.session_fields().empty() || !pack.bindings.nth_new_models().empty()) return true;
    for (const auto& b : pack.bindings.bindings())
        if (b.new_user >= 0 || b.dormant_ms >= 0 || b.first_seen_within_ms >= 0 || b.session_count > 0) return true;
    for (const auto& source : pack.alert_sources)
        if (source.signal) return true;
    return false;
}

} // namespace

// A shard's state moves only as a whole image: every shard (and the owner)
// exports, the images are merged (disjoint principals and groups) and split again
// (by shard_of_key, and by scope group for a pack that has an owner), so the union
// of the parts is always what one ModelState fed every event would hold.
void Detector::reshard(std::size_t shards) {
    shards = std::max<std::size_t>(shards, 1);
    for (std::size_t p = 0; p < m_packs.size(); ++p) {
        const load::CompiledPack& pack = *m_content.packs[p];
        const bool by_user = pack.models.partitionable();
        const bool by_scope = shards > 1 && splits_by_scope(pack);
        const std::size_t want = by_user || by_scope ? shards : 1;
        PackState& ps = m_packs[p];
        if (ps.shards.size() == want && (ps.owner != nullptr) == by_scope) continue;
        const models::SessionOptions options = ps.shards.front()->session_options();
        std::vector<models::StateImage> images;
        models::StateImage whole;
        merge_shards(ps.shards, ps.owner.get(), images, whole);
        std::vector<models::StateImage> split;
        models::StateImage shared;
        if (by_scope) split_image(whole, pack.models, want, shared, split);
        else split_image(whole, want, split);
        auto make = [&](const models::StateImage& image, models::StatePart part) {
            auto state = std::make_unique<models::ModelState>(pack.models, pack.bindings, options, part);
            std::string error;
            std::vector<std::string> notes; // same content: nothing is dropped
            if (!state->import_image(image, error, notes))
                throw std::logic_error("model state split across threads: " + error);
            return state;
        };
        std::vector<std::unique_ptr<models::ModelState>> next;
        for (std::size_t k = 0; k < want; ++k)
            next.push_back(make(split[k], by_scope ? models::StatePart::Principal : models::StatePart::Whole));
        std::unique_ptr<models::ModelState> owner = by_scope ? make(shared, models::StatePart::Shared) : nullptr;
        // The images viewed the old states' strings: replaced only now.
        ps.shards = std::move(next);
        ps.owner = std::move(owner);
    }
}

std::unique_ptr<models::ModelState> Detector::merged_models(std::size_t p) const {
    const auto& shards = m_packs[p].shards;
    const load::CompiledPack& pack = *m_content.packs[p];
    auto merged = std::make_unique<models::ModelState>(pack.models, pack.bindings, shards.front()->session_options());
    std::vector<models::StateImage> images;
    models::StateImage whole;
    merge_shards(shards, m_packs[p].owner.get(), images, whole);
    std::string error;
    std::vector<std::string> notes;
    if (!merged->import_image(whole, error, notes)) throw std::logic_error("model state merged across threads: " + error);
    return merged;
}

models::ModelState& Detector::shard_for(std::size_t p, const Event& event) const {
    const auto& shards = m_packs[p].shards;
    return *shards[shard_of(m_content.packs[p]->models, event, shards.size())];
}

void Detector::reset_state() {
    m_unloaded_state.clear();
    for (std::size_t p = 0; p < m_packs.size(); ++p) {
        for (auto& shard : m_packs[p].shards) shard->clear();
        if (m_packs[p].owner) m_packs[p].owner->clear();
        m_packs[p].correlations = std::make_unique<correlate::CorrelationState>(m_content.packs[p]->correlations);
        m_packs[p].correlations->set_time_limit(m_max_event_time);
    }
}

models::StateStats Detector::model_stats() const {
    models::StateStats total;
    for (const auto& pack : m_packs) for_each_state(pack, [&](const models::ModelState& s) { total += s.stats(); });
    return total;
}

state::StateResult Detector::save_state(const std::string& path) const { return save_state(path, {}); }

state::StateResult Detector::save_state(const std::string& path,
                                        const std::vector<state::StateSection>& caller_sections) const {
    std::vector<state::StateSection> sections;
    for (std::size_t p = 0; p < m_packs.size(); ++p) {
        const std::string& id = m_content.packs[p]->info.id;
        const auto& shards = m_packs[p].shards;
        const bool whole = shards.size() == 1 && !m_packs[p].owner;
        sections.push_back({"models/" + id, state::encode_state(whole ? *shards.front() : *merged_models(p))});
        std::string correlations;
        m_packs[p].correlations->save(correlations);
        sections.push_back({"correlate/" + id, std::move(correlations)});
    }
    // Learned state of packs this run did not load goes back as it was read.
    sections.insert(sections.end(), m_unloaded_state.begin(), m_unloaded_state.end());
    sections.insert(sections.end(), caller_sections.begin(), caller_sections.end());
    return state::save_bundle(sections, path);
}

state::StateResult Detector::load_state(const std::string& path) { return load_sections(path, nullptr); }

state::StateResult Detector::load_state(const std::string& path, std::vector<state::StateSection>& caller_sections) {
    caller_sections.clear();
    return load_sections(path, &caller_sections);
}

state::StateResult Detector::load_sections(const std::string& path, std::vector<state::StateSection>* caller_sections) {
    std::vector<state::StateSection> sections;
    m_unloaded_state.clear();
    reshard(1); // the file holds each pack's models whole; the next run splits them again
    state::StateResult result = state::load_bundle(path, sections);
    if (!result.ok()) return result;
    std::set<std::string> noted; // packs not loaded, one note each
    for (auto& section : sections) {
        const auto slash = section.name.find('/');
        const std::string kind = section.name.substr(0, slash);
        const std::string pack = slash == std::string::npos ? "" : section.name.substr(slash + 1);
        if (caller_sections && kind != "models" && kind != "correlate") {
            caller_sections->push_back(std::move(section));
            continue;
        }
        std::size_t p = 0;
        while (p < m_content.packs.size() && m_content.packs[p]->info.id != pack) ++p;
        if (p == m_content.packs.size()) {
            // Never lose learned state silently: kept byte for byte and saved again.
            if (noted.insert(pack).second)
                result.notes.push_back("state of pack '" + pack + "' kept unchanged: the pack is not loaded");
            m_unloaded_state.push_back(std::move(section));
            continue;
        }
        if (kind == "models") {
            state::StateResult r =
                state::decode_state(section.bytes, path + " (" + section.name + ")", *m_packs[p].shards.front());
            for (auto& note : r.notes) result.notes.push_back(std::move(note));
            if (!r.ok()) {
                reset_state();
                return r;
            }
        } else if (kind == "correlate") {
            std::string error;
            std::vector<std::string> notes;
            if (!m_packs[p].correlations->load(section.bytes, error, notes)) {
                reset_state();
                return {state::StateCode::Corrupt, path + " (" + section.name + "): state file is corrupt (" + error + ")", {}};
            }
            for (auto& note : notes) result.notes.push_back(std::move(note));
        } else {
            reset_state();
            return {state::StateCode::Corrupt, path + ": unknown state section '" + section.name + "'", {}};
        }
    }
    return result;
}

} // namespace trailproof::pipeline
