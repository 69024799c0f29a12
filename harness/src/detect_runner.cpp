#include "detect_runner.h"

#include <chrono>
#include <cstdio>

#include "core/diagnostic.h"
#include "ordered_pipeline.h"
#include "state/state_bundle.h"

namespace trailproof::harness {

namespace {

// Records per batch, and a byte bound so huge records do not pile up.
constexpr std::size_t k_batch_records = 256;
constexpr std::size_t k_batch_bytes = 4u << 20;

std::uint64_t now_ns() {
    return static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
            .count());
}

} // namespace

void StageClock::start(bool on) {
    m_on = on;
    if (on) m_last = now_ns();
}

void StageClock::lap(std::uint64_t& total) {
    if (!m_on) return;
    const std::uint64_t t = now_ns();
    total += t - m_last;
    m_last = t;
}

// Records read together. Their bytes are owned here (each followed by
// k_padding bytes) so the events, which own their other text, outlive the parsers.
struct Detector::Batch {
    struct Record {
        std::size_t offset = 0, size = 0; // into bytes
        Origin origin;
        RecordFormat format = RecordFormat::Json;
        Reject reject; // why it was rejected: by the reader (code set at read) or by every parser group
    };
    std::string bytes;
    std::vector<Record> records;
    std::vector<std::string> new_sources; // input names the reader added while reading this batch
    std::vector<std::vector<Event>> events;                    // [group][record]
    std::vector<std::vector<RejectCode>> codes;                // [group][record]
    std::vector<std::vector<std::vector<std::uint32_t>>> hits; // [pack][record]: rule hits before state
};

struct Detector::Worker {
    explicit Worker(const Content& content) : enrich(content.enricher) {
        for (const auto& group : content.parser_groups) parsers.emplace_back(group).share_json(document);
        details.resize(content.parser_groups.size());
    }
    parse::JsonDocument document;             // each JSON record is parsed once for every group
    std::vector<parse::RecordParser> parsers; // one per parser group
    std::vector<std::string> details;         // reject reason per group
    enrich::EnrichScratch enrich;
    StageTimes times;
    StageClock clock;
};

Detector::Detector(const Content& content) : m_content(content) {
    for (std::size_t p = 0; p < content.packs.size(); ++p) {
        PackState ps;
        ps.models = std::make_unique<models::ModelState>(*content.model_sets[p], *content.bindings[p]);
        ps.correlations = std::make_unique<correlate::CorrelationState>(*content.correlation_sets[p]);
        m_packs.push_back(std::move(ps));
    }
}

Detector::~Detector() = default;

bool Detector::disabled(const alerts::AlertSource& source) const {
    return !m_disabled.empty() && m_disabled.count(source.pack + "/" + source.id) > 0;
}

void Detector::emit(const alerts::AlertSource& source, alerts::Alert alert, const DetectHooks& hooks,
                    DetectSummary& summary) {
    ++summary.alerts;
    ++m_alert_counts[&source]; // named once at the end of the run, not per alert
    if (hooks.on_alert) hooks.on_alert(alert);
}

// The serial part of one pack's view of one event, in the order DESIGN.md fixes:
// rules (matched earlier, reading the models' state now), behavioural conditions,
// correlation, alerts, then training.
void Detector::run_pack(std::size_t pack, const Event& event, const std::vector<std::uint32_t>& hits,
                        const SourceTable& sources, const DetectHooks& hooks, DetectSummary& summary) {
    PackState& ps = m_packs[pack];
    const auto& bindings = *m_content.bindings[pack];
    const auto& correlations = *m_content.correlation_sets[pack];
    ps.models->begin_event(event);
    m_kept.clear();
    for (std::uint32_t rule : hits) {
        const models::RuleBinding* binding = bindings.find(rule);
        if (binding && !ps.models->check(*binding, event)) continue;
        const alerts::AlertSource& source = m_content.alert_sources[pack][rule];
        if (disabled(source)) continue;
        m_kept.push_back(rule);
    }
    ps.correlations->on_event(event, m_kept, m_correlation_hits);
    for (std::uint32_t rule : m_kept) {
        if (correlations.suppressed(rule)) continue; // only the correlation speaks for it
        const alerts::AlertSource& source = m_content.alert_sources[pack][rule];
        m_apply_clock.lap(m_times.state);
        emit(source, m_content.alert_builder->build(source, event, sources), hooks, summary);
        m_apply_clock.lap(m_times.output);
        ps.models->add_alert_score(event, source.score, rule);
    }
    for (const auto& hit : m_correlation_hits) {
        if (!hit.emit) continue;
        const alerts::AlertSource& source = m_content.correlation_sources[pack][hit.correlation];
        if (disabled(source)) continue;
        m_apply_clock.lap(m_times.state);
        alerts::Alert alert = m_content.alert_builder->build(source, event, sources);
        alert.group = correlate::render_group(correlations, hit);
        alert.event_time = alerts::format_time_ms(hit.time_ms);
        emit(source, std::move(alert), hooks, summary);
        m_apply_clock.lap(m_times.output);
    }
    ps.models->train(event);
    for (const auto& session : ps.models->take_notable_sessions()) {
        ++summary.notable_sessions;
        m_apply_clock.lap(m_times.state);
        if (hooks.on_notable) hooks.on_notable(m_content.packs[pack].id, session);
        m_apply_clock.lap(m_times.output);
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
            if (disabled(source)) continue;
            alerts::Alert alert;
            alert.source = &source;
            alert.group = correlate::render_group(*m_content.correlation_sets[pack], hit);
            alert.event_time = alerts::format_time_ms(hit.time_ms);
            emit(source, std::move(alert), hooks, summary);
        }
    }
}

