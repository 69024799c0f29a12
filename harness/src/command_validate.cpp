#include <ostream>
#include <string>
#include <vector>

#include <cxxopts.hpp>

#include "command_args.h"
#include "commands.h"
#include "validate.h"
#include "validate_report.h"

namespace trailproof::harness {

int command_validate(int argc, char** argv, std::ostream& out, std::ostream& err) {
    cxxopts::Options options("trailproof validate",
                             "Checks content packs: schema and compile errors, ATT&CK ids and names, model\n"
                             "references, activity types, fields CloudTrail can carry, real eventSource/eventName\n"
                             "values, and the documented inventory and counts. Every finding of every pack is\n"
                             "reported in one run. PACK is a pack folder, a folder of packs or a pack.yml;\n"
                             "arguments holding no pack (a README, content/attack) are skipped.");
    options.custom_help("[options]");
    options.positional_help("PACK...");
    options.add_options()
        ("format", "output: table, json or sarif", cxxopts::value<std::string>()->default_value("table"))
        ("strict", "treat warnings as errors")
        ("attack", "ATT&CK tables folder (default: <content root>/attack, the pack folder's sibling)",
         cxxopts::value<std::string>())
        ("aws", "AWS API tables folder (default: <content root>/aws)", cxxopts::value<std::string>())
        ("context", "folder of context tables that replace the packs' tables of the same name (repeatable)",
         cxxopts::value<std::vector<std::string>>())
        ("h,help", "print this help")
        ("packs", "pack folders", cxxopts::value<std::vector<std::string>>());
    options.parse_positional({"packs"});

    cxxopts::ParseResult args;
    if (auto done = parse_command_line(options, argc, argv, out, err, args)) return *done;
    const std::string format = args["format"].as<std::string>();
    if (format != "table" && format != "json" && format != "sarif") {
        err << "trailproof validate: --format: unknown format '" << format << "' (use table, json or sarif)\n";
        return k_exit_usage;
    }
    if (!args.count("packs")) {
        err << "trailproof validate: no PACK given\n";
        return k_exit_usage;
    }

    ValidateOptions vo;
    vo.strict = args.count("strict") > 0;
    if (args.count("attack")) vo.attack_dir = args["attack"].as<std::string>();
    if (args.count("aws")) vo.aws_dir = args["aws"].as<std::string>();
    if (args.count("context")) vo.context_dirs = args["context"].as<std::vector<std::string>>();
    ValidateReport report = validate_packs(args["packs"].as<std::vector<std::string>>(), vo);
    for (const auto& skipped : report.skipped) err << "trailproof validate: skipping " << skipped << " (no pack)\n";

    if (format == "json") out << render_validate_json(report);
    else if (format == "sarif") out << render_validate_sarif(report);
    else out << render_validate_table(report);
    return report.exit_code();
}

} // namespace trailproof::harness
