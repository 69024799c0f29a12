// Detector::explain: one record through parse -> enrich -> rules -> models with
// the why of each step (pipeline/explain.h). Same calls as a run (RecordWorker,
// ModelState::begin_event/check), so the explanation is what detect would do.
#include "pipeline/detector.h"

#include "pipeline/record_worker.h"

namespace trailproof::pipeline {

namespace {

std::vector<std::pair<std::string, std::vector<std::string>>> fields_of(const Event& event,
                                                                         const FieldRegistry& registry) {
    std::vector<std::pair<std::string, std::vector<std::string>>> out;
    for (std::size_t id = 0; id < event.field_count() && id < registry.size(); ++id) {
        const auto field = static_cast<FieldId>(id);
        if (!event.present(field)) continue;
        std::vector<std::string> values;
        for (const Value* v = event.first(field); v; v = event.next(*v))
            values.emplace_back(v->kind == ValueKind::Null ? std::string_view("null") : v->text);
        out.emplace_back(std::string(registry.name(field)), std::move(values));
    }
    return out;
}

} // namespace

Explanation Detector::explain(const std::string& name, const std::string& bytes, const std::string& only_rule) {
    Explanation out;
    SourceTable sources;
    ingest::InputReader reader(sources);
    reader.add_buffer(name, bytes);
    RawRecord record, next;
    Reject reject;
    std::string copy; // the first record's bytes, padded, owned here
    bool have = false;
    for (ingest::ReadItem item = reader.next(next, reject); item != ingest::ReadItem::End;
         item = reader.next(next, reject)) {
        ++out.records;
        if (have || !out.read_error.empty()) continue;
        if (item == ingest::ReadItem::Reject) {
            out.origin = render_origin(reject.origin, sources);
            out.read_error = std::string(reject_code_id(reject.code)) + ": " + reject.detail;
            continue;
        }
        record = next;
        out.origin = render_origin(record.origin, sources);
        copy.assign(record.bytes);
        copy.append(k_padding, '\0');
        record.bytes = std::string_view(copy).substr(0, record.bytes.size());
        have = true;
    }
    if (!have) {
        if (out.read_error.empty()) out.read_error = "the input holds no record";
        return out;
    }

    RecordWorker worker(m_content);
    std::vector<Event> events(m_content.parser_groups.size());
    std::vector<RejectCode> codes(m_content.parser_groups.size(), RejectCode::Ok);
    worker.begin_record();
    for (std::size_t g = 0; g < events.size(); ++g) {
        codes[g] = worker.parse(g, record, events[g]);
        if (codes[g] == RejectCode::Ok) {
            worker.enrich(events[g]);
            events[g].own_text();
        }
    }
    for (std::size_t p = 0; p < m_content.packs.size(); ++p) {
        const load::CompiledPack& pack = *m_content.packs[p];
        const bool asked = only_rule.empty() || pack.rules.find(only_rule) != UINT32_MAX;
        if (!asked) continue;
        PackExplanation pe;
        pe.pack = pack.info.id;
        const std::size_t g = pack.parser_group;
        const parse::ParserSet& parsers = m_content.parser_groups[g];
        pe.parsers = parse::explain_parser_choice(parsers, record);
        pe.accepted = codes[g] == RejectCode::Ok;
        if (!pe.accepted) {
            pe.reject = std::string(reject_code_id(codes[g])) + ": " + worker.detail(g);
            out.packs.push_back(std::move(pe));
            continue;
        }
        Event& event = events[g];
        worker.derive(p, event);
        pe.parser = std::string(parsers.name(event.parser));
        pe.activity_type = std::string(event.activity_type);
        pe.fields = fields_of(event, m_content.registry);
        // A pack split by scope group is explained on its parts merged into one state.
        std::unique_ptr<models::ModelState> merged = m_packs[p].owner ? merged_models(p) : nullptr;
        models::ModelState& state = merged ? *merged : shard_for(p, event);
        state.begin_event(event);
        for (std::uint32_t r = 0; r < pack.rules.size(); ++r) {
            if (!only_rule.empty() && pack.rules.meta(r).id != only_rule) continue;
            RuleExplanation re;
            re.id = pack.rules.meta(r).id;
            re.title = pack.rules.meta(r).title;
            re.trace = pack.rules.trace(r, event, m_content.registry);
            const models::RuleBinding* binding = pack.bindings.find(r);
            re.behavioural = binding != nullptr;
            if (binding) re.verdict = state.describe(*binding, event);
            re.suppressed = pack.correlations.suppressed(r);
            re.fires = re.trace.matched && (!binding || re.verdict.fires) && !re.suppressed;
            pe.rules.push_back(std::move(re));
        }
        out.packs.push_back(std::move(pe));
    }
    return out;
}

} // namespace trailproof::pipeline
