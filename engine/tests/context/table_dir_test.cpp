// Reading a context folder and overriding its tables with another folder
// (`--context DIR`): same-name tables are replaced, new ones added.

#include <boost/test/unit_test.hpp>

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "context_test_util.h"

using namespace trailproof;
using namespace trailproof::context;

namespace {

// A fresh temporary folder, removed at the end of the test.
struct TempDir {
    TempDir() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "tp_context_XXXXXX").string();
        BOOST_TEST_REQUIRE(mkdtemp(tmpl.data()) != nullptr);
        path = tmpl;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    void write(const std::string& name, const std::string& text) const {
        std::filesystem::create_directories(std::filesystem::path(path + "/" + name).parent_path());
        std::ofstream(path + "/" + name, std::ios::binary) << text;
    }
    std::string path;
};

std::vector<std::string> files_of(const std::vector<TableSource>& sources, const std::string& strip) {
    std::vector<std::string> out;
    for (const TableSource& s : sources) out.push_back(s.file.substr(strip.size()));
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(context_dir)

BOOST_AUTO_TEST_CASE(table_names) {
    BOOST_TEST(table_name("content/p/context/tor_exit_nodes.txt") == "tor_exit_nodes");
    BOOST_TEST(table_name("users.csv") == "users");
    BOOST_TEST(table_name("a.b/zones.v2.yml") == "zones.v2");
    BOOST_TEST(table_name("noext") == "noext");
    BOOST_TEST(is_table_file("x.yaml"));
    BOOST_TEST(!is_table_file("x.md"));
}

BOOST_AUTO_TEST_CASE(reads_a_folder_in_sorted_order) {
    TempDir d;
    d.write("zones.csv", "cidr,zone\n10.0.0.0/8,vpc\n");
    d.write("users.csv", "user\nalice\n");
    d.write("README.md", "# not a table\n");
    d.write(".hidden.txt", "x\n");
    d.write("notes.json", "{}\n");
    d.write("sub/ignored.txt", "10.0.0.1\n"); // not recursive
    std::vector<TableSource> sources;
    const LoadResult r = read_table_dir(d.path, sources);
    BOOST_TEST(r.successful());
    BOOST_TEST(r.render_text() == d.path + "/notes.json: warning[context.unknown_file]: not a context table "
                                           "(expected .csv, .yml, .yaml or .txt); ignored\n");
    BOOST_TEST(files_of(sources, d.path) == (std::vector<std::string>{"/users.csv", "/zones.csv"}));
    BOOST_TEST(sources[0].text == "user\nalice\n");
}

BOOST_AUTO_TEST_CASE(missing_folder_is_an_error) {
    std::vector<TableSource> sources;
    const LoadResult r = read_table_dir("/nonexistent/trailproof/context", sources);
    BOOST_TEST(!r.successful());
    BOOST_TEST(r.render_text() == "/nonexistent/trailproof/context: error[context.unreadable]: cannot read "
                                  "context folder: No such file or directory\n");
    BOOST_TEST(sources.empty());
}

BOOST_AUTO_TEST_CASE(override_folder_replaces_tables_of_the_same_name) {
    TempDir pack, org;
    pack.write("users.csv", "user,executive\nalice,false\n");
    pack.write("tor_exit_nodes.txt", "198.51.100.1\n");
    pack.write("zones.csv", "cidr,zone\n10.0.0.0/8,vpc\n");
    org.write("users.yml", "users:\n  - {user: alice, executive: true}\n  - {user: bob}\n");
    org.write("blocklisted_ips.txt", "203.0.113.9\n");
    std::vector<TableSource> base, overrides;
    BOOST_TEST_REQUIRE(read_table_dir(pack.path, base).successful());
    BOOST_TEST_REQUIRE(read_table_dir(org.path, overrides).successful());
    overlay_tables(base, std::move(overrides));
    BOOST_TEST_REQUIRE(base.size() == 4u);
    BOOST_TEST(base[0].file == pack.path + "/tor_exit_nodes.txt");
    BOOST_TEST(base[1].file == org.path + "/users.yml"); // in place of the pack's users.csv
    BOOST_TEST(base[2].file == pack.path + "/zones.csv");
    BOOST_TEST(base[3].file == org.path + "/blocklisted_ips.txt");
    ContextTables t;
    (void)tp_test::load_ok(base, t);
    BOOST_TEST_REQUIRE(t.find_user("alice") != nullptr);
    BOOST_TEST(t.find_user("alice")->executive); // the organization's value
    BOOST_TEST(t.find_user("bob") != nullptr);
    BOOST_TEST(t.in_ip_list("tor_exit_nodes", "198.51.100.1"));
    BOOST_TEST(t.in_ip_list("blocklisted_ips", "203.0.113.9"));
}

BOOST_AUTO_TEST_CASE(overlay_drops_every_base_table_of_the_name_and_keeps_override_duplicates) {
    std::vector<TableSource> base{{"p/users.csv", "user\na\n"}, {"p/x.txt", "k\n"}, {"p/users.yml", "users: []\n"}};
    overlay_tables(base, {{"o/users.csv", "user\nb\n"}, {"o/users.yaml", "users: []\n"}});
    BOOST_TEST_REQUIRE(base.size() == 3u);
    BOOST_TEST(base[0].file == "o/users.csv");
    BOOST_TEST(base[1].file == "p/x.txt");
    BOOST_TEST(base[2].file == "o/users.yaml"); // compile reports it as a duplicate of o/users.csv
    BOOST_TEST(tp_test::load_errors(base) ==
               "o/users.yaml: error[context.duplicate_table]: table 'users' is also defined by o/users.csv\n");
}

BOOST_AUTO_TEST_SUITE_END()
