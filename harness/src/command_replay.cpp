#include <filesystem>
#include <fstream>
#include <string_view>

#include <cxxopts.hpp>

#include "core/diagnostic_builder.h"
#include "command_args.h"
#include "commands.h"
#include "content_flags.h"
#include "changed_scenarios.h"
#include "pipeline/run_summary.h"
#include "progress.h"
#include "replay.h"
#include "replay_html.h"
#include "replay_report.h"
#include "validate.h"
#include "validate_tables.h"
#include "load/files.h"
#include "yaml/yaml_decoder.h"
#include "yaml/yaml_tree.h"

namespace trailproof::harness {

namespace {

constexpr std::string_view k_program = "trailproof replay";

// FIXTURES/replay.yml names the run-time inputs the fixtures were written for
// (a test geo-IP database, context tables), relative to FIXTURES, so a replay
// needs no extra flags. Command-line flags win.
LoadResult read_replay_settings(const std::string& fixtures_dir, load::LoadOptions& options) {
    LoadResult result;
    const std::filesystem::path dir(fixtures_dir);
    const std::filesystem::path file = dir / "replay.yml";
    if (!std::filesystem::exists(file)) return result;
    std::string text;
    if (!load::read_file(file.string(), text)) {
        result.add(diagnostic_at(codes::load_unreadable, "cannot read replay.yml", file.string()));
        return result;
    }
    yaml::DiagnosticSink sink(result, file.string(), text, "");
    const yaml::YamlReadResult parsed = yaml::read_yaml_documents(text);
    if (parsed.failed) {
        sink.error(codes::load_yaml_parse, parsed.error, parsed.error_pos);
        return result;
    }
    if (parsed.documents.empty() || parsed.documents.front().root.kind == yaml::YamlKind::Null) return result;
    const yaml::YamlNode& root = parsed.documents.front().root;
    yaml::YamlDecoder decoder(sink);
    if (root.kind != yaml::YamlKind::Map) {
        sink.error(codes::load_wrong_type, "replay.yml must be a mapping, found " + decoder.found(root), root.pos);
        return result;
    }
    decoder.check_duplicate_keys(root);
    std::string path;
    if (options.enrich.geoip_country.empty() && decoder.read_string(root, "geoip_country", path, false))
        options.enrich.geoip_country = (dir / path).string();
    if (options.enrich.geoip_asn.empty() && decoder.read_string(root, "geoip_asn", path, false))
        options.enrich.geoip_asn = (dir / path).string();
    std::vector<std::string> context;
    if (decoder.read_string_list(root, "context", context, true))
        for (const auto& c : context) options.context_dirs.push_back((dir / c).string());
    for (const auto& e : root.entries)
        if (e.key.text != "geoip_country" && e.key.text != "geoip_asn" && e.key.text != "context")
            sink.warning(codes::load_unknown_key, "unknown key '" + e.key.text + "' in replay.yml", e.key.pos);
    return result;
}

std::string did_you_mean_among(const std::string& unknown, const std::vector<std::string>& known) {
    return did_you_mean_id(unknown, std::vector<std::string_view>(known.begin(), known.end()));
}

// True when some pack loaded from `path` has a rule, model or parser.
bool path_has_content(const load::Content& content, const std::string& path) {
    const std::string dir = normal_path(path);
    for (const auto& pack : content.packs) {
        const std::string pack_dir = normal_path(pack->info.dir);
        const bool below = pack_dir == dir || (pack_dir.size() > dir.size() && pack_dir.compare(0, dir.size(), dir) == 0 &&
                                               pack_dir[dir.size()] == '/');
        if (below && (pack->rules.size() || pack->models.size() || !pack->info.parser_names.empty())) return true;
    }
    return false;
}

// The folder holding the ATT&CK and AWS tables for CONTENT: CONTENT itself when
// it is a folder of packs with attack/ beside them (content/), else its parent
// (content/sample).
std::string tables_root(const std::string& content_dir) {
    const std::filesystem::path dir(content_dir);
    if (std::filesystem::exists(dir / "attack")) return dir.string();
    const std::filesystem::path parent = dir.lexically_normal().parent_path();
    return parent.empty() ? std::string(".") : parent.string();
}

// The --html page: the run, with validate's documented vs derived counts and
// the ATT&CK names of the same content.
std::string render_html(const std::vector<PackReplay>& result, const std::string& content_dir) {
    const std::string root = tables_root(content_dir);
    ValidateOptions vo;
    vo.attack_dir = root + "/attack";
    vo.aws_dir = root + "/aws";
    const ValidateReport validated = validate_packs({content_dir}, vo);
    AttackTables attack;
    const bool have_attack = attack.read(vo.attack_dir).errors().empty();
    HtmlReportInputs in;
    in.packs = &result;
    in.validated = &validated;
    if (validated.unreadable)
        in.counts_note = "Documented vs derived counts need the ATT&CK and AWS tables (attack/ and aws/ beside the "
                         "packs); they could not be read.";
    in.attack = have_attack ? &attack : nullptr;
    return render_replay_html(in);
}

} // namespace

int command_replay(int argc, char** argv, std::ostream& out, std::ostream& err) {
    cxxopts::Options options("trailproof replay",
                             "Runs every fixture scenario on a fresh engine and asserts the expected alerts,\n"
                             "MITRE ids, entities, parsed fields and counts; then checks that every rule and\n"
                             "parser of each pack has passing positive and negative scenarios.\n"
                             "CONTENT defaults to content/, FIXTURES to fixtures/. A filter that selects\n"
                             "nothing is a usage error (exit 2).");
    options.custom_help("[options]");
    options.positional_help("[CONTENT] [FIXTURES]");
    options.add_options()
        ("pack", "replay only this pack (repeatable)", cxxopts::value<std::vector<std::string>>(), "ID")
        ("rule", "replay only the scenarios that cover or expect this rule (repeatable)",
         cxxopts::value<std::vector<std::string>>(), "ID")
        ("changed", "replay only the scenarios affected by what changed since git revision REV",
         cxxopts::value<std::string>(), "REV")
        ("json", "write the JSON report to FILE", cxxopts::value<std::string>(), "FILE")
        ("junit", "write JUnit XML (one testcase per scenario) to FILE", cxxopts::value<std::string>(), "FILE")
        ("navigator", "write an ATT&CK Navigator layer of the proven techniques to FILE",
         cxxopts::value<std::string>(), "FILE")
        ("html", "write a self-contained HTML page of the run to FILE: documented vs derived counts per pack, "
                 "the ATT&CK matrix of proven techniques, each rule's status and fixtures",
         cxxopts::value<std::string>(), "FILE")
        ("mutate", "disable each rule and rerun its positive scenarios; a scenario that still passes fails")
        ("paths", "content and fixture folders", cxxopts::value<std::vector<std::string>>());
    add_common_flags(options, "print no content warnings");
    add_content_flags(options);
    options.parse_positional({"paths"});

    ReportFlagRewrite rewritten(argc, argv, "trailproof replay", err);
    if (rewritten.failed()) return k_exit_usage;
    cxxopts::ParseResult args;
    if (auto done = parse_command_line(options, rewritten.argc(), rewritten.argv(), out, err, args)) return *done;
    std::vector<std::string> paths;
    if (args.count("paths")) paths = args["paths"].as<std::vector<std::string>>();
    if (paths.size() > 2) {
        err << "trailproof replay: expected at most CONTENT and FIXTURES, got " << paths.size() << " paths\n";
        return k_exit_usage;
    }
    const std::string content_dir = paths.size() > 0 ? paths[0] : "content";
    const std::string fixtures_dir = paths.size() > 1 ? paths[1] : "fixtures";

    load::LoadOptions options_from_flags;
    if (auto error = load_options(args, options_from_flags)) {
        err << "trailproof replay: " << *error << "\n";
        return k_exit_usage;
    }
    LoadResult loaded = read_replay_settings(fixtures_dir, options_from_flags);
    load::Loaded content = load::load({content_dir}, options_from_flags);
    loaded.merge(content.result);
    std::vector<Scenario> scenarios;
    loaded.merge(read_scenarios(fixtures_dir, scenarios));
    // A filter that matches nothing is a usage error: CI must not turn green on a run of nothing.
    if (content.content && !path_has_content(*content.content, content_dir)) {
        err << "trailproof replay: CONTENT: no rule, model or parser in " << content_dir << "\n";
        return k_exit_usage;
    }
    if (content.content) loaded.merge(check_references(*content.content, scenarios));
    // Warnings are printed whatever the outcome: a misspelled key in a fixture is
    // an unknown-key warning here, not only "unexpected 1 alert" below.
    if (!print_load_result(loaded, args, err)) return k_exit_usage;

    if (scenarios.empty()) {
        err << "trailproof replay: FIXTURES: no scenario in " << fixtures_dir << "\n";
        return k_exit_usage;
    }
    ReplayOptions ro;
    if (args.count("pack")) ro.only_packs = args["pack"].as<std::vector<std::string>>();
    if (args.count("rule")) ro.only_rules = args["rule"].as<std::vector<std::string>>();
    ro.mutate = args.count("mutate") > 0;
    std::vector<std::string> pack_ids;
    for (const auto& p : content.packs) pack_ids.push_back(p.id);
    for (const auto& id : ro.only_packs) {
        if (std::find(pack_ids.begin(), pack_ids.end(), id) == pack_ids.end()) {
            err << "trailproof replay: --pack: no pack '" << id << "' in " << content_dir << did_you_mean_among(id, pack_ids)
                << "\n";
            return k_exit_usage;
        }
        if (std::none_of(scenarios.begin(), scenarios.end(), [&](const Scenario& s) { return s.pack == id; })) {
            err << "trailproof replay: --pack: pack '" << id << "' has no scenario in " << fixtures_dir << "\n";
            return k_exit_usage;
        }
    }
    auto selected_pack = [&](const std::string& id) {
        return ro.only_packs.empty() || std::find(ro.only_packs.begin(), ro.only_packs.end(), id) != ro.only_packs.end();
    };
    for (const auto& id : ro.only_rules) {
        std::vector<std::string> rule_ids;
        for (const auto& pack : content.content->packs)
            if (selected_pack(pack->info.id)) {
                for (const auto& source : pack->alert_sources) rule_ids.push_back(source.id);
                for (const auto& source : pack->correlation_sources) rule_ids.push_back(source.id);
            }
        if (std::find(rule_ids.begin(), rule_ids.end(), id) == rule_ids.end()) {
            err << "trailproof replay: --rule: no rule '" << id << "' in "
                << (ro.only_packs.empty() ? content_dir : "the packs selected") << did_you_mean_among(id, rule_ids) << "\n";
            return k_exit_usage;
        }
        const bool covered = std::any_of(scenarios.begin(), scenarios.end(), [&](const Scenario& s) {
            if (!selected_pack(s.pack)) return false;
            return std::any_of(s.references.begin(), s.references.end(),
                               [&](const Reference& r) { return r.kind == "rule" && r.id == id; });
        });
        if (!covered) {
            err << "trailproof replay: --rule: no scenario covers or expects rule '" << id << "' in " << fixtures_dir
                << "\n";
            return k_exit_usage;
        }
    }
    std::set<std::pair<std::string, int>> affected;
    if (args.count("changed")) {
        const std::string rev = args["changed"].as<std::string>();
        const ChangedFiles changed = git_changed_files(content_dir, rev);
        if (!changed.ok) {
            err << "trailproof replay: --changed: " << changed.error << "\n";
            return k_exit_usage;
        }
        affected = affected_scenarios(*content.content, scenarios, changed.files, fixtures_dir);
        // Nothing to rerun is an answer, not a filter that matched nothing.
        if (affected.empty()) {
            out << "nothing changed since " << rev << " that a scenario depends on (" << changed.files.size()
                << " file" << (changed.files.size() == 1 ? "" : "s") << " changed)\n";
            return k_exit_ok;
        }
        ro.only_scenarios = &affected;
    }
    ProgressLine progress(err, stderr_is_terminal());
    ProgressSnapshot snapshot;
    snapshot.unit = "scenario runs";
    const std::uint64_t started = pipeline::steady_now_ns();
    ro.on_scenario = [&](std::size_t runs) {
        const std::uint64_t now = pipeline::steady_now_ns();
        snapshot.done = runs;
        snapshot.elapsed_seconds = static_cast<double>(now - started) / 1e9;
        progress.update(snapshot, now);
    };
    std::vector<PackReplay> result = replay(content.content, scenarios, ro);
    progress.finish();
    std::size_t ran = 0;
    for (const auto& p : result) ran += p.scenarios.size();
    if (ran == 0) {
        if (args.count("changed")) {
            out << "nothing changed since " << args["changed"].as<std::string>()
                << " that a scenario of the packs selected depends on\n";
            return k_exit_ok;
        }
        err << "trailproof replay: the filters together select no scenario (--pack and --rule name different packs)\n";
        return k_exit_usage;
    }

    out << render_replay_table(result);
    if (args.count("json") && !write_report(args["json"].as<std::string>(), render_replay_json(result), k_program, "--json", err))
        return k_exit_usage;
    if (args.count("junit") && !write_report(args["junit"].as<std::string>(), render_replay_junit(result), k_program, "--junit", err))
        return k_exit_usage;
    if (args.count("navigator") &&
        !write_report(args["navigator"].as<std::string>(), render_navigator_layer(result), k_program, "--navigator",
                      err))
        return k_exit_usage;
    if (args.count("html") &&
        !write_report(args["html"].as<std::string>(), render_html(result, content_dir), k_program, "--html", err))
        return k_exit_usage;
    bool ok = std::all_of(result.begin(), result.end(), [](const PackReplay& p) { return p.ok(); });
    return ok ? k_exit_ok : k_exit_failed;
}

} // namespace trailproof::harness
