// Context tables that load: each kind's lookups (positive and negative), the
// kind of a list, merging, and the placeholders handed to the rules compiler.

#include <boost/test/unit_test.hpp>

#include <random>
#include <set>
#include <string>
#include <vector>

#include "context_test_util.h"

using namespace trailproof;
using namespace trailproof::context;
using tp_test::load_ok;

namespace {

IpAddress ip(const char* text) {
    IpAddress a;
    BOOST_TEST_REQUIRE(parse_ip(text, a), text);
    return a;
}

const char* k_users_csv =
    "user,peer_group,department,executive,privileged,service_account,deactivated\n"
    "arn:aws:iam::111122223333:user/alice,cloud-platform,Engineering,false,true,false,false\n"
    "\"arn:aws:sts::111122223333:assumed-role/Admin/erin@example.com\",\"cloud, platform\",Eng,TRUE,yes,0,\n"
    "# a note about the next row\n"
    "svc-backup , automation , IT Operations , no , No , 1 , 0\n";

} // namespace

BOOST_AUTO_TEST_SUITE(context_tables)

BOOST_AUTO_TEST_CASE(users_are_found_in_any_case_and_nothing_else_is) {
    // find_user tests a key's sketch (size, first and last byte, folded) before
    // it hashes the key: no key of the table may be hidden by it, in any case.
    // 400 random keys of 1 to 80 bytes, each asked in a random mix of cases,
    // and 4,000 random keys the table lacks, against a folded reference set.
    std::mt19937 random(77);
    const auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(random); };
    constexpr std::string_view k_bytes = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:/@.-_";
    const auto random_key = [&] {
        std::string key(1 + pick(80), ' ');
        for (char& c : key) c = k_bytes[pick(k_bytes.size())];
        return key;
    };
    std::set<std::string> folded;
    std::vector<std::string> keys;
    std::string csv = "user,peer_group,department,executive,privileged,service_account,deactivated\n";
    while (keys.size() < 400) {
        std::string key = random_key();
        if (!folded.insert(ascii_lowered(key)).second) continue;
        csv += key + ",group-" + std::to_string(keys.size()) + ",,,,,\n";
        keys.push_back(std::move(key));
    }
    ContextTables t;
    BOOST_TEST_REQUIRE(load_ok({{"users.csv", csv}}, t) == "");
    for (std::size_t i = 0; i < keys.size(); ++i) {
        std::string asked = keys[i];
        for (char& c : asked)
            if (pick(2) == 0) c = pick(2) == 0 ? ascii_lower(c) : ascii_upper(c);
        const UserRecord* r = t.find_user(asked);
        BOOST_TEST_REQUIRE(r != nullptr, asked);
        BOOST_TEST(r->peer_group == "group-" + std::to_string(i));
    }
    for (int round = 0; round < 4000; ++round) {
        const std::string key = random_key();
        BOOST_TEST((t.find_user(key) != nullptr) == (folded.count(ascii_lowered(key)) != 0), key);
    }
}

BOOST_AUTO_TEST_CASE(users_csv) {
    ContextTables t;
    BOOST_TEST(load_ok({{"users.csv", k_users_csv}}, t) == "");
    BOOST_TEST(t.has_users());
    const UserRecord* a = t.find_user("arn:aws:iam::111122223333:user/alice");
    BOOST_TEST_REQUIRE(a != nullptr);
    BOOST_TEST(a->peer_group == "cloud-platform");
    BOOST_TEST(a->department == "Engineering");
    BOOST_TEST(!a->executive);
    BOOST_TEST(a->privileged);
    BOOST_TEST(!a->service_account);
    BOOST_TEST(!a->deactivated);
    BOOST_TEST(t.find_user("ARN:AWS:IAM::111122223333:USER/ALICE") == a); // case-insensitive
    const UserRecord* e = t.find_user("arn:aws:sts::111122223333:assumed-role/Admin/erin@example.com");
    BOOST_TEST_REQUIRE(e != nullptr);
    BOOST_TEST(e->peer_group == "cloud, platform"); // quoted comma
    BOOST_TEST(e->executive);
    BOOST_TEST(e->privileged);
    BOOST_TEST(!e->service_account);
    BOOST_TEST(!e->deactivated); // empty flag = false
    const UserRecord* s = t.find_user("SVC-BACKUP");
    BOOST_TEST_REQUIRE(s != nullptr);
    BOOST_TEST(s->department == "IT Operations"); // unquoted fields are trimmed
    BOOST_TEST(s->service_account);
    BOOST_TEST(t.find_user("alice") == nullptr); // keys are whole values, no partial match
    BOOST_TEST(t.find_user("arn:aws:iam::111122223333:user/alicf") == nullptr);  // a key's length, another key
    BOOST_TEST(t.find_user("arn:aws:iam::111122223333:user/alice2") == nullptr); // no key of this length
    BOOST_TEST(t.find_user(std::string(5000, 'a')) == nullptr);                  // longer than every key
    BOOST_TEST(t.find_user("") == nullptr);
    BOOST_TEST_REQUIRE(t.tables().size() == 1u);
    BOOST_TEST(t.tables()[0].name == "users");
    BOOST_TEST(t.tables()[0].kind == TableKind::Users);
    BOOST_TEST(t.tables()[0].entries == 3u);
}

