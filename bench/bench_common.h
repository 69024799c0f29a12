#pragma once
// What every suite of tp_bench_engine shares: where the checkout is, the
// generated corpus, content loaded once per folder, and the counters that STYLE.md
// section 6 asks of every suite. Header-only: bench/CMakeLists.txt builds one
// executable per bench/*.cpp, and engine.cpp and stream.cpp make up tp_bench_engine.

#include <benchmark/benchmark.h>

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

#include "load/content.h"

#ifndef TRAILPROOF_SOURCE_DIR
#error "bench/CMakeLists.txt defines TRAILPROOF_SOURCE_DIR"
#endif

namespace trailproof::bench {

inline const std::string k_source_dir = TRAILPROOF_SOURCE_DIR;

inline std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    std::ostringstream out;
    out << in.rdbuf();
    return std::move(out).str();
}

// bench/make-corpus.py's NDJSON output: TP_BENCH_CORPUS=FILE names one, else the
// script is run once with --events ${TP_BENCH_EVENTS:-100000} and the result kept
// in bench/corpus/ (git-ignored; regenerated when the script is newer).
inline std::filesystem::path corpus_path() {
    namespace fs = std::filesystem;
    if (const char* given = std::getenv("TP_BENCH_CORPUS")) return given;
    const char* events_env = std::getenv("TP_BENCH_EVENTS");
    const std::string events = events_env ? events_env : "100000";
    const fs::path script = fs::path(k_source_dir) / "bench" / "make-corpus.py";
    const fs::path dir = fs::path(k_source_dir) / "bench" / "corpus";
    const fs::path out = dir / ("engine-" + events + ".ndjson");
    std::error_code ec;
    if (fs::exists(out, ec) && fs::last_write_time(out, ec) >= fs::last_write_time(script, ec)) return out;
    fs::create_directories(dir, ec);
    const fs::path tmp = dir / ("engine-" + events + ".ndjson.tmp");
    const std::string cmd = "python3 '" + script.string() + "' --events " + events + " --format ndjson --out '" +
                            tmp.string() + "'";
    std::cerr << "tp_bench_engine: generating the corpus: " << cmd << "\n";
    if (std::system(cmd.c_str()) != 0) throw std::runtime_error("corpus generation failed: " + cmd);
    fs::rename(tmp, out);
    return out;
}

// The content under `dir` (a pack, a folder of packs or a bare rules folder),
// loaded once and shared by every suite; a load error throws with the diagnostics.
inline const std::shared_ptr<const load::Content>& content_at(const std::string& dir) {
    static std::map<std::string, std::shared_ptr<const load::Content>> loaded;
    auto& slot = loaded[dir];
    if (!slot) {
        load::Loaded result = load::load({dir});
        if (!result.content)
            throw std::runtime_error("cannot load content " + dir + ":\n" + result.result.render_text());
        slot = result.content;
    }
    return slot;
}

// items/s and bytes/s over the suite's iterations (STYLE.md section 6).
inline void set_rates(benchmark::State& state, std::size_t events, std::size_t bytes) {
    const auto iterations = static_cast<std::int64_t>(state.iterations());
    state.SetItemsProcessed(static_cast<std::int64_t>(events) * iterations);
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes) * iterations);
}

// Registers the streaming suites (stream.cpp); called by main before the run,
// so they come after the in-memory suites engine.cpp registers statically.
void register_stream_suites();

// `tp_bench_engine --long-run-child ...`: the process memory/long_run_stream
// measures (stream.cpp); returns the exit code.
inline constexpr const char* k_long_run_child_flag = "--long-run-child";
int long_run_child_main(int argc, char** argv);

} // namespace trailproof::bench
