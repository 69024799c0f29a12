// Hostile inputs: bounded memory, linear work and the documented limits, each hit one
// counted reject with its own code, after which the run goes on with the next input.
// Boundedness is measured on the reader's one buffer (its peak capacity and the bytes
// it ever moved), on inputs many times larger than the limits.

#include <boost/test/unit_test.hpp>

#include <filesystem>

#include "ingest_test_util.h"

using namespace trailproof;
using namespace trailproof::ingest;
using namespace trailproof::ingest::test;
namespace tt = boost::test_tools;

namespace {

constexpr std::size_t k_hostile_spaces = 24u << 20; // 24 MiB of blanks

// Small limits and chunks, so the bound is far below the input's size.
ReaderOptions small_buffers() {
    ReaderOptions options;
    options.max_record_bytes = 64u << 10;
    options.chunk_bytes = 64u << 10;
    options.max_whitespace_bytes = std::size_t{1} << 30; // not the limit under test here
    options.max_gzip_ratio = 0;                          // off: blanks compress 1000 times
    return options;
}

struct Read {
    ReadAll all;
    BufferStats buffer;
};

// Reads the inputs (name, bytes), in order, with `options`.
Read read_inputs(std::vector<std::pair<std::string, std::string>> inputs, ReaderOptions options) {
    SourceTable sources;
    InputReader reader(sources, options);
    for (auto& [name, bytes] : inputs) reader.add_buffer(name, std::move(bytes));
    Read out{read_all(reader, sources), reader.buffer_stats()};
    return out;
}

// The boundedness promise for small_buffers(): a few chunks and records, whatever the input size,
// and no byte carried over more than once per chunk (a quadratic framer moves the input many times).
void check_bounded(const Read& r, std::size_t input_size, std::size_t bound = std::size_t{512} << 10) {
    BOOST_TEST(r.buffer.peak_capacity <= bound, "peak buffer " << r.buffer.peak_capacity);
    BOOST_TEST(r.buffer.bytes_moved <= input_size / 8, "bytes moved " << r.buffer.bytes_moved);
}

} // namespace

BOOST_AUTO_TEST_SUITE(ingest_limits)

BOOST_AUTO_TEST_CASE(records_envelope_then_gigabytes_of_blanks_streams_in_bounded_memory) {
    std::string input = "{\"Records\":[" + std::string(k_hostile_spaces, ' ') + "{\"a\":1}]}";
    const std::size_t size = input.size();
    Read r = read_inputs({{"bomb.json.gz", gzip(input, 1)}, {"next.ndjson", "{\"b\":2}\n"}}, small_buffers());
    Lines expected = {"json bomb.json.gz:1[0] {\"a\":1}", "json next.ndjson:1 {\"b\":2}"};
    BOOST_TEST(r.all.items == expected, tt::per_element());
    check_bounded(r, size);
}

BOOST_AUTO_TEST_CASE(array_then_blank_lines_and_tabs_streams_in_bounded_memory) {
    std::string blanks;
    for (std::size_t i = 0; i < k_hostile_spaces / 4; ++i) blanks += "\n\t \r";
    std::string input = "[" + blanks + "{\"a\":1}]";
    Read r = read_inputs({{"a.json", input}}, small_buffers());
    const std::uint64_t line = 1 + k_hostile_spaces / 4;
    Lines expected = {"json a.json:" + std::to_string(line) + "[0] {\"a\":1}"};
    BOOST_TEST(r.all.items == expected, tt::per_element());
    check_bounded(r, input.size());
}

BOOST_AUTO_TEST_CASE(leading_blank_lines_are_dropped_while_the_shape_is_detected) {
    std::string input = std::string(k_hostile_spaces, '\n') + "  {\"a\":1}\n";
    Read r = read_inputs({{"w.ndjson", input}}, small_buffers());
    Lines expected = {"json w.ndjson:" + std::to_string(k_hostile_spaces + 1) + "   {\"a\":1}"};
    BOOST_TEST(r.all.items == expected, tt::per_element());
    check_bounded(r, input.size());
}

BOOST_AUTO_TEST_CASE(leading_blanks_on_one_line_stop_at_the_whitespace_limit) {
    // Blanks before the first value on its own line are kept (they belong to that line)
    // up to max_whitespace_bytes: that limit is the bound here.
    ReaderOptions options = small_buffers();
    options.max_whitespace_bytes = 1u << 20;
    std::string input = std::string(k_hostile_spaces, ' ') + "{\"a\":1}\n";
    Read r = read_inputs({{"w.ndjson", input}, {"ok.ndjson", "{\"b\":2}\n"}}, options);
    Lines expected = {
        "ingest.whitespace_too_long w.ndjson | w.ndjson: more than 1048576 bytes of whitespace before the first "
        "value (the limit); the input is skipped",
        "json ok.ndjson:1 {\"b\":2}",
    };
    BOOST_TEST(r.all.items == expected, tt::per_element());
    check_bounded(r, input.size(), std::size_t{4} << 20);
}