BOOST_AUTO_TEST_CASE(users_with_columns_in_any_order_and_extra_columns) {
    ContextTables t;
    const std::string warnings =
        load_ok({{"people.csv", "owner,privileged,user\nteam-a,true,bob\r\nteam-b,false,carol\r\n"}}, t);
    BOOST_TEST(warnings == "people.csv:1:1: warning[context.unknown_column]: unknown column 'owner' is ignored\n"
                           "  | owner,privileged,user\n"
                           "  | ^\n");
    BOOST_TEST_REQUIRE(t.find_user("bob") != nullptr);
    BOOST_TEST(t.find_user("bob")->privileged);
    BOOST_TEST(t.find_user("bob")->peer_group == "");
    BOOST_TEST(!t.find_user("carol")->privileged);
}

BOOST_AUTO_TEST_CASE(users_yaml) {
    ContextTables t;
    BOOST_TEST(load_ok({{"users.yml", "users:\n"
                                      "  - user: alice\n"
                                      "    peer_group: engineering\n"
                                      "    executive: true\n"
                                      "    department:\n"
                                      "  - {user: bob, deactivated: yes, service_account: false}\n"}},
                       t) == "");
    const UserRecord* a = t.find_user("Alice");
    BOOST_TEST_REQUIRE(a != nullptr);
    BOOST_TEST(a->peer_group == "engineering");
    BOOST_TEST(a->executive);
    BOOST_TEST(a->department == "");
    BOOST_TEST_REQUIRE(t.find_user("bob") != nullptr);
    BOOST_TEST(t.find_user("bob")->deactivated);
    BOOST_TEST(t.find_user("carol") == nullptr);
}

BOOST_AUTO_TEST_CASE(zones_csv_and_yaml_merge) {
    ContextTables t;
    BOOST_TEST(load_ok({{"zones.csv", "cidr,zone\n192.0.2.0/25,office-hq\n192.0.2.128/26,office-branch\n"
                                      "10.0.0.0/8,aws-vpc\n2001:db8:100::/48,office-hq\n"},
                        {"more_zones.yaml", "zones:\n  - {cidr: 10.42.0.0/16, zone: lab}\n"}},
                       t) == "");
    BOOST_TEST(t.has_zones());
    BOOST_TEST(t.find_zone(ip("192.0.2.0")) == "office-hq");
    BOOST_TEST(t.find_zone(ip("192.0.2.127")) == "office-hq");
    BOOST_TEST(t.find_zone(ip("192.0.2.128")) == "office-branch");
    BOOST_TEST(t.find_zone(ip("192.0.2.191")) == "office-branch");
    BOOST_TEST(t.find_zone(ip("192.0.2.192")) == "");
    BOOST_TEST(t.find_zone(ip("10.42.1.1")) == "lab"); // more specific, from the other file
    BOOST_TEST(t.find_zone(ip("10.43.0.0")) == "aws-vpc");
    BOOST_TEST(t.find_zone(ip("2001:db8:100:ffff::1")) == "office-hq");
    BOOST_TEST(t.find_zone(ip("2001:db8:101::")) == "");
    BOOST_TEST(t.find_zone(ip("::ffff:10.0.0.1")) == "aws-vpc");
}

BOOST_AUTO_TEST_CASE(ip_lists) {
    ContextTables t;
    BOOST_TEST(load_ok({{"tor_exit_nodes.txt", "# TOR exits\n198.51.100.64/28\n198.51.100.201\n\n"
                                               "2001:db8:dead::/48   # v6 exit range\n198.51.100.201\n"},
                        {"blocklisted_ips.txt", "203.0.113.128/28 ; SBL123\n"}},
                       t) == "");
    BOOST_TEST(t.ip_list_count() == 2u);
    BOOST_TEST(t.ip_list_name(0) == "tor_exit_nodes");
    BOOST_TEST(t.in_ip_list("tor_exit_nodes", "198.51.100.64"));
    BOOST_TEST(t.in_ip_list("tor_exit_nodes", "198.51.100.79"));
    BOOST_TEST(!t.in_ip_list("tor_exit_nodes", "198.51.100.80"));
    BOOST_TEST(!t.in_ip_list("tor_exit_nodes", "198.51.100.63"));
    BOOST_TEST(t.in_ip_list("tor_exit_nodes", "198.51.100.201"));
    BOOST_TEST(!t.in_ip_list("tor_exit_nodes", "198.51.100.202"));
    BOOST_TEST(t.in_ip_list("tor_exit_nodes", "2001:db8:dead:1::1"));
    BOOST_TEST(!t.in_ip_list("tor_exit_nodes", "2001:db8:beef::1"));
    BOOST_TEST(!t.in_ip_list("tor_exit_nodes", "AWS Internal"));
    BOOST_TEST(t.in_ip_list("blocklisted_ips", "203.0.113.143"));
    BOOST_TEST(!t.in_ip_list("blocklisted_ips", "203.0.113.144"));
    BOOST_TEST(!t.in_ip_list("no_such_list", "203.0.113.130"));
    BOOST_TEST(t.tables()[0].kind == TableKind::IpList);
    BOOST_TEST(t.tables()[0].entries == 3u); // the repeated address counts once
}

