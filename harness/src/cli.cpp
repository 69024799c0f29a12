#include <ostream>
#include <string_view>

#include "commands.h"
#include "version.h"

namespace trailproof::harness {

namespace {

constexpr std::string_view k_usage =
    "usage: trailproof <command> [options]\n"
    "\n"
    "commands:\n"
    "  detect     run the content over CloudTrail logs and write alerts as NDJSON\n"
    "  replay     run the fixtures' scenarios and assert the expected alerts\n"
    "  validate   check content packs against ATT&CK, AWS names and their documentation\n"
    "  explain    show why each rule did or did not fire on one event\n"
    "  new-rule   scaffold a rule and its positive and negative scenarios in a pack\n"
    "  version    print the version\n"
    "\n"
    "Run 'trailproof <command> --help' for the options of a command.\n";

} // namespace

int run_cli(int argc, char** argv, std::ostream& out, std::ostream& err) {
    if (argc < 2) {
        err << k_usage;
        return k_exit_usage;
    }
    std::string_view command = argv[1];
    if (command == "--help" || command == "-h" || command == "help") {
        out << k_usage;
        return k_exit_ok;
    }
    if (command == "version" || command == "--version") {
        out << "trailproof " << k_version << "\n";
        return k_exit_ok;
    }
    if (command == "detect") return command_detect(argc - 1, argv + 1, out, err);
    if (command == "replay") return command_replay(argc - 1, argv + 1, out, err);
    if (command == "validate") return command_validate(argc - 1, argv + 1, out, err);
    if (command == "explain") return command_explain(argc - 1, argv + 1, out, err);
    if (command == "new-rule") return command_new_rule(argc - 1, argv + 1, out, err);
    err << "trailproof: unknown command '" << command << "'\n\n" << k_usage;
    return k_exit_usage;
}

} // namespace trailproof::harness
