// The YAML layer's decoder and sink: one place decides positions, repeated keys
// and the wording of type errors; readers only pick a wording.

#include <boost/test/unit_test.hpp>

#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "yaml/diagnostic_sink.h"
#include "yaml/yaml_decoder.h"
#include "yaml/yaml_tree.h"

using namespace trailproof;
using namespace trailproof::yaml;

namespace {

// Parses `text` (one document) and keeps what a reader needs.
struct Doc {
    explicit Doc(std::string t, std::string_view pack = "") : text(std::move(t)), sink(result, "f.yml", text, pack) {
        YamlReadResult parsed = read_yaml_documents(text);
        BOOST_TEST_REQUIRE(!parsed.failed, parsed.error);
        BOOST_TEST_REQUIRE(parsed.documents.size() == 1u);
        root = std::move(parsed.documents.front().root);
    }
    // Every diagnostic as "line:col code message", errors then warnings.
    std::vector<std::string> lines() const {
        std::vector<std::string> out;
        for (const auto* list : {&result.errors(), &result.warnings()})
            for (const auto& d : *list)
                out.push_back(std::to_string(d.line) + ":" + std::to_string(d.column) + " " + d.code + " " + d.message);
        return out;
    }
    std::string text;
    LoadResult result;
    DiagnosticSink sink;
    YamlNode root;
};

using Lines = std::vector<std::string>;

} // namespace

BOOST_AUTO_TEST_SUITE(yaml_decoder)

BOOST_AUTO_TEST_CASE(wrong_type_in_each_wording) {
    Doc d("a: [x]\nb: text\nc:\nd: {k: v}\n");
    YamlDecoder plain(d.sink);
    YamlDecoder parser(d.sink, {.expected_first = true, .max_text = 10, .list = "a sequence"});
    YamlDecoder table(d.sink, {.scalar_text = false, .map = "a mapping"});
    const auto& e = d.root.entries;
    plain.wrong_type(e[0], "a string");
    plain.wrong_type(e[1], "a list");
    plain.wrong_type(e[2], "a list"); // empty: reported at its key
    parser.wrong_type(e[0], "a string");
    parser.wrong_type(e[3], "a list");
    table.wrong_type(e[1], "a list");
    table.wrong_type(e[3], "a list");
    Doc long_text("k: abcdefghijklmnop\n");
    YamlDecoder cut(long_text.sink, {.expected_first = true, .max_text = 10});
    cut.wrong_type(long_text.root.entries[0], "a map");
    BOOST_TEST(d.lines() == (Lines{"1:4 load.wrong_type 'a' must be a string, found a list",
                                   "2:4 load.wrong_type 'b' must be a list, found 'text'",
                                   "3:1 load.wrong_type 'c' must be a list, found null",
                                   "1:4 load.wrong_type expected a string for 'a', found a sequence",
                                   "4:4 load.wrong_type expected a list for 'd', found a map",
                                   "2:4 load.wrong_type 'b' must be a list, found a scalar",
                                   "4:4 load.wrong_type 'd' must be a list, found a mapping"}),
               boost::test_tools::per_element());
    BOOST_TEST(long_text.lines() == (Lines{"1:4 load.wrong_type expected a map for 'k', found 'abcdefg...'"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(repeated_keys_nested_or_one_level) {
    Doc d("a: 1\nb: {x: 1, x: 2}\na: 3\n");
    YamlDecoder(d.sink).check_duplicate_keys(d.root, false);
    BOOST_TEST(d.lines() == (Lines{"3:1 load.duplicate_key duplicate key 'a' (first at line 1)"}),
               boost::test_tools::per_element());
    Doc nested("a: 1\nb: [{x: 1, x: 2}]\na: 3\n");
    YamlDecoder(nested.sink, {.duplicate_names_first = false}).check_duplicate_keys(nested.root);
    BOOST_TEST(nested.lines() == (Lines{"2:12 load.duplicate_key duplicate key 'x'",
                                        "3:1 load.duplicate_key duplicate key 'a'"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(unique_entries_keep_the_first_of_each_key) {
    Doc d("a: 1\n[k]: 2\nb: 3\na: 4\n");
    const std::vector<const YamlEntry*> entries = YamlDecoder(d.sink).unique_entries(d.root);
    BOOST_TEST_REQUIRE(entries.size() == 2u);
    BOOST_TEST(entries[0]->value.text == "1");
    BOOST_TEST(entries[1]->key.text == "b");
    BOOST_TEST(d.lines() == (Lines{"2:1 load.wrong_type a key must be a string, found a list",
                                   "4:1 load.duplicate_key duplicate key 'a' (first at line 1)"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(booleans_are_yaml_1_1_and_plain) {
    Doc d("a: yes\nb: Off\nc: 'true'\nd: y\n");
    YamlDecoder decoder(d.sink);
    const auto& e = d.root.entries;
    BOOST_TEST((decoder.read_bool(e[0]) == std::optional<bool>(true)));
    BOOST_TEST((decoder.read_bool(e[1]) == std::optional<bool>(false)));
    BOOST_TEST(!decoder.read_bool(e[2]).has_value());
    BOOST_TEST(!decoder.read_bool(e[3]).has_value());
    BOOST_TEST(d.lines() == (Lines{"3:4 load.wrong_type 'c' must be true or false, found 'true'",
                                   "4:4 load.wrong_type 'd' must be true or false, found 'y'"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(sink_item_steps_and_added_diagnostics) {
    Doc d("a: 1\nb: 2\n", "p");
    d.sink.set_item("parser", "", "parsers[3]");
    d.sink.push_context("time");
    d.sink.error("load.wrong_type", "x", {1, 4});
    d.sink.set_item("context", "users", "");
    d.sink.warning("load.unknown_key", "y", {2, 1});
    d.sink.set_item("model", "");
    d.sink.error("load.missing_key", "z", {1, 1});
    Diagnostic built;
    built.code = "parser.bad_field";
    built.line = 2;
    built.column = 4;
    d.sink.add(std::move(built));
    BOOST_TEST(d.sink.error_count() == 3u);
    const auto& errors = d.result.errors();
    BOOST_TEST_REQUIRE(errors.size() == 3u);
    BOOST_TEST(errors[0].context_chain == (Lines{"pack 'p'", "parsers[3]", "time"}), boost::test_tools::per_element());
    BOOST_TEST(errors[0].item_kind == "parser");
    BOOST_TEST(errors[1].context_chain == (Lines{"pack 'p'", "model"}), boost::test_tools::per_element());
    BOOST_TEST(errors[2].file == "f.yml");
    BOOST_TEST(errors[2].snippet == "b: 2");
    BOOST_TEST_REQUIRE(d.result.warnings().size() == 1u);
    BOOST_TEST(d.result.warnings()[0].context_chain == (Lines{"pack 'p'"}), boost::test_tools::per_element());
    BOOST_TEST(d.result.warnings()[0].item_id == "users");
}

BOOST_AUTO_TEST_SUITE_END()
