// Bad context tables: every diagnostic rendered exactly (file:line:col, code,
// message, snippet, caret), and all errors of a load reported in one run.

#include <boost/test/unit_test.hpp>

#include "context_test_util.h"

using namespace trailproof::context;
using tp_test::load_errors;

BOOST_AUTO_TEST_SUITE(context_table_errors)

BOOST_AUTO_TEST_CASE(users_csv_all_errors_in_one_run) {
    BOOST_TEST(load_errors({{"users.csv", "user,peer_group,department,executive,privileged,service_account,deactivated\n"
                                          "alice,eng,Engineering,false,true,false,false\n"
                                          "bob,eng,Engineering,maybe,true,false,false\n"
                                          "Alice,eng,Engineering,false,false,false,false\n"
                                          "carol,eng\n"
                                          ",eng,Engineering,false,false,false,false\n"
                                          "\"dave,eng\n"}}) ==
               "users.csv:3:21: error[context.bad_boolean]: bad boolean 'maybe' in column 'executive': expected "
               "true, false, yes, no, 1, 0 or empty\n"
               "  | bob,eng,Engineering,maybe,true,false,false\n"
               "  |                     ^\n"
               "users.csv:4:1: error[context.duplicate_user]: duplicate user 'Alice' (first defined at "
               "users.csv:2:1)\n"
               "  | Alice,eng,Engineering,false,false,false,false\n"
               "  | ^\n"
               "users.csv:5:1: error[context.field_count]: row has 2 fields, the header has 7\n"
               "  | carol,eng\n"
               "  | ^\n"
               "users.csv:6:1: error[context.empty_value]: column 'user' is empty\n"
               "  | ,eng,Engineering,false,false,false,false\n"
               "  | ^\n"
               "users.csv:7:1: error[context.bad_csv]: unterminated quoted field\n"
               "  | \"dave,eng\n"
               "  | ^\n");
}

BOOST_AUTO_TEST_CASE(errors_of_every_file_in_one_run) {
    BOOST_TEST(load_errors({
                   {"ctx/zones.csv", "cidr,zone\n"
                                     "10.0.0.0/33,vpc\n"
                                     "10.0.0.1/8,vpc\n"
                                     "192.0.2.0/24,\n"
                                     "192.0.2.0/24,office\n"
                                     "192.0.2.0/24,branch\n"},
                   {"ctx/tor_exit_nodes.txt", "198.51.100.64/28\n"
                                              "198.51.100.300\n"
                                              "  10.0.0.0/8 extra\n"},
                   {"ctx/people.yml", "users:\n"
                                      "  - user: alice\n"
                                      "  - user: zed\n"
                                      "    executive: perhaps\n"
                                      "  - peer_group: x\n"
                                      "  - user: [a, b]\n"
                                      "  - user: bob\n"
                                      "    color: blue\n"},
                   {"ctx/users.csv", "user\nALICE\n"},
               }) ==
               "ctx/people.yml:4:16: error[context.bad_boolean]: bad boolean 'perhaps' in column 'executive': "
               "expected true, false, yes, no, 1, 0 or empty\n"
               "  |     executive: perhaps\n"
               "  |                ^\n"
               "ctx/people.yml:5:5: error[load.missing_key]: missing required key 'user'\n"
               "  |   - peer_group: x\n"
               "  |     ^\n"
               "ctx/people.yml:6:11: error[load.wrong_type]: 'user' must be a scalar, found a list\n"
               "  |   - user: [a, b]\n"
               "  |           ^\n"
               "ctx/tor_exit_nodes.txt:2:1: error[context.bad_cidr]: bad CIDR: '198.51.100.300' is not an IPv4 or "
               "IPv6 address\n"
               "  | 198.51.100.300\n"
               "  | ^\n"
               "ctx/tor_exit_nodes.txt:3:3: error[context.bad_cidr]: bad CIDR: prefix length '8 extra' in "
               "'10.0.0.0/8 extra' must be 0..32\n"
               "  |   10.0.0.0/8 extra\n"
               "  |   ^\n"
               "ctx/users.csv:2:1: error[context.duplicate_user]: duplicate user 'ALICE' (first defined at "
               "ctx/people.yml:2:11)\n"
               "  | ALICE\n"
               "  | ^\n"
               "ctx/zones.csv:2:1: error[context.bad_cidr]: bad CIDR: prefix length '33' in '10.0.0.0/33' must be "
               "0..32\n"
               "  | 10.0.0.0/33,vpc\n"
               "  | ^\n"
               "ctx/zones.csv:3:1: error[context.bad_cidr]: bad CIDR: host bits are set in '10.0.0.1/8' (the "
               "network is 10.0.0.0/8)\n"
               "  | 10.0.0.1/8,vpc\n"
               "  | ^\n"
               "ctx/zones.csv:4:14: error[context.empty_value]: column 'zone' is empty\n"
               "  | 192.0.2.0/24,\n"
               "  |              ^\n"
               "ctx/zones.csv:6:1: error[context.duplicate_network]: duplicate network '192.0.2.0/24' (first "
               "defined at ctx/zones.csv:5:1)\n"
               "  | 192.0.2.0/24,branch\n"
               "  | ^\n"
               "ctx/people.yml:8:5: warning[load.unknown_key]: unknown key 'color' is ignored\n"
               "  |     color: blue\n"
               "  |     ^\n");
}

