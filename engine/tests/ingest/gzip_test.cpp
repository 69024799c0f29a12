// gzip inputs: recognized by magic bytes, streamed, multi-member; damage keeps every
// complete record before it and then becomes exactly one reject naming the file.

#include <boost/test/unit_test.hpp>

#include "ingest_test_util.h"

using namespace trailproof;
using namespace trailproof::ingest;
using namespace trailproof::ingest::test;
namespace tt = boost::test_tools;

namespace {

// gzip header (10 bytes) + stored block header (5 bytes): with level 0, decoded byte k
// sits at compressed byte k + 15.
constexpr std::size_t k_stored_prefix = 15;

ReadAll read_file(const TempDir& dir, const std::string& name, std::string_view bytes, ReaderOptions options = {}) {
    std::string path = dir.write(name, bytes);
    SourceTable sources;
    InputReader reader(sources, options);
    reader.add_path(path);
    return read_all(reader, sources, dir.prefix());
}

} // namespace

BOOST_AUTO_TEST_SUITE(ingest_gzip)

BOOST_AUTO_TEST_CASE(gzip_of_ndjson_is_recognized_by_content) {
    std::string text = "{\"a\":1}\n\n{\"a\":2}\r\n{\"a\":3}";
    std::string gz = gzip(text);
    SourceTable sources;
    InputReader reader(sources);
    reader.add_buffer("plain-name.json", gz); // no .gz suffix: the magic bytes decide
    ReadAll r = read_all(reader, sources);
    Lines expected = {
        "json plain-name.json:1 {\"a\":1}",
        "json plain-name.json:3 {\"a\":2}",
        "json plain-name.json:4 {\"a\":3}",
    };
    BOOST_TEST(r.items == expected, tt::per_element());
    BOOST_TEST(reader.bytes_read() == gz.size());
    BOOST_TEST(reader.bytes_decoded() == text.size());
}

BOOST_AUTO_TEST_CASE(gzip_of_records_file) {
    TempDir dir("gzrec");
    ReadAll r = read_file(dir, "ct.json.gz", gzip("{\"Records\":[{\"a\":1},\n{\"a\":2}]}\n"));
    Lines expected = {"json ct.json.gz:1[0] {\"a\":1}", "json ct.json.gz:2[1] {\"a\":2}"};
    BOOST_TEST(r.items == expected, tt::per_element());
    BOOST_TEST(r.rejects == 0u);
}

BOOST_AUTO_TEST_CASE(multi_member_gzip_joins_members_even_inside_a_line) {
    std::string gz = gzip("{\"a\":1}\n{\"a\":") + gzip("2}\n{\"a\":3}\n", 0) + gzip("{\"a\":4}");
    ReadAll r = read_buffer("multi.gz", gz);
    Lines expected = {
        "json multi.gz:1 {\"a\":1}",
        "json multi.gz:2 {\"a\":2}",
        "json multi.gz:3 {\"a\":3}",
        "json multi.gz:4 {\"a\":4}",
    };
    BOOST_TEST(r.items == expected, tt::per_element());
    BOOST_TEST(r.rejects == 0u);
}

BOOST_AUTO_TEST_CASE(truncated_gzip_keeps_complete_lines_then_one_reject) {
    TempDir dir("gztrunc");
    std::string text = "{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n";
    std::string gz = gzip(text, 0);
    std::string cut = gz.substr(0, k_stored_prefix + 19); // decodes to the first 19 bytes
    BOOST_REQUIRE(gunzip_prefix(cut) == text.substr(0, 19));
    ReadAll r = read_file(dir, "trunc.json.gz", cut);
    Lines expected = {
        "json trunc.json.gz:1 {\"a\":1}",
        "json trunc.json.gz:2 {\"a\":2}",
        "ingest.gzip_truncated trunc.json.gz:3 | trunc.json.gz: gzip stream truncated at byte 34",
    };
    BOOST_TEST(r.items == expected, tt::per_element());
    BOOST_TEST(r.records == 2u);
    BOOST_TEST(r.rejects == 1u);
}

BOOST_AUTO_TEST_CASE(gzip_missing_only_its_trailer_keeps_every_line) {
    std::string text = "{\"a\":1}\n{\"a\":2}\n";
    std::string gz = gzip(text, 0);
    ReadAll r = read_buffer("t.gz", gz.substr(0, gz.size() - 8)); // CRC32 + ISIZE gone
    Lines expected = {
        "json t.gz:1 {\"a\":1}",
        "json t.gz:2 {\"a\":2}",
        "ingest.gzip_truncated t.gz:3 | t.gz: gzip stream truncated at byte " + std::to_string(gz.size() - 8),
    };
    BOOST_TEST(r.items == expected, tt::per_element());
}

BOOST_AUTO_TEST_CASE(gzip_cut_inside_its_header) {
    ReadAll r = read_buffer("h.gz", std::string("\x1f\x8b\x08", 3));
    Lines expected = {"ingest.gzip_truncated h.gz:1 | h.gz: gzip stream truncated at byte 3"};
    BOOST_TEST(r.items == expected, tt::per_element());
}

BOOST_AUTO_TEST_CASE(truncated_gzip_records_file_reports_the_damage_not_a_tail) {
    std::string text = "{\"Records\":[{\"a\":1},{\"a\":2},{\"a\":3}]}";
    std::string gz = gzip(text, 0);
    std::size_t keep = text.find("{\"a\":2") + 3; // inside member 1
    ReadAll r = read_buffer("rec.gz", gz.substr(0, k_stored_prefix + keep));
    Lines expected = {
        "json rec.gz:1[0] {\"a\":1}",
        "ingest.gzip_truncated rec.gz:1[1] | rec.gz: gzip stream truncated at byte " +
            std::to_string(k_stored_prefix + keep),
    };
    BOOST_TEST(r.items == expected, tt::per_element());
}

