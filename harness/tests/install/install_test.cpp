// `cmake --install` end to end: the installed binary finds its bundled packs
// and reference tables from its own path, validates and replays a content
// repository outside the source tree, keeps working when the prefix moves,
// and its man page renders.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <string>

#include "install_run.h"

using namespace trailproof::harness::test;
namespace fs = std::filesystem;

namespace {

const std::string k_validate_ok =
    "pack sample  content/sample\n"
    "  figure          documented  derived  status\n"
    "  rules                    6        6  ok\n"
    "  models                   -        0\n"
    "  mitre_ttps               -        6\n"
    "  activity_types           -        0\n"
    "  parsers                  -        0\n"
    "  unable_to_fire           -        0\n"
    "  0 errors, 0 warnings\n"
    "\n"
    "validate: 1 pack, 0 errors, 0 warnings\n";

const std::string k_replay_ok =
    "pack                              rules +/-/all   models   parsers   baseline  scenarios ok/fail  result\n"
    "sample                            6/6/6           0/0      0/0       0         14/0               PASS\n";

} // namespace

BOOST_AUTO_TEST_SUITE(install)

BOOST_AUTO_TEST_CASE(install_puts_binary_data_and_man_page_under_the_prefix) {
    const Installed& inst = Installed::get();
    BOOST_TEST_REQUIRE(inst.ok(), inst.install_output());
    for (const char* path : {"bin/trailproof", "share/trailproof/content/README.md",
                             "share/trailproof/content/sample/pack.yml",
                             "share/trailproof/content/attack/enterprise-techniques.tsv",
                             "share/trailproof/content/aws/api-operations.tsv",
                             "share/trailproof/fixtures/baseline/events.ndjson", "share/man/man1/trailproof.1"})
        BOOST_TEST(fs::is_regular_file(inst.prefix() + "/" + path), path);
}

BOOST_AUTO_TEST_CASE(validate_and_replay_a_pack_outside_the_tree) {
    const Installed& inst = Installed::get();
    BOOST_TEST_REQUIRE(inst.ok(), inst.install_output());
    TempTree repo("repo");
    write_sample_repo(repo);
    // No attack/ or aws/ beside content/sample: the installed tables are used.
    const ShellRun validate = run_shell("trailproof validate content/sample\n", repo.path(), inst.bin());
    BOOST_TEST(validate.code == 0, validate.err);
    BOOST_TEST(validate.out == k_validate_ok);
    const ShellRun replay = run_shell("trailproof replay content fixtures\n", repo.path(), inst.bin());
    BOOST_TEST(replay.code == 0, replay.err);
    BOOST_TEST(replay.out == k_replay_ok);

    // The installed tables are really read: a misspelled API name is found.
    repo.write("content/sample/rules/cloudtrail_logging_stopped.yml",
               [&] {
                   std::string text = slurp(repo.path("content/sample/rules/cloudtrail_logging_stopped.yml"));
                   const auto at = text.find("- StopLogging\n");
                   BOOST_TEST_REQUIRE(at != std::string::npos);
                   return text.replace(at, 13, "- StopLoging");
               }());
    const ShellRun broken = run_shell("trailproof validate content/sample\n", repo.path(), inst.bin());
    BOOST_TEST(broken.code == 1);
    BOOST_TEST(broken.out.find("content/sample/rules/cloudtrail_logging_stopped.yml:20:9: "
                               "error[validate.unknown_event_name]: unknown eventName 'StopLoging' for "
                               "cloudtrail.amazonaws.com; did you mean 'StopLogging'?\n") != std::string::npos,
               broken.out);
}

