#include "detect_runner.h"

#include "core/diagnostic.h"
#include "ingest/input_reader.h"
#include "parse/record_parser.h"

namespace trailproof::harness {

namespace {

void write_reject(std::ostream* out, const Reject& reject, const SourceTable& sources) {
    if (!out) return;
    *out << "{\"origin\":" << json_quote(render_origin(reject.origin, sources))
         << ",\"code\":" << json_quote(reject_code_id(reject.code)) << ",\"reason\":" << json_quote(reject.detail)
         << "}\n";
}

} // namespace

DetectSummary run_detect(const Content& content, const DetectOptions& options) {
    DetectSummary summary;
    SourceTable sources;
    ingest::InputReader reader(sources);
    for (const auto& [name, bytes] : options.buffers) reader.add_buffer(name, bytes);
    for (const auto& path : options.inputs) reader.add_path(path);

    parse::RecordParser parser(content.parsers);
    Event event;
    RawRecord record;
    Reject reject;
    std::vector<std::uint32_t> hits;
    std::string detail;

    auto count_reject = [&](const Reject& r) {
        ++summary.records_rejected;
        ++summary.rejects_by_code[std::string(reject_code_id(r.code))];
        write_reject(options.dead_letter, r, sources);
    };

    for (;;) {
        ingest::ReadItem item = reader.next(record, reject);
        if (item == ingest::ReadItem::End) break;
        ++summary.records_read;
        if (item == ingest::ReadItem::Reject) {
            count_reject(reject);
            continue;
        }
        detail.clear();
        RejectCode code = parser.parse(record, event, detail);
        if (code != RejectCode::Ok) {
            count_reject(Reject{record.origin, code, detail});
            continue;
        }
        ++summary.events_accepted;
        for (std::size_t pack = 0; pack < content.rule_sets.size(); ++pack) {
            content.rule_sets[pack].match(event, hits);
            for (std::uint32_t rule : hits) {
                const alerts::AlertSource& source = content.alert_sources[pack][rule];
                ++summary.alerts;
                ++summary.alerts_by_rule[source.pack + "/" + source.id];
                if (options.alerts)
                    *options.alerts << alerts::render_alert_json(content.alert_builder->build(source, event, sources))
                                    << '\n';
            }
        }
    }
    return summary;
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
