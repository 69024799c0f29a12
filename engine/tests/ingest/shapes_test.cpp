// Input shapes, recognized by content: Records files, NDJSON, arrays, pretty objects,
// text lines. Each test states the exact records (origin and bytes) it expects.

#include <boost/test/unit_test.hpp>

#include "ingest_test_util.h"

using namespace trailproof;
using namespace trailproof::ingest;
using namespace trailproof::ingest::test;
namespace tt = boost::test_tools;

BOOST_AUTO_TEST_SUITE(ingest_shapes)

BOOST_AUTO_TEST_CASE(records_file_compact_members_are_exact_text) {
    // Strings holding brackets, braces and escaped quotes must not confuse the scanner.
    ReadAll r = read_buffer("ct.json",
                            R"({"Records":[{"eventName":"A","x":"}]\"{["},{"b":[1,{"c":2}],"d":"\\"},{}]})");
    Lines expected = {
        R"(json ct.json:1[0] {"eventName":"A","x":"}]\"{["})",
        R"(json ct.json:1[1] {"b":[1,{"c":2}],"d":"\\"})",
        R"(json ct.json:1[2] {})",
    };
    BOOST_TEST(r.items == expected, tt::per_element());
    BOOST_TEST(r.records == 3u);
    BOOST_TEST(r.rejects == 0u);
}

BOOST_AUTO_TEST_CASE(records_file_pretty_members_keep_their_lines) {
    std::string text = "{\n"
                       "  \"Records\": [\n"
                       "    {\n"
                       "      \"eventName\": \"A\"\n"
                       "    },\n"
                       "    {\n"
                       "      \"eventName\": \"B\",\n"
                       "      \"s\": \"a,b\"\n"
                       "    }\n"
                       "  ]\n"
                       "}\n";
    ReadAll r = read_buffer("pretty.json", text);
    Lines expected = {
        "json pretty.json:3[0] {\n      \"eventName\": \"A\"\n    }",
        "json pretty.json:6[1] {\n      \"eventName\": \"B\",\n      \"s\": \"a,b\"\n    }",
    };
    BOOST_TEST(r.items == expected, tt::per_element());
}

BOOST_AUTO_TEST_CASE(records_members_that_are_not_objects_are_still_records) {
    ReadAll r = read_buffer("odd.json", "{\"Records\": [1, \"two\", null, [3], {\"e\":4}]}\n");
    Lines expected = {
        "json odd.json:1[0] 1",
        "json odd.json:1[1] \"two\"",
        "json odd.json:1[2] null",
        "json odd.json:1[3] [3]",
        "json odd.json:1[4] {\"e\":4}",
    };
    BOOST_TEST(r.items == expected, tt::per_element());
}

BOOST_AUTO_TEST_CASE(records_envelope_keys_after_the_array_are_skipped) {
    ReadAll r = read_buffer("extra.json", "{\"Records\":[{\"a\":1}],\"x\":{\"y\":[\"]\"]}}");
    Lines expected = {"json extra.json:1[0] {\"a\":1}"};
    BOOST_TEST(r.items == expected, tt::per_element());
}

BOOST_AUTO_TEST_CASE(concatenated_records_files_restart_the_index) {
    ReadAll r = read_buffer("cat.json", "{\"Records\":[{\"a\":1},{\"a\":2}]}\n{\"Records\":[{\"a\":3}]}\n");
    Lines expected = {
        "json cat.json:1[0] {\"a\":1}",
        "json cat.json:1[1] {\"a\":2}",
        "json cat.json:2[0] {\"a\":3}",
    };
    BOOST_TEST(r.items == expected, tt::per_element());
}

BOOST_AUTO_TEST_CASE(empty_records_array_has_no_records) {
    ReadAll r = read_buffer("empty.json", "{\"Records\":[]}");
    BOOST_TEST(r.items.empty());
    BOOST_TEST(r.returned == 0u);
}

BOOST_AUTO_TEST_CASE(ndjson_crlf_blank_lines_and_no_trailing_newline) {
    std::string text = "{\"a\":1}\r\n"
                       "\r\n"
                       "{\"a\":2}\n"
                       "\n"
                       "   \t\n"
                       "{\"a\":\"3\\n\"}\r\n"
                       "{\"a\":4}";
    ReadAll r = read_buffer("x.ndjson", text);
    Lines expected = {
        "json x.ndjson:1 {\"a\":1}",
        "json x.ndjson:3 {\"a\":2}",
        "json x.ndjson:6 {\"a\":\"3\\n\"}",
        "json x.ndjson:7 {\"a\":4}",
    };
    BOOST_TEST(r.items == expected, tt::per_element());
    BOOST_TEST(r.records == 4u);
    BOOST_TEST(r.rejects == 0u);
}