BOOST_AUTO_TEST_CASE(the_content_roots_own_tables_win_over_the_installed_ones) {
    const Installed& inst = Installed::get();
    BOOST_TEST_REQUIRE(inst.ok(), inst.install_output());
    TempTree repo("repo");
    write_sample_repo(repo);
    // An attack/ folder of the repository's own (here: empty) is read, never skipped.
    fs::create_directories(repo.path("content/attack"));
    const ShellRun r = run_shell("trailproof validate content/sample\n", repo.path(), inst.bin());
    BOOST_TEST(r.code == 2);
    BOOST_TEST(r.out.find("content/attack/enterprise-techniques.tsv: error[validate.tables_unreadable]: cannot read "
                          "reference table (use --attack DIR / --aws DIR)\n") != std::string::npos,
               r.out);
    BOOST_TEST(r.out.find("content/aws/") == std::string::npos, r.out); // aws/ is the installed one
}

BOOST_AUTO_TEST_CASE(a_moved_install_still_finds_its_data) {
    const Installed& inst = Installed::get();
    BOOST_TEST_REQUIRE(inst.ok(), inst.install_output());
    TempTree moved("moved");
    fs::create_directories(moved.path("opt"));
    fs::copy(inst.prefix(), moved.path("opt/tp"), fs::copy_options::recursive | fs::copy_options::copy_symlinks);
    TempTree repo("repo");
    write_sample_repo(repo);
    // Through a symlink on PATH too, as /usr/local/bin links often are.
    fs::create_directories(moved.path("links"));
    fs::create_symlink(moved.path("opt/tp/bin/trailproof"), moved.path("links/trailproof"));
    const ShellRun r = run_shell("trailproof validate content/sample\n", repo.path(), moved.path("links"));
    BOOST_TEST(r.code == 0, r.err);
    BOOST_TEST(r.out == k_validate_ok);
}

BOOST_AUTO_TEST_CASE(a_binary_without_its_data_says_which_tables_it_lacks) {
    const Installed& inst = Installed::get();
    BOOST_TEST_REQUIRE(inst.ok(), inst.install_output());
    TempTree lone("lone");
    fs::create_directories(lone.path("bin"));
    fs::copy_file(inst.bin() + "/trailproof", lone.path("bin/trailproof"));
    TempTree repo("repo");
    write_sample_repo(repo);
    const ShellRun r = run_shell("trailproof validate content/sample\n", repo.path(), lone.path("bin"));
    BOOST_TEST(r.code == 2);
    BOOST_TEST(r.out.find("content/attack/enterprise-techniques.tsv: error[validate.tables_unreadable]: cannot read "
                          "reference table (use --attack DIR / --aws DIR)\n") != std::string::npos,
               r.out);
    // --attack/--aws still point it at tables.
    const ShellRun named = run_shell("trailproof validate --attack '" + inst.prefix() +
                                         "/share/trailproof/content/attack' --aws '" + inst.prefix() +
                                         "/share/trailproof/content/aws' content/sample\n",
                                     repo.path(), lone.path("bin"));
    BOOST_TEST(named.code == 0, named.out);
}

BOOST_AUTO_TEST_CASE(the_man_page_renders_every_command) {
    const Installed& inst = Installed::get();
    BOOST_TEST_REQUIRE(inst.ok(), inst.install_output());
    const ShellRun r = run_shell("MANWIDTH=100 man -l -P cat share/man/man1/trailproof.1\n", inst.prefix(),
                                 inst.bin());
    BOOST_TEST(r.code == 0, r.err);
    BOOST_TEST(r.err.empty(), r.err); // groff warnings would show here
    for (const char* text : {"NAME\n       trailproof ", "SYNOPSIS\n       trailproof command [options] [arguments]\n",
                             "   trailproof detect\n", "   trailproof replay\n", "   trailproof validate\n",
                             "   trailproof explain\n", "   trailproof new-rule\n", "--warnings-as-errors",
                             "--attack DIR", "EXIT STATUS", "share/trailproof/content/"})
        BOOST_TEST(r.out.find(text) != std::string::npos, text);
}

BOOST_AUTO_TEST_SUITE_END()
