// OutputFile: a file appears whole at close (or not at all); an appended file
// keeps what was there and has every flushed byte on disk before close.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

#include "pipeline/output_file.h"
#include "support/file_text.h"
#include "support/temp_dir.h"

using trailproof::pipeline::OutputFile;
using trailproof::test::file_text;

BOOST_AUTO_TEST_SUITE(output_file)

BOOST_AUTO_TEST_CASE(a_file_appears_only_when_closed) {
    trailproof::test::TempDir dir("tp-output-file");
    const auto path = dir.path() / "alerts.ndjson";
    std::ofstream(path) << "old\n";
    OutputFile file;
    BOOST_REQUIRE(file.open(path.string()));
    file.stream() << "new\n" << std::flush;
    BOOST_TEST(file_text(path) == "old\n");
    BOOST_REQUIRE(file.close());
    BOOST_TEST(file_text(path) == "new\n");
}

BOOST_AUTO_TEST_CASE(an_appended_file_keeps_its_bytes_and_has_each_flush_on_disk) {
    trailproof::test::TempDir dir("tp-output-append");
    const auto path = dir.path() / "dead.ndjson";
    std::ofstream(path) << "earlier member\n";
    {
        OutputFile file;
        BOOST_REQUIRE(file.open_append(path.string()));
        file.stream() << "one\n" << std::flush;
        BOOST_TEST(file_text(path) == "earlier member\none\n");
        file.stream() << "lost\n";
        // Gone without close, as a killed member: what was flushed stays, the rest
        // never reached the file (--kafka flushes before each commit).
    }
    BOOST_TEST(file_text(path) == "earlier member\none\n");
    OutputFile again;
    BOOST_REQUIRE(again.open_append(path.string()));
    again.stream() << "two\n";
    BOOST_REQUIRE(again.close());
    BOOST_TEST(file_text(path) == "earlier member\none\ntwo\n");
}

BOOST_AUTO_TEST_CASE(an_append_that_cannot_open_says_why) {
    trailproof::test::TempDir dir("tp-output-append-bad");
    OutputFile file;
    BOOST_TEST(!file.open_append((dir.path() / "missing" / "dead.ndjson").string()));
    BOOST_TEST(file.reason() == "No such file or directory");
    BOOST_TEST(!file.close());
}

BOOST_AUTO_TEST_SUITE_END()