BOOST_AUTO_TEST_CASE(a_huge_member_is_scanned_not_kept) {
    std::string input = "{\"Records\":[{\"a\":\"" + std::string(k_hostile_spaces, 'x') + "\"},{\"b\":2}]}";
    Read r = read_inputs({{"big.json", input}}, small_buffers());
    Lines expected = {
        "ingest.record_too_large big.json:1[0] | record of " + std::to_string(k_hostile_spaces + 8) +
            " bytes exceeds the limit of " + std::to_string(64u << 10) + " bytes",
        "json big.json:1[1] {\"b\":2}",
    };
    BOOST_TEST(r.all.items == expected, tt::per_element());
    check_bounded(r, input.size());
}

BOOST_AUTO_TEST_CASE(whitespace_limit_rejects_the_rest_of_the_input_once) {
    ReaderOptions options;
    options.max_whitespace_bytes = 100;
    Read r = read_inputs({{"ws.json", "{\"Records\":[{\"a\":1},\n" + std::string(500, ' ') + "{\"b\":2}]}"},
                          {"lead.json", std::string(200, '\n') + "{\"c\":3}\n"},
                          {"ok.ndjson", "{\"d\":4}\n"}},
                         options);
    Lines expected = {
        "json ws.json:1[0] {\"a\":1}",
        "ingest.whitespace_too_long ws.json:1 | more than 100 bytes of whitespace in a row (the limit); the rest of "
        "the input is skipped",
        "ingest.whitespace_too_long lead.json | lead.json: more than 100 bytes of whitespace before the first value "
        "(the limit); the input is skipped",
        "json ok.ndjson:1 {\"d\":4}",
    };
    BOOST_TEST(r.all.items == expected, tt::per_element());
    BOOST_TEST(r.all.records + r.all.rejects == r.all.returned);
}

BOOST_AUTO_TEST_CASE(gzip_ratio_limit_stops_a_decompression_bomb) {
    // 24 MiB of one member's text compresses about 1000 times; the default limit is 200.
    std::string input = "[{\"a\":\"" + std::string(k_hostile_spaces, 'x') + "\"}]";
    ReaderOptions options = small_buffers();
    options.max_gzip_ratio = 200;
    Read r = read_inputs({{"bomb.gz", gzip(input, 9)}, {"ok.ndjson", "{\"d\":4}\n"}}, options);
    Lines expected = {
        "ingest.gzip_ratio bomb.gz:1[0] | bomb.gz: gzip expands more than 200 times its compressed size (the "
        "limit); the rest of the input is skipped",
        "json ok.ndjson:1 {\"d\":4}",
    };
    BOOST_TEST(r.all.items == expected, tt::per_element());
    BOOST_TEST(r.all.rejects == 1u);
}

BOOST_AUTO_TEST_CASE(small_repetitive_gzip_is_under_the_ratio_floor) {
    std::string input = "[" + std::string(k_gzip_ratio_floor / 2, ' ') + "{\"a\":1}]";
    Read r = read_inputs({{"small.gz", gzip(input, 9)}}, ReaderOptions{});
    Lines expected = {"json small.gz:1[0] {\"a\":1}"};
    BOOST_TEST(r.all.items == expected, tt::per_element());
}

BOOST_AUTO_TEST_CASE(document_limit_keeps_the_members_before_it) {
    ReaderOptions options;
    options.max_document_bytes = 20; // "[{"a":1},\n{"b":2}," is 18 bytes
    Read r = read_inputs({{"d.json", "[{\"a\":1},\n{\"b\":2},\n{\"c\":3}]"}, {"e.json", "[{\"e\":5}]"}}, options);
    Lines expected = {
        "json d.json:1[0] {\"a\":1}",
        "json d.json:2[1] {\"b\":2}",
        "ingest.document_too_large d.json:1 | document larger than the limit of 20 bytes; the rest of the input is "
        "skipped",
        "json e.json:1[0] {\"e\":5}",
    };
    BOOST_TEST(r.all.items == expected, tt::per_element());
}

BOOST_AUTO_TEST_CASE(nesting_limit_rejects_one_member) {
    ReaderOptions options;
    options.max_nesting_depth = 3;
    Read r = read_inputs({{"n.json", "{\"Records\":[{\"a\":[[1]]},{\"a\":[[[1]]]},{\"b\":2}]}"}}, options);
    Lines expected = {
        "json n.json:1[0] {\"a\":[[1]]}",
        "ingest.nesting_too_deep n.json:1[1] | record nested 4 levels deep exceeds the limit of 3",
        "json n.json:1[2] {\"b\":2}",
    };
    BOOST_TEST(r.all.items == expected, tt::per_element());
}