// Serial: the next records of the input, copied into the batch, with the names of
// the inputs opened meanwhile (the apply stage keeps its own copy of the table,
// so reading and applying never share it).
bool Detector::read_batch(ingest::InputReader& reader, const SourceTable& sources, std::size_t& sources_copied,
                          Batch& batch) {
    StageClock clock;
    clock.start(m_stats);
    batch.bytes.clear();
    batch.records.clear();
    batch.new_sources.clear();
    RawRecord record;
    Reject reject;
    while (batch.records.size() < k_batch_records && batch.bytes.size() < k_batch_bytes) {
        ingest::ReadItem item = reader.next(record, reject);
        if (item == ingest::ReadItem::End) break;
        Batch::Record& r = batch.records.emplace_back();
        if (item == ingest::ReadItem::Reject) {
            r.reject = std::move(reject);
            continue;
        }
        r.offset = batch.bytes.size();
        r.size = record.bytes.size();
        r.origin = record.origin;
        r.format = record.format;
        batch.bytes.append(record.bytes);
        batch.bytes.append(k_padding, '\0');
    }
    for (; sources_copied < sources.size(); ++sources_copied)
        batch.new_sources.emplace_back(sources.name(static_cast<std::uint32_t>(sources_copied)));
    clock.lap(m_times.read);
    return !batch.records.empty();
}

// Parallel: parse with every parser group, enrich, match every pack's rules.
// Touches only the batch, the worker and immutable content.
void Detector::work_batch(Batch& batch, Worker& worker) const {
    const std::size_t groups = m_content.parser_groups.size(), packs = m_content.rule_sets.size();
    const std::size_t n = batch.records.size();
    batch.events.resize(groups);
    batch.codes.resize(groups);
    batch.hits.resize(packs);
    for (std::size_t g = 0; g < groups; ++g) {
        if (batch.events[g].size() < n) batch.events[g].resize(n);
        batch.codes[g].assign(n, RejectCode::Ok);
    }
    for (auto& pack_hits : batch.hits)
        if (pack_hits.size() < n) pack_hits.resize(n);

    worker.clock.start(m_stats);
    for (std::size_t i = 0; i < n; ++i) {
        Batch::Record& r = batch.records[i];
        for (auto& pack_hits : batch.hits) pack_hits[i].clear();
        if (r.reject.code != RejectCode::Ok) continue; // the reader's reject
        const RawRecord record{std::string_view(batch.bytes).substr(r.offset, r.size), r.origin, r.format};
        // The record is accepted when some group accepts it; otherwise it is
        // rejected once, with the built-in parser's reason.
        worker.document.forget();
        bool accepted = false;
        for (std::size_t g = 0; g < groups; ++g) {
            Event& event = batch.events[g][i];
            RejectCode code = worker.parsers[g].parse(record, event, worker.details[g]);
            batch.codes[g][i] = code;
            worker.clock.lap(worker.times.parse);
            if (code != RejectCode::Ok) continue;
            accepted = true;
            if (m_content.enricher.active()) m_content.enricher.enrich(event, worker.enrich);
            worker.clock.lap(worker.times.enrich);
        }
        if (!accepted) {
            r.reject = Reject{r.origin, batch.codes[0][i], worker.details[0]};
            continue;
        }
        for (std::size_t pack = 0; pack < packs; ++pack) {
            if (m_only_pack >= 0 && static_cast<std::size_t>(m_only_pack) != pack) continue;
            const std::size_t g = m_content.pack_parser_group[pack];
            if (batch.codes[g][i] != RejectCode::Ok) continue;
            Event& event = batch.events[g][i];
            if (!m_content.derived[pack]->empty()) m_content.derived[pack]->apply(event);
            worker.clock.lap(worker.times.enrich);
            m_content.rule_sets[pack].match(event, batch.hits[pack][i]);
            worker.clock.lap(worker.times.rules);
        }
        // The parser's buffers are reused for the next record.
        for (std::size_t g = 0; g < groups; ++g)
            if (batch.codes[g][i] == RejectCode::Ok) batch.events[g][i].own_text();
        worker.clock.lap(worker.times.parse);
    }
}