BOOST_AUTO_TEST_CASE(ndjson_lines_are_not_validated_here) {
    // A broken line stays one record (parse rejects it) and does not swallow the next.
    ReadAll r = read_buffer("bad.ndjson", "{\"a\":1}\n{\"a\":\"unterminated}\n{\"a\":3}\n");
    Lines expected = {
        "json bad.ndjson:1 {\"a\":1}",
        "json bad.ndjson:2 {\"a\":\"unterminated}",
        "json bad.ndjson:3 {\"a\":3}",
    };
    BOOST_TEST(r.items == expected, tt::per_element());
}

BOOST_AUTO_TEST_CASE(ndjson_whose_first_line_is_cut_short_stays_ndjson) {
    // The first object is open at its newline, but the next line starts a new object
    // at column 0: NDJSON with a broken first record, not a pretty-printed document.
    ReadAll r = read_buffer("cut.ndjson", "{\"eventVersion\":\"1.09\",\"eventName\":\n{\"a\":2}\n[3]\n");
    Lines expected = {
        "json cut.ndjson:1 {\"eventVersion\":\"1.09\",\"eventName\":",
        "json cut.ndjson:2 {\"a\":2}",
        "json cut.ndjson:3 [3]",
    };
    BOOST_TEST(r.items == expected, tt::per_element());
    // An indented next line is a pretty-printed document.
    ReadAll pretty = read_buffer("p.json", "{\"a\":\n  {\"b\": 2}}\n");
    Lines one = {"json p.json:1 {\"a\":\n  {\"b\": 2}}"};
    BOOST_TEST(pretty.items == one, tt::per_element());
}

BOOST_AUTO_TEST_CASE(ndjson_line_with_records_key_later_is_an_event) {
    ReadAll r = read_buffer("ev.ndjson", "{\"eventName\":\"x\",\"Records\":[1]}\n{\"b\":2}\n");
    Lines expected = {
        "json ev.ndjson:1 {\"eventName\":\"x\",\"Records\":[1]}",
        "json ev.ndjson:2 {\"b\":2}",
    };
    BOOST_TEST(r.items == expected, tt::per_element());
}

BOOST_AUTO_TEST_CASE(json_array_file_members_get_indices) {
    std::string text = "[\n"
                       "  {\"eventName\": \"A\"},\n"
                       "  {\"eventName\": \"B\"}\n"
                       "]\n";
    ReadAll r = read_buffer("arr.json", text);
    Lines expected = {
        "json arr.json:2[0] {\"eventName\": \"A\"}",
        "json arr.json:3[1] {\"eventName\": \"B\"}",
    };
    BOOST_TEST(r.items == expected, tt::per_element());
}

BOOST_AUTO_TEST_CASE(compact_json_array_on_one_line) {
    ReadAll r = read_buffer("arr1.json", "[{\"a\":1},{\"a\":[2]}]");
    Lines expected = {
        "json arr1.json:1[0] {\"a\":1}",
        "json arr1.json:1[1] {\"a\":[2]}",
    };
    BOOST_TEST(r.items == expected, tt::per_element());
}

BOOST_AUTO_TEST_CASE(single_pretty_object_is_one_record) {
    std::string object = "{\n"
                         "  \"version\": \"0\",\n"
                         "  \"detail-type\": \"AWS API Call via CloudTrail\",\n"
                         "  \"detail\": {\n"
                         "    \"eventName\": \"ConsoleLogin\"\n"
                         "  }\n"
                         "}";
    ReadAll r = read_buffer("one.json", "\n" + object + "\n\n");
    Lines expected = {"json one.json:2 " + object};
    BOOST_TEST(r.items == expected, tt::per_element());
}

BOOST_AUTO_TEST_CASE(pretty_object_whose_first_key_is_not_records_is_one_record) {
    std::string object = "{\n  \"eventName\": \"A\",\n  \"Records\": [1, 2]\n}";
    ReadAll r = read_buffer("late.json", object);
    Lines expected = {"json late.json:1 " + object};
    BOOST_TEST(r.items == expected, tt::per_element());
}

