#pragma once
// The part of every subcommand's command-line handling that is the same:
// cxxopts' errors become usage errors ("trailproof <command>: <what>", exit 2)
// and --help prints the help (exit 0).

#include <iosfwd>
#include <optional>
#include <string>

#include <cxxopts.hpp>

namespace trailproof::harness {

// cxxopts error text with its typographic quotes made ASCII.
[[nodiscard]] std::string plain_quotes(std::string text);

// Parses argv into `args` with `options` (whose program name is "trailproof
// <command>" and which has a "help" flag). Returns the exit code when the
// command is already done: a usage error written to `err` (k_exit_usage) or
// the help written to `out` (k_exit_ok); nullopt when it should go on.
[[nodiscard]] std::optional<int> parse_command_line(cxxopts::Options& options, int argc, char** argv,
                                                    std::ostream& out, std::ostream& err, cxxopts::ParseResult& args);

} // namespace trailproof::harness
