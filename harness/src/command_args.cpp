#include "command_args.h"

#include <ostream>
#include <string_view>

#include "commands.h"

namespace trailproof::harness {

// cxxopts quotes names with U+2018/U+2019; messages here use plain ASCII quotes.
std::string plain_quotes(std::string text) {
    for (std::string_view q : {"\xE2\x80\x98", "\xE2\x80\x99"})
        for (auto pos = text.find(q); pos != std::string::npos; pos = text.find(q, pos)) text.replace(pos, q.size(), "'");
    return text;
}

std::optional<int> parse_command_line(cxxopts::Options& options, int argc, char** argv, std::ostream& out,
                                      std::ostream& err, cxxopts::ParseResult& args) {
    try {
        args = options.parse(argc, argv);
    } catch (const cxxopts::exceptions::exception& e) {
        err << options.program() << ": " << plain_quotes(e.what()) << "\n";
        return k_exit_usage;
    }
    if (args.count("help")) {
        out << options.help();
        return k_exit_ok;
    }
    return std::nullopt;
}

} // namespace trailproof::harness