BOOST_AUTO_TEST_CASE(utf16_and_utf32_inputs_are_rejected_once_each) {
    auto utf16le = [](std::string_view ascii) {
        std::string out;
        for (char c : ascii) out += std::string{c, '\0'};
        return out;
    };
    auto utf16be = [](std::string_view ascii) {
        std::string out;
        for (char c : ascii) out += std::string{'\0', c};
        return out;
    };
    const std::string lines = "{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n";
    Read r = read_inputs({{"bom-le.json", "\xFF\xFE" + utf16le(lines)},
                          {"bom-be.json", "\xFE\xFF" + utf16be(lines)},
                          {"le.json", utf16le(lines)},
                          {"be.json", utf16be(lines)},
                          {"utf32.json", std::string("\xFF\xFE\0\0", 4) + "{\0\0\0"},
                          {"bin.dat", std::string("\0\0\0\0\x01", 5)},
                          {"ok.ndjson", "{\"a\":4}\n"}},
                         ReaderOptions{});
    const std::string convert = "; only UTF-8 is read (convert it, e.g. iconv -t UTF-8)";
    Lines expected = {
        "ingest.unsupported_encoding bom-le.json | bom-le.json: UTF-16LE text (byte order mark FF FE)" + convert,
        "ingest.unsupported_encoding bom-be.json | bom-be.json: UTF-16BE text (byte order mark FE FF)" + convert,
        "ingest.unsupported_encoding le.json | le.json: UTF-16LE text (a NUL byte after the first character)" +
            convert,
        "ingest.unsupported_encoding be.json | be.json: UTF-16BE text (a NUL byte before the first character)" +
            convert,
        "ingest.unsupported_encoding utf32.json | utf32.json: UTF-32LE text (byte order mark FF FE 00 00)" + convert,
        "ingest.unsupported_encoding bin.dat | bin.dat: binary data (starts with NUL bytes), not UTF-8 text",
        "json ok.ndjson:1 {\"a\":4}",
    };
    BOOST_TEST(r.all.items == expected, tt::per_element());
}

BOOST_AUTO_TEST_CASE(records_envelope_inside_ndjson_is_framed_member_by_member) {
    Read r = read_inputs({{"mixed.ndjson", "{\"a\":1}\n{\"Records\":[{\"b\":2},\n{\"c\":3}]}\n{\"d\":4}\n"
                                           "CEF:0|AWS|x|1|y|z|5|a=b\n  {\"Records\":[{\"e\":5}]}"}},
                         ReaderOptions{});
    Lines expected = {
        "json mixed.ndjson:1 {\"a\":1}",      "json mixed.ndjson:2[0] {\"b\":2}",
        "json mixed.ndjson:3[1] {\"c\":3}",   "json mixed.ndjson:4 {\"d\":4}",
        "text mixed.ndjson:5 CEF:0|AWS|x|1|y|z|5|a=b", "json mixed.ndjson:6[0] {\"e\":5}",
    };
    BOOST_TEST(r.all.items == expected, tt::per_element());
    BOOST_TEST(r.all.rejects == 0u);
}

BOOST_AUTO_TEST_CASE(dangling_symlink_in_a_folder_is_one_reject_with_its_path) {
    TempDir dir("dangling");
    dir.write("logs/a.ndjson", "{\"a\":1}\n");
    std::filesystem::create_symlink("missing.json", dir.path() / "logs/b.json");
    SourceTable sources;
    InputReader reader(sources);
    reader.add_path((dir.path() / "logs").string());
    ReadAll r = read_all(reader, sources, dir.prefix());
    Lines expected = {
        "json logs/a.ndjson:1 {\"a\":1}",
        "ingest.dangling_symlink logs/b.json | logs/b.json: dangling symbolic link to missing.json",
    };
    BOOST_TEST(r.items == expected, tt::per_element());
}

// Found by fuzz_framing: a line of exactly the limit plus "\r\n" was too large when it arrived
// in small chunks (the '\r' counted before the newline showed it is not part of the record).
BOOST_AUTO_TEST_CASE(a_line_of_exactly_the_limit_with_crlf_fits_in_any_chunk_size) {
    const std::string line = "{\"a\":\"" + std::string(16 - 8, 'x') + "\"}"; // 16 bytes
    BOOST_REQUIRE(line.size() == 16u);
    for (std::size_t chunk : {1u, 2u, 7u, 4096u}) {
        ReaderOptions options{16, chunk};
        Read r = read_inputs({{"l.ndjson", line + "\r\n" + line + "x\r\n"}, {"d.json", "[1]\n" + std::string(16, 'x') + "\r\n"}},
                             options);
        Lines expected = {
            "json l.ndjson:1 " + line,
            "ingest.record_too_large l.ndjson:2 | record of 17 bytes exceeds the limit of 16 bytes",
            "json d.json:1[0] 1",
            "json d.json:2 " + std::string(16, 'x'), // a stray line between documents
        };
        BOOST_TEST(r.all.items == expected, tt::per_element());
    }
}

BOOST_AUTO_TEST_SUITE_END()