BOOST_AUTO_TEST_CASE(text_lines_cef_and_collector_lines) {
    std::string text = "CEF:0|AWS|CloudTrail|1.0|ConsoleLogin|Console login|5|src=1.2.3.4\n"
                       "<134>Jan  1 00:00:00 collector {\"eventName\":\"A\"}\r\n"
                       "\n"
                       "{\"eventName\":\"B\"}\n"
                       "  CEF:0|AWS|CloudTrail|1.0|x|y|3|\n";
    ReadAll r = read_buffer("mixed.log", text);
    Lines expected = {
        "text mixed.log:1 CEF:0|AWS|CloudTrail|1.0|ConsoleLogin|Console login|5|src=1.2.3.4",
        "text mixed.log:2 <134>Jan  1 00:00:00 collector {\"eventName\":\"A\"}",
        "json mixed.log:4 {\"eventName\":\"B\"}",
        "text mixed.log:5   CEF:0|AWS|CloudTrail|1.0|x|y|3|",
    };
    BOOST_TEST(r.items == expected, tt::per_element());
}

BOOST_AUTO_TEST_CASE(bracketed_text_lines_are_text_not_documents) {
    std::string text = "[INFO] collector started\n"
                       "{pid 7} forwarding\n"
                       "[{\"a\":1}]\n"
                       "{ \"b\":2}\n";
    ReadAll r = read_buffer("app.log", text);
    Lines expected = {
        "text app.log:1 [INFO] collector started",
        "text app.log:2 {pid 7} forwarding",
        "json app.log:3 [{\"a\":1}]",
        "json app.log:4 { \"b\":2}",
    };
    BOOST_TEST(r.items == expected, tt::per_element());
}

BOOST_AUTO_TEST_CASE(padding_after_the_last_record_is_zeroed) {
    // simdjson may read k_padding bytes past a record; at the end of the data they are zeros.
    for (std::string text : {std::string("{\"a\":1}\n{\"a\":2}"), std::string("{\n\"a\": 1\n}")}) {
        SourceTable sources;
        InputReader reader(sources, ReaderOptions{64u << 20, 3});
        reader.add_buffer("p", text);
        RawRecord record;
        Reject reject;
        std::string last_tail; // read while the record is valid (until the next call)
        while (reader.next(record, reject) == ReadItem::Record)
            last_tail.assign(record.bytes.data() + record.bytes.size(), k_padding);
        BOOST_TEST(reader.records() == 2u - (text[1] == '\n' ? 1u : 0u));
        BOOST_TEST(last_tail == std::string(k_padding, '\0'));
    }
}

BOOST_AUTO_TEST_CASE(byte_order_mark_is_skipped) {
    ReadAll r = read_buffer("bom.json", "\xEF\xBB\xBF{\"Records\":[{\"a\":1}]}");
    Lines expected = {"json bom.json:1[0] {\"a\":1}"};
    BOOST_TEST(r.items == expected, tt::per_element());
}

BOOST_AUTO_TEST_CASE(empty_and_blank_inputs_have_nothing) {
    BOOST_TEST(read_buffer("e", "").returned == 0u);
    BOOST_TEST(read_buffer("b", " \n\r\n\t\n").returned == 0u);
}

BOOST_AUTO_TEST_CASE(buffers_and_files_keep_the_order_they_were_added) {
    TempDir dir("order");
    std::string file = dir.write("f.ndjson", "{\"f\":1}\n");
    SourceTable sources;
    InputReader reader(sources);
    reader.add_buffer("first", "{\"b\":1}\n");
    reader.add_path(file);
    reader.add_buffer("third", "[{\"b\":3}]");
    ReadAll r = read_all(reader, sources, dir.prefix());
    Lines expected = {
        "json first:1 {\"b\":1}",
        "json f.ndjson:1 {\"f\":1}",
        "json third:1[0] {\"b\":3}",
    };
    BOOST_TEST(r.items == expected, tt::per_element());
    BOOST_TEST(sources.size() == 3u);
    BOOST_TEST(r.records == 3u);
}

BOOST_AUTO_TEST_CASE(file_records_file_read_from_disk) {
    TempDir dir("disk");
    std::string file = dir.write("trail.json", "{\"Records\":[{\"a\":1},{\"a\":2}]}");
    SourceTable sources;
    InputReader reader(sources);
    reader.add_path(file);
    ReadAll r = read_all(reader, sources, dir.prefix());
    Lines expected = {"json trail.json:1[0] {\"a\":1}", "json trail.json:1[1] {\"a\":2}"};
    BOOST_TEST(r.items == expected, tt::per_element());
    BOOST_TEST(reader.bytes_read() == 29u);
    BOOST_TEST(reader.bytes_decoded() == 29u);
}

BOOST_AUTO_TEST_SUITE_END()
