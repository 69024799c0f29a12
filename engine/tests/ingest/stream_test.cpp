// Streaming: the output must not depend on chunk boundaries, and random truncation
// must keep every complete line as a record and account for the rest.

#include <random>

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "ingest_test_util.h"

using namespace trailproof;
using namespace trailproof::ingest;
using namespace trailproof::ingest::test;
namespace tt = boost::test_tools;
namespace bdata = boost::unit_test::data;

namespace {

constexpr unsigned k_seed = 20240611u;

// NDJSON with the awkward bits: CRLF, blank and whitespace lines, text lines, escapes,
// brackets inside strings, long lines. Never a raw newline inside a record.
std::string make_ndjson(unsigned seed, int lines) {
    std::mt19937 rng(seed);
    auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
    std::string out;
    for (int i = 0; i < lines; ++i) {
        switch (pick(8)) {
        case 0:
            out += "\n";
            continue;
        case 1:
            out += " \t \r\n";
            continue;
        case 2:
            out += "CEF:0|AWS|CloudTrail|1.0|" + std::to_string(i) + "|x|3|msg=a\\|b\n";
            continue;
        case 3:
            out += "<134>Jan  1 00:00:0" + std::to_string(i % 10) + " host {\"eventName\":\"E" + std::to_string(i) + "\"}\n";
            continue;
        default:
            break;
        }
        std::string value(static_cast<std::size_t>(pick(3) == 0 ? 200 + pick(300) : pick(20)), 'v');
        out += "{\"n\":" + std::to_string(i) + ",\"s\":\"q\\\"}]{[\\\\" + value + "\",\"o\":{\"a\":[1,{}]}}";
        out += pick(3) == 0 ? "\r\n" : "\n";
    }
    return out;
}

// The framing rule, written the slow and obvious way: split on '\n', drop a trailing
// '\r', skip blank lines; the last piece counts only when `last_is_record`.
Lines expected_lines(const std::string& name, std::string_view text, bool last_is_record) {
    Lines out;
    std::uint64_t line = 0;
    std::size_t begin = 0;
    while (begin <= text.size()) {
        std::size_t end = text.find('\n', begin);
        bool complete = end != std::string_view::npos;
        if (!complete) end = text.size();
        ++line;
        if (!complete && !last_is_record) break;
        std::string_view piece = text.substr(begin, end - begin);
        if (!piece.empty() && piece.back() == '\r') piece.remove_suffix(1);
        std::size_t first = piece.find_first_not_of(" \t");
        if (first != std::string_view::npos) {
            bool json = piece[first] == '{' || piece[first] == '[';
            out.push_back((json ? "json " : "text ") + name + ":" + std::to_string(line) + " " + std::string(piece));
        }
        if (!complete) break;
        begin = end + 1;
    }
    return out;
}

const std::string& corpus() {
    static const std::string text = make_ndjson(k_seed, 300);
    return text;
}

} // namespace

BOOST_AUTO_TEST_SUITE(ingest_stream)

BOOST_AUTO_TEST_CASE(ndjson_output_is_the_same_for_every_chunk_size) {
    Lines reference = expected_lines("c.ndjson", corpus(), true);
    ReadAll big = read_buffer("c.ndjson", corpus());
    BOOST_TEST(big.items == reference, tt::per_element());
    for (std::size_t chunk : std::vector<std::size_t>{1, 2, 3, 7, 13, 64, 4096}) {
        BOOST_TEST_CONTEXT("chunk_bytes=" << chunk) {
            ReadAll small = read_buffer("c.ndjson", corpus(), ReaderOptions{64u << 20, chunk});
            BOOST_TEST(small.items == big.items, tt::per_element());
            BOOST_TEST(small.records == big.records);
        }
    }
}

