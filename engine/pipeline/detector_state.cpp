// Detector: the --state file (every pack's models and correlation windows).
#include "pipeline/detector.h"

#include <set>

#include "state/state_bundle.h"

namespace trailproof::pipeline {

void Detector::reset_state() {
    m_unloaded_state.clear();
    for (std::size_t p = 0; p < m_packs.size(); ++p) {
        m_packs[p].models->clear();
        m_packs[p].correlations = std::make_unique<correlate::CorrelationState>(m_content.packs[p]->correlations);
        m_packs[p].correlations->set_time_limit(m_max_event_time);
    }
}

models::StateStats Detector::model_stats() const {
    models::StateStats total;
    for (const auto& pack : m_packs) total += pack.models->stats();
    return total;
}

state::StateResult Detector::save_state(const std::string& path) const {
    std::vector<state::StateSection> sections;
    for (std::size_t p = 0; p < m_packs.size(); ++p) {
        const std::string& id = m_content.packs[p]->info.id;
        sections.push_back({"models/" + id, state::encode_state(*m_packs[p].models)});
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
                state::decode_state(section.bytes, path + " (" + section.name + ")", *m_packs[p].models);
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
