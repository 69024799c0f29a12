#include "command_args.h"

#include <ostream>
#include <string_view>

#include "commands.h"
#include "pipeline/output_file.h"

namespace trailproof::harness {

// cxxopts quotes names with U+2018/U+2019; messages here use plain ASCII quotes.
std::string plain_quotes(std::string text) {
    for (std::string_view q : {"\xE2\x80\x98", "\xE2\x80\x99"})
        for (auto pos = text.find(q); pos != std::string::npos; pos = text.find(q, pos)) text.replace(pos, q.size(), "'");
    return text;
}

void add_common_flags(cxxopts::Options& options, const std::string& quiet_help) {
    options.add_options()
        ("q,quiet", quiet_help)
        ("warnings-as-errors", "treat every warning about the content as an error")
        ("h,help", "print this help");
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

bool print_load_result(const LoadResult& result, const cxxopts::ParseResult& args, std::ostream& err) {
    const bool strict = args.count("warnings-as-errors") > 0;
    const LoadResult shown = strict ? result.with_warnings_as_errors() : result;
    if (!shown.successful() || !args.count("quiet")) err << shown.render_text();
    return shown.successful();
}

bool write_report(const std::string& path, const std::string& text, std::string_view program, std::string_view flag,
                  std::ostream& err) {
    // The same checked output as detect's files: every write and the close are
    // checked, and the file appears complete or not at all.
    pipeline::OutputFile file;
    if (file.open(path)) {
        file.stream() << text;
        if (file.close()) return true;
    }
    err << program << ": " << flag << ": cannot write " << path << ": " << file.reason() << "\n";
    return false;
}

ReportFlagRewrite::ReportFlagRewrite(int argc, char** argv, std::string_view program, std::ostream& err) {
    for (int i = 0; i < argc; ++i) {
        const std::string_view arg = argv[i];
        std::string value;
        bool two_words = false;
        if (arg == "--report" && i + 1 < argc) {
            value = argv[++i];
            two_words = value == "json" && i + 1 < argc;
        } else if (arg.rfind("--report=", 0) == 0) {
            value = std::string(arg.substr(9));
            two_words = value == "json" && i + 1 < argc;
        } else {
            m_args.emplace_back(arg);
            continue;
        }
        if (value == "json" && !two_words) {
            err << program << ": '--report json' needs a FILE; use '--json FILE'\n";
            m_failed = true;
            return;
        }
        if (value == "junit" || value == "sarif" || value == "navigator" || value == "html") {
            err << program << ": '--report " << value << "' is no report format; use '--" << value << " FILE'\n";
            m_failed = true;
            return;
        }
        if (two_words) {
            value = argv[++i];
            err << program << ": warning: '--report json FILE' is deprecated; use '--json FILE'\n";
        } else {
            err << program << ": warning: '--report FILE' is deprecated; use '--json FILE'\n";
        }
        m_args.emplace_back("--json");
        m_args.push_back(std::move(value));
    }
    for (auto& a : m_args) m_argv.push_back(a.data());
}

} // namespace trailproof::harness
