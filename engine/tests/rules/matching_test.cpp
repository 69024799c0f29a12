// Value matching, one Sigma semantic at a time (SIGMA.md §2, §3, §7): every
// modifier and structure with a positive and a negative event.

#include "rules_fixture.h"

using namespace trailproof;
using namespace trailproof::rules;
using namespace trailproof::rules::test;

BOOST_FIXTURE_TEST_SUITE(matching, RulesFixture)

// ------------------------------------------------------------------ structure

BOOST_AUTO_TEST_CASE(map_is_and) {
    rule("    sel:\n      a: x\n      b: y\n");
    auto both = event();
    BOOST_TEST(fires(both.str("a", "x").str("b", "y").build()));
    auto one = event();
    BOOST_TEST(!fires(one.str("a", "x").str("b", "z").build()));
}

BOOST_AUTO_TEST_CASE(value_list_is_or) {
    rule("    sel:\n      a: [x, y]\n");
    auto e1 = event();
    BOOST_TEST(fires(e1.str("a", "y").build()));
    auto e2 = event();
    BOOST_TEST(!fires(e2.str("a", "z").build()));
}

BOOST_AUTO_TEST_CASE(list_of_maps_is_or) {
    rule("    sel:\n      - a: x\n        b: y\n      - c: z\n");
    auto e1 = event();
    BOOST_TEST(fires(e1.str("c", "z").build()));
    auto e2 = event();
    BOOST_TEST(fires(e2.str("a", "x").str("b", "y").build()));
    auto e3 = event();
    BOOST_TEST(!fires(e3.str("a", "x").str("c", "q").build()));
}

BOOST_AUTO_TEST_CASE(list_mixing_maps_and_keywords_is_or) {
    rule("    sel:\n      - a: x\n      - needle\n");
    auto e1 = event();
    BOOST_TEST(fires(e1.str("a", "x").raw(R"({"a":"x"})").build()));
    auto e2 = event();
    BOOST_TEST(fires(e2.str("a", "q").raw(R"({"b":"NEEDLE here"})").build()));
    auto e3 = event();
    BOOST_TEST(!fires(e3.str("a", "q").raw(R"({"a":"q"})").build()));
}

// A field with several values (a path that crosses an array): any value may match.
BOOST_AUTO_TEST_CASE(multi_valued_field_any_value_matches) {
    rule("    sel:\n      resources.ARN|endswith: ':secret'\n");
    auto e1 = event();
    BOOST_TEST(fires(e1.str("resources.ARN", "arn:a").str("resources.ARN", "arn:b:secret").build()));
    auto e2 = event();
    BOOST_TEST(!fires(e2.str("resources.ARN", "arn:a").str("resources.ARN", "arn:b").build()));
}

BOOST_AUTO_TEST_CASE(object_values_match_through_their_json_text) {
    rule("    sel:\n      requestParameters|contains: '\"bucket\":\"x\"'\n");
    auto e = event();
    BOOST_TEST(fires(e.object("requestParameters", R"({"bucket":"x"})").build()));
    auto miss = event();
    BOOST_TEST(!fires(miss.object("requestParameters", R"({"bucket":"y"})").build()));
}

// ------------------------------------------------------------------ strings

// SIGMA.md §7.2: plain values match exactly; a backslash before an ordinary character is kept.
BOOST_AUTO_TEST_CASE(plain_values_are_exact) {
    rule("    sel:\n      a: Get\n      b: 'C:\\Windows\\System32'\n");
    auto e1 = event();
    BOOST_TEST(fires(e1.str("a", "get").str("b", "c:\\windows\\system32").build()));
    auto e2 = event();
    BOOST_TEST(!fires(e2.str("a", "GetObject").str("b", "c:\\windows\\system32").build()));
}

BOOST_AUTO_TEST_CASE(case_insensitive_by_default_cased_on_request) {
    rule("    sel:\n      a: GetObject\n      b|cased: PutObject\n");
    auto e1 = event();
    BOOST_TEST(fires(e1.str("a", "GETOBJECT").str("b", "PutObject").build()));
    auto e2 = event();
    BOOST_TEST(!fires(e2.str("a", "GETOBJECT").str("b", "putobject").build()));
}

