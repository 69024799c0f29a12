// Directory inputs (recursive, sorted, no symlink loops) and stdin.

#include <cstdio>

#include <fcntl.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include "ingest_test_util.h"

using namespace trailproof;
using namespace trailproof::ingest;
using namespace trailproof::ingest::test;
namespace tt = boost::test_tools;

BOOST_AUTO_TEST_SUITE(ingest_paths)

BOOST_AUTO_TEST_CASE(directory_is_read_recursively_in_path_order) {
    TempDir dir("tree");
    dir.write("logs/b.json", "{\"f\":\"b\"}\n");
    dir.write("logs/a-c.json", "{\"f\":\"a-c\"}\n");
    dir.write("logs/a/z.json", "{\"f\":\"a/z\"}\n");
    dir.write("logs/a/b/c.json.gz", gzip("{\"f\":\"a/b/c\"}\n"));
    dir.write("logs/A.json", "{\"Records\":[{\"f\":\"A\"}]}");
    dir.write("logs/.h.ndjson", "{\"f\":\".h\"}\n");
    std::filesystem::create_directories(dir.path() / "logs/empty");
    // A symlinked directory is not followed (this one would loop); a symlinked file is read.
    std::filesystem::create_directory_symlink(dir.path() / "logs", dir.path() / "logs/loop");
    std::filesystem::create_symlink(dir.path() / "logs/b.json", dir.path() / "logs/link.json");

    SourceTable sources;
    InputReader reader(sources);
    reader.add_path((dir.path() / "logs").string());
    ReadAll r = read_all(reader, sources, dir.prefix());
    // Element-wise order: "a/..." comes before "a-c.json" although '-' < '/'.
    Lines expected = {
        "json logs/.h.ndjson:1 {\"f\":\".h\"}",
        "json logs/A.json:1[0] {\"f\":\"A\"}",
        "json logs/a/b/c.json.gz:1 {\"f\":\"a/b/c\"}",
        "json logs/a/z.json:1 {\"f\":\"a/z\"}",
        "json logs/a-c.json:1 {\"f\":\"a-c\"}",
        "json logs/b.json:1 {\"f\":\"b\"}",
        "json logs/link.json:1 {\"f\":\"b\"}",
    };
    BOOST_TEST(r.items == expected, tt::per_element());
    BOOST_TEST(sources.size() == 7u);
}

BOOST_AUTO_TEST_CASE(dash_reads_stdin) {
    TempDir dir("stdin");
    std::string file = dir.write("in.ndjson", gzip("{\"a\":1}\nCEF:0|x\n"));
    int saved = ::dup(STDIN_FILENO);
    int fd = ::open(file.c_str(), O_RDONLY);
    BOOST_REQUIRE(saved >= 0);
    BOOST_REQUIRE(fd >= 0);
    BOOST_REQUIRE(::dup2(fd, STDIN_FILENO) == STDIN_FILENO);
    ::close(fd);

    SourceTable sources;
    InputReader reader(sources);
    reader.add_path("-");
    ReadAll r = read_all(reader, sources);

    ::dup2(saved, STDIN_FILENO);
    ::close(saved);
    Lines expected = {"json -:1 {\"a\":1}", "text -:2 CEF:0|x"};
    BOOST_TEST(r.items == expected, tt::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
