#include <fstream>
#include <ostream>
#include <string>
#include <vector>

#include <cxxopts.hpp>

#include "command_args.h"
#include "commands.h"
#include "content_flags.h"
#include "data_dir.h"
#include "validate.h"
#include "validate_report.h"

namespace trailproof::harness {

int command_validate(int argc, char** argv, std::ostream& out, std::ostream& err) {
    cxxopts::Options options("trailproof validate",
                             "Checks content packs: schema and compile errors, ATT&CK ids and names, model\n"
                             "references, activity types, fields CloudTrail can carry, fields no parser\n"
                             "produces, real eventSource/eventName values, and the documented inventory and\n"
                             "counts. Every finding of every pack is reported in one run. PACK is a pack\n"
                             "folder, a folder of packs, a pack.yml or a rule file (validated with its pack,\n"
                             "found from its location; only its findings are shown); arguments holding no\n"
                             "pack (a README, content/attack) are skipped.");
    options.custom_help("[options]");
    options.positional_help("PACK...");
    options.add_options()
        ("json", "also write the findings and counts as JSON to FILE", cxxopts::value<std::string>(), "FILE")
        ("sarif", "also write the findings as SARIF 2.1.0 to FILE", cxxopts::value<std::string>(), "FILE")
        ("format", "deprecated: the report on stdout as table, json or sarif (use --json FILE / --sarif FILE)",
         cxxopts::value<std::string>()->default_value("table"), "FORMAT")
        ("strict", "treat warnings as errors (the same as --warnings-as-errors)")
        ("attack",
         "ATT&CK tables folder (default: <content root>/attack, the pack folder's sibling, else the installed "
         "tables in <prefix>/share/trailproof/content/attack)",
         cxxopts::value<std::string>(), "DIR")
        ("aws", "AWS API tables folder (default: <content root>/aws, else the installed tables)",
         cxxopts::value<std::string>(), "DIR")
        ("context", "folder of context tables that replace the packs' tables of the same name (repeatable)",
         cxxopts::value<std::vector<std::string>>(), "DIR")
        ("packs", "pack folders", cxxopts::value<std::vector<std::string>>());
    add_common_flags(options, "print no warning texts (they are still counted) and no skipped arguments");
    add_content_limit_flags(options);
    options.parse_positional({"packs"});

    cxxopts::ParseResult args;
    if (auto done = parse_command_line(options, argc, argv, out, err, args)) return *done;
    const std::string format = args["format"].as<std::string>();
    if (format != "table" && format != "json" && format != "sarif") {
        err << "trailproof validate: --format: unknown format '" << format << "' (use table, json or sarif)\n";
        return k_exit_usage;
    }
    if (format != "table")
        err << "trailproof validate: warning: '--format " << format << "' is deprecated; use '--" << format
            << " FILE'\n";
    if (!args.count("packs")) {
        err << "trailproof validate: no PACK given\n";
        return k_exit_usage;
    }

    ValidateOptions vo;
    vo.strict = args.count("strict") > 0 || args.count("warnings-as-errors") > 0;
    if (args.count("attack")) vo.attack_dir = args["attack"].as<std::string>();
    if (args.count("aws")) vo.aws_dir = args["aws"].as<std::string>();
    if (const auto data = installed_data_dir()) vo.installed_tables_root = *data + "/content";
    if (args.count("context")) vo.context_dirs = args["context"].as<std::vector<std::string>>();
    if (auto error = content_limits(args, vo.limits)) {
        err << "trailproof validate: " << *error << "\n";
        return k_exit_usage;
    }
    const std::vector<std::string> paths = args["packs"].as<std::vector<std::string>>();
    const ValidateReport report = validate_packs(paths, vo);
    const bool quiet = args.count("quiet") > 0;
    if (!quiet)
        for (const auto& skipped : report.skipped) err << "trailproof validate: skipping " << skipped << " (no pack)\n";
    // Every argument skipped: nothing was validated, which must not pass.
    if (report.skipped.size() == paths.size()) {
        err << "trailproof validate: no pack and no rule file among the arguments\n";
        return k_exit_usage;
    }
    if (args.count("json") && !write_report(args["json"].as<std::string>(), render_validate_json(report), "trailproof validate", "--json", err))
        return k_exit_usage;
    if (args.count("sarif") &&
        !write_report(args["sarif"].as<std::string>(), render_validate_sarif(report), "trailproof validate", "--sarif",
                      err))
        return k_exit_usage;
    if (format == "json") out << render_validate_json(report);
    else if (format == "sarif") out << render_validate_sarif(report);
    else out << render_validate_table(report, !quiet);
    return report.exit_code();
}

} // namespace trailproof::harness