BOOST_AUTO_TEST_CASE(cased_works_before_and_after_contains) {
    rule("    sel:\n      a|cased|contains: Admin\n      b|contains|cased: Root\n");
    auto e1 = event();
    BOOST_TEST(fires(e1.str("a", "xAdminx").str("b", "isRoot").build()));
    auto e2 = event();
    BOOST_TEST(!fires(e2.str("a", "xadminx").str("b", "isRoot").build()));
    auto e3 = event();
    BOOST_TEST(!fires(e3.str("a", "xAdminx").str("b", "isroot").build()));
}

// Case folding is ASCII only: É does not match é.
BOOST_AUTO_TEST_CASE(non_ascii_letters_do_not_fold) {
    rule("    sel:\n      a: \"\xC3\x89t\xC3\xA9\"\n");
    auto e1 = event();
    BOOST_TEST(fires(e1.str("a", "\xC3\x89T\xC3\xA9").build())); // only the ASCII T differs
    auto e2 = event();
    BOOST_TEST(!fires(e2.str("a", "\xC3\xA9t\xC3\xA9").build()));
}

BOOST_AUTO_TEST_CASE(wildcards_star_and_question_mark) {
    rule("    sel:\n      a: 'Get*Policy'\n      b: 'v?'\n");
    auto e1 = event();
    BOOST_TEST(fires(e1.str("a", "GetBucketPolicy").str("b", "v2").build()));
    auto e2 = event();
    BOOST_TEST(fires(e2.str("a", "GetPolicy").str("b", "V9").build()));
    auto e3 = event();
    BOOST_TEST(!fires(e3.str("a", "GetBucketPolicy").str("b", "v10").build()));
    auto e4 = event();
    BOOST_TEST(!fires(e4.str("a", "PutBucketPolicy").str("b", "v2").build()));
}

BOOST_AUTO_TEST_CASE(escaped_wildcards_are_literal) {
    rule("    sel:\n      a: 'a\\*b'\n      b: 'x\\?'\n");
    auto e1 = event();
    BOOST_TEST(fires(e1.str("a", "a*b").str("b", "x?").build()));
    auto e2 = event();
    BOOST_TEST(!fires(e2.str("a", "axxb").str("b", "x?").build()));
    auto e3 = event();
    BOOST_TEST(!fires(e3.str("a", "a*b").str("b", "xy").build()));
}

// YAML quoting runs first: in double quotes "\\*" is \* for Sigma, a literal star.
BOOST_AUTO_TEST_CASE(yaml_double_quotes_unescape_before_sigma) {
    rule("    sel:\n      a: \"C:\\\\Win\\\\*\"\n");
    auto e1 = event();
    BOOST_TEST(fires(e1.str("a", "C:\\Win*").build()));
    auto e2 = event();
    BOOST_TEST(!fires(e2.str("a", "C:\\Windows").build()));
}

BOOST_AUTO_TEST_CASE(contains_startswith_endswith) {
    rule("    sel:\n      a|contains: Bucket\n      b|startswith: arn:aws:iam\n      c|endswith: .amazonaws.com\n");
    auto e1 = event();
    BOOST_TEST(
        fires(e1.str("a", "PutBucketAcl").str("b", "ARN:aws:iam::1:user/x").str("c", "s3.amazonaws.com").build()));
    auto e2 = event();
    BOOST_TEST(!fires(e2.str("a", "PutObject").str("b", "arn:aws:iam::1").str("c", "s3.amazonaws.com").build()));
    auto e3 = event();
    BOOST_TEST(!fires(e3.str("a", "Bucket").str("b", "xarn:aws:iam").str("c", "s3.amazonaws.com").build()));
    auto e4 = event();
    BOOST_TEST(!fires(e4.str("a", "Bucket").str("b", "arn:aws:iam").str("c", "s3.amazonaws.com.evil").build()));
}

// SIGMA.md §7.1: contains on 'foo\' keeps the trailing backslash literal.
BOOST_AUTO_TEST_CASE(contains_keeps_trailing_backslash) {
    rule("    sel:\n      a|contains: 'foo\\'\n");
    auto e1 = event();
    BOOST_TEST(fires(e1.str("a", "xfoo\\y").build()));
    auto e2 = event();
    BOOST_TEST(!fires(e2.str("a", "xfooy").build()));
}

// SIGMA.md §7.3: contains|all needs every value; f|all without contains never matches one value.
BOOST_AUTO_TEST_CASE(all_makes_the_list_and) {
    rule("    sel:\n      a|contains|all: [Get, Policy]\n");
    auto e1 = event();
    BOOST_TEST(fires(e1.str("a", "GetBucketPolicy").build()));
    auto e2 = event();
    BOOST_TEST(!fires(e2.str("a", "GetBucketAcl").build()));
}

