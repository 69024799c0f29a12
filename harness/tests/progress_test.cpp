// The progress line of detect and replay (progress.h): its text, its refresh
// rate, that it erases itself, the input size that gives the ETA, and the
// terminal check, through a pseudo-terminal standing in for stderr.
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <fcntl.h>
#include <sstream>
#include <string>
#include <unistd.h>

#include "progress.h"
#include "temp_tree.h"

using namespace trailproof::harness;

namespace {

constexpr std::uint64_t k_ms = 1'000'000;

} // namespace

BOOST_AUTO_TEST_SUITE(progress)

BOOST_AUTO_TEST_CASE(the_line_holds_counts_rate_elapsed_and_eta) {
    ProgressSnapshot p;
    p.done = 120000;
    p.elapsed_seconds = 3;
    BOOST_TEST(render_progress(p) == "120000 records, 40000 records/s, 3.0 s elapsed");
    p.bytes = 30;
    p.total_bytes = 100;
    BOOST_TEST(render_progress(p) == "120000 records, 40000 records/s, 3.0 s elapsed, ETA 7.0 s");
    p.bytes = 1;
    p.total_bytes = 1000;
    p.elapsed_seconds = 90;
    BOOST_TEST(render_progress(p) == "120000 records, 1333 records/s, 1 min 30 s elapsed, ETA 24 h 58 min");
    ProgressSnapshot s;
    s.unit = "scenarios";
    s.done = 3;
    s.total = 12;
    s.elapsed_seconds = 1.5;
    BOOST_TEST(render_progress(s) == "3 scenarios of 12, 2 scenarios/s, 1.5 s elapsed, ETA 4.5 s");
    s.done = 0;
    s.elapsed_seconds = 0;
    BOOST_TEST(render_progress(s) == "0 scenarios of 12, 0.0 s elapsed");
}

BOOST_AUTO_TEST_CASE(redrawn_at_most_four_times_a_second_and_erased_at_the_end) {
    std::ostringstream err;
    {
        ProgressLine line(err, true);
        ProgressSnapshot p;
        p.done = 1;
        p.elapsed_seconds = 0.1;
        line.update(p, 100 * k_ms);
        BOOST_TEST(err.str() == ""); // a short run shows nothing
        p.elapsed_seconds = 0.3;
        line.update(p, 300 * k_ms);
        BOOST_TEST(err.str() == "\r1 records, 3 records/s, 0.3 s elapsed\x1b[K");
        p.done = 2;
        p.elapsed_seconds = 0.4;
        line.update(p, 400 * k_ms); // 100 ms after the last draw
        BOOST_TEST(err.str() == "\r1 records, 3 records/s, 0.3 s elapsed\x1b[K");
        p.elapsed_seconds = 0.6;
        line.update(p, 600 * k_ms);
        BOOST_TEST(err.str().ends_with("\r2 records, 3 records/s, 0.6 s elapsed\x1b[K"));
        line.finish();
        BOOST_TEST(err.str().ends_with("\r\x1b[K"));
    }
    const std::size_t size = err.str().size();
    BOOST_TEST(err.str().size() == size); // finished once: the destructor adds nothing

    std::ostringstream off;
    ProgressLine disabled(off, false);
    ProgressSnapshot p;
    p.elapsed_seconds = 5;
    disabled.update(p, 5000 * k_ms);
    disabled.finish();
    BOOST_TEST(off.str() == "");
}

BOOST_AUTO_TEST_CASE(the_input_size_is_known_for_plain_files_only) {
    trailproof::harness::test::TempTree t("progress");
    t.write("a.jsonl", std::string(100, 'x'));
    t.write("dir/b.json", std::string(50, 'y'));
    t.write("dir/c.json", std::string(25, 'z'));
    const auto size = plain_input_size({t.path("a.jsonl"), t.path("dir")});
    BOOST_TEST_REQUIRE(size.has_value());
    BOOST_TEST(*size == 175u);
    t.write("dir/d.json.gz", std::string("\x1f\x8b\x08\x00", 4));
    BOOST_TEST(!plain_input_size({t.path("dir")})); // gzip: its records are larger than the file
    BOOST_TEST(!plain_input_size({"-"}));
    BOOST_TEST(!plain_input_size({t.path("missing")}));
}

BOOST_AUTO_TEST_CASE(the_terminal_check_sees_a_pseudo_terminal) {
    if (::isatty(STDERR_FILENO) == 0) BOOST_TEST(!stderr_is_terminal()); // ctest runs without a terminal
    const int master = ::posix_openpt(O_RDWR | O_NOCTTY);
    BOOST_TEST_REQUIRE(master >= 0);
    BOOST_TEST_REQUIRE(::grantpt(master) == 0);
    BOOST_TEST_REQUIRE(::unlockpt(master) == 0);
    const int slave = ::open(::ptsname(master), O_RDWR | O_NOCTTY);
    BOOST_TEST_REQUIRE(slave >= 0);
    const int saved = ::dup(STDERR_FILENO);
    ::dup2(slave, STDERR_FILENO);
    const char* term = std::getenv("TERM");
    const std::string old_term = term ? term : "";
    ::setenv("TERM", "xterm", 1);
    const bool tty = stderr_is_terminal();
    ::setenv("TERM", "dumb", 1);
    const bool dumb = stderr_is_terminal();
    if (term) ::setenv("TERM", old_term.c_str(), 1);
    else ::unsetenv("TERM");
    ::dup2(saved, STDERR_FILENO);
    ::close(saved);
    ::close(slave);
    ::close(master);
    BOOST_TEST(tty);
    BOOST_TEST(!dumb); // TERM=dumb cannot erase a line
}

BOOST_AUTO_TEST_SUITE_END()
