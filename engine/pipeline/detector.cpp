#include "pipeline/detector.h"

#include "parse/time_parse.h"
#include "pipeline/ordered_pipeline.h"
#include "pipeline/record_worker.h"
#include "pipeline/shard_state.h"
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
    // [record]: the record's extracted text, kept once for the events of every
    // group (RecordWorker::begin_record); they live and die together here.
    std::vector<TextArena> texts;
    std::vector<std::vector<RejectCode>> codes;                // [group][record]
    std::vector<std::vector<std::vector<std::uint32_t>>> hits; // [pack][record]: rule hits before state
    std::vector<std::vector<std::vector<std::uint32_t>>> train_hits; // [pack][record]: the models' train_when hits
    std::vector<std::vector<std::uint32_t>> shard;             // [pack][record]: the shard of a sharded pack
    // Of a pack split by scope group, what its owner unit decided for the principal shards:
    std::vector<std::vector<std::vector<models::SharedVerdict>>> verdicts; // [pack][record][hit]
    std::vector<std::vector<std::vector<std::uint8_t>>> news;             // [pack][record]: shared_news
    std::vector<std::uint8_t> learn;                           // [record]: in the learning period (prepare)
    // What one unit (a pack's shard) made of the batch's events, for the apply stage.
    struct Kept {
        std::uint32_t rule = 0;
        std::string session_id; // a signal's session (alerts::session_id), "" otherwise
    };
    struct Entry {
        std::size_t record = 0;
        std::size_t first_kept = 0, kept = 0;
        std::size_t first_notable = 0, notables = 0;
    };
    struct UnitOutput {
        std::vector<Entry> entries; // one per event the unit judged, in input order
        std::vector<Kept> kept;     // rule hits whose behavioural conditions held
        std::vector<models::NotableSession> notables;
    };
    std::vector<UnitOutput> units; // [unit]
};

struct Detector::Worker {
    explicit Worker(const load::Content& content) : record(content) {}
    RecordWorker record;
    StageTimes times;
    StageClock clock;
    std::vector<std::uint32_t> kept; // scratch of the shard stage
};