BOOST_AUTO_TEST_CASE(all_without_contains_needs_every_value_at_once) {
    load(rule_with("    sel:\n      a|all: [x, y]\n"));
    BOOST_TEST(result.successful());
    BOOST_TEST(warning_codes() == (std::vector<std::string>{"rule.all_without_contains", "rule.unindexed"}));
    auto single = event();
    BOOST_TEST(!fires(single.str("a", "x").build()));
    // Only a multi-valued field can hold both.
    auto both = event();
    BOOST_TEST(fires(both.str("a", "x").str("a", "y").build()));
}

// |every (extension): each value of a multi-valued field must match; `not` of it
// finds a list with at least one value outside (EM-InRule-EX: one external recipient).
BOOST_AUTO_TEST_CASE(every_needs_each_value_to_match) {
    rule("    sel:\n      to|endswith|every: ['@example.com', '@corp.example.com']\n");
    auto internal = event();
    BOOST_TEST(fires(internal.str("to", "a@example.com").str("to", "b@corp.example.com").build()));
    auto mixed = event();
    BOOST_TEST(!fires(mixed.str("to", "a@example.com").str("to", "x@mail.example.net").build()));
    auto one = event();
    BOOST_TEST(fires(one.str("to", "A@EXAMPLE.COM").build())); // case-insensitive as usual
    auto none = event();
    BOOST_TEST(!fires(none.str("other", "a@example.com").build())); // no value: no match
}

BOOST_AUTO_TEST_CASE(every_with_all_needs_each_value_to_match_every_needle) {
    rule("    sel:\n      a|contains|every|all: [Get, Policy]\n");
    auto both = event();
    BOOST_TEST(fires(both.str("a", "GetBucketPolicy").str("a", "GetKeyPolicy").build()));
    auto one_short = event();
    BOOST_TEST(!fires(one_short.str("a", "GetBucketPolicy").str("a", "GetBucketAcl").build()));
}

BOOST_AUTO_TEST_CASE(every_needs_a_field) {
    load(rule_with("    sel:\n      '|every': ['x', 'y']\n"));
    BOOST_TEST(errors_text() == "test.yml:8:9: error[rule.bad_modifier_combination]: 'every' needs a field: keywords "
                                "have no values to quantify\n"
                                "  |       '|every': ['x', 'y']\n"
                                "  |         ^\n");
}

// ------------------------------------------------------------------ keywords

// Keywords search the raw record, case-insensitively, as an implied contains.
BOOST_AUTO_TEST_CASE(keywords_are_or_over_the_raw_record) {
    load(rule_with("    keywords:\n      - 'mimikatz'\n      - 'AssumeRoot'\n", "keywords"));
    BOOST_TEST(result.successful());
    BOOST_TEST(warning_codes() == (std::vector<std::string>{"rule.keywords_slow", "rule.unindexed"}));
    auto e1 = event();
    BOOST_TEST(fires(e1.raw(R"({"userAgent":"MIMIKATZ/2.1"})").build()));
    auto e2 = event();
    BOOST_TEST(!fires(e2.raw(R"({"userAgent":"aws-cli"})").build()));
}

// Keywords are text: a plain yes or 0x17 is searched as written, not as true or 23.
BOOST_AUTO_TEST_CASE(keywords_search_the_scalar_as_written) {
    rule("    keywords:\n      - yes\n      - 0x17\n", "keywords");
    auto e1 = event();
    BOOST_TEST(fires(e1.raw(R"({"answer":"YES"})").build()));
    auto e2 = event();
    BOOST_TEST(fires(e2.raw(R"({"code":"0x17"})").build()));
    auto e3 = event();
    BOOST_TEST(!fires(e3.raw(R"({"answer":true,"code":23})").build()));
}

BOOST_AUTO_TEST_CASE(keywords_all_needs_every_keyword) {
    rule("    keywords:\n      '|all':\n        - 'Assume'\n        - 'Root'\n", "keywords");
    auto e1 = event();
    BOOST_TEST(fires(e1.raw(R"({"eventName":"AssumeRoot"})").build()));
    auto e2 = event();
    BOOST_TEST(!fires(e2.raw(R"({"eventName":"AssumeRole"})").build()));
}

