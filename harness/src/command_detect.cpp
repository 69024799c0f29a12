#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <thread>

#include <cxxopts.hpp>

#include "command_args.h"
#include "commands.h"
#include "content_flags.h"
#include "detect_report.h"
#include "ingest_flags.h"
#include "kafka_flags.h"
#include "pipeline/detector.h"
#include "pipeline/ndjson_output.h"
#include "pipeline/output_file.h"
#include "progress.h"
#include "version.h"

namespace trailproof::harness {

int command_detect(int argc, char** argv, std::ostream& out, std::ostream& err) {
    cxxopts::Options options("trailproof detect",
                             "Runs the content over CloudTrail logs and writes one NDJSON alert per hit.\n"
                             "INPUT is a file (.json Records file, NDJSON, CEF lines, gzip of any), a folder\n"
                             "(read recursively in sorted order) or - for stdin.");
    options.custom_help("--content DIR... [options]");
    options.positional_help("INPUT...");
    add_content_path_flag(options);
    options.add_options()
        ("o,out", "write alerts to FILE instead of stdout", cxxopts::value<std::string>(), "FILE")
        ("emit", "what to write: alerts (standalone alerts and notable sessions), signals (scored hits of "
                 "risk-based rules) or all",
         cxxopts::value<std::string>()->default_value("alerts"), "KINDS")
        ("dead-letter", "write rejected records (origin, code, reason) to FILE as NDJSON",
         cxxopts::value<std::string>(), "FILE")
        ("state", "load model and correlation state from FILE before the run (if it exists) and save it after",
         cxxopts::value<std::string>(), "FILE")
        ("json", "write the run report (counts, alerts by rule, notable sessions) to FILE as JSON",
         cxxopts::value<std::string>(), "FILE")
        ("threads", "parse, enrich and match on N threads, 0 = one per core (alerts are the same, in the same "
                    "order, for any N)",
         cxxopts::value<std::size_t>()->default_value("1"), "N")
        ("max-clock-skew", "events dated more than SECONDS after the wall clock at the start of the run feed no "
                           "correlation (their hits are counted as dropped 'future' ones); 0 = no limit",
         cxxopts::value<std::int64_t>()->default_value("86400"), "SECONDS")
        ("learn", "learning run: train models, user facts and sessions on every event and write nothing but "
                  "the state (needs --state)")
        ("learn-until", "train on the events before TIME (RFC 3339, e.g. 2026-03-23T00:00:00Z) or for a DURATION "
                        "from the first event (e.g. 14d, 2w, 36h), and judge the rest",
         cxxopts::value<std::string>(), "TIME|DURATION")
        ("format", "alert format: native (trailproof's NDJSON), ecs (Elastic Common Schema) or ocsf (OCSF "
                   "Detection Finding, class 2004)",
         cxxopts::value<std::string>()->default_value("native"), "FORMAT")
        ("detected-at", "the detection time written in every alert, ISO-8601 UTC (default: $TRAILPROOF_DETECTED_AT, "
                        "else the time the run starts)",
         cxxopts::value<std::string>(), "TIME")
        ("stats", "print events/s, bytes/s and the time split by stage on stderr")
        ("inputs", "input files", cxxopts::value<std::vector<std::string>>());
    add_common_flags(options, "no summary and no content warnings on stderr");
    add_content_flags(options);
    add_ingest_flags(options);
    add_kafka_flags(options);
    options.parse_positional({"inputs"});

    ReportFlagRewrite rewritten(argc, argv, "trailproof detect", err);
    if (rewritten.failed()) return k_exit_usage;
    cxxopts::ParseResult args;
    if (auto done = parse_command_line(options, rewritten.argc(), rewritten.argv(), out, err, args)) return *done;
    if (!args.count("content")) {
        err << "trailproof detect: --content is required\n";
        return k_exit_usage;
    }
    const bool kafka = args.count("kafka") > 0; // a consumer-group member (engine/kafka) instead of INPUT
    if (kafka) {
        if (const std::string usage = check_kafka_flags(args); !usage.empty()) {
            err << "trailproof detect: " << usage << "\n";
            return k_exit_usage;
        }
    } else if (!args.count("inputs")) {
        err << "trailproof detect: no INPUT given (use - for stdin)\n";
        return k_exit_usage;
    }

    std::size_t threads = args["threads"].as<std::size_t>();
    if (threads > 256) {
        err << "trailproof detect: --threads must be between 0 (one per core) and 256\n";
        return k_exit_usage;
    }
    if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
    constexpr std::int64_t k_max_skew_seconds = std::int64_t{100} * 366 * 86400;
    if (args["max-clock-skew"].as<std::int64_t>() < 0) {
        err << "trailproof detect: --max-clock-skew must be 0 (no limit) or a number of seconds\n";
        return k_exit_usage;
    }
    const auto emit = pipeline::parse_emit_kinds(args["emit"].as<std::string>());
    if (!emit) {
        err << "trailproof detect: --emit must be alerts, signals or all, not '" << args["emit"].as<std::string>()
            << "'\n";
        return k_exit_usage;
    }
    pipeline::LearnOptions learn;
    learn.all = args.count("learn") > 0;
    if (learn.all && !args.count("state")) {
        err << "trailproof detect: --learn needs --state FILE (the learned state is all it writes)\n";
        return k_exit_usage;
    }
    if (args.count("learn-until")) {
        if (learn.all) {
            err << "trailproof detect: --learn and --learn-until exclude each other\n";
            return k_exit_usage;
        }
        const std::string until = args["learn-until"].as<std::string>();
        if (!pipeline::parse_learn_until(until, learn)) {
            err << "trailproof detect: --learn-until must be an RFC 3339 time (2026-03-23T00:00:00Z) or a duration "
                   "(a positive integer and s, m, h, d, w, M or y), not '"
                << until << "'\n";
            return k_exit_usage;
        }
    }
    pipeline::AlertRenderOptions render;
    render.product_version = k_version;
    {
        const std::string format = args["format"].as<std::string>();
        const auto parsed = pipeline::parse_alert_format(format);
        if (!parsed) {
            err << "trailproof detect: --format: unknown format '" << format << "' (use native, ecs or ocsf)\n";
            return k_exit_usage;
        }
        render.format = *parsed;
        // One detection time per run: the output does not depend on when each
        // alert was written (threads), and a fixed one makes runs comparable.
        const char* env = std::getenv("TRAILPROOF_DETECTED_AT");
        std::string fixed = args.count("detected-at") ? args["detected-at"].as<std::string>() : (env ? env : "");
        const char* source = args.count("detected-at") ? "--detected-at" : "TRAILPROOF_DETECTED_AT";
        if (!fixed.empty()) {
            if (!pipeline::parse_detected_at(fixed, render.detected_at_ms)) {
                err << "trailproof detect: " << source << ": '" << fixed
                    << "' is not an ISO-8601 time (2024-03-01T10:00:00Z)\n";
                return k_exit_usage;
            }
        } else {
            render.detected_at_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count();
        }
    }
    ingest::ReaderOptions reader_options;
    if (auto error = ingest_options(args, reader_options)) {
        err << "trailproof detect: " << *error << "\n";
        return k_exit_usage;
    }

    load::LoadOptions lo;
    if (auto error = load_options(args, lo)) {
        err << "trailproof detect: " << *error << "\n";
        return k_exit_usage;
    }
    load::Loaded loaded = load::load(args["content"].as<std::vector<std::string>>(), lo);
    if (!print_load_result(loaded.result, args, err)) return k_exit_usage;

    // Every output is checked at each flush and at close. Files appear complete
    // or not at all: they are renamed into place only when the whole run was
    // written (pipeline/output_file.h).
    pipeline::OutputFile alerts_output, dead_letter_output, report_output;
    struct Named {
        pipeline::OutputFile* file;
        std::string flag; // "--out", or "" for stdout
        std::string path;
        bool append = false;
    };
    std::vector<Named> outputs;
    const bool to_stdout = !args.count("out") && !args.count("alerts-topic");
    if (args.count("out")) outputs.push_back({&alerts_output, "--out", args["out"].as<std::string>()});
    else if (to_stdout) alerts_output.attach(out);
    // --kafka appends dead letters: a member runs until stopped, restarts, or is
    // killed, and the dead letters of every committed offset must stay on disk
    // (flushed before each commit), not in a file renamed into place at the end.
    if (args.count("dead-letter"))
        outputs.push_back({&dead_letter_output, "--dead-letter", args["dead-letter"].as<std::string>(), kafka});
    if (args.count("json")) outputs.push_back({&report_output, "--json", args["json"].as<std::string>()});
    for (const Named& o : outputs)
        if (!(o.append ? o.file->open_append(o.path) : o.file->open(o.path))) {
            err << "trailproof detect: " << o.flag << ": cannot write " << o.path << ": " << o.file->reason() << "\n";
            return k_exit_usage;
        }
    if (to_stdout) outputs.insert(outputs.begin(), Named{&alerts_output, "", "stdout"});

    pipeline::DetectInputs inputs;
    if (!kafka) inputs.paths = args["inputs"].as<std::vector<std::string>>();
    pipeline::DetectOutputs run;
    if (!args.count("alerts-topic")) run.alerts = &alerts_output.stream();
    run.emit = *emit;
    run.render = render;
    if (args.count("dead-letter")) run.dead_letter = &dead_letter_output.stream();
    // The same setup for the one detector of a file run and for each partition's detector of --kafka.
    std::optional<std::int64_t> max_event_ms;
    if (const std::int64_t skew = args["max-clock-skew"].as<std::int64_t>(); skew > 0) {
        const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::system_clock::now().time_since_epoch())
                                .count();
        max_event_ms = now_ms + std::min<std::int64_t>(skew, k_max_skew_seconds) * 1000;
    }
    const auto configure = [&](pipeline::Detector& d) {
        d.set_threads(threads);
        if (max_event_ms) d.set_max_event_time(max_event_ms);
        d.enable_stats(args.count("stats") > 0);
        d.set_learning(learn);
        d.set_reader_options(reader_options);
    };
    pipeline::Detector detector(loaded.content);
    configure(detector);
    const std::string state_path = args.count("state") ? args["state"].as<std::string>() : "";
    if (!state_path.empty()) {
        state::StateResult loaded_state = detector.load_state(state_path);
        for (const auto& note : loaded_state.notes) err << "trailproof detect: --state: " << note << "\n";
        if (!loaded_state.ok() && loaded_state.code != state::StateCode::Missing) {
            err << "trailproof detect: --state: " << loaded_state.message << "\n";
            return k_exit_usage;
        }
    }
    pipeline::DetectHooks hooks = pipeline::ndjson_hooks(run);
    std::string notable_json; // for the run report
    hooks.on_notable = [&, write = hooks.on_notable](const std::string& pack, const models::NotableSession& n) {
        if (write) write(pack, n);
        notable_json += (notable_json.empty() ? "" : ",") + pipeline::render_notable_session(pack, n);
    };
    // An input that cannot be read says why on stderr, not only as a count.
    hooks.on_reject = [&, write = hooks.on_reject](const Reject& r, const SourceTable& sources) {
        if (write) write(r, sources);
        if (r.code != RejectCode::Unreadable) return;
        const std::string origin = render_origin(r.origin, sources);
        const bool named = r.detail.rfind(origin + ": ", 0) == 0; // the detail often starts with the path
        err << "trailproof detect: cannot read " << (named ? r.detail : origin + ": " + r.detail) << "\n";
    };
    ProgressLine progress(err, stderr_is_terminal());
    ProgressSnapshot snapshot;
    snapshot.total_bytes = plain_input_size(inputs.paths);
    const std::uint64_t started = pipeline::steady_now_ns();
    hooks.on_batch = [&](const pipeline::DetectSummary& so_far) {
        const std::uint64_t now = pipeline::steady_now_ns();
        snapshot.done = so_far.records_read;
        snapshot.bytes = so_far.bytes_read;
        snapshot.elapsed_seconds = static_cast<double>(now - started) / 1e9;
        progress.update(snapshot, now);
    };
    pipeline::DetectSummary summary;
    if (kafka) {
        KafkaRun kafka_run{loaded.content, configure, hooks, run.alerts, run.dead_letter, run.render, run.emit};
        if (!run_kafka(args, kafka_run, summary, err)) {
            // What was checkpointed is on disk and committed; outputs are kept as written.
            for (const Named& o : outputs) (void)o.file->close();
            return k_exit_usage;
        }
    } else {
        summary = detector.run(inputs, hooks);
    }
    progress.finish();
    if (args.count("json")) report_output.stream() << render_run_report(summary, notable_json);

