// What read_yaml_documents refuses: text that is not UTF-8, nesting past the
// depth limit and alias bombs; each an error with a position, no documents lost
// silently and nothing passed on.
#include <boost/test/unit_test.hpp>

#include <string>

#include "yaml/yaml_tree.h"

using namespace trailproof::yaml;

namespace {
std::string where(const YamlReadResult& r) {
    return std::to_string(r.error_pos.line) + ":" + std::to_string(r.error_pos.column) + " " + r.error;
}
} // namespace

BOOST_AUTO_TEST_SUITE(yaml_tree_limits)

BOOST_AUTO_TEST_CASE(text_that_is_not_utf8_is_an_error_at_its_first_bad_byte) {
    // A Latin-1 title: the adversarial run's case (the byte reached the alert line).
    YamlReadResult latin1 = read_yaml_documents("id: r1\ntitle: Caf\xe9 access\n");
    BOOST_TEST(latin1.failed);
    BOOST_TEST(latin1.documents.empty());
    BOOST_TEST(where(latin1) == "2:11 invalid UTF-8 (byte 0xE9); content files must be UTF-8");
    // Columns count characters: the two-byte e-acute before the bad byte is one column.
    BOOST_TEST(where(read_yaml_documents("a: \xc3\xa9\xc0\xaf\n")) ==
               "1:5 invalid UTF-8 (byte 0xC0); content files must be UTF-8"); // overlong
    BOOST_TEST(where(read_yaml_documents("a: b\nc: \xe2\x82")) ==
               "2:4 invalid UTF-8 (byte 0xE2); content files must be UTF-8"); // truncated at the end
    BOOST_TEST(where(read_yaml_documents("\xed\xa0\x80: x\n")) ==
               "1:1 invalid UTF-8 (byte 0xED); content files must be UTF-8"); // a surrogate
    for (int b = 0x80; b <= 0xFF; ++b) {
        const YamlReadResult r = read_yaml_documents("k: v" + std::string(1, static_cast<char>(b)) + "\n");
        BOOST_TEST(r.failed, b);
    }
    // Well-formed UTF-8 of every length reads as it is.
    YamlReadResult good = read_yaml_documents("t: \"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"\n");
    BOOST_TEST_REQUIRE(!good.failed, good.error);
    BOOST_TEST(good.documents.at(0).root.entries.at(0).value.text == "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
}

BOOST_AUTO_TEST_CASE(nesting_past_the_limit_says_what_and_where) {
    // 100 levels read (the map and 99 lists); the 101st is refused at its own position
    // (yaml-cpp said only "bad file").
    const std::string ok = "a: " + std::string(99, '[') + "x" + std::string(99, ']') + "\n";
    BOOST_TEST(!read_yaml_documents(ok).failed);
    const std::string deep = "a:\n  b: " + std::string(3000, '[') + "x" + std::string(3000, ']') + "\n";
    BOOST_TEST(where(read_yaml_documents(deep)) == "2:104 lists and maps nested more than 100 levels deep");
}

BOOST_AUTO_TEST_CASE(an_alias_bomb_is_refused_at_the_alias) {
    std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    for (char c = 'b'; c <= 'i'; ++c)
        bomb += std::string(1, c) + ": &" + c + " [*" + char(c - 1) + ", *" + char(c - 1) + ", *" + char(c - 1) +
                ", *" + char(c - 1) + ", *" + char(c - 1) + ", *" + char(c - 1) + ", *" + char(c - 1) + ", *" +
                char(c - 1) + ", *" + char(c - 1) + ", *" + char(c - 1) + "]\n";
    const YamlReadResult r = read_yaml_documents(bomb);
    BOOST_TEST(r.failed);
    BOOST_TEST(r.error == "aliases copy more than 1000000 nodes (an alias bomb?); the limit keeps memory bounded");
    BOOST_TEST(r.error_pos.line == 6); // f: the line where the copies pass the limit
}

BOOST_AUTO_TEST_SUITE_END()