BOOST_AUTO_TEST_CASE(headers) {
    BOOST_TEST(load_errors({{"a.csv", "name,group\nalice,x\n"}}) ==
               "a.csv:1:1: error[context.unknown_table]: cannot tell the table kind from the header: expected a "
               "users table (user,peer_group,department,executive,privileged,service_account,deactivated) or a "
               "zones table (cidr,zone)\n"
               "  | name,group\n"
               "  | ^\n");
    BOOST_TEST(load_errors({{"z.csv", "cidr,name\n10.0.0.0/8,x\n"}}) ==
               "z.csv:1:1: error[context.missing_column]: missing column 'zone' in the header\n"
               "  | cidr,name\n"
               "  | ^\n"
               "z.csv:1:6: warning[context.unknown_column]: unknown column 'name' is ignored\n"
               "  | cidr,name\n"
               "  |      ^\n");
    BOOST_TEST(load_errors({{"u.csv", "user,executive,Executive\nalice,true,false\n"}}) ==
               "u.csv:1:16: error[context.duplicate_column]: column 'executive' appears twice in the header\n"
               "  | user,executive,Executive\n"
               "  |                ^\n");
    BOOST_TEST(load_errors({{"empty.csv", ""}}) ==
               "empty.csv: error[context.unknown_table]: cannot tell the table kind from the header: expected a "
               "users table (user,peer_group,department,executive,privileged,service_account,deactivated) or a "
               "zones table (cidr,zone)\n");
    BOOST_TEST(load_errors({{"q.csv", "user,peer_group\n\"alice\" x,eng\n"}}) ==
               "q.csv:2:9: error[context.bad_csv]: unexpected text after a closing quote\n"
               "  | \"alice\" x,eng\n"
               "  |         ^\n");
}

BOOST_AUTO_TEST_CASE(yaml_shapes) {
    BOOST_TEST(load_errors({{"t.yml", "groups:\n  - x\n"}}) ==
               "t.yml:1:1: error[context.unknown_table]: a YAML context table needs one top-level key, 'users' or "
               "'zones', holding a list\n"
               "  | groups:\n"
               "  | ^\n");
    BOOST_TEST(load_errors({{"t.yml", "zones: 10.0.0.0/8\n"}}) ==
               "t.yml:1:8: error[load.wrong_type]: 'zones' must be a list, found a scalar\n"
               "  | zones: 10.0.0.0/8\n"
               "  |        ^\n");
    BOOST_TEST(load_errors({{"t.yml", "zones:\n  - 10.0.0.0/8\n  - {cidr: 10.0.0.0/8}\n"}}) ==
               "t.yml:2:5: error[load.wrong_type]: a zones entry must be a mapping, found a scalar\n"
               "  |   - 10.0.0.0/8\n"
               "  |     ^\n"
               "t.yml:3:5: error[load.missing_key]: missing required key 'zone'\n"
               "  |   - {cidr: 10.0.0.0/8}\n"
               "  |     ^\n");
    BOOST_TEST(load_errors({{"t.yml", "users: [\n"}}) ==
               "t.yml:2:1: error[load.yaml_parse]: end of sequence flow not found\n"); // at the end: no snippet
}

BOOST_AUTO_TEST_CASE(lists) {
    BOOST_TEST(load_errors({{"l.txt", "# kind: ips\n10.0.0.1\n"}}) ==
               "l.txt:1:9: error[context.bad_kind]: unknown list kind 'ips': expected ip, domain or keyword\n"
               "  | # kind: ips\n"
               "  |         ^\n");
    BOOST_TEST(load_errors({{"d.txt", "@gmail.com\nexample..com\nbad domain.com\n"}}) ==
               "d.txt:2:1: error[context.bad_domain]: 'example..com' is not a domain name\n"
               "  | example..com\n"
               "  | ^\n"
               "d.txt:3:1: error[context.bad_domain]: 'bad domain.com' is not a domain name\n"
               "  | bad domain.com\n"
               "  | ^\n");
    // A typo in the first line of an IP list still makes it an IP list.
    BOOST_TEST(load_errors({{"ips.txt", "10.0.0.0/40\n10.0.0.1\n"}}) ==
               "ips.txt:1:1: error[context.bad_cidr]: bad CIDR: prefix length '40' in '10.0.0.0/40' must be 0..32\n"
               "  | 10.0.0.0/40\n"
               "  | ^\n");
}

BOOST_AUTO_TEST_CASE(duplicate_table_names) {
    BOOST_TEST(load_errors({{"a/users.csv", "user\nalice\n"}, {"a/users.yml", "users: []\n"}}) ==
               "a/users.yml: error[context.duplicate_table]: table 'users' is also defined by a/users.csv\n");
}

BOOST_AUTO_TEST_SUITE_END()
