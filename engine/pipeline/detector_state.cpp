// Detector: the --state file (every pack's models and correlation windows).
#include "pipeline/detector.h"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "pipeline/shard_state.h"
#include "state/state_bundle.h"

namespace trailproof::pipeline {

namespace {

// Every shard's image (into `images`) merged into `whole`, which views the
// images' strings, themselves views into the shards: valid while they are unchanged.
void merge_shards(const std::vector<std::unique_ptr<models::ModelState>>& shards,
                  std::vector<models::StateImage>& images, models::StateImage& whole) {
    images.assign(shards.size(), {});
    std::vector<const models::StateImage*> parts;
    for (std::size_t k = 0; k < shards.size(); ++k) {
        shards[k]->export_image(images[k]);
        parts.push_back(&images[k]);
    }
    merge_images(parts, whole);
}

} // namespace

// A shard's state moves only as a whole image: every shard exports, the images are
// merged (disjoint principals) and split again by shard_of_key, so the union of
// the shards is always what one ModelState fed every event would hold.
void Detector::reshard(std::size_t shards) {
    for (std::size_t p = 0; p < m_packs.size(); ++p) {
        const load::CompiledPack& pack = *m_content.packs[p];
        const std::size_t want = pack.models.partitionable() ? std::max<std::size_t>(shards, 1) : 1;
        auto& current = m_packs[p].shards;
        if (current.size() == want) continue;
        std::vector<models::StateImage> images;
        models::StateImage whole;
        merge_shards(current, images, whole);
        std::vector<models::StateImage> split;
        split_image(whole, want, split);
        std::vector<std::unique_ptr<models::ModelState>> next;
        for (std::size_t k = 0; k < want; ++k) {
            next.push_back(std::make_unique<models::ModelState>(pack.models, pack.bindings,
                                                                current.front()->session_options()));
            std::string error;
            std::vector<std::string> notes; // same content: nothing is dropped
            if (!next.back()->import_image(split[k], error, notes))
                throw std::logic_error("model state split across threads: " + error);
        }
        current = std::move(next); // the images viewed the old shards' strings: replaced only now
    }
}

std::unique_ptr<models::ModelState> Detector::merged_models(std::size_t p) const {
    const auto& shards = m_packs[p].shards;
    const load::CompiledPack& pack = *m_content.packs[p];
    auto merged = std::make_unique<models::ModelState>(pack.models, pack.bindings, shards.front()->session_options());
    std::vector<models::StateImage> images;
    models::StateImage whole;
    merge_shards(shards, images, whole);
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
        m_packs[p].correlations = std::make_unique<correlate::CorrelationState>(m_content.packs[p]->correlations);
        m_packs[p].correlations->set_time_limit(m_max_event_time);
    }
}

models::StateStats Detector::model_stats() const {
    models::StateStats total;
    for (const auto& pack : m_packs)
        for (const auto& shard : pack.shards) total += shard->stats();
    return total;
}

state::StateResult Detector::save_state(const std::string& path) const {
    std::vector<state::StateSection> sections;
    for (std::size_t p = 0; p < m_packs.size(); ++p) {
        const std::string& id = m_content.packs[p]->info.id;
        const auto& shards = m_packs[p].shards;
        sections.push_back({"models/" + id, state::encode_state(shards.size() == 1 ? *shards.front() : *merged_models(p))});
        std::string correlations;
        m_packs[p].correlations->save(correlations);
        sections.push_back({"correlate/" + id, std::move(correlations)});
    }
    // Learned state of packs this run did not load goes back as it was read.
    sections.insert(sections.end(), m_unloaded_state.begin(), m_unloaded_state.end());
    return state::save_bundle(sections, path);
}

state::StateResult Detector::load_state(const std::string& path) {
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
