// Streaming suites of tp_bench_engine (issue 13): detect's work on a file, as a
// ratio to the cheapest thing any engine must do with the same file, in the same run.
//
// Corpora (the second part of every suite name):
//   corpus  bench/make-corpus.py's output (bench_common.h corpus_path(); 100k events by default)
//   org     fixtures/baseline/events.ndjson: three weeks of a small organisation's
//           ordinary activity (5,000 real-shaped events, one identity set, time-ordered);
//           TP_BENCH_ORG=FILE names another NDJSON file instead (e.g. a real trail)
//
// Suites, for each corpus C:
//   stream_parse/C            the baseline: the file read in ingest's chunk size
//                             (ReaderOptions::chunk_bytes), records framed at newlines,
//                             each parsed by simdjson On-Demand in one pass over its
//                             keys, reading the 11 fields an engine indexes on (k_fields)
//   stream_parse/C/dom        the same with a simdjson DOM parse and key lookups
//   stream/C/packs            Detector, every bundled pack (content/), reading the file
//                             exactly as `trailproof detect --content content FILE`
//   stream/C/cim2             content/exabeam-cim2-aws-cloudtrail alone
//   stream/C/sekoia           content/sekoia-aws-cloudtrail alone
//   stream/C/sigma1           bench/sigma1: one plain Sigma rule
//   stream/C/sigma50          bench/sigma50: 50 plain Sigma rules, a bare rules folder
//   stream/C/packs_2threads   stream/C/packs with set_threads(2) (detect --threads 2)
//   memory/long_run_stream    corpus only: a child process (this binary, with
//                             --long-run-child) streams the corpus file 4 times
//                             through one all-packs Detector; its own peak RSS
//                             after pass 1 and pass 4, heap in use and model state
//
// Verify, then measure (STYLE.md section 6): stream_parse checks its record count
// and, per field, how many records hold it and the summed length of the values
// against a whole-file DOM pass; every stream/ suite checks its alert count,
// alerts by rule, accepted and rejected records and a hash of the rendered alert
// NDJSON against a reference run of the same content on one thread (so the
// 2-thread run must be byte-identical), and that the reference read every record.
// Counters: items/s (events), bytes/s (file bytes), alerts, rejected,
// vs_stream_parse (events/s over stream_parse/C's in this run), vs_1thread
// (threaded suites), state_bytes_per_value and state_values (the model state the
// reference run left). Every suite here is wall time (the baseline too, so the
// ratios compare like with like), with a fresh Detector per iteration, like
// end_to_end/*; their CPU time is the whole process's (all threads), so on a
// busy machine `ci/bench-compare --cpu-time` still compares the work. The file is read through the page cache: after
// the first pass it is memory, for the baseline and the engine alike.

#include <fcntl.h>
#include <malloc.h>
#include <simdjson.h>
#include <sys/resource.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "bench_common.h"
#include "ingest/input_reader.h"
#include "load/content.h"
#include "models/value_interner.h"
#include "pipeline/detector.h"

