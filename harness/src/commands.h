#pragma once
// The CLI's subcommands. Each returns the process exit code:
// 0 all good, 1 assertions or validation failed, 2 usage or unreadable content/input.

#include <iosfwd>

namespace trailproof::harness {

inline constexpr int k_exit_ok = 0;
inline constexpr int k_exit_failed = 1;
inline constexpr int k_exit_usage = 2;

// argv[0] is the subcommand name.
int run_cli(int argc, char** argv, std::ostream& out, std::ostream& err);

int command_detect(int argc, char** argv, std::ostream& out, std::ostream& err);
int command_replay(int argc, char** argv, std::ostream& out, std::ostream& err);
int command_validate(int argc, char** argv, std::ostream& out, std::ostream& err);
int command_explain(int argc, char** argv, std::ostream& out, std::ostream& err);
int command_new_rule(int argc, char** argv, std::ostream& out, std::ostream& err);

} // namespace trailproof::harness