// Serial, in input order: counts, rejects, and every pack's state and alerts.
void Detector::apply_batch(const Batch& batch, SourceTable& sources, const DetectHooks& hooks,
                           DetectSummary& summary) {
    m_apply_clock.start(m_stats);
    for (const auto& name : batch.new_sources) sources.add(name);
    for (std::size_t i = 0; i < batch.records.size(); ++i) {
        const Batch::Record& r = batch.records[i];
        ++summary.records_read;
        summary.bytes_read += r.size;
        if (r.reject.code != RejectCode::Ok) {
            ++summary.records_rejected;
            ++summary.rejects_by_code[std::string(reject_code_id(r.reject.code))];
            if (hooks.on_reject) hooks.on_reject(r.reject, sources);
            continue;
        }
        ++summary.events_accepted;
        if (hooks.on_event) {
            const std::size_t g = m_only_pack >= 0 ? m_content.pack_parser_group[static_cast<std::size_t>(m_only_pack)] : 0;
            if (batch.codes[g][i] == RejectCode::Ok) hooks.on_event(batch.events[g][i], m_only_pack, sources);
        }
        for (std::size_t pack = 0; pack < m_content.rule_sets.size(); ++pack) {
            if (m_only_pack >= 0 && static_cast<std::size_t>(m_only_pack) != pack) continue;
            const std::size_t g = m_content.pack_parser_group[pack];
            if (batch.codes[g][i] != RejectCode::Ok) continue;
            run_pack(pack, batch.events[g][i], batch.hits[pack][i], sources, hooks, summary);
        }
        m_apply_clock.lap(m_times.state);
    }
}

DetectSummary Detector::run(const DetectInputs& inputs, const DetectHooks& hooks) {
    const std::uint64_t started = now_ns();
    DetectSummary summary;
    summary.threads = m_threads;
    SourceTable read_sources, sources; // the reader's, and the apply stage's copy
    std::size_t sources_copied = 0;
    ingest::InputReader reader(read_sources);
    for (const auto& [name, bytes] : inputs.buffers) reader.add_buffer(name, bytes);
    for (const auto& path : inputs.paths) reader.add_path(path);

    // Two batches per thread keep every thread busy while one waits for its turn to apply.
    const std::size_t slots = 2 * m_threads + 1;
    while (m_batches.size() < slots) m_batches.push_back(std::make_unique<Batch>());
    while (m_workers.size() < m_threads) m_workers.push_back(std::make_unique<Worker>(m_content));
    m_times = {};
    for (auto& w : m_workers) w->times = {};

    PipelineStages stages;
    stages.read = [&](std::size_t slot) { return read_batch(reader, read_sources, sources_copied, *m_batches[slot]); };
    stages.work = [&](std::size_t slot, std::size_t thread) { work_batch(*m_batches[slot], *m_workers[thread]); };
    stages.apply = [&](std::size_t slot) { apply_batch(*m_batches[slot], sources, hooks, summary); };
    run_ordered_pipeline(m_threads, slots, stages);
    flush_correlations(hooks, summary);
    for (const auto& [source, n] : m_alert_counts) summary.alerts_by_rule[source->pack + "/" + source->id] += n;
    m_alert_counts.clear();

    summary.times = m_times;
    for (const auto& w : m_workers) summary.times += w->times;
    summary.seconds = static_cast<double>(now_ns() - started) / 1e9;
    return summary;
}

void Detector::reset_state() {
    for (std::size_t p = 0; p < m_packs.size(); ++p) {
        m_packs[p].models->clear();
        m_packs[p].correlations = std::make_unique<correlate::CorrelationState>(*m_content.correlation_sets[p]);
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

std::string render_stats(const DetectSummary& s) {
    const double seconds = s.seconds > 0 ? s.seconds : 1e-9;
    char line[160];
    std::snprintf(line, sizeof line, "stats: %llu events in %.3f s on %zu thread%s: %.0f events/s, %.1f MB/s\n",
                  static_cast<unsigned long long>(s.events_accepted), s.seconds, s.threads, s.threads == 1 ? "" : "s",
                  static_cast<double>(s.events_accepted) / seconds, static_cast<double>(s.bytes_read) / seconds / 1e6);
    std::string out = line;
    const std::pair<const char*, std::uint64_t> stages[] = {
        {"read", s.times.read},   {"parse", s.times.parse}, {"enrich", s.times.enrich},
        {"rules", s.times.rules}, {"state", s.times.state}, {"output", s.times.output},
    };
    std::uint64_t total = 0;
    for (const auto& [name, ns] : stages) total += ns;
    out += "  stage      cpu s  share\n";
    for (const auto& [name, ns] : stages) {
        std::snprintf(line, sizeof line, "  %-8s %7.3f %5.1f%%\n", name, static_cast<double>(ns) / 1e9,
                      total ? 100.0 * static_cast<double>(ns) / static_cast<double>(total) : 0.0);
        out += line;
    }
    return out;
}

} // namespace trailproof::harness
