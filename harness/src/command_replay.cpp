#include <filesystem>
#include <fstream>
#include <string_view>

#include <cxxopts.hpp>

#include "core/diagnostic_builder.h"
#include "command_args.h"
#include "commands.h"
#include "content_flags.h"
#include "replay.h"
#include "replay_report.h"
#include "load/files.h"
#include "yaml/yaml_decoder.h"
#include "yaml/yaml_tree.h"

namespace trailproof::harness {

namespace {

bool write_file(const std::string& path, const std::string& text, std::ostream& err, std::string_view flag) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    if (!out) {
        err << "trailproof replay: " << flag << ": cannot write " << path << "\n";
        return false;
    }
    return true;
}

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

} // namespace

int command_replay(int argc, char** argv, std::ostream& out, std::ostream& err) {
    cxxopts::Options options("trailproof replay",
                             "Runs every fixture scenario on a fresh engine and asserts the expected alerts,\n"
                             "MITRE ids, entities, parsed fields and counts; then checks that every rule and\n"
                             "parser of each pack has passing positive and negative scenarios.\n"
                             "CONTENT defaults to content/, FIXTURES to fixtures/.");
    options.custom_help("[options]");
    options.positional_help("[CONTENT] [FIXTURES]");
    options.add_options()
        ("pack", "replay only this pack", cxxopts::value<std::string>())
        ("rule", "replay only the scenarios of this rule id", cxxopts::value<std::string>())
        ("report", "'--report json FILE': write the JSON report to FILE", cxxopts::value<std::string>())
        ("junit", "write JUnit XML (one testcase per scenario) to FILE", cxxopts::value<std::string>())
        ("navigator", "write an ATT&CK Navigator layer of the proven techniques to FILE",
         cxxopts::value<std::string>())
        ("mutate", "disable each rule and rerun its positive scenarios; a scenario that still passes fails")
        ("h,help", "print this help")
        ("paths", "content and fixture folders", cxxopts::value<std::vector<std::string>>());
    add_content_flags(options);
    options.parse_positional({"paths"});

    // `--report json FILE` is two words; fold the format word into the flag.
    std::vector<char*> args_v(argv, argv + argc);
    std::string report_format;
    for (std::size_t i = 0; i + 1 < args_v.size(); ++i)
        if (std::string_view(args_v[i]) == "--report") {
            report_format = args_v[i + 1];
            args_v.erase(args_v.begin() + static_cast<std::ptrdiff_t>(i) + 1);
            break;
        }
    if (!report_format.empty() && report_format != "json") {
        err << "trailproof replay: --report: unknown format '" << report_format << "' (use: --report json FILE)\n";
        return k_exit_usage;
    }

    cxxopts::ParseResult args;
    if (auto done = parse_command_line(options, static_cast<int>(args_v.size()), args_v.data(), out, err, args))
        return *done;
    std::vector<std::string> paths;
    if (args.count("paths")) paths = args["paths"].as<std::vector<std::string>>();
    if (paths.size() > 2) {
        err << "trailproof replay: expected at most CONTENT and FIXTURES, got " << paths.size() << " paths\n";
        return k_exit_usage;
    }
    const std::string content_dir = paths.size() > 0 ? paths[0] : "content";
    const std::string fixtures_dir = paths.size() > 1 ? paths[1] : "fixtures";

    load::LoadOptions options_from_flags = load_options(args);
    LoadResult loaded = read_replay_settings(fixtures_dir, options_from_flags);
    load::Loaded content = load::load({content_dir}, options_from_flags);
    loaded.merge(content.result);
    std::vector<Scenario> scenarios;
    loaded.merge(read_scenarios(fixtures_dir, scenarios));
    if (!loaded.successful()) {
        err << loaded.render_text();
        return k_exit_usage;
    }

    ReplayOptions ro;
    if (args.count("pack")) ro.only_pack = args["pack"].as<std::string>();
    if (args.count("rule")) ro.only_rule = args["rule"].as<std::string>();
    ro.mutate = args.count("mutate") > 0;
    if (!ro.only_pack.empty() &&
        std::none_of(content.packs.begin(), content.packs.end(),
                     [&](const load::PackInfo& p) { return p.id == ro.only_pack; })) {
        err << "trailproof replay: --pack: no pack '" << ro.only_pack << "' in " << content_dir << "\n";
        return k_exit_usage;
    }
    std::vector<PackReplay> result = replay(content.content, scenarios, ro);

    out << render_replay_table(result);
    if (args.count("report") && !write_file(args["report"].as<std::string>(), render_replay_json(result), err, "--report"))
        return k_exit_usage;
    if (args.count("junit") && !write_file(args["junit"].as<std::string>(), render_replay_junit(result), err, "--junit"))
        return k_exit_usage;
    if (args.count("navigator") &&
        !write_file(args["navigator"].as<std::string>(), render_navigator_layer(result), err, "--navigator"))
        return k_exit_usage;
    bool ok = std::all_of(result.begin(), result.end(), [](const PackReplay& p) { return p.ok(); });
    return ok ? k_exit_ok : k_exit_failed;
}

} // namespace trailproof::harness
