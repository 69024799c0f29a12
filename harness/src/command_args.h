#pragma once
// The part of every subcommand's command-line handling that is the same:
// cxxopts' errors become usage errors ("trailproof <command>: <what>", exit 2),
// --help prints the help (exit 0), the flags every command shares (--quiet,
// --warnings-as-errors), how content diagnostics are printed, and the
// deprecated spellings of the report flags.

#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <cxxopts.hpp>

#include "core/diagnostic.h"

namespace trailproof::harness {

// cxxopts error text with its typographic quotes made ASCII.
[[nodiscard]] std::string plain_quotes(std::string text);

// -q/--quiet (described by `quiet_help`), --warnings-as-errors and -h/--help.
void add_common_flags(cxxopts::Options& options, const std::string& quiet_help);

// Parses argv into `args` with `options` (whose program name is "trailproof
// <command>" and which has a "help" flag). Returns the exit code when the
// command is already done: a usage error written to `err` (k_exit_usage) or
// the help written to `out` (k_exit_ok); nullopt when it should go on.
[[nodiscard]] std::optional<int> parse_command_line(cxxopts::Options& options, int argc, char** argv,
                                                    std::ostream& out, std::ostream& err, cxxopts::ParseResult& args);

// Reads the unsigned `--flag` into `out`; an error "--flag must be between MIN
// and MAX" when it lies outside [min, max] (the limit flags).
template <class T>
[[nodiscard]] std::optional<std::string> flag_in_range(const cxxopts::ParseResult& args, const char* flag, T min,
                                                       T max, T& out) {
    out = args[flag].as<T>();
    if (out < min || out > max)
        return "--" + std::string(flag) + " must be between " + std::to_string(min) + " and " + std::to_string(max);
    return std::nullopt;
}

// Prints what loading content found on `err`: every error; the warnings too
// unless --quiet. With --warnings-as-errors a warning is printed, and counts, as
// an error. Returns true when the run may go on (no error).
[[nodiscard]] bool print_load_result(const LoadResult& result, const cxxopts::ParseResult& args, std::ostream& err);

// Writes a report `text` to `path` for `flag` (--json, --junit, ...) as detect
// writes its outputs (pipeline::OutputFile: every write checked, temporary file
// renamed into place). On failure prints "<program>: <flag>: cannot write
// <path>: <reason>" on `err` and returns false.
[[nodiscard]] bool write_report(const std::string& path, const std::string& text, std::string_view program,
                                std::string_view flag, std::ostream& err);

// argv with the report flags' old spellings rewritten to the one scheme
// (`--json FILE`): `--report json FILE`, `--report=json FILE` and `--report FILE`.
// Each rewrite prints a deprecation warning naming the new flag on `err`; they
// are accepted for one release. `--report sarif FILE` (and junit, navigator,
// html) is a usage error naming the flag to use. Owns the strings its argv points into.
class ReportFlagRewrite {
public:
    ReportFlagRewrite(int argc, char** argv, std::string_view program, std::ostream& err);
    [[nodiscard]] int argc() const noexcept { return static_cast<int>(m_argv.size()); }
    [[nodiscard]] char** argv() noexcept { return m_argv.data(); }
    // A usage error was printed: exit 2.
    [[nodiscard]] bool failed() const noexcept { return m_failed; }

private:
    bool m_failed = false;
    std::vector<std::string> m_args;
    std::vector<char*> m_argv;
};

} // namespace trailproof::harness
