#include "pipeline/detector.h"

#include "parse/time_parse.h"
#include "pipeline/ordered_pipeline.h"
#include "pipeline/record_worker.h"
#include "rules/correlation_rule.h"

namespace trailproof::pipeline {

namespace {

// Records per batch, and a byte bound so huge records do not pile up.
constexpr std::size_t k_batch_records = 256;
constexpr std::size_t k_batch_bytes = 4u << 20;

} // namespace

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
    explicit Worker(const load::Content& content) : record(content) {}
    RecordWorker record;
    StageTimes times;
    StageClock clock;
};

Detector::Detector(std::shared_ptr<const load::Content> content)
    : m_content_ptr(std::move(content)), m_content(*m_content_ptr) {
    for (const auto& pack : m_content.packs) {
        PackState ps;
        ps.models = std::make_unique<models::ModelState>(pack->models, pack->bindings);
        ps.correlations = std::make_unique<correlate::CorrelationState>(pack->correlations);
        m_packs.push_back(std::move(ps));
    }
}

Detector::~Detector() = default;

void Detector::set_max_event_time(std::optional<std::int64_t> max_event_ms) {
    m_max_event_time = max_event_ms;
    for (auto& pack : m_packs) pack.correlations->set_time_limit(max_event_ms);
}

namespace {
// What correlations and models dropped so far, summed over packs.
struct Dropped {
    correlate::CorrelationStats correlations;
    std::uint64_t model_overflow = 0;
};
} // namespace

bool Detector::disabled(const alerts::AlertSource& source) const {
    return !m_disabled.empty() && m_disabled.count(source.pack + "/" + source.id) > 0;
}

void Detector::emit(const alerts::AlertSource& source, alerts::Alert alert, const DetectHooks& hooks,
                    DetectSummary& summary) {
    ++(source.signal ? summary.signals : summary.alerts);
    ++m_alert_counts[&source]; // named once at the end of the run, not per alert
    if (hooks.on_alert) hooks.on_alert(alert);
}

void Detector::emit_correlation(std::size_t pack, const correlate::CorrelationHit& hit, const Event* event,
                                const SourceTable& sources, const DetectHooks& hooks, DetectSummary& summary) {
    if (!hit.emit) return;
    const load::CompiledPack& p = *m_content.packs[pack];
    const alerts::AlertSource& source = p.correlation_sources[hit.correlation];
    if (disabled(source)) return;
    m_apply_clock.lap(m_times.state);
    alerts::Alert alert;
    if (event) alert = m_content.alert_builder->build(source, *event, sources);
    else alert.source = &source;
    alert.group = correlate::render_group(p.correlations, hit);
    alert.event_time = alerts::format_time_ms(hit.time_ms);
    emit(source, std::move(alert), hooks, summary);
    m_apply_clock.lap(m_times.output);
}

// The serial part of one pack's view of one event, in the order DESIGN.md fixes:
// rules (matched earlier, reading the models' state now), behavioural conditions,
// correlation, alerts, then training.
void Detector::run_pack(std::size_t pack, const Event& event, const std::vector<std::uint32_t>& hits,
                        const SourceTable& sources, const DetectHooks& hooks, DetectSummary& summary) {
    PackState& ps = m_packs[pack];
    const load::CompiledPack& p = *m_content.packs[pack];
    ps.models->begin_event(event);
    m_kept.clear();
    for (std::uint32_t rule : hits) {
        const models::RuleBinding* binding = p.bindings.find(rule);
        if (binding && !ps.models->check(*binding, event)) continue;
        if (disabled(p.alert_sources[rule])) continue;
        m_kept.push_back(rule);
    }
    ps.correlations->on_event(event, m_kept, m_correlation_hits);
    for (std::uint32_t rule : m_kept) {
        if (p.correlations.suppressed(rule)) continue; // only the correlation speaks for it
        const alerts::AlertSource& source = p.alert_sources[rule];
        m_apply_clock.lap(m_times.state);
        alerts::Alert alert = m_content.alert_builder->build(source, event, sources);
        // Only signals (risk-based rules) score the user's session; a standalone alert stands alone.
        if (source.signal)
            if (const auto session = ps.models->add_alert_score(event, source.score, rule, alert.event_id))
                alert.session_id = alerts::session_id(session->user, session->start_ms);
        emit(source, std::move(alert), hooks, summary);
        m_apply_clock.lap(m_times.output);
    }
    for (const auto& hit : m_correlation_hits) emit_correlation(pack, hit, &event, sources, hooks, summary);
    ps.models->train(event);
    for (const auto& session : ps.models->take_notable_sessions()) {
        ++summary.notable_sessions;
        m_apply_clock.lap(m_times.state);
        if (hooks.on_notable) hooks.on_notable(p.info.id, session);
        m_apply_clock.lap(m_times.output);
    }
}

bool parse_learn_until(std::string_view text, LearnOptions& out) {
    std::int64_t ms = 0, seconds = 0;
    if (parse::parse_iso8601(text, ms)) {
        out.until_ms = ms;
        return true;
    }
    if (rules::parse_timespan(text, seconds) != rules::TimespanError::None) return false;
    out.head_ms = seconds * 1000;
    return true;
}

bool Detector::learning(std::int64_t time_ms) {
    if (m_learn.all) return true;
    if (!m_learn_until && m_learn.head_ms)
        m_learn_until = time_ms > INT64_MAX - *m_learn.head_ms ? INT64_MAX : time_ms + *m_learn.head_ms;
    return m_learn_until && time_ms < *m_learn_until;
}