BOOST_AUTO_TEST_CASE(domain_lists) {
    ContextTables t;
    BOOST_TEST(load_ok({{"public_email_domains.txt", "@gmail.com\n@Outlook.com\nproton.me.\n"}}, t) == "");
    BOOST_TEST(t.tables()[0].kind == TableKind::DomainList);
    BOOST_TEST(t.in_domain_list("public_email_domains", "gmail.com"));
    BOOST_TEST(t.in_domain_list("public_email_domains", "GMAIL.COM"));
    BOOST_TEST(t.in_domain_list("public_email_domains", "someone@outlook.com"));
    BOOST_TEST(t.in_domain_list("public_email_domains", "mail.proton.me")); // parent domain
    BOOST_TEST(t.in_domain_list("public_email_domains", "@proton.me."));
    BOOST_TEST(!t.in_domain_list("public_email_domains", "notgmail.com"));
    BOOST_TEST(!t.in_domain_list("public_email_domains", "gmail.co"));
    BOOST_TEST(!t.in_domain_list("public_email_domains", "com"));
    BOOST_TEST(!t.in_domain_list("other", "gmail.com"));
}

BOOST_AUTO_TEST_CASE(keyword_lists) {
    ContextTables t;
    BOOST_TEST(load_ok({{"financial_keywords.txt", "invoice\nwire transfer\nIBAN\n# C# is not a comment below\n"
                                                   "C# payments\n"},
                        {"suspicious_countries.txt", "KP\nIR\n"}},
                       t) == "");
    BOOST_TEST(t.tables()[0].kind == TableKind::KeywordList);
    BOOST_TEST(t.in_keyword_list("financial_keywords", "Wire Transfer"));
    BOOST_TEST(t.in_keyword_list("financial_keywords", "iban"));
    BOOST_TEST(t.in_keyword_list("financial_keywords", "C# payments"));
    BOOST_TEST(!t.in_keyword_list("financial_keywords", "wire"));
    BOOST_TEST(t.in_keyword_list("suspicious_countries", "kp"));
    BOOST_TEST(!t.in_keyword_list("suspicious_countries", "US"));
    BOOST_TEST(!t.in_domain_list("financial_keywords", "invoice")); // the kinds do not mix
}

BOOST_AUTO_TEST_CASE(explicit_kind_overrides_inference) {
    ContextTables t;
    BOOST_TEST(load_ok({{"hosts.txt", "# kind: keyword\nexample.com\n10.0.0.1\n"},
                        {"partners.txt", "#kind: domain\nexample.org\n"}},
                       t) == "");
    BOOST_TEST(t.tables()[0].kind == TableKind::KeywordList);
    BOOST_TEST(t.in_keyword_list("hosts", "10.0.0.1"));
    BOOST_TEST(t.tables()[1].kind == TableKind::DomainList);
}

BOOST_AUTO_TEST_CASE(placeholders_for_the_rules_compiler) {
    ContextTables t;
    (void)load_ok({{"users.csv", "user\nalice\n"},
                   {"zones.csv", "cidr,zone\n10.0.0.0/8,vpc\n"},
                   {"tor_exit_nodes.txt", "198.51.100.64/28\n198.51.100.201\n198.51.100.201\n"},
                   {"public_email_domains.txt", "@gmail.com\n@GMAIL.com\n@outlook.com\n"},
                   {"financial_keywords.txt", "invoice\nwire transfer\n"}},
                  t);
    const std::map<std::string, std::vector<std::string>, std::less<>> expected{
        {"financial_keywords", {"invoice", "wire transfer"}},
        {"public_email_domains", {"@gmail.com", "@outlook.com"}}, // as written, repeats dropped
        {"tor_exit_nodes", {"198.51.100.64/28", "198.51.100.201"}},
    };
    BOOST_TEST((t.placeholders() == expected));
}

BOOST_AUTO_TEST_CASE(empty_list_is_a_warning) {
    ContextTables t;
    BOOST_TEST(load_ok({{"ctx/ransomware_ips.txt", "# nothing yet\n\n"}}, t) ==
               "ctx/ransomware_ips.txt: warning[context.empty_table]: table 'ransomware_ips' has no entries; "
               "rules using %ransomware_ips% are rejected\n");
    BOOST_TEST(t.placeholders().at("ransomware_ips").empty());
}

BOOST_AUTO_TEST_CASE(a_failed_load_keeps_the_previous_tables) {
    ContextTables t;
    (void)load_ok({{"users.csv", "user\nalice\n"}}, t);
    const LoadResult r = ContextTables::compile({{"users.csv", "user,executive\nbob,maybe\n"}}, t);
    BOOST_TEST(!r.successful());
    BOOST_TEST(t.find_user("alice") != nullptr);
    BOOST_TEST(t.find_user("bob") == nullptr);
}

BOOST_AUTO_TEST_SUITE_END()
