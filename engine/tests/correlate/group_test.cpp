// group-by: compound keys, isolation, a missing field, aliases, no group-by.

#include "correlate_fixture.h"

using namespace trailproof::correlate::test;

namespace {

std::string by(std::string_view group_by, std::string_view extra = "") {
    return base_rule("login", "ConsoleLogin") +
           "title: pair\nname: pair\ncorrelation:\n  type: event_count\n  rules: [login]\n"
           "  group-by: " + std::string(group_by) + "\n  timespan: 1h\n  condition:\n    gte: 2\n" +
           std::string(extra);
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(group, CorrelateFixture)

BOOST_AUTO_TEST_CASE(two_users_never_mix) {
    load(by("[user]"));
    BOOST_TEST(feed("ConsoleLogin", "alice", 0).empty());
    BOOST_TEST(feed("ConsoleLogin", "bob", 1).empty());
    BOOST_TEST(feed("ConsoleLogin", "Alice", 2).empty()); // values compare exactly
    BOOST_TEST(feed("ConsoleLogin", "bob", 3) == Hits{"pair(bob) value=2 @3"});
    BOOST_TEST(stats("pair").groups == 2u);
}

BOOST_AUTO_TEST_CASE(compound_key_needs_every_value_equal) {
    load(by("[user, ip]"));
    auto e = [&](std::string_view user, std::string_view ip, std::int64_t at) {
        EventBuilder b = event();
        return feed(b.name("ConsoleLogin").user(user).str("ip", ip).at_offset(at).build());
    };
    BOOST_TEST(e("a,b", "c", 0).empty());
    BOOST_TEST(e("a", "b,c", 1).empty()); // same joined text, another group
    BOOST_TEST(e("alice", "10.0.0.1", 2).empty());
    BOOST_TEST(e("alice", "10.0.0.2", 3).empty());
    BOOST_TEST(e("alice", "10.0.0.1", 4) == Hits{"pair(alice,10.0.0.1) value=2 @4"});
    BOOST_TEST(render_group(set, out.front()) == "user=alice, ip=10.0.0.1");
}

// DECIDE: a hit whose event lacks a group-by field is dropped (Splunk `stats
// by`), counted in missing_field; there is no null group. JSON null is absent.
BOOST_AUTO_TEST_CASE(a_missing_group_by_field_drops_the_hit) {
    load(by("[user, ip]"));
    EventBuilder a = event();
    feed(a.name("ConsoleLogin").user("alice").at_offset(0).build());
    EventBuilder b = event();
    feed(b.name("ConsoleLogin").user("alice").null("ip").at_offset(1).build());
    EventBuilder c = event();
    feed(c.name("ConsoleLogin").user("alice").at_offset(2).build());
    BOOST_TEST(log.empty());
    BOOST_TEST(stats("pair").missing_field == 3u);
    BOOST_TEST(stats("pair").groups == 0u);
}

BOOST_AUTO_TEST_CASE(an_empty_value_is_a_value) {
    load(by("[user]"));
    feed("ConsoleLogin", "", 0);
    BOOST_TEST(feed("ConsoleLogin", "", 1) == Hits{"pair() value=2 @1"});
}

BOOST_AUTO_TEST_CASE(the_first_value_of_a_multi_valued_field_groups) {
    load(by("[user]"));
    EventBuilder a = event();
    feed(a.name("ConsoleLogin").user("alice").user("bob").at_offset(0).build());
    BOOST_TEST(feed("ConsoleLogin", "alice", 1) == Hits{"pair(alice) value=2 @1"});
}

BOOST_AUTO_TEST_CASE(without_group_by_there_is_one_global_group) {
    load(base_rule("login", "ConsoleLogin") +
         "title: pair\nname: pair\ncorrelation:\n  type: event_count\n  rules: [login]\n"
         "  timespan: 1h\n  condition:\n    gte: 2\n");
    feed("ConsoleLogin", "alice", 0);
    BOOST_TEST(feed("ConsoleLogin", "bob", 1) == Hits{"pair() value=2 @1"});
    BOOST_TEST(render_group(set, out.front()).empty());
}

// aliases: one correlation-level name, a different event field per rule.
BOOST_AUTO_TEST_CASE(aliases_map_a_field_per_rule) {
    load(base_rule("create", "CreateUser") + base_rule("attach", "AttachUserPolicy") +
         "title: grant\nname: grant\ncorrelation:\n  type: temporal\n  rules: [create, attach]\n"
         "  group-by: [target]\n  timespan: 1h\n  aliases:\n    target:\n"
         "      create: responseElements.user.userName\n      attach: requestParameters.userName\n");
    EventBuilder a = event();
    BOOST_TEST(feed(a.name("CreateUser").str("responseElements.user.userName", "mallory")
                        .str("requestParameters.userName", "decoy").at_offset(0).build()).empty());
    EventBuilder b = event();
    BOOST_TEST(feed(b.name("AttachUserPolicy").str("requestParameters.userName", "mallory").at_offset(1).build()) ==
               Hits{"grant(mallory) value=2 @1"});
}

// A list of alias fields: the first one the event has (one rule over several event
// shapes, as A-ACCT-CR-DEL pairs IAM, Identity Center and Directory Service users).
BOOST_AUTO_TEST_CASE(alias_lists_take_the_first_field_present) {
    load(base_rule("create", "CreateUser") + base_rule("delete", "DeleteUser") +
         "title: short\nname: short\ncorrelation:\n  type: temporal_ordered\n  rules: [create, delete]\n"
         "  group-by: [account]\n  timespan: 1h\n  aliases:\n    account:\n"
         "      create: [responseElements.userId, requestParameters.userName]\n"
         "      delete: [requestParameters.userId, requestParameters.userName]\n");
    // Identity Center: the id comes back in the response, the deletion names it.
    EventBuilder a = event();
    BOOST_TEST(feed(a.name("CreateUser").str("requestParameters.userName", "HIDDEN_DUE_TO_SECURITY_REASONS")
                        .str("responseElements.userId", "9067-aaaa").at_offset(0).build()).empty());
    // IAM: the name on both sides (no userId anywhere).
    EventBuilder b = event();
    BOOST_TEST(feed(b.name("CreateUser").str("requestParameters.userName", "mallory").at_offset(1).build()).empty());
    EventBuilder c = event();
    BOOST_TEST(feed(c.name("DeleteUser").str("requestParameters.userId", "9067-aaaa").at_offset(2).build()) ==
               Hits{"short(9067-aaaa) value=2 @2"});
    EventBuilder d = event();
    BOOST_TEST(feed(d.name("DeleteUser").str("requestParameters.userName", "mallory").at_offset(3).build()) ==
               Hits{"short(mallory) value=2 @3"});
    // Neither field: the hit is dropped like any hit without its group-by value.
    EventBuilder e = event();
    BOOST_TEST(feed(e.name("DeleteUser").at_offset(4).build()).empty());
}

BOOST_AUTO_TEST_CASE(alias_lists_are_checked) {
    try_load(base_rule("a", "A") + "title: bad\nname: bad\ncorrelation:\n  type: event_count\n  rules: [a]\n"
             "  group-by: [who]\n  timespan: 1h\n  condition:\n    gte: 1\n  aliases:\n    who:\n      a: [x, {y: 1}]\n");
    BOOST_TEST(diagnostics_text() ==
               "rules.yml:23:10: error[load.wrong_type]: 'a' must be a field name or a list of field names, found a list\n"
               "  |       a: [x, {y: 1}]\n"
               "  |          ^\n");
}

BOOST_AUTO_TEST_CASE(alias_keys_may_use_the_rule_id) {
    load(base_rule("create", "CreateUser") +
         "title: grant\nname: grant\ncorrelation:\n  type: event_count\n  rules: [create]\n"
         "  group-by: [target]\n  timespan: 1h\n  aliases:\n    target:\n      create: who\n"
         "  condition:\n    gte: 1\n");
    EventBuilder a = event();
    BOOST_TEST(feed(a.name("CreateUser").str("who", "mallory").at_offset(0).build()) == Hits{"grant(mallory) value=1 @0"});
}

BOOST_AUTO_TEST_CASE(group_by_fields_are_registered_for_the_parser) {
    load(by("[userIdentity.arn]"));
    BOOST_TEST(registry.find("userIdentity.arn") != trailproof::k_no_field);
}

BOOST_AUTO_TEST_CASE(map_field_applies_to_group_by) {
    options.map_field = [](std::string_view f) { return f == "principal" ? std::string("user") : std::string(f); };
    load(by("[principal]"));
    feed("ConsoleLogin", "alice", 0);
    BOOST_TEST(feed("ConsoleLogin", "alice", 1) == Hits{"pair(alice) value=2 @1"});
    BOOST_TEST(render_group(set, out.front()) == "principal=alice");
}

BOOST_AUTO_TEST_SUITE_END()