// End of input: windows that close (lt/lte/eq/neq conditions) are decided now.
void Detector::flush_correlations(const SourceTable& sources, const DetectHooks& hooks, DetectSummary& summary) {
    for (std::size_t pack = 0; pack < m_packs.size(); ++pack) {
        if (!wanted(pack)) continue;
        m_packs[pack].correlations->flush(m_correlation_hits);
        for (const auto& hit : m_correlation_hits) emit_correlation(pack, hit, nullptr, sources, hooks, summary);
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
    const std::size_t groups = m_content.parser_groups.size(), packs = m_content.packs.size();
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

    RecordWorker& w = worker.record;
    worker.clock.start(m_stats);
    for (std::size_t i = 0; i < n; ++i) {
        Batch::Record& r = batch.records[i];
        for (auto& pack_hits : batch.hits) pack_hits[i].clear();
        if (r.reject.code != RejectCode::Ok) continue; // the reader's reject
        const RawRecord record{std::string_view(batch.bytes).substr(r.offset, r.size), r.origin, r.format};
        // The record is accepted when some group accepts it; otherwise it is
        // rejected once, with the built-in parser's reason.
        w.begin_record();
        bool accepted = false;
        for (std::size_t g = 0; g < groups; ++g) {
            Event& event = batch.events[g][i];
            const RejectCode code = w.parse(g, record, event);
            batch.codes[g][i] = code;
            worker.clock.lap(worker.times.parse);
            if (code != RejectCode::Ok) continue;
            accepted = true;
            w.enrich(event);
            worker.clock.lap(worker.times.enrich);
        }
        if (!accepted) {
            r.reject = Reject{r.origin, batch.codes[0][i], w.detail(0)};
            continue;
        }
        for (std::size_t pack = 0; pack < packs; ++pack) {
            if (!wanted(pack)) continue;
            const std::size_t g = m_content.packs[pack]->parser_group;
            if (batch.codes[g][i] != RejectCode::Ok) continue;
            Event& event = batch.events[g][i];
            w.derive(pack, event);
            worker.clock.lap(worker.times.enrich);
            w.match(pack, event, batch.hits[pack][i]);
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
            const std::size_t g =
                m_only_pack >= 0 ? m_content.packs[static_cast<std::size_t>(m_only_pack)]->parser_group : 0;
            if (batch.codes[g][i] == RejectCode::Ok) hooks.on_event(batch.events[g][i], m_only_pack, sources);
        }
        // The record's time, as the first group that accepted it reads it, decides
        // whether it falls in the learning period, for every pack alike.
        bool learn = false;
        for (std::size_t g = 0; g < batch.codes.size(); ++g)
            if (batch.codes[g][i] == RejectCode::Ok) {
                learn = learning(batch.events[g][i].time_ms);
                break;
            }
        if (learn) ++summary.events_learned;
        for (std::size_t pack = 0; pack < m_packs.size(); ++pack) {
            if (!wanted(pack)) continue;
            const std::size_t g = m_content.packs[pack]->parser_group;
            if (batch.codes[g][i] != RejectCode::Ok) continue;
            if (learn) m_packs[pack].models->train(batch.events[g][i]); // models, facts, sessions; nothing else
            else run_pack(pack, batch.events[g][i], batch.hits[pack][i], sources, hooks, summary);
        }
        m_apply_clock.lap(m_times.state);
    }
    if (hooks.on_batch) hooks.on_batch(summary);
}

DetectSummary Detector::run(const DetectInputs& inputs, const DetectHooks& hooks) {
    const std::uint64_t started = steady_now_ns();
    DetectSummary summary;
    summary.threads = m_threads;
    SourceTable read_sources, sources; // the reader's, and the apply stage's copy
    std::size_t sources_copied = 0;
    ingest::InputReader reader(read_sources, m_reader_options);
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
    auto dropped = [&] {
        Dropped d;
        for (const auto& pack : m_packs) {
            const correlate::CorrelationStats c = pack.correlations->total_stats();
            d.correlations.late += c.late;
            d.correlations.future += c.future;
            d.correlations.missing_field += c.missing_field;
            d.correlations.overflow += c.overflow;
            d.model_overflow += pack.models->stats().overflow;
        }
        return d;
    };
    const Dropped before = dropped();
    run_ordered_pipeline(m_threads, slots, stages);
    flush_correlations(sources, hooks, summary);
    const Dropped after = dropped();
    const std::pair<const char*, std::uint64_t> reasons[] = {
        {"late", after.correlations.late - before.correlations.late},
        {"future", after.correlations.future - before.correlations.future},
        {"missing_field", after.correlations.missing_field - before.correlations.missing_field},
        {"overflow", after.correlations.overflow - before.correlations.overflow},
    };
    for (const auto& [reason, n] : reasons) summary.correlation_dropped[reason] = n;
    // Model overflow is held per entity and can shrink when entities age out.
    summary.model_overflow =
        after.model_overflow > before.model_overflow ? after.model_overflow - before.model_overflow : 0;
    for (const auto& [source, n] : m_alert_counts) summary.alerts_by_rule[source->pack + "/" + source->id] += n;
    m_alert_counts.clear();
    for (std::size_t pack = 0; pack < m_packs.size(); ++pack) {
        if (!wanted(pack)) continue;
        const models::StateStats s = m_packs[pack].models->stats();
        summary.model_histograms += s.histograms;
        summary.models_learning += s.learning;
    }

    summary.times = m_times;
    for (const auto& w : m_workers) summary.times += w->times;
    summary.seconds = static_cast<double>(steady_now_ns() - started) / 1e9;
    return summary;
}

} // namespace trailproof::pipeline