Detector::Detector(std::shared_ptr<const load::Content> content)
    : m_content_ptr(std::move(content)), m_content(*m_content_ptr) {
    for (const auto& pack : m_content.packs) {
        PackState ps;
        ps.shards.push_back(std::make_unique<models::ModelState>(pack->models, pack->bindings));
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

// One unit's share of a batch, in input order: for every event of its pack and
// shard, in the order DESIGN.md fixes: the rule hits read the models' state
// (behavioural conditions), signals score the user's session, then the event
// trains. What it kept is left in the batch for the apply stage. Touches only the
// unit's ModelState, the batch's unit output and the worker's scratch.
void Detector::shard_batch(Batch& batch, std::size_t unit, Worker& worker) const {
    const auto [pack, shard, owner] = m_units[unit];
    Batch::UnitOutput& out = batch.units[unit];
    out.entries.clear();
    out.kept.clear();
    out.notables.clear();
    if (!wanted(pack)) return;
    if (owner) {
        worker.clock.start(m_stats);
        owner_batch(batch, pack);
        worker.clock.lap(worker.times.state);
        return;
    }
    models::ModelState& models = *m_packs[pack].shards[shard];
    const load::CompiledPack& p = *m_content.packs[pack];
    const std::size_t g = p.parser_group;
    const bool sharded = m_packs[pack].shards.size() > 1;
    // Split by scope group: the owner unit went first (unit_after) and left its word here.
    const bool split = m_packs[pack].owner != nullptr;
    const auto* verdicts = split ? &batch.verdicts[pack] : nullptr;
    const auto* news = split && m_packs[pack].owner->has_shared_news() ? &batch.news[pack] : nullptr;
    worker.clock.start(m_stats);
    for (std::size_t i = 0; i < batch.records.size(); ++i) {
        if (batch.records[i].reject.code != RejectCode::Ok || batch.codes[g][i] != RejectCode::Ok) continue;
        if (sharded && batch.shard[pack][i] != shard) continue;
        const Event& event = batch.events[g][i];
        const std::vector<std::uint8_t>* shared_news = news ? &(*news)[i] : nullptr;
        models.begin_event(event, &batch.train_hits[pack][i]);
        if (batch.learn[i]) {
            models.train(event, shared_news); // models, facts, sessions; nothing else
            continue;
        }
        Batch::Entry& entry = out.entries.emplace_back();
        entry.record = i;
        entry.first_kept = out.kept.size();
        entry.first_notable = out.notables.size();
        worker.kept.clear();
        const auto& hits = batch.hits[pack][i];
        for (std::size_t h = 0; h < hits.size(); ++h) {
            const std::uint32_t rule = hits[h];
            const models::RuleBinding* binding = p.bindings.find(rule);
            if (binding && !(verdicts ? models.check(*binding, event, (*verdicts)[i][h]) : models.check(*binding, event)))
                continue;
            if (disabled(p.alert_sources[rule])) continue;
            worker.kept.push_back(rule);
        }
        for (std::uint32_t rule : worker.kept) {
            Batch::Kept& kept = out.kept.emplace_back();
            kept.rule = rule;
            kept.session_id.clear();
            if (p.correlations.suppressed(rule)) continue; // only the correlation speaks for it
            const alerts::AlertSource& source = p.alert_sources[rule];
            // Only signals (risk-based rules) score the user's session; a standalone alert stands alone.
            if (source.signal)
                if (const auto session = models.add_alert_score(event, source.score, rule,
                                                                m_content.alert_builder->event_id(event)))
                    kept.session_id = alerts::session_id(session->user, session->start_ms);
        }
        entry.kept = out.kept.size() - entry.first_kept;
        models.train(event, shared_news);
        for (auto& session : models.take_notable_sessions()) out.notables.push_back(std::move(session));
        entry.notables = out.notables.size() - entry.first_notable;
    }
    worker.clock.lap(worker.times.state);
}

// The owner unit of a pack split by scope group, before the pack's principal
// shards take the batch: for every event of the pack (whatever its principal), in
// input order, the shared models' part of each rule hit's check and the nth_new
// flags, read before the event trains the shared models (DESIGN.md: rules see the
// state before the event). The principal shards read them from the batch; the
// owner emits nothing itself.
void Detector::owner_batch(Batch& batch, std::size_t pack) const {
    models::ModelState& owner = *m_packs[pack].owner;
    const load::CompiledPack& p = *m_content.packs[pack];
    const std::size_t g = p.parser_group, n = batch.records.size();
    auto& verdicts = batch.verdicts[pack];
    auto& news = batch.news[pack];
    if (verdicts.size() < n) verdicts.resize(n);
    if (news.size() < n) news.resize(n);
    const bool want_news = owner.has_shared_news();
    for (std::size_t i = 0; i < n; ++i) {
        verdicts[i].clear();
        if (batch.records[i].reject.code != RejectCode::Ok || batch.codes[g][i] != RejectCode::Ok) continue;
        const Event& event = batch.events[g][i];
        owner.begin_event(event, &batch.train_hits[pack][i]);
        if (!batch.learn[i])
            for (std::uint32_t rule : batch.hits[pack][i]) {
                const models::RuleBinding* binding = p.bindings.find(rule);
                verdicts[i].push_back(binding ? owner.judge_shared(*binding) : models::SharedVerdict::Local);
            }
        if (want_news) owner.shared_news(news[i]);
        owner.train(event);
    }
}

// The serial rest of one pack's view of one event, in input order: the kept hits
// feed the correlations, then the alerts go out (base alerts, correlations,
// notable sessions), exactly as one thread emits them.
void Detector::apply_pack(std::size_t pack, const Event& event, const Batch& batch, std::size_t unit,
                          std::size_t& cursor, const SourceTable& sources, const DetectHooks& hooks,
                          DetectSummary& summary) {
    const Batch::UnitOutput& out = batch.units[unit];
    const Batch::Entry& entry = out.entries[cursor++];
    PackState& ps = m_packs[pack];
    const load::CompiledPack& p = *m_content.packs[pack];
    m_kept.clear();
    for (std::size_t k = entry.first_kept; k < entry.first_kept + entry.kept; ++k) m_kept.push_back(out.kept[k].rule);
    ps.correlations->on_event(event, m_kept, m_correlation_hits);
    for (std::size_t k = entry.first_kept; k < entry.first_kept + entry.kept; ++k) {
        const Batch::Kept& kept = out.kept[k];
        if (p.correlations.suppressed(kept.rule)) continue;
        const alerts::AlertSource& source = p.alert_sources[kept.rule];
        m_apply_clock.lap(m_times.state);
        alerts::Alert alert = m_content.alert_builder->build(source, event, sources);
        alert.session_id = kept.session_id;
        emit(source, std::move(alert), hooks, summary);
        m_apply_clock.lap(m_times.output);
    }
    for (const auto& hit : m_correlation_hits) emit_correlation(pack, hit, &event, sources, hooks, summary);
    for (std::size_t n = entry.first_notable; n < entry.first_notable + entry.notables; ++n) {
        ++summary.notable_sessions;
        m_apply_clock.lap(m_times.state);
        if (hooks.on_notable) hooks.on_notable(p.info.id, out.notables[n]);
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

void Detector::close_windows(const DetectHooks& hooks, DetectSummary& summary) {
    const SourceTable none; // a window closed at the end has no event, so no origin
    flush_correlations(none, hooks, summary);
    for (const auto& [source, n] : m_alert_counts) summary.alerts_by_rule[source->pack + "/" + source->id] += n;
    m_alert_counts.clear();
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

// A head-read record no rule of any pack can match (Content::head_first).
bool Detector::is_quiet(Batch& batch, std::size_t record, const RecordWorker& worker) const noexcept {
    for (std::size_t pack = 0; pack < m_content.packs.size(); ++pack) {
        if (!wanted(pack)) continue;
        const std::size_t g = m_content.packs[pack]->parser_group;
        if (batch.codes[g][record] == RejectCode::Ok &&
            !worker.matches_nothing(pack, batch.events[g][record], batch.hits[pack][record]))
            return false;
    }
    return true;
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
    batch.train_hits.resize(packs);
    for (auto& pack_hits : batch.train_hits)
        if (pack_hits.size() < n) pack_hits.resize(n);
    batch.shard.resize(packs);
    for (auto& shards : batch.shard) shards.assign(n, 0);
    batch.verdicts.resize(packs);
    batch.news.resize(packs);
    if (batch.texts.size() < n) batch.texts.resize(n);

    RecordWorker& w = worker.record;
    worker.clock.start(m_stats);
    for (std::size_t i = 0; i < n; ++i) {
        Batch::Record& r = batch.records[i];
        for (auto& pack_hits : batch.hits) pack_hits[i].clear();
        if (r.reject.code != RejectCode::Ok) continue; // the reader's reject
        const RawRecord record{std::string_view(batch.bytes).substr(r.offset, r.size), r.origin, r.format};
        // The record is accepted when some group accepts it; otherwise it is
        // rejected once, with the built-in parser's reason. With head_first, each
        // group reads the record's head; a quiet record (no pack has a candidate
        // rule for it) stays that way, the others are parsed whole.
        batch.texts[i].clear();
        w.begin_record(&batch.texts[i]);
        bool accepted = false;
        const auto extent = m_head_first ? parse::RecordParser::Extent::Head : parse::RecordParser::Extent::Whole;
        for (std::size_t g = 0; g < groups; ++g) {
            const RejectCode code = w.parse(g, record, batch.events[g][i], extent);
            batch.codes[g][i] = code;
            accepted = accepted || code == RejectCode::Ok;
        }
        worker.clock.lap(worker.times.parse);
        if (!accepted) {
            r.reject = Reject{r.origin, batch.codes[0][i], w.detail(0)};
            continue;
        }
        const bool quiet = m_head_first && is_quiet(batch, i, w);
        for (std::size_t g = 0; g < groups && !quiet; ++g) {
            if (batch.codes[g][i] != RejectCode::Ok) continue;
            Event& event = batch.events[g][i];
            // A head is rejected exactly when the whole record would be.
            if (m_head_first) batch.codes[g][i] = w.parse(g, record, event);
            worker.clock.lap(worker.times.parse);
            w.enrich(event);
            worker.clock.lap(worker.times.enrich);
        }
        for (std::size_t pack = 0; pack < packs; ++pack) {
            if (!wanted(pack)) continue;
            const std::size_t g = m_content.packs[pack]->parser_group;
            if (batch.codes[g][i] != RejectCode::Ok) continue;
            Event& event = batch.events[g][i];
            if (quiet) { // no hits, nothing trains; the state sees its user and time
                batch.train_hits[pack][i].clear();
            } else {
                w.derive(pack, event);
                worker.clock.lap(worker.times.enrich);
                w.match(pack, event, batch.hits[pack][i]);
                // The models' train_when selections, once per event here rather than in
                // each ModelState that holds a part of the pack's models.
                const rules::RuleSet& train_when = m_content.packs[pack]->models.train_when();
                if (train_when.size() > 0) train_when.match(event, batch.train_hits[pack][i]);
                else batch.train_hits[pack][i].clear();
                worker.clock.lap(worker.times.rules);
            }
            if (const std::size_t shards = m_packs[pack].shards.size(); shards > 1)
                batch.shard[pack][i] = static_cast<std::uint32_t>(shard_of(m_content.packs[pack]->models, event, shards));
        }
        // The parser's buffers are reused for the next record.
        for (std::size_t g = 0; g < groups; ++g)
            if (batch.codes[g][i] == RejectCode::Ok) batch.events[g][i].own_text();
        worker.clock.lap(worker.times.parse);
    }
}

// Serial, in input order, before any unit takes the batch: which records fall in
// the learning period (the first applied event fixes a head duration's end).
void Detector::prepare_batch(Batch& batch) {
    batch.learn.assign(batch.records.size(), 0);
    for (std::size_t i = 0; i < batch.records.size(); ++i) {
        if (batch.records[i].reject.code != RejectCode::Ok) continue;
        // The record's time, as the first group that accepted it reads it, decides
        // whether it falls in the learning period, for every pack alike.
        for (std::size_t g = 0; g < batch.codes.size(); ++g)
            if (batch.codes[g][i] == RejectCode::Ok) {
                batch.learn[i] = learning(batch.events[g][i].time_ms) ? 1 : 0;
                break;
            }
    }
}

// Serial, in input order: counts, rejects, correlations and every alert, from
// what the units left in the batch.
void Detector::apply_batch(const Batch& batch, SourceTable& sources, const DetectHooks& hooks,
                           DetectSummary& summary) {
    m_apply_clock.start(m_stats);
    for (const auto& name : batch.new_sources) sources.add(name);
    m_cursor.assign(m_units.size(), 0);
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
        if (batch.learn[i]) {
            ++summary.events_learned; // the units trained on it; nothing else happens
            continue;
        }
        for (std::size_t pack = 0; pack < m_packs.size(); ++pack) {
            if (!wanted(pack)) continue;
            const std::size_t g = m_content.packs[pack]->parser_group;
            if (batch.codes[g][i] != RejectCode::Ok) continue;
            const std::size_t unit = m_first_unit[pack] + (m_packs[pack].owner ? 1 : 0) + batch.shard[pack][i];
            apply_pack(pack, batch.events[g][i], batch, unit, m_cursor[unit], sources, hooks, summary);
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

    // Packs split by principal get one shard per thread, and a pack split by scope
    // group its owner unit too (first, and its shards wait for it); the shard stage
    // runs one unit per (pack, shard).
    reshard(m_threads);
    // A hook that sees every event sees it whole.
    m_head_first = m_content.head_first && !hooks.on_event;
    m_units.clear();
    m_first_unit.clear();
    std::vector<std::size_t> unit_after;
    for (std::size_t p = 0; p < m_packs.size(); ++p) {
        m_first_unit.push_back(m_units.size());
        const bool split = m_packs[p].owner != nullptr;
        if (split) {
            m_units.push_back({p, 0, true});
            unit_after.push_back(k_no_unit);
        }
        for (std::size_t k = 0; k < m_packs[p].shards.size(); ++k) {
            m_units.push_back({p, k, false});
            unit_after.push_back(split ? m_first_unit[p] : k_no_unit);
        }
    }
    // Batches in flight: enough that every thread finds work while others wait
    // for their turn in the serial stages and the units.
    const std::size_t slots = 3 * m_threads + 1;
    while (m_batches.size() < slots) m_batches.push_back(std::make_unique<Batch>());
    for (auto& batch : m_batches) batch->units.resize(m_units.size());
    while (m_workers.size() < m_threads) m_workers.push_back(std::make_unique<Worker>(m_content));
    m_times = {};
    for (auto& w : m_workers) w->times = {};

    PipelineStages stages;
    stages.read = [&](std::size_t slot) { return read_batch(reader, read_sources, sources_copied, *m_batches[slot]); };
    stages.work = [&](std::size_t slot, std::size_t thread) { work_batch(*m_batches[slot], *m_workers[thread]); };
    stages.prepare = [&](std::size_t slot) { prepare_batch(*m_batches[slot]); };
    stages.units = m_units.size();
    stages.unit_after = std::move(unit_after);
    stages.shard = [&](std::size_t slot, std::size_t unit, std::size_t thread) {
        shard_batch(*m_batches[slot], unit, *m_workers[thread]);
    };
    stages.apply = [&](std::size_t slot) { apply_batch(*m_batches[slot], sources, hooks, summary); };
    auto dropped = [&] {
        Dropped d;
        for (const auto& pack : m_packs) {
            const correlate::CorrelationStats c = pack.correlations->total_stats();
            d.correlations.late += c.late;
            d.correlations.future += c.future;
            d.correlations.missing_field += c.missing_field;
            d.correlations.overflow += c.overflow;
            for_each_state(pack, [&](const models::ModelState& s) { d.model_overflow += s.stats().overflow; });
        }
        return d;
    };
    const Dropped before = dropped();
    run_ordered_pipeline(m_threads, slots, stages);
    if (m_close_windows_at_end) flush_correlations(sources, hooks, summary);
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
        for_each_state(m_packs[pack], [&](const models::ModelState& state) {
            const models::StateStats s = state.stats();
            summary.model_histograms += s.histograms;
            summary.models_learning += s.learning;
        });
    }

    summary.times = m_times;
    for (const auto& w : m_workers) summary.times += w->times;
    summary.seconds = static_cast<double>(steady_now_ns() - started) / 1e9;
    return summary;
}

} // namespace trailproof::pipeline