    // All or nothing: when one output failed, no file is renamed into place and
    // the state is not saved, so the run can simply be repeated; the summary is
    // not printed, since it would count alerts that were not written.
    bool written = true;
    for (const Named& o : outputs) {
        o.file->stream().flush();
        if (o.file->failed()) written = false;
    }
    for (const Named& o : outputs) {
        if (written && o.file->close()) continue;
        o.file->discard();
        written = false;
        if (!o.file->failed()) continue;
        if (o.flag.empty()) err << "trailproof detect: cannot write alerts to stdout: " << o.file->reason() << "\n";
        else err << "trailproof detect: " << o.flag << ": cannot write " << o.path << ": " << o.file->reason() << "\n";
    }
    if (!written) {
        err << "trailproof detect: output incomplete (" << summary.alerts << " alerts, " << summary.signals
            << " signals, " << summary.notable_sessions << " notable sessions, " << summary.records_rejected
            << " rejects found); no output file was replaced and the state was not saved\n";
        return k_exit_usage;
    }
    if (!state_path.empty()) {
        state::StateResult saved = detector.save_state(state_path);
        for (const auto& note : saved.notes) err << "trailproof detect: --state: " << note << "\n";
        if (!saved.ok()) {
            err << "trailproof detect: --state: " << saved.message << "\n";
            return k_exit_usage;
        }
    }
    if (!args.count("quiet")) err << render_summary(summary);
    if (args.count("stats")) err << render_stats(summary);
    // An input that could not be read at all is a usage-level failure.
    if (summary.rejects_by_code.count("ingest.unreadable")) return k_exit_usage;
    return k_exit_ok;
}

} // namespace trailproof::harness