namespace trailproof::bench {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// ---- the corpora -----------------------------------------------------------------

struct StreamCorpus {
    std::string name;
    std::string path;
};

const StreamCorpus& stream_corpus(const std::string& name) {
    static std::map<std::string, StreamCorpus> corpora;
    auto it = corpora.find(name);
    if (it == corpora.end()) {
        std::string path;
        if (name == "corpus") {
            path = corpus_path().string();
        } else {
            const char* given = std::getenv("TP_BENCH_ORG");
            path = given ? given : k_source_dir + "/fixtures/baseline/events.ndjson";
        }
        it = corpora.emplace(name, StreamCorpus{name, path}).first;
    }
    return it->second;
}

std::uint64_t file_size(const std::string& path) {
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    return ec ? 0 : static_cast<std::uint64_t>(size);
}

// ---- stream_parse ------------------------------------------------------------------

// The fields every engine indexes or keys on, read from each record. A record
// "holds" a field when its value is a string.
constexpr std::size_t k_fields = 11;
constexpr std::array<std::string_view, k_fields> k_field_paths = {
    "eventSource", "eventName", "eventTime",         "eventType",        "sourceIPAddress",       "userAgent",
    "awsRegion",   "errorCode", "userIdentity.type", "userIdentity.arn", "userIdentity.accountId"};
// The top-level fields come first, then userIdentity's.
constexpr std::size_t k_top_fields = 8, k_identity_fields = k_fields - k_top_fields;

struct ParseCounts {
    std::uint64_t records = 0; // non-blank lines
    std::uint64_t failed = 0;  // records simdjson refused
    std::array<std::uint64_t, k_fields> held{};
    std::uint64_t value_bytes = 0; // summed lengths of the values read: the result the loop must produce
    bool operator==(const ParseCounts&) const = default;
};

void hold(ParseCounts& counts, std::size_t field, std::string_view value) noexcept {
    ++counts.held[field];
    counts.value_bytes += value.size();
}

// Index of `key` among the names at [first, first + count) of k_field_paths
// (after `prefix`), or k_fields.
std::size_t field_index(std::string_view key, std::size_t first, std::size_t count, std::size_t prefix) noexcept {
    for (std::size_t i = first; i < first + count; ++i)
        if (k_field_paths[i].size() == prefix + key.size() && k_field_paths[i].substr(prefix) == key) return i;
    return k_fields;
}

constexpr std::string_view k_identity = "userIdentity";
constexpr std::size_t k_identity_prefix = k_identity.size() + 1;

// One forward pass over the record's keys (and userIdentity's), as an extraction
// plan compiled from every path a pack reads would walk it. `capacity` counts the
// readable bytes from line.data() on (at least line.size() + SIMDJSON_PADDING).
void read_fields_ondemand(simdjson::ondemand::parser& parser, std::string_view line, std::size_t capacity,
                          ParseCounts& counts) {
    simdjson::ondemand::document doc;
    simdjson::ondemand::object object;
    if (parser.iterate(line.data(), line.size(), capacity).get(doc) || doc.get_object().get(object)) {
        ++counts.failed;
        return;
    }
    for (auto field : object) {
        std::string_view key, value;
        if (field.unescaped_key().get(key)) {
            ++counts.failed;
            return;
        }
        if (key == k_identity) {
            simdjson::ondemand::object identity;
            if (field.value().get_object().get(identity)) continue; // not an object: none of its fields
            for (auto inner : identity) {
                if (inner.unescaped_key().get(key)) {
                    ++counts.failed;
                    return;
                }
                const std::size_t i = field_index(key, k_top_fields, k_identity_fields, k_identity_prefix);
                if (i != k_fields && !inner.value().get_string().get(value)) hold(counts, i, value);
            }
            continue;
        }
        const std::size_t i = field_index(key, 0, k_top_fields, 0);
        if (i != k_fields && !field.value().get_string().get(value)) hold(counts, i, value);
    }
}

// The same fields by DOM lookups (the whole record parsed into a tape first).
void read_fields_dom(simdjson::dom::parser& parser, std::string_view line, ParseCounts& counts) {
    simdjson::dom::element doc;
    if (parser.parse(line.data(), line.size(), false).get(doc)) {
        ++counts.failed;
        return;
    }
    std::string_view value;
    for (std::size_t i = 0; i < k_fields; ++i) {
        const std::string_view path = k_field_paths[i];
        const auto found = i < k_top_fields ? doc[path] : doc[k_identity][path.substr(k_identity_prefix)];
        if (!found.get(value)) hold(counts, i, value);
    }
}

// Reads `path` in chunk_bytes reads into one reused buffer and calls
// on_line(line, capacity) for every non-blank line (CR of a CRLF dropped), as
// ingest's line framer does: only the partial last line of a chunk is moved.
// `capacity` counts the readable bytes from line.data() on; the buffer always
// keeps SIMDJSON_PADDING bytes past its data. False when the file cannot be read.
template <class OnLine>
bool stream_lines(const std::string& path, std::vector<char>& buffer, OnLine&& on_line) {
    const std::size_t chunk = ingest::ReaderOptions{}.chunk_bytes;
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    std::size_t start = 0, size = 0; // the unread bytes are [start, size)
    for (bool eof = false; !eof;) {
        if (start > 0) { // (buffer.data() is null before the first resize)
            std::memmove(buffer.data(), buffer.data() + start, size - start);
            size -= start;
            start = 0;
        }
        if (buffer.size() < size + chunk + simdjson::SIMDJSON_PADDING)
            buffer.resize(size + chunk + simdjson::SIMDJSON_PADDING);
        const ssize_t got = ::read(fd, buffer.data() + size, chunk);
        if (got < 0) {
            if (errno == EINTR) continue;
            ::close(fd);
            return false;
        }
        eof = got == 0;
        size += static_cast<std::size_t>(got);
        const char* base = buffer.data();
        while (start < size) {
            const auto* newline = static_cast<const char*>(std::memchr(base + start, '\n', size - start));
            if (!newline && !eof) break; // a partial line: moved to the front, completed by the next read
            const std::size_t end = newline ? static_cast<std::size_t>(newline - base) : size;
            std::string_view line(base + start, end - start);
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            if (!line.empty()) on_line(line, buffer.size() - start);
            start = end + 1;
        }
        if (start > size) start = size;
    }
    ::close(fd);
    return true;
}

enum class ParseApi { OnDemand, Dom };

struct StreamParser {
    simdjson::ondemand::parser ondemand;
    simdjson::dom::parser dom;
    std::vector<char> buffer;
};

[[nodiscard]] bool stream_parse_pass(StreamParser& p, ParseApi api, const std::string& path, ParseCounts& counts) {
    counts = {};
    return stream_lines(path, p.buffer, [&](std::string_view line, std::size_t capacity) {
        ++counts.records;
        if (api == ParseApi::OnDemand)
            read_fields_ondemand(p.ondemand, line, capacity, counts);
        else
            read_fields_dom(p.dom, line, counts);
    });
}

// The reference counts of a corpus: the whole file in one padded string, split
// at newlines, DOM lookups; done once.
const ParseCounts& reference_counts(const StreamCorpus& corpus) {
    static std::map<std::string, ParseCounts> done;
    auto it = done.find(corpus.name);
    if (it != done.end()) return it->second;
    ParseCounts counts;
    simdjson::padded_string text;
    if (simdjson::padded_string::load(corpus.path).get(text))
        throw std::runtime_error("tp_bench_engine: cannot read " + corpus.path);
    simdjson::dom::parser parser;
    const std::string_view all(text);
    for (std::size_t pos = 0; pos < all.size();) {
        std::size_t end = all.find('\n', pos);
        if (end == std::string_view::npos) end = all.size();
        std::string_view line = all.substr(pos, end - pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (!line.empty()) {
            ++counts.records;
            read_fields_dom(parser, line, counts);
        }
        pos = end + 1;
    }
    return done.emplace(corpus.name, counts).first->second;
}

// stream_parse/C's events/s in this run (the On-Demand suite, the baseline).
std::map<std::string, double> g_stream_parse_rate;

double measure_stream_parse(const StreamCorpus& corpus, ParseCounts& counts) {
    StreamParser parser;
    double best = 0;
    for (int pass = 0; pass < 3; ++pass) {
        const auto start = Clock::now();
        if (!stream_parse_pass(parser, ParseApi::OnDemand, corpus.path, counts)) return 0;
        const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
        best = std::max(best, static_cast<double>(counts.records) / seconds);
    }
    return best;
}

// The baseline's rate for vs_stream_parse: this run's stream_parse/C, or, when a
// filter left that suite out, the best of three passes measured now.
double stream_parse_rate(const StreamCorpus& corpus) {
    auto it = g_stream_parse_rate.find(corpus.name);
    if (it != g_stream_parse_rate.end()) return it->second;
    ParseCounts counts;
    return g_stream_parse_rate[corpus.name] = measure_stream_parse(corpus, counts);
}

std::string describe(const ParseCounts& c) {
    std::ostringstream out;
    out << c.records << " records, " << c.failed << " failed, " << c.value_bytes << " value bytes;";
    for (std::size_t i = 0; i < k_fields; ++i) out << ' ' << k_field_paths[i] << '=' << c.held[i];
    return out.str();
}

void BM_stream_parse(benchmark::State& state, const std::string& corpus_name, ParseApi api) {
    const StreamCorpus& corpus = stream_corpus(corpus_name);
    const ParseCounts& reference = reference_counts(corpus);
    StreamParser parser;
    ParseCounts check;
    if (!stream_parse_pass(parser, api, corpus.path, check)) {
        state.SkipWithError(("stream_parse: cannot read " + corpus.path).c_str());
        return;
    }
    if (check != reference || check.failed != 0 || check.held[0] != check.records) {
        state.SkipWithError(("stream_parse/" + corpus_name + ": got " + describe(check) + "; the whole-file pass got " +
                             describe(reference))
                                .c_str());
        return;
    }
    const auto start = Clock::now();
    for (auto _ : state) {
        ParseCounts counts;
        const bool read = stream_parse_pass(parser, api, corpus.path, counts);
        std::uint64_t value_bytes = read ? counts.value_bytes : 0;
        benchmark::DoNotOptimize(value_bytes);
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    const double rate = static_cast<double>(reference.records) * static_cast<double>(state.iterations()) / seconds;
    if (api == ParseApi::OnDemand) g_stream_parse_rate[corpus_name] = rate;
    state.counters["alerts"] = 0;
    state.counters["rejected"] = static_cast<double>(reference.failed);
    set_rates(state, reference.records, file_size(corpus.path));
    const double baseline = stream_parse_rate(corpus);
    if (baseline > 0) state.counters["vs_stream_parse"] = rate / baseline;
}

// ---- stream/ : Detector over the file ------------------------------------------------

// Each suite's content, by the last part of its name.
std::string content_dir(const std::string& which) {
    if (which == "packs") return k_source_dir + "/content";
    if (which == "cim2") return k_source_dir + "/content/exabeam-cim2-aws-cloudtrail";
    if (which == "sekoia") return k_source_dir + "/content/sekoia-aws-cloudtrail";
    return k_source_dir + "/bench/" + which; // sigma1, sigma50
}

struct FileRun {
    pipeline::DetectSummary summary;
    std::uint64_t counted = 0;     // alerts seen by on_alert
    std::uint64_t alerts_hash = 0; // of the rendered alert NDJSON, when rendered
    models::StateStats stats;      // the model state the run left
};

// One run as detect does it: a fresh Detector, the file by path. With `render`,
// every alert is rendered as its NDJSON line and the whole output hashed.
FileRun detect_file(const std::shared_ptr<const load::Content>& content, const std::string& path, std::size_t threads,
                    bool render) {
    FileRun r;
    pipeline::Detector detector(content);
    detector.set_threads(threads);
    pipeline::DetectHooks hooks;
    std::string output;
    if (render)
        hooks.on_alert = [&](const alerts::Alert& a) {
            ++r.counted;
            output += alerts::render_alert_json(a);
            output += '\n';
        };
    else
        hooks.on_alert = [&r](const alerts::Alert&) { ++r.counted; };
    pipeline::DetectInputs inputs;
    inputs.paths.push_back(path);
    r.summary = detector.run(inputs, hooks);
    r.alerts_hash = render ? models::stable_hash(output) : 0;
    r.stats = detector.model_stats();
    return r;
}

// The one-thread run of `which` on the corpus, rendered: what every suite of
// that pair must reproduce.
const FileRun& file_reference(const StreamCorpus& corpus, const std::string& which) {
    static std::map<std::string, FileRun> runs;
    const std::string key = corpus.name + "/" + which;
    auto it = runs.find(key);
    if (it == runs.end()) it = runs.emplace(key, detect_file(content_at(content_dir(which)), corpus.path, 1, true)).first;
    return it->second;
}

// The reasons a checked run differs from the reference, or "" when it does not.
std::string differences(const FileRun& check, const FileRun& ref, std::uint64_t records) {
    std::ostringstream out;
    if (ref.summary.records_read != records)
        out << " the reference read " << ref.summary.records_read << " records of " << records << ";";
    if (ref.summary.records_read != ref.summary.events_accepted + ref.summary.records_rejected)
        out << " read != accepted + rejected;";
    if (ref.counted != ref.summary.alerts + ref.summary.signals)
        out << " on_alert saw " << ref.counted << " of " << ref.summary.alerts + ref.summary.signals << ";";
    if (check.counted != ref.counted) out << " " << check.counted << " alerts vs " << ref.counted << ";";
    if (check.summary.alerts_by_rule != ref.summary.alerts_by_rule) out << " alerts by rule differ;";
    if (check.alerts_hash != ref.alerts_hash) out << " the alert NDJSON differs;";
    if (check.summary.events_accepted != ref.summary.events_accepted ||
        check.summary.records_rejected != ref.summary.records_rejected)
        out << " accepted/rejected " << check.summary.events_accepted << '/' << check.summary.records_rejected
            << " vs " << ref.summary.events_accepted << '/' << ref.summary.records_rejected << ";";
    return out.str();
}

// stream/C/packs's events/s on one thread in this run, for vs_1thread.
std::map<std::string, double> g_stream_one_thread_rate;

void BM_stream_detect(benchmark::State& state, const std::string& corpus_name, const std::string& which,
                      std::size_t threads) {
    const StreamCorpus& corpus = stream_corpus(corpus_name);
    const auto& content = content_at(content_dir(which));
    const std::uint64_t records = reference_counts(corpus).records;
    const FileRun& ref = file_reference(corpus, which);
    const FileRun check = detect_file(content, corpus.path, threads, true);
    if (const std::string diff = differences(check, ref, records); !diff.empty()) {
        state.SkipWithError(("stream/" + corpus_name + "/" + which + ":" + diff).c_str());
        return;
    }
    const auto start = Clock::now();
    for (auto _ : state) {
        FileRun r = detect_file(content, corpus.path, threads, false);
        std::uint64_t alerts = r.counted;
        benchmark::DoNotOptimize(alerts);
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    const double rate = static_cast<double>(records) * static_cast<double>(state.iterations()) / seconds;
    set_rates(state, records, file_size(corpus.path));
    state.counters["alerts"] = static_cast<double>(ref.counted);
    state.counters["rejected"] = static_cast<double>(ref.summary.records_rejected);
    const double baseline = stream_parse_rate(corpus);
    if (baseline > 0) state.counters["vs_stream_parse"] = rate / baseline;
    state.counters["state_values"] = static_cast<double>(ref.stats.values);
    state.counters["state_bytes_per_value"] =
        ref.stats.values ? static_cast<double>(ref.stats.bytes) / static_cast<double>(ref.stats.values) : 0.0;
    const std::string key = corpus_name + "/" + which;
    if (threads == 1) g_stream_one_thread_rate[key] = rate;
    if (threads > 1 && g_stream_one_thread_rate.count(key)) state.counters["vs_1thread"] = rate / g_stream_one_thread_rate[key];
}

// ---- memory/long_run_stream ------------------------------------------------------------

constexpr int k_long_run_passes = 4;

double stream_peak_rss_mb() {
    struct rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1e3; // KiB on Linux
}

// The child reports "key value" lines; the parent reads them back.
std::map<std::string, double> read_report(FILE* in) {
    std::map<std::string, double> report;
    char line[256];
    while (std::fgets(line, sizeof line, in)) {
        std::istringstream fields(line);
        std::string key;
        double value = 0;
        if (fields >> key >> value) report[key] = value;
    }
    return report;
}

// Memory must not grow with the input apart from model state. The child holds
// nothing but the content, one Detector and ingest's chunk buffer, so its peak
// RSS is the engine's: after 4 passes over the corpus (4x the input, nothing
// new for the models to learn) it must be where it was after the first.
void BM_memory_long_run_stream(benchmark::State& state) {
    const StreamCorpus& corpus = stream_corpus("corpus");
    const FileRun& ref = file_reference(corpus, "packs");
    const std::uint64_t records = reference_counts(corpus).records;
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (ec) {
        state.SkipWithError("memory/long_run_stream: /proc/self/exe is unreadable");
        return;
    }
    const std::string command = "'" + self.string() + "' " + k_long_run_child_flag + " '" + content_dir("packs") +
                                "' '" + corpus.path + "' " + std::to_string(k_long_run_passes);
    std::map<std::string, double> report;
    for (auto _ : state) {
        FILE* child = ::popen(command.c_str(), "r");
        if (!child) {
            state.SkipWithError("memory/long_run_stream: cannot start the child process");
            return;
        }
        report = read_report(child);
        const int status = ::pclose(child);
        if (status != 0 || report.count("run_seconds") == 0) {
            state.SkipWithError(("memory/long_run_stream: the child failed (" + command + ")").c_str());
            return;
        }
        state.SetIterationTime(report["run_seconds"]);
    }
    if (report["alerts_pass1"] != static_cast<double>(ref.counted) ||
        report["records"] != static_cast<double>(records * k_long_run_passes)) {
        state.SkipWithError(("memory/long_run_stream: the child's first pass gave " +
                             std::to_string(report["alerts_pass1"]) + " alerts (reference " +
                             std::to_string(ref.counted) + ") over " + std::to_string(report["records"]) + " records")
                                .c_str());
        return;
    }
    for (const char* key : {"rss_MB_pass1", "rss_MB_pass4", "heap_MB_pass1", "heap_MB_pass4", "state_MB_pass1",
                            "state_MB_pass4", "state_bytes_per_value", "state_values"})
        state.counters[key] = report[key];
    state.counters["alerts"] = report["alerts_pass1"]; // of one pass, like the other suites
    state.counters["rejected"] = report["rejected"] / k_long_run_passes;
    state.counters["rss_growth_MB"] = report["rss_MB_pass4"] - report["rss_MB_pass1"];
    state.counters["other_growth_MB"] = (report["heap_MB_pass4"] - report["state_MB_pass4"]) -
                                        (report["heap_MB_pass1"] - report["state_MB_pass1"]);
    state.SetItemsProcessed(static_cast<std::int64_t>(records) * k_long_run_passes *
                            static_cast<std::int64_t>(state.iterations()));
    state.SetBytesProcessed(static_cast<std::int64_t>(file_size(corpus.path)) * k_long_run_passes *
                            static_cast<std::int64_t>(state.iterations()));
}

} // namespace

// argv: --long-run-child CONTENT_DIR FILE PASSES. Prints "key value" lines.
int long_run_child_main(int argc, char** argv) {
    if (argc != 5) {
        std::cerr << "usage: tp_bench_engine " << k_long_run_child_flag << " CONTENT_DIR FILE PASSES\n";
        return 2;
    }
    try {
        pipeline::Detector detector(content_at(argv[2]));
        pipeline::DetectInputs inputs;
        inputs.paths.emplace_back(argv[3]);
        const int passes = std::atoi(argv[4]);
        pipeline::DetectHooks hooks;
        std::uint64_t alerts = 0, records = 0, rejected = 0;
        hooks.on_alert = [&alerts](const alerts::Alert&) { ++alerts; };
        double run_seconds = 0;
        auto report_pass = [&](const char* pass) {
            const models::StateStats stats = detector.model_stats();
            std::printf("rss_MB_%s %.3f\nheap_MB_%s %.3f\nstate_MB_%s %.3f\n", pass, stream_peak_rss_mb(), pass,
                        static_cast<double>(mallinfo2().uordblks) / 1e6, pass, static_cast<double>(stats.bytes) / 1e6);
            std::printf("state_values %llu\nstate_bytes_per_value %.2f\n",
                        static_cast<unsigned long long>(stats.values),
                        stats.values ? static_cast<double>(stats.bytes) / static_cast<double>(stats.values) : 0.0);
        };
        for (int pass = 1; pass <= passes; ++pass) {
            const auto start = Clock::now();
            const pipeline::DetectSummary summary = detector.run(inputs, hooks);
            run_seconds += std::chrono::duration<double>(Clock::now() - start).count();
            records += summary.records_read;
            rejected += summary.records_rejected;
            if (pass == 1) {
                std::printf("alerts_pass1 %llu\n", static_cast<unsigned long long>(alerts));
                report_pass("pass1");
            }
        }
        report_pass("pass4");
        std::printf("records %llu\nrejected %llu\nrun_seconds %.6f\n", static_cast<unsigned long long>(records),
                    static_cast<unsigned long long>(rejected), run_seconds);
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "tp_bench_engine " << k_long_run_child_flag << ": " << e.what() << "\n";
        return 1;
    }
}

void register_stream_suites() {
    for (const std::string corpus : {"corpus", "org"}) {
        // Wall time like the stream/ suites it is the denominator of (it reads a file too).
        benchmark::RegisterBenchmark(("stream_parse/" + corpus).c_str(), BM_stream_parse, corpus, ParseApi::OnDemand)
            ->UseRealTime()
            ->MeasureProcessCPUTime()
            ->Unit(benchmark::kMillisecond);
        benchmark::RegisterBenchmark(("stream_parse/" + corpus + "/dom").c_str(), BM_stream_parse, corpus,
                                     ParseApi::Dom)
            ->UseRealTime()
            ->MeasureProcessCPUTime()
            ->Unit(benchmark::kMillisecond);
        for (const std::string which : {"packs", "cim2", "sekoia", "sigma1", "sigma50"})
            benchmark::RegisterBenchmark(("stream/" + corpus + "/" + which).c_str(), BM_stream_detect, corpus, which,
                                         std::size_t{1})
                ->UseRealTime()
                ->MeasureProcessCPUTime()
                ->Unit(benchmark::kMillisecond);
        benchmark::RegisterBenchmark(("stream/" + corpus + "/packs_2threads").c_str(), BM_stream_detect, corpus,
                                     std::string("packs"), std::size_t{2})
            ->UseRealTime()
            ->MeasureProcessCPUTime()
            ->Unit(benchmark::kMillisecond);
    }
    benchmark::RegisterBenchmark("memory/long_run_stream", BM_memory_long_run_stream)
        ->Iterations(1)
        ->UseManualTime()
        ->Unit(benchmark::kMillisecond);
}

} // namespace trailproof::bench
