// tp_bench_content: loading and validating a large pack. 10,000 generated rules
// in one file, each with findings (an unknown field, a wrong eventName, an
// unknown technique, a dangling model reference), the shape that made validate
// quadratic (a snippet scanned the file from its start for every finding; a
// "did you mean" scanned every AWS name for every repeated wrong name).
//
// load/10k_rules times load::load (what detect and validate both do first);
// validate/10k_rules times the `trailproof validate` binary as a user runs it
// (benches link the engine, never the harness, so the harness runs as a process).
// Both check their result before timing.
#include <benchmark/benchmark.h>

#include <stdlib.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "load/content.h"

namespace fs = std::filesystem;
using namespace trailproof;

namespace {

constexpr int k_rules = 10'000;

// The generated pack, written once per process.
const fs::path& pack_dir() {
    static const fs::path dir = [] {
        std::string templ = (fs::temp_directory_path() / "tp-bench-content-XXXXXX").string();
        fs::path root = ::mkdtemp(templ.data());
        fs::create_directories(root / "big" / "rules");
        std::ofstream(root / "big" / "pack.yml") << "id: big\ntitle: Generated pack\n";
        std::ofstream rules(root / "big" / "rules" / "rules.yml");
        for (int i = 0; i < k_rules; ++i) {
            char id[40];
            std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", i + 1);
            rules << (i ? "---\n" : "") << "title: Generated rule " << i << "\nid: " << id << "\nname: rule_" << i
                  << "\nstatus: test\ndescription: rule " << i
                  << "\nlogsource:\n  product: aws\n  service: cloudtrail\ndetection:\n  selection:\n"
                     "    eventSource: ec2.amazonaws.com\n    eventName: CreateVPC"
                  << i % 50 << "\n    userIdentity.userNme: user" << i
                  << "\n  condition: selection\nmodel: {ref: NOPE-" << i
                  << ", trigger: first_time}\ntags:\n  - attack.t1078\n  - attack.t9" << (100 + i % 900)
                  << "\nlevel: low\n";
        }
        return root / "big";
    }();
    return dir;
}

void load_10k_rules(benchmark::State& state) {
    const std::vector<std::string> paths = {pack_dir().string()};
    load::Loaded check = load::load(paths);
    // The dangling model references are load errors: one per rule.
    if (check.result.errors().size() != static_cast<std::size_t>(k_rules)) {
        state.SkipWithError(("expected 10000 load errors, got " + std::to_string(check.result.errors().size())).c_str());
        return;
    }
    for (auto _ : state) {
        load::Loaded loaded = load::load(paths);
        std::size_t errors = loaded.result.errors().size();
        benchmark::DoNotOptimize(errors);
    }
    state.SetItemsProcessed(state.iterations() * k_rules);
    state.counters["rules"] = k_rules;
}
BENCHMARK(load_10k_rules)->Name("load/10k_rules")->Unit(benchmark::kMillisecond);

int run_validate() {
    const std::string root = TRAILPROOF_SOURCE_DIR;
    const std::string cmd = "'" + std::string(TRAILPROOF_CLI) + "' validate --attack '" + root +
                            "/content/attack' --aws '" + root + "/content/aws' '" + pack_dir().string() +
                            "' > '" + (pack_dir().parent_path() / "validate.txt").string() + "' 2>&1";
    const int status = std::system(cmd.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void validate_10k_rules(benchmark::State& state) {
    if (run_validate() != 1) {
        state.SkipWithError("validate did not exit 1 (findings) on the generated pack");
        return;
    }
    std::ifstream report(pack_dir().parent_path() / "validate.txt");
    const std::string text((std::istreambuf_iterator<char>(report)), std::istreambuf_iterator<char>());
    if (text.find("validate: 1 pack, 30000 errors, 0 warnings") == std::string::npos) {
        state.SkipWithError("validate did not report the 30000 expected findings");
        return;
    }
    for (auto _ : state) {
        int code = run_validate();
        benchmark::DoNotOptimize(code);
    }
    state.SetItemsProcessed(state.iterations() * k_rules);
    state.counters["rules"] = k_rules;
}
BENCHMARK(validate_10k_rules)->Name("validate/10k_rules")->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

} // namespace

BENCHMARK_MAIN();
