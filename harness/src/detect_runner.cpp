#include "detect_runner.h"

#include "core/diagnostic.h"
#include "ingest/input_reader.h"
#include "state/state_bundle.h"

namespace trailproof::harness {

Detector::Detector(const Content& content) : m_content(content), m_enrich(content.enricher) {
    m_groups.reserve(content.parser_groups.size());
    for (const auto& group : content.parser_groups) m_groups.push_back(GroupState{parse::RecordParser(group), {}, {}, {}});
    for (std::size_t p = 0; p < content.packs.size(); ++p) {
        PackState ps;
        ps.models = std::make_unique<models::ModelState>(*content.model_sets[p], *content.bindings[p]);
        ps.correlations = std::make_unique<correlate::CorrelationState>(*content.correlation_sets[p]);
        m_packs.push_back(std::move(ps));
    }
}

void Detector::emit(const alerts::AlertSource& source, alerts::Alert alert, const DetectHooks& hooks,
                    DetectSummary& summary) {
    ++summary.alerts;
    ++summary.alerts_by_rule[source.pack + "/" + source.id];
    if (hooks.on_alert) hooks.on_alert(alert);
}

// One pack's view of one event, in the order DESIGN.md fixes: rules (reading the
// models' state), behavioural conditions, correlation, alerts, then training.
void Detector::run_pack(std::size_t pack, const Event& event, const SourceTable& sources, const DetectHooks& hooks,
                        DetectSummary& summary) {
    PackState& ps = m_packs[pack];
    const auto& rules = m_content.rule_sets[pack];
    const auto& bindings = *m_content.bindings[pack];
    const auto& correlations = *m_content.correlation_sets[pack];
    ps.models->begin_event(event);
    rules.match(event, m_hits);
    m_kept.clear();
    for (std::uint32_t rule : m_hits) {
        const models::RuleBinding* binding = bindings.find(rule);
        if (binding && !ps.models->check(*binding, event)) continue;
        const alerts::AlertSource& source = m_content.alert_sources[pack][rule];
        if (!m_disabled.empty() && m_disabled.count(source.pack + "/" + source.id)) continue;
        m_kept.push_back(rule);
    }
    ps.correlations->on_event(event, m_kept, m_correlation_hits);
    for (std::uint32_t rule : m_kept) {
        if (correlations.suppressed(rule)) continue; // only the correlation speaks for it
        const alerts::AlertSource& source = m_content.alert_sources[pack][rule];
        emit(source, m_content.alert_builder->build(source, event, sources), hooks, summary);
        ps.models->add_alert_score(event, source.score, rule);
    }
    for (const auto& hit : m_correlation_hits) {
        if (!hit.emit) continue;
        const alerts::AlertSource& source = m_content.correlation_sources[pack][hit.correlation];
        if (!m_disabled.empty() && m_disabled.count(source.pack + "/" + source.id)) continue;
        alerts::Alert alert = m_content.alert_builder->build(source, event, sources);
        alert.group = correlate::render_group(correlations, hit);
        alert.event_time = alerts::format_time_ms(hit.time_ms);
        emit(source, std::move(alert), hooks, summary);
    }
    ps.models->train(event);
    for (const auto& session : ps.models->take_notable_sessions()) {
        ++summary.notable_sessions;
        if (hooks.on_notable) hooks.on_notable(m_content.packs[pack].id, session);
    }
}

// End of input: windows that close (lt/lte/eq/neq conditions) are decided now.
void Detector::flush_correlations(const DetectHooks& hooks, DetectSummary& summary) {
    for (std::size_t pack = 0; pack < m_packs.size(); ++pack) {
        if (m_only_pack >= 0 && static_cast<std::size_t>(m_only_pack) != pack) continue;
        m_packs[pack].correlations->flush(m_correlation_hits);
        for (const auto& hit : m_correlation_hits) {
            if (!hit.emit) continue;
            const alerts::AlertSource& source = m_content.correlation_sources[pack][hit.correlation];
            if (!m_disabled.empty() && m_disabled.count(source.pack + "/" + source.id)) continue;
            alerts::Alert alert;
            alert.source = &source;
            alert.group = correlate::render_group(*m_content.correlation_sets[pack], hit);
            alert.event_time = alerts::format_time_ms(hit.time_ms);
            emit(source, std::move(alert), hooks, summary);
        }
    }
}

DetectSummary Detector::run(const DetectInputs& inputs, const DetectHooks& hooks) {
    DetectSummary summary;
    SourceTable sources;
    ingest::InputReader reader(sources);
    for (const auto& [name, bytes] : inputs.buffers) reader.add_buffer(name, bytes);
    for (const auto& path : inputs.paths) reader.add_path(path);

    RawRecord record;
    Reject reject;

    auto count_reject = [&](const Reject& r) {
        ++summary.records_rejected;
        ++summary.rejects_by_code[std::string(reject_code_id(r.code))];
        if (hooks.on_reject) hooks.on_reject(r, sources);
    };

    for (;;) {
        ingest::ReadItem item = reader.next(record, reject);
        if (item == ingest::ReadItem::End) break;
        ++summary.records_read;
        if (item == ingest::ReadItem::Reject) {
            count_reject(reject);
            continue;
        }
        // Parse once per parser group in use. The record is accepted when some group
        // accepts it; otherwise it is rejected once, with the built-in parser's reason.
        bool accepted = false;
        for (std::size_t g = 0; g < m_groups.size(); ++g) {
            GroupState& gs = m_groups[g];
            gs.code = gs.parser.parse(record, gs.event, gs.detail);
            if (gs.code != RejectCode::Ok) continue;
            accepted = true;
            if (m_content.enricher.active()) m_content.enricher.enrich(gs.event, m_enrich);
        }
        if (!accepted) {
            count_reject(Reject{record.origin, m_groups[0].code, m_groups[0].detail});
            continue;
        }
        ++summary.events_accepted;
        if (hooks.on_event) {
            if (m_only_pack >= 0) {
                const GroupState& gs = m_groups[m_content.pack_parser_group[static_cast<std::size_t>(m_only_pack)]];
                if (gs.code == RejectCode::Ok) hooks.on_event(gs.event, m_only_pack, sources);
            } else if (m_groups[0].code == RejectCode::Ok) {
                hooks.on_event(m_groups[0].event, -1, sources);
            }
        }
        for (std::size_t pack = 0; pack < m_content.rule_sets.size(); ++pack) {
            if (m_only_pack >= 0 && static_cast<std::size_t>(m_only_pack) != pack) continue;
            GroupState& gs = m_groups[m_content.pack_parser_group[pack]];
            if (gs.code != RejectCode::Ok) continue;
            if (!m_content.derived[pack]->empty()) m_content.derived[pack]->apply(gs.event);
            run_pack(pack, gs.event, sources, hooks, summary);
        }
    }
    flush_correlations(hooks, summary);
    return summary;
}

void Detector::reset_state() {
    for (std::size_t p = 0; p < m_packs.size(); ++p) {
        m_packs[p].models->clear();
        m_packs[p].correlations = std::make_unique<correlate::CorrelationState>(*m_content.correlation_sets[p]);
    }
}

state::StateResult Detector::save_state(const std::string& path) const {
    std::vector<state::StateSection> sections;
    for (std::size_t p = 0; p < m_packs.size(); ++p) {
        const std::string& id = m_content.packs[p].id;
        sections.push_back({"models/" + id, state::encode_state(*m_packs[p].models)});
        std::string correlations;
        m_packs[p].correlations->save(correlations);
        sections.push_back({"correlate/" + id, std::move(correlations)});
    }
    return state::save_bundle(sections, path);
}

state::StateResult Detector::load_state(const std::string& path) {
    std::vector<state::StateSection> sections;
    state::StateResult result = state::load_bundle(path, sections);
    if (!result.ok()) return result;
    for (const auto& section : sections) {
        const auto slash = section.name.find('/');
        const std::string kind = section.name.substr(0, slash);
        const std::string pack = slash == std::string::npos ? "" : section.name.substr(slash + 1);
        std::size_t p = 0;
        while (p < m_content.packs.size() && m_content.packs[p].id != pack) ++p;
        if (p == m_content.packs.size()) {
            result.notes.push_back("state of pack '" + pack + "' dropped: the pack is not loaded");
            continue;
        }
        if (kind == "models") {
            state::StateResult r = state::decode_state(section.bytes, path + " (" + section.name + ")", *m_packs[p].models);
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
                return {state::StateCode::Corrupt, path + " (" + section.name + "): " + error, {}};
            }
            for (auto& note : notes) result.notes.push_back(std::move(note));
        } else {
            reset_state();
            return {state::StateCode::Corrupt, path + ": unknown state section '" + section.name + "'", {}};
        }
    }
    return result;
}

