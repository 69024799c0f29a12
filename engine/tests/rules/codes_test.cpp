// Every diagnostic code the rules stage emits has a row in core/diagnostic_codes.h
// (id, summary, description), so reports can explain it.

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "core/diagnostic_codes.h"

BOOST_AUTO_TEST_SUITE(rule_codes)

BOOST_AUTO_TEST_CASE(every_emitted_code_is_in_the_table) {
    std::set<std::string> known;
    for (const auto& c : trailproof::k_diagnostic_codes) known.emplace(c.id);
    const std::filesystem::path dir = std::filesystem::path(TRAILPROOF_SOURCE_DIR) / "engine" / "rules";
    const std::regex code(R"re("((rule|load)\.[a-z_0-9]+)")re");
    std::size_t found = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.path().extension() != ".cpp") continue;
        std::ifstream in(entry.path());
        std::stringstream text;
        text << in.rdbuf();
        const std::string s = text.str();
        for (std::sregex_iterator it(s.begin(), s.end(), code), end; it != end; ++it) {
            ++found;
            BOOST_TEST(known.count((*it)[1].str()) == 1u, (*it)[1].str() << " in " << entry.path().filename());
        }
    }
    BOOST_TEST(found > 30u);
}

BOOST_AUTO_TEST_SUITE_END()
