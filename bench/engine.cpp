// Engine throughput on a realistic CloudTrail corpus (issue 8).
//
// One corpus in memory for every suite, so their ratios mean something. It is
// bench/make-corpus.py's output: TP_BENCH_CORPUS=FILE (NDJSON) names one, else
// the script is run once with --events ${TP_BENCH_EVENTS:-100000} and the result
// kept in bench/corpus/ (git-ignored; regenerated when the script is newer).
// The Records-array and gzip shapes are built from the same events in memory.
//
// Suites:
//   parse_only                 simdjson DOM parse of every line, extracting
//                              eventSource/eventName: the practical limit
//   ingest/{ndjson,records,gzip}  framing (and unzipping) records, nothing parsed
//   parse_engine               detect's parse and enrich stages (every parser group)
//   rules_only                 detect's derive-and-match stage of every pack on
//                              parsed, enriched events; manual time = those calls only
//   end_to_end/packs           Detector over all bundled content, bytes to alerts
//   end_to_end/packs_records   the same events as one {"Records":[...]} document
//   end_to_end/packs_gzip      the same document gzipped
//   end_to_end/sample          Detector over content/sample only
//   alert_output               rendering the alerts of one run as NDJSON (items = alerts)
//   end_to_end/packs_2threads  end_to_end/packs with Detector::set_threads(2)
//                              (wall time; vs_1thread is the scaling)
//   memory/long_run            one Detector fed the corpus 4 times: heap in use
//                              and model state after the 1st and 4th pass
//
// The streaming suites (stream_parse/*, stream/*, memory/long_run_stream: detect's
// work on a file as a ratio to a streaming parse of it) are in stream.cpp.
//
// Each suite runs once and checks its result (alert count and per-rule counts
// against a reference run; the records/gzip shapes against the NDJSON reference)
// before timing. Alerts are counted through the on_alert hook, not written.
// Counters: items/s (events), bytes/s, alerts, rejected, and vs_parse_only (the
// suite's rate as a fraction of parse_only's, when parse_only ran first).

#include <benchmark/benchmark.h>
#include <malloc.h>
#include <simdjson.h>
#include <sys/resource.h>
#include <zlib.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bench_common.h"
#include "core/raw_record.h"
#include "ingest/input_reader.h"
#include "load/content.h"
#include "pipeline/detector.h"
#include "pipeline/record_worker.h"

using namespace trailproof;
using load::Content;
using pipeline::DetectInputs;
using pipeline::DetectSummary;
using pipeline::Detector;
namespace fs = std::filesystem;

