// The parser reader on the shared YAML layer: repeated keys at the top level
// too, the shared YAML 1.1 booleans, syntax errors anywhere in the file.

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "parse/parser_reader.h"

using namespace trailproof;
using namespace trailproof::parse;

namespace {

std::string read_text(std::string_view yaml, std::vector<ParserInfo>* infos = nullptr) {
    std::vector<ParserInfo> local;
    return read_parsers(yaml, "p.yml", infos ? *infos : local).render_text();
}

} // namespace

BOOST_AUTO_TEST_SUITE(parser_reader_yaml)

BOOST_AUTO_TEST_CASE(top_level_keys_are_checked_like_every_other) {
    std::vector<ParserInfo> infos;
    BOOST_TEST(read_text("parsers: []\nversion: 1\nversion: 2\n[a]: 1\n", &infos) ==
               "p.yml:3:1: error[load.duplicate_key]: duplicate key 'version'\n"
               "  | version: 2\n"
               "  | ^\n"
               "p.yml:4:1: error[load.wrong_type]: expected a string key, found a sequence\n"
               "  | [a]: 1\n"
               "  | ^\n"
               "p.yml:2:1: warning[load.unknown_key]: unknown key 'version'\n"
               "  | version: 1\n"
               "  | ^\n");
}

BOOST_AUTO_TEST_CASE(exists_takes_the_shared_booleans) {
    std::vector<ParserInfo> infos;
    BOOST_TEST(read_text("parsers:\n  - name: a\n    format: json\n    activity_types:\n"
                         "      - {type: t1, when: {x: {exists: yes}}}\n"
                         "      - {type: t2, when: {x: {exists: Off}}}\n",
                         &infos) == "");
    BOOST_TEST_REQUIRE(infos.size() == 1u);
    BOOST_TEST(infos[0].activity_types[0].when[0].exists);
    BOOST_TEST(!infos[0].activity_types[1].when[0].exists);
    BOOST_TEST(read_text("parsers:\n  - name: a\n    format: json\n    activity_types:\n"
                         "      - {type: t1, when: {x: {exists: 'true'}}}\n") ==
               "p.yml:5:39: error[load.wrong_type]: expected true or false for 'exists', found 'true'\n"
               "  |       - {type: t1, when: {x: {exists: 'true'}}}\n"
               "  |                                       ^\n");
}

BOOST_AUTO_TEST_CASE(a_syntax_error_after_the_first_document_is_reported) {
    BOOST_TEST(read_text("parsers:\n  - name: a\n    format: json\n---\nparsers: [\n") ==
               "p.yml:6:1: error[load.yaml_parse]: end of sequence flow not found\n");
}

BOOST_AUTO_TEST_SUITE_END()
