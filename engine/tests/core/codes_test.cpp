// Every diagnostic code has one row in core/diagnostic_codes.h (id, summary,
// description), so reports can explain it, and every code the engine and the
// harness emit is named through that table (codes::<stage>_<name>): a code
// spelled as a string literal, or used without a row, fails here.

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>

#include "core/diagnostic_codes.h"
#include "support/file_text.h"

namespace fs = std::filesystem;

namespace {

} // namespace

BOOST_AUTO_TEST_SUITE(diagnostic_codes)

BOOST_AUTO_TEST_CASE(every_code_is_in_the_table_once_and_named_through_it) {
    std::map<std::string, int> known;
    for (const auto& c : trailproof::k_diagnostic_codes) {
        ++known[std::string(c.id)];
        BOOST_TEST(!c.summary.empty(), c.id);
        BOOST_TEST(!c.description.empty(), c.id);
    }
    for (const auto& [id, n] : known) BOOST_TEST(n == 1, id);
    BOOST_TEST(trailproof::codes::rule_unknown_modifier == "rule.unknown_modifier");

    const std::regex named(R"re(codes::([a-z]+)_([a-z_0-9]+))re");
    const std::regex literal(R"re("([a-z]+\.[a-z_0-9]+)")re");
    std::map<std::string, std::size_t> used_by_stage; // how many code sites each source folder has
    const fs::path root = TRAILPROOF_SOURCE_DIR;
    for (const char* top : {"engine", "harness"}) {
        for (const auto& entry : fs::recursive_directory_iterator(root / top)) {
            const fs::path& p = entry.path();
            if (p.extension() != ".cpp" && p.extension() != ".h") continue;
            if (p.string().find("/tests/") != std::string::npos || p.filename() == "diagnostic_codes.h") continue;
            const std::string s = trailproof::test::file_text(p);
            for (std::sregex_iterator it(s.begin(), s.end(), named), end; it != end; ++it) {
                const std::string stage = (*it)[1].str(), name = (*it)[2].str();
                // The stage and the name are split at the first '_' after the stage's letters.
                bool found = false;
                for (const auto& [id, n] : known)
                    if (id.size() == stage.size() + 1 + name.size() && id.compare(0, stage.size(), stage) == 0 &&
                        id[stage.size()] == '.' && id.compare(stage.size() + 1, name.size(), name) == 0)
                        found = true;
                BOOST_TEST(found, (*it)[0].str() << " in " << p.filename());
                ++used_by_stage[p.parent_path().filename().string()];
            }
            // Comments may mention a code by its id.
            const std::string code_only = std::regex_replace(s, std::regex("//[^\n]*"), "");
            for (std::sregex_iterator it(code_only.begin(), code_only.end(), literal), end; it != end; ++it)
                BOOST_TEST(known.count((*it)[1].str()) == 0u,
                           (*it)[1].str() << " spelled as a literal in " << p.filename() << " (use codes::)");
        }
    }
    // The scan sees the code sites (a regex that finds nothing proves nothing).
    BOOST_TEST(used_by_stage["rules"] > 30u);
    BOOST_TEST(used_by_stage["correlate"] >= 6u);
    BOOST_TEST(used_by_stage["src"] > 20u); // the harness's validator and loaders
}

BOOST_AUTO_TEST_SUITE_END()