DetectHooks ndjson_hooks(const DetectOutputs& outputs) {
    DetectHooks hooks;
    if (outputs.alerts) {
        hooks.on_alert = [out = outputs.alerts](const alerts::Alert& a) { *out << alerts::render_alert_json(a) << '\n'; };
        hooks.on_notable = [out = outputs.alerts](const std::string& pack, const models::NotableSession& n) {
            *out << "{\"notable_session\":" << render_notable_session(pack, n) << "}\n";
        };
    }
    if (outputs.dead_letter)
        hooks.on_reject = [out = outputs.dead_letter](const Reject& r, const SourceTable& sources) {
            *out << "{\"origin\":" << json_quote(render_origin(r.origin, sources))
                 << ",\"code\":" << json_quote(reject_code_id(r.code)) << ",\"reason\":" << json_quote(r.detail)
                 << "}\n";
        };
    return hooks;
}

std::string render_notable_session(const std::string& pack, const models::NotableSession& n) {
    std::string out = "{\"pack\":" + json_quote(pack) + ",\"user\":" + json_quote(n.user) +
                      ",\"start\":" + json_quote(alerts::format_time_ms(n.start_ms)) +
                      ",\"last\":" + json_quote(alerts::format_time_ms(n.last_ms)) +
                      ",\"events\":" + std::to_string(n.events) + ",\"score\":" + std::to_string(n.score) +
                      ",\"alerts\":[";
    for (std::size_t i = 0; i < n.alerts.size(); ++i)
        out += std::string(i ? "," : "") + "{\"rule\":" + json_quote(n.alerts[i].rule) +
               ",\"time\":" + json_quote(alerts::format_time_ms(n.alerts[i].time_ms)) +
               ",\"score\":" + std::to_string(n.alerts[i].score) + "}";
    return out + "]}";
}

