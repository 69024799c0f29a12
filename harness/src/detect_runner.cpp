#include "detect_runner.h"

#include "core/diagnostic.h"
#include "ingest/input_reader.h"

namespace trailproof::harness {

Detector::Detector(const Content& content) : m_content(content), m_enrich(content.enricher) {
    m_groups.reserve(content.parser_groups.size());
    for (const auto& group : content.parser_groups) m_groups.push_back(GroupState{parse::RecordParser(group), {}, {}, {}});
}

DetectSummary Detector::run(const DetectInputs& inputs, const DetectHooks& hooks) {
    DetectSummary summary;
    SourceTable sources;
    ingest::InputReader reader(sources);
    for (const auto& [name, bytes] : inputs.buffers) reader.add_buffer(name, bytes);
    for (const auto& path : inputs.paths) reader.add_path(path);

    RawRecord record;
    Reject reject;
    std::vector<std::uint32_t> hits;

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
            const GroupState& gs = m_groups[m_content.pack_parser_group[pack]];
            if (gs.code != RejectCode::Ok) continue;
            const Event& event = gs.event;
            m_content.rule_sets[pack].match(event, hits);
            for (std::uint32_t rule : hits) {
                const alerts::AlertSource& source = m_content.alert_sources[pack][rule];
                std::string key = source.pack + "/" + source.id;
                if (!m_disabled.empty() && m_disabled.count(key)) continue;
                ++summary.alerts;
                ++summary.alerts_by_rule[key];
                if (hooks.on_alert) hooks.on_alert(m_content.alert_builder->build(source, event, sources));
            }
        }
    }
    return summary;
}

DetectSummary run_detect(const Content& content, const DetectInputs& inputs, const DetectOutputs& outputs) {
    DetectHooks hooks;
    if (outputs.alerts)
        hooks.on_alert = [&](const alerts::Alert& a) { *outputs.alerts << alerts::render_alert_json(a) << '\n'; };
    if (outputs.dead_letter)
        hooks.on_reject = [&](const Reject& r, const SourceTable& sources) {
            *outputs.dead_letter << "{\"origin\":" << json_quote(render_origin(r.origin, sources))
                                 << ",\"code\":" << json_quote(reject_code_id(r.code))
                                 << ",\"reason\":" << json_quote(r.detail) << "}\n";
        };
    Detector detector(content);
    return detector.run(inputs, hooks);
}

std::string render_summary(const DetectSummary& s) {
    std::string out = "records read: " + std::to_string(s.records_read) +
                      "\nevents accepted: " + std::to_string(s.events_accepted) +
                      "\nrecords rejected: " + std::to_string(s.records_rejected) + "\n";
    for (const auto& [code, n] : s.rejects_by_code) out += "  " + code + ": " + std::to_string(n) + "\n";
    out += "alerts: " + std::to_string(s.alerts) + "\n";
    for (const auto& [rule, n] : s.alerts_by_rule) out += "  " + rule + ": " + std::to_string(n) + "\n";
    return out;
}

} // namespace trailproof::harness