BOOST_AUTO_TEST_CASE(documents_are_the_same_for_every_chunk_size) {
    std::string pretty = "{\n \"Records\" : [\n  {\"a\": \"x\\\"]\"},\n  [1, 2],\n  \"s\",\n  7\n ]\n}\n";
    std::string array = "[\r\n{\"a\":1},\r\n{\"b\":{\"c\":[]}}\r\n]";
    for (const auto& [text, members] : std::vector<std::pair<std::string, std::uint64_t>>{{pretty, 4}, {array, 2}}) {
        ReadAll big = read_buffer("d.json", text);
        BOOST_TEST(big.records == members);
        for (std::size_t chunk : std::vector<std::size_t>{1, 2, 3, 7, 13}) {
            BOOST_TEST_CONTEXT("chunk_bytes=" << chunk) {
                ReadAll small = read_buffer("d.json", text, ReaderOptions{64u << 20, chunk});
                BOOST_TEST(small.items == big.items, tt::per_element());
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(pretty_records_detected_across_tiny_chunks) {
    std::string text = "\n\n  {  \r\n\n  \"Records\"  :\n[{\"a\":1}]}";
    ReadAll r = read_buffer("p.json", text, ReaderOptions{64u << 20, 1});
    Lines expected = {"json p.json:6[0] {\"a\":1}"};
    BOOST_TEST(r.items == expected, tt::per_element());
}

// Property: cut the input anywhere. Every complete line is a record, the partial last
// line too (a plain file may end without a newline), and nothing else comes out.
BOOST_DATA_TEST_CASE(random_truncation_of_plain_ndjson,
                     bdata::random((bdata::seed = k_seed,
                                    bdata::distribution = std::uniform_int_distribution<std::size_t>(0, 1u << 30))) ^
                         bdata::xrange(150),
                     sample, iteration) {
    if (iteration == 0) BOOST_TEST_MESSAGE("random_truncation_of_plain_ndjson: seed " << k_seed);
    std::size_t cut = sample % (corpus().size() + 1);
    BOOST_TEST_CONTEXT("seed " << k_seed << ", cut at byte " << cut) {
        std::string text = corpus().substr(0, cut);
        ReadAll r = read_buffer("t.ndjson", text, ReaderOptions{64u << 20, 1 + sample % 97});
        Lines expected = expected_lines("t.ndjson", text, true);
        BOOST_TEST(r.items == expected, tt::per_element());
        BOOST_TEST(r.rejects == 0u);
        BOOST_TEST(r.records + r.rejects == r.returned);
    }
}

// Property: cut the gzip anywhere after its magic. Every line completed in what zlib
// can still decode is a record; then exactly one GzipTruncated reject at the next line.
BOOST_DATA_TEST_CASE(random_truncation_of_gzip_ndjson,
                     bdata::random((bdata::seed = k_seed + 1,
                                    bdata::distribution = std::uniform_int_distribution<std::size_t>(0, 1u << 30))) ^
                         bdata::xrange(150),
                     sample, iteration) {
    static const std::string gz = gzip(corpus());
    if (iteration == 0) BOOST_TEST_MESSAGE("random_truncation_of_gzip_ndjson: seed " << k_seed + 1);
    std::size_t cut = 2 + sample % (gz.size() - 1);
    BOOST_TEST_CONTEXT("seed " << k_seed + 1 << ", cut at byte " << cut << " of " << gz.size()) {
        std::string decoded = gunzip_prefix(std::string_view(gz).substr(0, cut));
        ReadAll r = read_buffer("t.gz", gz.substr(0, cut), ReaderOptions{64u << 20, 1 + sample % 4099});
        bool whole = cut == gz.size();
        Lines expected = expected_lines("t.gz", decoded, whole);
        if (!whole) {
            std::uint64_t next_line = 1 + static_cast<std::uint64_t>(std::count(decoded.begin(), decoded.end(), '\n'));
            expected.push_back("ingest.gzip_truncated t.gz:" + std::to_string(next_line) +
                               " | t.gz: gzip stream truncated at byte " + std::to_string(cut));
        }
        BOOST_TEST(r.items == expected, tt::per_element());
        BOOST_TEST(r.rejects == (whole ? 0u : 1u));
        BOOST_TEST(r.records + r.rejects == r.returned);
    }
}

BOOST_AUTO_TEST_SUITE_END()