BOOST_AUTO_TEST_CASE(keyword_with_wildcards_and_single_scalar) {
    rule("    keywords: 'evil*.sh'\n", "keywords");
    auto e1 = event();
    BOOST_TEST(fires(e1.raw(R"({"cmd":"curl http://x/evil-stage2.sh"})").build()));
    auto e2 = event();
    BOOST_TEST(!fires(e2.raw(R"({"cmd":"curl http://x/evil-stage2.py"})").build()));
}

// ------------------------------------------------------------------ regex

// SIGMA.md §7.6: re is case-sensitive and matches as a substring; ^ and $ anchor.
BOOST_AUTO_TEST_CASE(regex_is_case_sensitive_substring) {
    rule("    sel:\n      a|re: 'Get[A-Z][a-z]+Policy'\n");
    auto e1 = event();
    BOOST_TEST(fires(e1.str("a", "xxGetBucketPolicyxx").build()));
    auto e2 = event();
    BOOST_TEST(!fires(e2.str("a", "getbucketpolicy").build()));
}

BOOST_AUTO_TEST_CASE(regex_anchors) {
    rule("    sel:\n      a|re: '^Delete.*Trail$'\n");
    auto e1 = event();
    BOOST_TEST(fires(e1.str("a", "DeleteTrail").build()));
    auto e2 = event();
    BOOST_TEST(!fires(e2.str("a", "xDeleteTrail").build()));
}

BOOST_AUTO_TEST_CASE(regex_flags_i_m_s) {
    rule("    sel:\n      a|re|i: '^stoplogging$'\n      b|re|m: '^second$'\n      c|re|s: 'a.b'\n");
    auto e1 = event();
    BOOST_TEST(fires(e1.str("a", "StopLogging").str("b", "first\nsecond").str("c", "a\nb").build()));
    auto no_i = event();
    BOOST_TEST(!fires(no_i.str("a", "StopLoggingX").str("b", "first\nsecond").str("c", "a\nb").build()));
    auto no_m = event();
    BOOST_TEST(!fires(no_m.str("a", "StopLogging").str("b", "first second").str("c", "a\nb").build()));
    auto no_s = event();
    BOOST_TEST(!fires(no_s.str("a", "StopLogging").str("b", "first\nsecond").str("c", "a\n\nb").build()));
}

BOOST_AUTO_TEST_CASE(regex_flags_need_them_without_flags) {
    rule("    sel:\n      b|re: '^second$'\n      c|re: 'a.b'\n");
    auto e = event();
    BOOST_TEST(!fires(e.str("b", "first\nsecond").str("c", "axb").build())); // ^ is text start without m
    auto e2 = event();
    BOOST_TEST(!fires(e2.str("b", "second").str("c", "a\nb").build())); // . skips \n without s
    auto e3 = event();
    BOOST_TEST(fires(e3.str("b", "second").str("c", "axb").build()));
}

BOOST_AUTO_TEST_CASE(regex_with_contains_and_startswith) {
    rule("    sel:\n      a|re|contains: 'Bu.ket'\n      b|re|startswith: 'arn:aws:[a-z]+'\n");
    auto e1 = event();
    BOOST_TEST(fires(e1.str("a", "PutBucketAcl").str("b", "arn:aws:iam::1").build()));
    auto e2 = event();
    BOOST_TEST(!fires(e2.str("a", "PutBucketAcl").str("b", "x arn:aws:iam::1").build()));
}

// ------------------------------------------------------------------ cidr

BOOST_AUTO_TEST_CASE(cidr_ipv4) {
    rule("    sel:\n      sourceIPAddress|cidr:\n        - 10.0.0.0/8\n        - 192.168.1.0/24\n");
    auto e1 = event();
    BOOST_TEST(fires(e1.str("sourceIPAddress", "10.20.30.40").build()));
    auto e2 = event();
    BOOST_TEST(fires(e2.str("sourceIPAddress", "192.168.1.255").build()));
    auto e3 = event();
    BOOST_TEST(!fires(e3.str("sourceIPAddress", "192.168.2.1").build()));
    // A value that is not an IP address (CloudTrail's "AWS Internal") simply does not match.
    auto e4 = event();
    BOOST_TEST(!fires(e4.str("sourceIPAddress", "AWS Internal").build()));
    auto e5 = event();
    BOOST_TEST(!fires(e5.str("sourceIPAddress", "cloudtrail.amazonaws.com").build()));
}

// A list of networks is one matcher (the address is parsed once); |all must still
// require every network, and IPv4 and IPv6 networks may share a list.
BOOST_AUTO_TEST_CASE(cidr_list_any_all_and_mixed_families) {
    rule("    sel:\n      sourceIPAddress|cidr|all:\n        - 10.0.0.0/8\n        - 10.1.0.0/16\n");
    auto inner = event();
    BOOST_TEST(fires(inner.str("sourceIPAddress", "10.1.2.3").build()));
    auto outer = event();
    BOOST_TEST(!fires(outer.str("sourceIPAddress", "10.2.0.1").build()));

    rule("    sel:\n      sourceIPAddress|cidr: ['192.0.2.0/24', '2001:db8::/32', '198.51.100.0/24']\n");
    for (const char* address : {"192.0.2.9", "2001:db8::5", "198.51.100.200"}) {
        auto e = event();
        BOOST_TEST(fires(e.str("sourceIPAddress", address).build()), address);
    }
    for (const char* address : {"203.0.113.1", "2001:db9::5", "AWS Internal"}) {
        auto e = event();
        BOOST_TEST(!fires(e.str("sourceIPAddress", address).build()), address);
    }
}

BOOST_AUTO_TEST_CASE(cidr_ipv6) {
    rule("    sel:\n      sourceIPAddress|cidr: '2001:db8::/32'\n");
    auto e1 = event();
    BOOST_TEST(fires(e1.str("sourceIPAddress", "2001:db8:1::7").build()));
    auto e2 = event();
    BOOST_TEST(!fires(e2.str("sourceIPAddress", "2001:db9::1").build()));
    auto e3 = event();
    BOOST_TEST(!fires(e3.str("sourceIPAddress", "10.0.0.1").build()));
}

// ------------------------------------------------------------------ presence

// SIGMA.md §7.7: null != '' and JSON null counts as absent.
BOOST_AUTO_TEST_CASE(null_matches_missing_or_json_null_never_empty) {
    rule("    sel:\n      errorCode: null\n");
    auto missing = event();
    BOOST_TEST(fires(missing.str("other", "x").build()));
    auto json_null = event();
    BOOST_TEST(fires(json_null.null("errorCode").build()));
    auto empty = event();
    BOOST_TEST(!fires(empty.str("errorCode", "").build()));
    auto set_value = event();
    BOOST_TEST(!fires(set_value.str("errorCode", "AccessDenied").build()));
}

BOOST_AUTO_TEST_CASE(empty_string_matches_only_present_empty) {
    rule("    sel:\n      errorCode: ''\n");
    auto empty = event();
    BOOST_TEST(fires(empty.str("errorCode", "").build()));
    auto missing = event();
    BOOST_TEST(!fires(missing.str("other", "x").build()));
    auto json_null = event();
    BOOST_TEST(!fires(json_null.null("errorCode").build()));
}

BOOST_AUTO_TEST_CASE(exists_true_and_false) {
    rule("    sel:\n      errorCode|exists: true\n      sessionToken|exists: false\n");
    auto e1 = event();
    BOOST_TEST(fires(e1.str("errorCode", "").build())); // present and empty still exists
    auto e2 = event();
    BOOST_TEST(!fires(e2.str("errorCode", "x").str("sessionToken", "t").build()));
    // SIGMA.md §2: exists tests presence whatever the value, JSON null included.
    auto e3 = event();
    BOOST_TEST(fires(e3.null("errorCode").build()));
    auto e4 = event();
    BOOST_TEST(!fires(e4.str("errorCode", "x").null("sessionToken").build()));
    auto e5 = event();
    BOOST_TEST(fires(e5.str("errorCode", "x").str("other", "y").build()));
}

// SIGMA.md §7.7: neq and `not sel` on an absent field are true.
BOOST_AUTO_TEST_CASE(neq_negates_the_item) {
    rule("    sel:\n      eventType|neq: AwsServiceEvent\n");
    auto other = event();
    BOOST_TEST(fires(other.str("eventType", "AwsApiCall").build()));
    auto same = event();
    BOOST_TEST(!fires(same.str("eventType", "awsserviceevent").build()));
    auto absent = event();
    BOOST_TEST(fires(absent.str("x", "y").build()));
}

BOOST_AUTO_TEST_CASE(neq_list_is_not_any) {
    rule("    sel:\n      a|neq: [x, y]\n");
    auto e1 = event();
    BOOST_TEST(fires(e1.str("a", "z").build()));
    auto e2 = event();
    BOOST_TEST(!fires(e2.str("a", "y").build()));
}

BOOST_AUTO_TEST_CASE(not_selection_on_absent_field_is_true) {
    rule("    sel:\n      a: x\n    filter:\n      b: y\n", "sel and not filter");
    auto e1 = event();
    BOOST_TEST(fires(e1.str("a", "x").build()));
    auto e2 = event();
    BOOST_TEST(!fires(e2.str("a", "x").str("b", "Y").build()));
}

// ------------------------------------------------------------------ numbers and booleans

// SIGMA.md §7.8, README "Numbers": a YAML number matches the equal JSON number and
// a string holding its canonical text; a quoted number matches through the event's text.
BOOST_AUTO_TEST_CASE(numbers_versus_strings) {
    rule("    sel:\n      EventID: 4624\n");
    auto number = event();
    BOOST_TEST(fires(number.num("EventID", 4624, "4624").build()));
    auto number_float = event();
    BOOST_TEST(fires(number_float.num("EventID", 4624, "4624.0").build()));
    auto text = event();
    BOOST_TEST(fires(text.str("EventID", "4624").build()));
    auto padded = event();
    BOOST_TEST(!fires(padded.str("EventID", "04624").build()));
    auto other = event();
    BOOST_TEST(!fires(other.num("EventID", 4625, "4625").build()));
}

BOOST_AUTO_TEST_CASE(quoted_number_matches_number_through_its_text) {
    rule("    sel:\n      EventID: '4624'\n");
    auto number = event();
    BOOST_TEST(fires(number.num("EventID", 4624, "4624").build()));
    auto text = event();
    BOOST_TEST(fires(text.str("EventID", "4624").build()));
    auto other = event();
    BOOST_TEST(!fires(other.num("EventID", 46240, "46240").build()));
}

// YAML 1.1 typing (PyYAML, the reference): 0x17 is 23, 010 is 8.
BOOST_AUTO_TEST_CASE(yaml11_integers) {
    rule("    sel:\n      a: 0x17\n      b: 010\n");
    auto e1 = event();
    BOOST_TEST(fires(e1.num("a", 23, "23").num("b", 8, "8").build()));
    auto e2 = event();
    BOOST_TEST(fires(e2.str("a", "23").str("b", "8").build()));
    auto e3 = event();
    BOOST_TEST(!fires(e3.str("a", "0x17").str("b", "010").build()));
}

BOOST_AUTO_TEST_CASE(booleans_and_yaml11_yes) {
    rule("    sel:\n      readOnly: false\n      mfa: yes\n");
    auto e1 = event();
    BOOST_TEST(fires(e1.boolean("readOnly", false).boolean("mfa", true).build()));
    auto e2 = event();
    BOOST_TEST(fires(e2.str("readOnly", "FALSE").str("mfa", "true").build()));
    auto e3 = event();
    BOOST_TEST(!fires(e3.boolean("readOnly", true).boolean("mfa", true).build()));
    auto e4 = event();
    BOOST_TEST(!fires(e4.boolean("readOnly", false).str("mfa", "yes").build())); // yes loads as true
}

BOOST_AUTO_TEST_CASE(numeric_comparisons) {
    rule("    sel:\n      a|gt: 10\n      b|gte: 10\n      c|lt: 5.5\n      d|lte: -1\n");
    auto e1 = event();
    BOOST_TEST(fires(e1.num("a", 11, "11").num("b", 10, "10").num("c", 5.4, "5.4").num("d", -1, "-1").build()));
    auto e2 = event();
    BOOST_TEST(!fires(e2.num("a", 10, "10").num("b", 10, "10").num("c", 5.4, "5.4").num("d", -1, "-1").build()));
    auto e3 = event();
    BOOST_TEST(!fires(e3.num("a", 11, "11").num("b", 9, "9").num("c", 5.4, "5.4").num("d", -1, "-1").build()));
    auto e4 = event();
    BOOST_TEST(!fires(e4.num("a", 11, "11").num("b", 10, "10").num("c", 5.5, "5.5").num("d", -1, "-1").build()));
    auto e5 = event();
    BOOST_TEST(!fires(e5.num("a", 11, "11").num("b", 10, "10").num("c", 5.4, "5.4").num("d", 0, "0").build()));
}

BOOST_AUTO_TEST_CASE(comparison_on_non_numeric_values_does_not_match) {
    rule("    sel:\n      a|gt: 10\n");
    auto text_number = event();
    BOOST_TEST(fires(text_number.str("a", "42").build())); // a string that is a whole number compares
    auto text = event();
    BOOST_TEST(!fires(text.str("a", "lots").build()));
    auto mixed = event();
    BOOST_TEST(!fires(mixed.str("a", "42x").build()));
    auto boolean = event();
    BOOST_TEST(!fires(boolean.boolean("a", true).build()));
}

BOOST_AUTO_TEST_CASE(time_part_with_comparison) {
    rule("    sel:\n      eventTime|hour|gte: 22\n      eventTime|month: 12\n");
    auto late = event();
    BOOST_TEST(fires(late.str("eventTime", "2024-12-01T23:15:00Z").build()));
    auto early = event();
    BOOST_TEST(!fires(early.str("eventTime", "2024-12-01T08:15:00Z").build()));
    auto wrong_month = event();
    BOOST_TEST(!fires(wrong_month.str("eventTime", "2024-11-01T23:15:00Z").build()));
}

BOOST_AUTO_TEST_CASE(time_week_is_iso) {
    rule("    sel:\n      eventTime|week: 1\n");
    auto e1 = event();
    BOOST_TEST(fires(e1.str("eventTime", "2024-12-30T00:00:00Z").build())); // ISO week 1 of 2025
    auto e2 = event();
    BOOST_TEST(!fires(e2.str("eventTime", "2021-01-03T00:00:00Z").build())); // week 53 of 2020
}

// ------------------------------------------------------------------ specific modifiers

BOOST_AUTO_TEST_CASE(expand_placeholders) {
    options.placeholders["Admins"] = {"alice", "bob"};
    rule("    sel:\n      userIdentity.userName|expand: '%Admins%'\n");
    auto e1 = event();
    BOOST_TEST(fires(e1.str("userIdentity.userName", "Bob").build()));
    auto e2 = event();
    BOOST_TEST(!fires(e2.str("userIdentity.userName", "carol").build()));
}

BOOST_AUTO_TEST_CASE(percent_is_literal_without_expand) {
    rule("    sel:\n      a: '%Admins%'\n");
    auto e1 = event();
    BOOST_TEST(fires(e1.str("a", "%admins%").build()));
    auto e2 = event();
    BOOST_TEST(!fires(e2.str("a", "alice").build()));
}

BOOST_AUTO_TEST_CASE(fieldref_compares_two_fields) {
    rule("    sel:\n      userIdentity.userName|fieldref: requestParameters.userName\n");
    auto same = event();
    BOOST_TEST(fires(same.str("userIdentity.userName", "Alice").str("requestParameters.userName", "alice").build()));
    auto other = event();
    BOOST_TEST(!fires(other.str("userIdentity.userName", "alice").str("requestParameters.userName", "bob").build()));
    auto absent = event();
    BOOST_TEST(!fires(absent.str("userIdentity.userName", "alice").build()));
    BOOST_TEST(set.meta(0).fields_used ==
               (std::vector<std::string>{"userIdentity.userName", "requestParameters.userName"}));
}

BOOST_AUTO_TEST_CASE(fieldref_with_endswith_and_cased) {
    rule("    sel:\n      userIdentity.arn|fieldref|endswith: requestParameters.userName\n"
         "      b|fieldref|cased: c\n");
    auto e1 = event();
    BOOST_TEST(fires(e1.str("userIdentity.arn", "arn:aws:iam::1:user/Alice")
                         .str("requestParameters.userName", "alice")
                         .str("b", "X")
                         .str("c", "X")
                         .build()));
    auto e2 = event();
    BOOST_TEST(!fires(e2.str("userIdentity.arn", "arn:aws:iam::1:user/Alice")
                          .str("requestParameters.userName", "alice")
                          .str("b", "X")
                          .str("c", "x")
                          .build()));
}

BOOST_AUTO_TEST_CASE(windash_variants) {
    rule("    sel:\n      cmd|windash|contains: ' -encodedcommand-x'\n");
    for (std::string dash : {"-", "/", "\xE2\x80\x93", "\xE2\x80\x94", "\xE2\x80\x95"}) {
        auto e = event();
        BOOST_TEST(fires(e.str("cmd", "powershell " + dash + "EncodedCommand-x abc").build()), dash);
    }
    auto inner = event(); // the inner dash is not word-initial and stays a dash
    BOOST_TEST(!fires(inner.str("cmd", "powershell -encodedcommand/x").build()));
    auto none = event();
    BOOST_TEST(!fires(none.str("cmd", "powershell +encodedcommand-x").build()));
}

BOOST_AUTO_TEST_CASE(contains_then_windash_is_the_same) {
    rule("    sel:\n      cmd|contains|windash: ' -exec'\n");
    auto e1 = event();
    BOOST_TEST(fires(e1.str("cmd", "find . /exec rm").build()));
    auto e2 = event();
    BOOST_TEST(!fires(e2.str("cmd", "find . +exec rm").build()));
}

BOOST_AUTO_TEST_CASE(base64_whole_value_and_contains) {
    rule("    sel:\n      a|base64: 'ping'\n      b|base64|contains: 'ping'\n");
    auto e1 = event();
    BOOST_TEST(fires(e1.str("a", "cGluZw==").str("b", "xxcGluZw==yy").build()));
    auto e2 = event(); // base64 is case-significant: no folding after an encoding
    BOOST_TEST(!fires(e2.str("a", "CGLUZW==").str("b", "xxcGluZw==yy").build()));
    auto e3 = event();
    BOOST_TEST(!fires(e3.str("a", "cGluZw== ").str("b", "xxcGluZw==yy").build()));
}

// SIGMA.md §7.4: the three base64offset variants, each found inside real encodings.
BOOST_AUTO_TEST_CASE(base64offset_contains_finds_every_alignment) {
    rule("    sel:\n      a|base64offset|contains: 'foobar'\n");
    for (std::string encoded : {"Zm9vYmFy", "IGZvb2Jhcg==", "ICBmb29iYXI=", "eHh4Zm9vYmFyeHh4"}) {
        auto e = event();
        BOOST_TEST(fires(e.str("a", encoded).build()), encoded);
    }
    auto miss = event();
    BOOST_TEST(!fires(miss.str("a", "Zm9vYmF6").build())); // foobaz
}

BOOST_AUTO_TEST_CASE(base64offset_without_contains_misses_real_hits) {
    rule("    sel:\n      a|base64offset: 'foobar'\n");
    auto embedded = event();
    BOOST_TEST(!fires(embedded.str("a", "eHh4Zm9vYmFyeHh4").build()));
    auto whole = event();
    BOOST_TEST(fires(whole.str("a", "Zm9vYmFy").build()));
}

BOOST_AUTO_TEST_CASE(wide_and_utf16le_are_the_same) {
    rule("    sel:\n      a|wide|base64offset|contains: 'ping'\n      b|utf16le|base64offset|contains: 'ping'\n");
    auto e1 = event();
    BOOST_TEST(fires(e1.str("a", "cABpAG4AZwA=").str("b", "cABpAG4AZwA=").build()));
    auto e2 = event();
    BOOST_TEST(!fires(e2.str("a", "cGluZw==").str("b", "cABpAG4AZwA=").build())); // plain, not UTF-16
}

BOOST_AUTO_TEST_CASE(utf16be_and_utf16_with_bom) {
    rule("    sel:\n      a|utf16be|base64: 'hi'\n      b|utf16|base64: 'hi'\n");
    auto e1 = event();
    BOOST_TEST(fires(e1.str("a", "AGgAaQ==").str("b", "//5oAGkA").build()));
    auto e2 = event();
    BOOST_TEST(!fires(e2.str("a", "aABpAA==").str("b", "//5oAGkA").build()));
}

// ------------------------------------------------------------------ activity types

BOOST_AUTO_TEST_CASE(activity_types_restrict_events) {
    load("title: t\nid: r1\nactivity_types: [iam-policy-change]\nlogsource: {product: aws}\n"
         "detection:\n  sel:\n    eventName: PutUserPolicy\n  condition: sel\n");
    BOOST_TEST_REQUIRE(result.successful(), result.render_text());
    auto right = event();
    BOOST_TEST(fires(right.str("eventName", "PutUserPolicy").activity("IAM-Policy-Change").build()));
    auto wrong = event();
    BOOST_TEST(!fires(wrong.str("eventName", "PutUserPolicy").activity("s3-read").build()));
    auto none = event();
    BOOST_TEST(!fires(none.str("eventName", "PutUserPolicy").build()));
}

BOOST_AUTO_TEST_SUITE_END()
