// Damaged documents, oversized records and unreadable inputs: each damage is one
// reject with an exact origin and reason, and the run goes on.

#include <boost/test/unit_test.hpp>

#include "ingest_test_util.h"

using namespace trailproof;
using namespace trailproof::ingest;
using namespace trailproof::ingest::test;
namespace tt = boost::test_tools;

BOOST_AUTO_TEST_SUITE(ingest_damage)

BOOST_AUTO_TEST_CASE(records_file_cut_inside_a_member) {
    ReadAll r = read_buffer("cut.json", "{\"Records\":[{\"a\":1},\n{\"b\":{\"c\":");
    Lines expected = {
        "json cut.json:1[0] {\"a\":1}",
        "ingest.truncated cut.json:2[1] | input ends inside a Records member",
    };
    BOOST_TEST(r.items == expected, tt::per_element());
    BOOST_TEST(r.records == 1u);
    BOOST_TEST(r.rejects == 1u);
}

BOOST_AUTO_TEST_CASE(records_file_cut_between_members) {
    ReadAll r = read_buffer("cut.json", "{\"Records\":[{\"a\":1},\n  ");
    Lines expected = {
        "json cut.json:1[0] {\"a\":1}",
        "ingest.truncated cut.json:2[1] | input ends inside the Records array",
    };
    BOOST_TEST(r.items == expected, tt::per_element());
}

BOOST_AUTO_TEST_CASE(records_file_missing_its_closing_brace) {
    ReadAll r = read_buffer("cut.json", "{\"Records\":[{\"a\":1}]");
    Lines expected = {
        "json cut.json:1[0] {\"a\":1}",
        "ingest.truncated cut.json:1 | input ends inside the Records envelope",
    };
    BOOST_TEST(r.items == expected, tt::per_element());
}

BOOST_AUTO_TEST_CASE(records_member_cut_inside_a_string_with_brackets) {
    ReadAll r = read_buffer("cut.json", "{\"Records\":[{\"a\":\"]}\"},{\"a\":\"]}");
    Lines expected = {
        "json cut.json:1[0] {\"a\":\"]}\"}",
        "ingest.truncated cut.json:1[1] | input ends inside a Records member",
    };
    BOOST_TEST(r.items == expected, tt::per_element());
}

BOOST_AUTO_TEST_CASE(records_not_an_array_is_a_bad_envelope) {
    ReadAll r = read_buffer("five.json", "{\"Records\": 5}");
    Lines expected = {"ingest.bad_envelope five.json:1 | \"Records\" is not an array"};
    BOOST_TEST(r.items == expected, tt::per_element());
    BOOST_TEST(r.rejects == 1u);
    BOOST_TEST(r.records == 0u);
}

BOOST_AUTO_TEST_CASE(bad_envelope_is_skipped_and_the_next_document_read) {
    ReadAll r = read_buffer("two.json", "{\"Records\": {\"a\": [1, \"}\"]}}\n{\"Records\":[{\"z\":1}]}\n");
    Lines expected = {
        "ingest.bad_envelope two.json:1 | \"Records\" is not an array",
        "json two.json:2[0] {\"z\":1}",
    };
    BOOST_TEST(r.items == expected, tt::per_element());
}

BOOST_AUTO_TEST_CASE(pretty_object_cut_short) {
    ReadAll r = read_buffer("obj.json", "\n{\n  \"a\": 1,\n  \"b\": [");
    Lines expected = {"ingest.truncated obj.json:2 | input ends inside a JSON value"};
    BOOST_TEST(r.items == expected, tt::per_element());
}

BOOST_AUTO_TEST_CASE(array_cut_inside_a_member) {
    ReadAll r = read_buffer("arr.json", "[{\"a\":1}, {\"b\"");
    Lines expected = {
        "json arr.json:1[0] {\"a\":1}",
        "ingest.truncated arr.json:1[1] | input ends inside an array member",
    };
    BOOST_TEST(r.items == expected, tt::per_element());
}

BOOST_AUTO_TEST_CASE(oversized_ndjson_lines_are_skipped) {
    std::string big(40, 'x');
    std::string text = "{\"a\":1}\n{\"b\":\"" + big + "\"}\r\n{\"c\":3}\n{\"d\":\"" + big + "\"}";
    for (std::size_t chunk : {std::size_t{7}, std::size_t{1} << 20}) {
        BOOST_TEST_CONTEXT("chunk_bytes=" << chunk) {
            ReadAll r = read_buffer("big.ndjson", text, ReaderOptions{16, chunk});
            Lines expected = {
                "json big.ndjson:1 {\"a\":1}",
                "ingest.record_too_large big.ndjson:2 | record of 48 bytes exceeds the limit of 16 bytes",
                "json big.ndjson:3 {\"c\":3}",
                "ingest.record_too_large big.ndjson:4 | record of 48 bytes exceeds the limit of 16 bytes",
            };
            BOOST_TEST(r.items == expected, tt::per_element());
            BOOST_TEST(r.records == 2u);
            BOOST_TEST(r.rejects == 2u);
        }
    }
}

BOOST_AUTO_TEST_CASE(oversized_first_line_does_not_block_detection) {
    std::string text = "{\"a\":\"" + std::string(100, 'y') + "\"}\n{\"b\":2}\n";
    ReadAll r = read_buffer("first.ndjson", text, ReaderOptions{16, 5});
    Lines expected = {
        "ingest.record_too_large first.ndjson:1 | record of 108 bytes exceeds the limit of 16 bytes",
        "json first.ndjson:2 {\"b\":2}",
    };
    BOOST_TEST(r.items == expected, tt::per_element());
}

BOOST_AUTO_TEST_CASE(oversized_records_member_is_skipped) {
    std::string text = "{\"Records\":[{\"a\":1},{\"big\":\"" + std::string(20, 'z') + "\"},{\"c\":3}]}";
    ReadAll r = read_buffer("big.json", text, ReaderOptions{16, 4u << 20});
    Lines expected = {
        "json big.json:1[0] {\"a\":1}",
        "ingest.record_too_large big.json:1[1] | record of 30 bytes exceeds the limit of 16 bytes",
        "json big.json:1[2] {\"c\":3}",
    };
    BOOST_TEST(r.items == expected, tt::per_element());
}

BOOST_AUTO_TEST_CASE(missing_path_is_unreadable_and_the_run_goes_on) {
    TempDir dir("missing");
    std::string present = dir.write("ok.ndjson", "{\"a\":1}\n");
    SourceTable sources;
    InputReader reader(sources);
    reader.add_path((dir.path() / "missing.json").string());
    reader.add_path(present);
    ReadAll r = read_all(reader, sources, dir.prefix());
    Lines expected = {
        "ingest.unreadable missing.json | missing.json: No such file or directory",
        "json ok.ndjson:1 {\"a\":1}",
    };
    BOOST_TEST(r.items == expected, tt::per_element());
    BOOST_TEST(r.records == 1u);
    BOOST_TEST(r.rejects == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