BOOST_AUTO_TEST_CASE(corrupt_member_keeps_the_records_before_it) {
    std::string first = gzip("{\"a\":1}\n{\"a\":2}\n");
    std::string second = gzip("{\"a\":3}\n");
    second[10] = '\x07'; // first deflate byte: final block of reserved type 3
    ReadAll r = read_buffer("bad.gz", first + second);
    Lines expected = {
        "json bad.gz:1 {\"a\":1}",
        "json bad.gz:2 {\"a\":2}",
        "ingest.gzip_corrupt bad.gz:3 | bad.gz: gzip data corrupt at byte " + std::to_string(first.size() + 11) +
            ": invalid block type",
    };
    BOOST_TEST(r.items == expected, tt::per_element());
    BOOST_TEST(r.rejects == 1u);
}

BOOST_AUTO_TEST_CASE(corrupt_checksum_is_reported_after_the_data) {
    std::string gz = gzip("{\"a\":1}\n{\"a\":2}", 0);
    gz[gz.size() - 8] = static_cast<char>(gz[gz.size() - 8] ^ 0x55); // CRC32
    ReadAll r = read_buffer("crc.gz", gz);
    // The last line has no newline and the stream is damaged at its end: the damage
    // explains it, so it is part of the reject rather than a record.
    Lines expected = {
        "json crc.gz:1 {\"a\":1}",
        "ingest.gzip_corrupt crc.gz:2 | crc.gz: gzip data corrupt at byte " + std::to_string(gz.size() - 4) +
            ": incorrect data check",
    };
    BOOST_TEST(r.items == expected, tt::per_element());
}

BOOST_AUTO_TEST_CASE(garbage_after_a_member_is_corrupt) {
    std::string gz = gzip("{\"a\":1}\n");
    ReadAll r = read_buffer("tail.gz", gz + "junk");
    Lines expected = {
        "json tail.gz:1 {\"a\":1}",
        "ingest.gzip_corrupt tail.gz:2 | tail.gz: gzip data corrupt at byte " + std::to_string(gz.size()) +
            ": unexpected bytes after a gzip member",
    };
    BOOST_TEST(r.items == expected, tt::per_element());
}

BOOST_AUTO_TEST_CASE(gzip_streams_with_tiny_chunks) {
    std::string text;
    for (int i = 0; i < 200; ++i) text += "{\"n\":" + std::to_string(i) + ",\"pad\":\"" + std::string(static_cast<std::size_t>(i % 37), 'x') + "\"}\n";
    ReadAll big = read_buffer("g.gz", gzip(text));
    ReadAll tiny = read_buffer("g.gz", gzip(text), ReaderOptions{64u << 20, 7});
    BOOST_TEST(big.records == 200u);
    BOOST_TEST(tiny.items == big.items, tt::per_element());
}

// Defect 6 of issue 14: truncation was reported as soon as the input ran out, while
// zlib still held decoded bytes, so a complete last line could be lost. At every cut,
// every line complete in what zlib can decode is a record, then exactly one reject.
BOOST_AUTO_TEST_CASE(truncation_at_every_offset_keeps_every_complete_line) {
    std::string text;
    for (int i = 0; i < 12; ++i)
        text += "{\"n\":" + std::to_string(i) + ",\"user\":\"user-" + std::to_string(i * 7919 % 100) + "\"}\n";
    const std::string gz = gzip(text, 6);
    for (std::size_t cut = 2; cut < gz.size(); ++cut) {
        const std::string prefix = gunzip_prefix(std::string_view(gz).substr(0, cut));
        Lines expected;
        std::size_t begin = 0;
        for (std::size_t nl = prefix.find('\n'); nl != std::string::npos; nl = prefix.find('\n', begin)) {
            expected.push_back("json cut.gz:" + std::to_string(expected.size() + 1) + " " + prefix.substr(begin, nl - begin));
            begin = nl + 1;
        }
        for (std::size_t chunk : {std::size_t{4} << 20, std::size_t{3}}) {
            ReadAll r = read_buffer("cut.gz", gz.substr(0, cut), ReaderOptions{64u << 20, chunk});
            BOOST_TEST_REQUIRE(r.rejects == 1u, "cut at " << cut << ", chunk " << chunk);
            BOOST_TEST(r.items.back().starts_with("ingest.gzip_truncated cut.gz:" + std::to_string(expected.size() + 1) + " | "),
                       "cut at " << cut << ": " << r.items.back());
            r.items.pop_back();
            BOOST_TEST(r.items == expected, "cut at " << cut << ", chunk " << chunk);
        }
    }
}

BOOST_AUTO_TEST_CASE(truncated_records_file_at_every_offset_gives_complete_members_and_one_reject) {
    std::string text = "{\"Records\":[";
    for (int i = 0; i < 10; ++i) text += std::string(i ? ",\n" : "") + "{\"n\":" + std::to_string(i * 31) + "}";
    text += "]}";
    const std::string gz = gzip(text, 6);
    for (std::size_t cut = 2; cut < gz.size(); ++cut) {
        const std::string prefix = gunzip_prefix(std::string_view(gz).substr(0, cut));
        std::uint64_t complete = 0;
        for (char c : prefix) complete += c == '}' ? 1 : 0;
        if (prefix.ends_with("]}")) --complete; // the envelope's own brace
        ReadAll r = read_buffer("cut.json.gz", gz.substr(0, cut));
        BOOST_TEST(r.records == complete, "cut at " << cut);
        BOOST_TEST(r.rejects == 1u, "cut at " << cut);
    }
}

BOOST_AUTO_TEST_SUITE_END()