namespace {

using bench::corpus_path;
using bench::k_source_dir;
using bench::read_file;

struct Corpus {
    std::string ndjson;  // followed by k_padding spare bytes of capacity (see load)
    std::string records; // {"Records":[...]}
    std::string gzip;    // records, gzipped
    std::vector<std::string_view> lines;
};

std::string gzip_bytes(const std::string& in) {
    z_stream z{};
    if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("deflateInit2 failed");
    std::string out(deflateBound(&z, static_cast<uLong>(in.size())), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    if (rc != Z_STREAM_END) throw std::runtime_error("deflate failed");
    return out;
}

const Corpus& corpus() {
    static const Corpus c = [] {
        Corpus out;
        const fs::path path = corpus_path();
        out.ndjson = read_file(path);
        const std::size_t size = out.ndjson.size();
        // Every line is followed by readable bytes (the next lines, or this padding):
        // simdjson and the engine's parsers read up to 64 bytes past a record.
        out.ndjson.append(simdjson::SIMDJSON_PADDING + k_padding, ' ');
        out.ndjson.resize(size);
        std::string_view all(out.ndjson);
        out.records = "{\"Records\":[";
        for (std::size_t pos = 0; pos < all.size();) {
            std::size_t end = all.find('\n', pos);
            if (end == std::string_view::npos) end = all.size();
            if (end > pos) {
                if (!out.lines.empty()) out.records += ',';
                out.lines.push_back(all.substr(pos, end - pos));
                out.records += out.lines.back();
            }
            pos = end + 1;
        }
        out.records += "]}\n";
        out.gzip = gzip_bytes(out.records);
        std::cerr << "tp_bench_engine: corpus " << path.string() << ": " << out.lines.size() << " events, "
                  << out.ndjson.size() << " bytes (mean " << out.ndjson.size() / std::max<std::size_t>(1, out.lines.size())
                  << " B/event), gzip " << out.gzip.size() << " bytes\n";
        return out;
    }();
    return c;
}

// "packs" is every bundled pack (content/), anything else one folder of content/.
const std::shared_ptr<const Content>& content(const std::string& which) {
    return bench::content_at(k_source_dir + "/content" + (which == "packs" ? "" : "/" + which));
}

// parse_only's rate (events/s) in this run, for the vs_parse_only counters.
double g_parse_only_rate = 0;

void set_counters(benchmark::State& state, std::size_t events, std::size_t bytes, double seconds) {
    const auto iterations = static_cast<std::int64_t>(state.iterations());
    bench::set_rates(state, events, bytes);
    if (g_parse_only_rate > 0 && seconds > 0)
        state.counters["vs_parse_only"] = static_cast<double>(events) * static_cast<double>(iterations) / seconds /
                                          g_parse_only_rate;
}

using Clock = std::chrono::steady_clock;

// ---- parse_only --------------------------------------------------------------

std::uint64_t parse_only_pass(simdjson::dom::parser& parser, const Corpus& c, std::uint64_t& failed) {
    std::uint64_t found = 0;
    for (std::string_view line : c.lines) {
        simdjson::dom::element doc;
        // The corpus buffer keeps SIMDJSON_PADDING readable bytes after every line.
        if (parser.parse(line.data(), line.size(), false).get(doc)) {
            ++failed;
            continue;
        }
        std::string_view source, name;
        if (!doc["eventSource"].get(source) && !doc["eventName"].get(name) && !source.empty() && !name.empty())
            ++found;
    }
    return found;
}

void BM_parse_only(benchmark::State& state) {
    const Corpus& c = corpus();
    simdjson::dom::parser parser;
    std::uint64_t failed = 0;
    const std::uint64_t check = parse_only_pass(parser, c, failed);
    if (check != c.lines.size() || failed != 0) {
        state.SkipWithError("parse_only: not every line parsed with eventSource and eventName");
        return;
    }
    const auto start = Clock::now();
    for (auto _ : state) {
        std::uint64_t found = parse_only_pass(parser, c, failed);
        benchmark::DoNotOptimize(found);
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    g_parse_only_rate = static_cast<double>(c.lines.size()) * static_cast<double>(state.iterations()) / seconds;
    state.counters["alerts"] = 0;
    state.counters["rejected"] = static_cast<double>(failed) / static_cast<double>(state.iterations() + 1);
    set_counters(state, c.lines.size(), c.ndjson.size(), 0);
}

// ---- ingest ------------------------------------------------------------------

enum class Shape { Ndjson, Records, Gzip };

const std::string& shape_bytes(const Corpus& c, Shape shape) {
    return shape == Shape::Ndjson ? c.ndjson : shape == Shape::Records ? c.records : c.gzip;
}

// Framing (and unzipping) alone: records out of the InputReader, nothing parsed.
std::uint64_t ingest_pass(const std::string& bytes, std::uint64_t& rejected) {
    SourceTable sources;
    ingest::InputReader reader(sources);
    reader.add_buffer("corpus", bytes);
    RawRecord record;
    Reject reject;
    std::uint64_t records = 0;
    for (ingest::ReadItem item; (item = reader.next(record, reject)) != ingest::ReadItem::End;)
        (item == ingest::ReadItem::Record ? records : rejected)++;
    return records;
}

void BM_ingest(benchmark::State& state, Shape shape) {
    const Corpus& c = corpus();
    const std::string& bytes = shape_bytes(c, shape);
    std::uint64_t rejected = 0;
    if (ingest_pass(bytes, rejected) != c.lines.size() || rejected != 0) {
        state.SkipWithError("ingest: the record count differs from the corpus's lines");
        return;
    }
    const auto start = Clock::now();
    for (auto _ : state) {
        std::uint64_t records = ingest_pass(bytes, rejected);
        benchmark::DoNotOptimize(records);
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    set_counters(state, c.lines.size(), shape == Shape::Ndjson ? c.ndjson.size() : c.records.size(), seconds);
}

// ---- parse_engine and rules_only ----------------------------------------------

struct RulesResult {
    std::uint64_t accepted = 0;
    std::uint64_t rejected = 0;
    std::uint64_t hits = 0;
    double match_seconds = 0;
};

// Every line through the stateless stages exactly as detect's workers run them
// (pipeline::RecordWorker): parse with every parser group and enrich each
// accepted view; with `match`, each pack's derived fields and rules on its
// group's event, timing only those calls.
RulesResult parse_rules_pass(const Content& content, pipeline::RecordWorker& worker, std::vector<Event>& events,
                             const Corpus& c, bool match) {
    RulesResult r;
    std::vector<std::uint32_t> hits;
    std::vector<bool> ok(events.size());
    std::uint64_t line_no = 0;
    for (std::string_view line : c.lines) {
        RawRecord record{line, Origin{0, ++line_no, k_no_index}, RecordFormat::Json};
        worker.begin_record(); // parsed once, read by every group (as detect does)
        bool any = false;
        for (std::size_t g = 0; g < events.size(); ++g) {
            ok[g] = worker.parse(g, record, events[g]) == RejectCode::Ok;
            if (ok[g]) worker.enrich(events[g]);
            any = any || ok[g];
        }
        if (!any) {
            ++r.rejected;
            continue;
        }
        ++r.accepted;
        if (!match) continue;
        const auto start = Clock::now();
        for (std::size_t pack = 0; pack < content.packs.size(); ++pack) {
            const std::size_t g = content.packs[pack]->parser_group;
            if (!ok[g]) continue;
            worker.derive(pack, events[g]);
            worker.match(pack, events[g], hits);
            r.hits += hits.size();
        }
        r.match_seconds += std::chrono::duration<double>(Clock::now() - start).count();
    }
    return r;
}

void BM_parse_rules(benchmark::State& state, bool match) {
    const Corpus& c = corpus();
    const Content& packs = *content("packs");
    pipeline::RecordWorker worker(packs);
    std::vector<Event> events(packs.parser_groups.size());
    const RulesResult reference = parse_rules_pass(packs, worker, events, c, match);
    const RulesResult check = parse_rules_pass(packs, worker, events, c, match);
    if (check.hits != reference.hits || check.accepted != reference.accepted || reference.accepted == 0) {
        state.SkipWithError("rules: result differs from the reference run");
        return;
    }
    const auto start = Clock::now();
    double match_seconds = 0;
    for (auto _ : state) {
        RulesResult r = parse_rules_pass(packs, worker, events, c, match);
        match_seconds += r.match_seconds;
        std::uint64_t hits = r.hits;
        benchmark::DoNotOptimize(hits);
        if (match) state.SetIterationTime(r.match_seconds);
    }
    const double seconds = match ? match_seconds : std::chrono::duration<double>(Clock::now() - start).count();
    state.counters["alerts"] = static_cast<double>(reference.hits); // rule hits, before model conditions
    state.counters["rejected"] = static_cast<double>(reference.rejected);
    set_counters(state, c.lines.size(), c.ndjson.size(), seconds);
}

// ---- end_to_end --------------------------------------------------------------

struct RunResult {
    DetectSummary summary;
    std::uint64_t counted = 0; // alerts seen by on_alert
};

RunResult detect_once(const std::shared_ptr<const Content>& content, const DetectInputs& inputs,
                      std::size_t threads = 1) {
    RunResult r;
    Detector detector(content); // fresh state: every iteration sees the same first-time values
    detector.set_threads(threads);
    pipeline::DetectHooks hooks;
    hooks.on_alert = [&r](const alerts::Alert&) { ++r.counted; };
    r.summary = detector.run(inputs, hooks);
    return r;
}

// The NDJSON run of `which`, done once: the reference every shape must reproduce.
const RunResult& reference(const std::string& which) {
    static std::map<std::string, RunResult> runs;
    auto it = runs.find(which);
    if (it == runs.end()) {
        DetectInputs inputs;
        inputs.buffers.emplace_back("corpus.ndjson", corpus().ndjson);
        it = runs.emplace(which, detect_once(content(which), inputs)).first;
    }
    return it->second;
}

// end_to_end/packs's rate on one thread in this run, for vs_1thread.
double g_one_thread_rate = 0;

void BM_end_to_end(benchmark::State& state, const std::string& which, Shape shape, std::size_t threads = 1) {
    const Corpus& c = corpus();
    const auto& loaded = content(which);
    DetectInputs inputs;
    const std::string& bytes = shape_bytes(c, shape);
    inputs.buffers.emplace_back(shape == Shape::Gzip ? "corpus.json.gz" : "corpus.json", bytes);

    const RunResult& ref = reference(which);
    const RunResult check = detect_once(loaded, inputs, threads);
    if (ref.counted != ref.summary.alerts + ref.summary.signals || check.counted != ref.counted ||
        check.summary.alerts_by_rule != ref.summary.alerts_by_rule ||
        check.summary.events_accepted != ref.summary.events_accepted ||
        check.summary.records_rejected != ref.summary.records_rejected) {
        state.SkipWithError(("end_to_end/" + which + ": alerts differ from the reference run (" +
                             std::to_string(check.counted) + " vs " + std::to_string(ref.counted) + ")")
                                .c_str());
        return;
    }
    const auto start = Clock::now();
    for (auto _ : state) {
        RunResult r = detect_once(loaded, inputs, threads);
        std::uint64_t alerts = r.counted;
        benchmark::DoNotOptimize(alerts);
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    state.counters["alerts"] = static_cast<double>(ref.counted);
    state.counters["rejected"] = static_cast<double>(ref.summary.records_rejected);
    // Bytes are the uncompressed JSON for every shape, so B/s compare across shapes.
    set_counters(state, c.lines.size(), shape == Shape::Ndjson ? c.ndjson.size() : c.records.size(), seconds);
    const double rate = static_cast<double>(c.lines.size()) * static_cast<double>(state.iterations()) / seconds;
    if (which == "packs" && shape == Shape::Ndjson && threads == 1) g_one_thread_rate = rate;
    if (threads > 1 && g_one_thread_rate > 0) state.counters["vs_1thread"] = rate / g_one_thread_rate;
}

// ---- alert output --------------------------------------------------------------

// Rendering alerts as NDJSON lines: the alerts of one all-packs run, kept and
// rendered again and again. items/s counts alerts here, not events.
void BM_alert_output(benchmark::State& state) {
    const Corpus& c = corpus();
    std::vector<alerts::Alert> kept;
    Detector detector(content("packs"));
    pipeline::DetectHooks hooks;
    hooks.on_alert = [&kept](const alerts::Alert& a) { kept.push_back(a); };
    DetectInputs inputs;
    inputs.buffers.emplace_back("corpus.ndjson", c.ndjson);
    (void)detector.run(inputs, hooks);
    if (kept.size() != reference("packs").counted || kept.empty()) {
        state.SkipWithError("alert_output: the alerts differ from the reference run");
        return;
    }
    std::size_t bytes = 0;
    for (auto _ : state) {
        bytes = 0;
        for (const auto& a : kept) bytes += alerts::render_alert_json(a).size() + 1;
        benchmark::DoNotOptimize(bytes);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(kept.size()) * static_cast<std::int64_t>(state.iterations()));
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes) * static_cast<std::int64_t>(state.iterations()));
}

// ---- memory ------------------------------------------------------------------

double heap_in_use_mb() { return static_cast<double>(mallinfo2().uordblks) / 1e6; }

double peak_rss_mb() {
    struct rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1e3; // ru_maxrss is in KiB on Linux
}

// Memory must not grow with the input apart from model state: the same corpus
// fed 4 times to one Detector leaves the model state as it was after the first
// pass (nothing new to learn), so the heap in use must stay flat too.
void BM_memory_long_run(benchmark::State& state) {
    const Corpus& c = corpus();
    const auto& loaded = content("packs");
    DetectInputs inputs;
    inputs.buffers.emplace_back("corpus.ndjson", c.ndjson);
    constexpr int k_passes = 4;
    for (auto _ : state) {
        const double heap_before = heap_in_use_mb();
        Detector detector(loaded);
        pipeline::DetectHooks hooks;
        hooks.on_alert = [](const alerts::Alert&) {};
        double heap_first = 0, state_first = 0;
        for (int pass = 0; pass < k_passes; ++pass) {
            (void)detector.run(inputs, hooks);
            if (pass == 0) {
                heap_first = heap_in_use_mb() - heap_before;
                state_first = static_cast<double>(detector.model_stats().bytes) / 1e6;
            }
        }
        const models::StateStats stats = detector.model_stats();
        const double heap_last = heap_in_use_mb() - heap_before, state_last = static_cast<double>(stats.bytes) / 1e6;
        state.counters["heap_MB_pass1"] = heap_first;
        state.counters["heap_MB_pass4"] = heap_last;
        state.counters["state_MB_pass1"] = state_first;
        state.counters["state_MB_pass4"] = state_last;
        state.counters["other_growth_MB"] = (heap_last - state_last) - (heap_first - state_first);
        state.counters["state_bytes_per_value"] =
            stats.values ? static_cast<double>(stats.bytes) / static_cast<double>(stats.values) : 0.0;
        state.counters["peak_rss_MB"] = peak_rss_mb();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(c.lines.size()) * k_passes *
                            static_cast<std::int64_t>(state.iterations()));
}

} // namespace

// Registration order matters: parse_only runs first and sets the rate the others compare to.
BENCHMARK(BM_parse_only)->Name("parse_only")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ingest, ndjson, Shape::Ndjson)->Name("ingest/ndjson")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ingest, records, Shape::Records)->Name("ingest/records")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ingest, gzip, Shape::Gzip)->Name("ingest/gzip")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_parse_rules, parse_engine, false)->Name("parse_engine")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_parse_rules, rules_only, true)->Name("rules_only")->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_end_to_end, packs, std::string("packs"), Shape::Ndjson)
    ->Name("end_to_end/packs")->UseRealTime()->MeasureProcessCPUTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_end_to_end, packs_records, std::string("packs"), Shape::Records)
    ->Name("end_to_end/packs_records")->UseRealTime()->MeasureProcessCPUTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_end_to_end, packs_gzip, std::string("packs"), Shape::Gzip)
    ->Name("end_to_end/packs_gzip")->UseRealTime()->MeasureProcessCPUTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_end_to_end, sample, std::string("sample"), Shape::Ndjson)
    ->Name("end_to_end/sample")->UseRealTime()->MeasureProcessCPUTime()->Unit(benchmark::kMillisecond);
// Threads are wall-clock work: real time, like every end-to-end suite (CPU time is the
// whole process's, every thread's, for ci/bench-compare --cpu-time).
BENCHMARK_CAPTURE(BM_end_to_end, packs_2threads, std::string("packs"), Shape::Ndjson, 2)
    ->Name("end_to_end/packs_2threads")->UseRealTime()->MeasureProcessCPUTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_alert_output)->Name("alert_output")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_memory_long_run)->Name("memory/long_run")->Iterations(1)->Unit(benchmark::kMillisecond);

// The streaming suites (stream.cpp) register after the ones above; the same
// binary is also the child process memory/long_run_stream measures.
int main(int argc, char** argv) {
    if (argc > 1 && std::string_view(argv[1]) == bench::k_long_run_child_flag)
        return bench::long_run_child_main(argc, argv);
    bench::register_stream_suites();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