std::string render_run_report(const DetectSummary& s, const std::string& notable_sessions_json) {
    auto counts = [](const std::map<std::string, std::uint64_t>& m) {
        std::string out = "{";
        for (const auto& [k, v] : m) out += (out.size() > 1 ? "," : "") + json_quote(k) + ":" + std::to_string(v);
        return out + "}";
    };
    return "{\"records_read\":" + std::to_string(s.records_read) +
           ",\"events_accepted\":" + std::to_string(s.events_accepted) +
           ",\"records_rejected\":" + std::to_string(s.records_rejected) + ",\"rejects_by_code\":" +
           counts(s.rejects_by_code) + ",\"alerts\":" + std::to_string(s.alerts) + ",\"alerts_by_rule\":" +
           counts(s.alerts_by_rule) + ",\"notable_sessions\":[" + notable_sessions_json + "]}\n";
}

DetectSummary run_detect(const Content& content, const DetectInputs& inputs, const DetectOutputs& outputs) {
    Detector detector(content);
    return detector.run(inputs, ndjson_hooks(outputs));
}

std::string render_summary(const DetectSummary& s) {
    std::string out = "records read: " + std::to_string(s.records_read) +
                      "\nevents accepted: " + std::to_string(s.events_accepted) +
                      "\nrecords rejected: " + std::to_string(s.records_rejected) + "\n";
    for (const auto& [code, n] : s.rejects_by_code) out += "  " + code + ": " + std::to_string(n) + "\n";
    out += "alerts: " + std::to_string(s.alerts) + "\n";
    if (s.notable_sessions) out += "notable sessions: " + std::to_string(s.notable_sessions) + "\n";
    for (const auto& [rule, n] : s.alerts_by_rule) out += "  " + rule + ": " + std::to_string(n) + "\n";
    return out;
}

} // namespace trailproof::harness
