// End-to-end-ish: real correlation YAML for the documented multi-event rules,
// compiled through rules::compile_rules and CorrelationSet::compile, driven by
// hand-built CloudTrail-shaped Events through match -> on_event, with the
// detector's suppression applied (what `detect` would emit).

#include "correlate_fixture.h"

using namespace trailproof::correlate::test;

namespace {

const std::string k_pack = R"(title: Console login failure
id: ct-console-login-failure
name: console_login_failure
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventSource: signin.amazonaws.com
    eventName: ConsoleLogin
    responseElements.ConsoleLogin: Failure
  condition: selection
level: low
---
title: Console brute force from one source IP
id: ct-console-brute-force
correlation:
  type: event_count
  rules:
    - console_login_failure
  group-by:
    - sourceIPAddress
  timespan: 10m
  condition:
    gte: 5
level: high
tags:
  - attack.credential-access
  - attack.t1110
---
title: Read-only discovery call
id: ct-recon-call
name: recon_call
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventName|startswith:
      - List
      - Get
      - Describe
  condition: selection
level: informational
---
title: Enumeration of the account by one principal
id: ct-enumeration
correlation:
  type: value_count
  rules: recon_call
  group-by:
    - userIdentity.arn
  timespan: 1h
  condition:
    field: eventName
    gte: 10
level: medium
---
title: IAM user created
id: ct-iam-create-user
name: iam_create_user
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventSource: iam.amazonaws.com
    eventName: CreateUser
  condition: selection
level: low
---
title: IAM user deleted
id: ct-iam-delete-user
name: iam_delete_user
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventSource: iam.amazonaws.com
    eventName: DeleteUser
  condition: selection
level: low
---
title: IAM user created and deleted within an hour
id: ct-account-created-deleted
correlation:
  type: temporal_ordered
  rules:
    - iam_create_user
    - iam_delete_user
  group-by:
    - requestParameters.userName
  timespan: 1h
level: medium
generate: true
)";

const std::string k_admin = "arn:aws:iam::111122223333:user/admin";
const std::string k_intruder = "arn:aws:sts::111122223333:assumed-role/dev/intruder";

struct CloudTrailFixture : CorrelateFixture {
    CloudTrailFixture() { load(k_pack); }

    // What a detector emits for one event: base rule ids not suppressed, then
    // correlation hits that emit.
    Hits detect(const trailproof::Event& e) {
        rules.match(e, hits);
        Hits alerts;
        for (std::uint32_t r : hits)
            if (!set.suppressed(r)) alerts.push_back(rules.meta(r).id);
        state->on_event(e, hits, out);
        for (const auto& h : out)
            if (h.emit) alerts.push_back(describe(set, h));
        return alerts;
    }
    Hits login(std::string_view ip, std::string_view outcome, std::int64_t at) {
        EventBuilder b = event();
        return detect(b.str("eventSource", "signin.amazonaws.com")
                          .name("ConsoleLogin")
                          .str("sourceIPAddress", ip)
                          .str("userIdentity.arn", "arn:aws:iam::111122223333:user/alice")
                          .str("responseElements.ConsoleLogin", outcome)
                          .at_offset(at)
                          .build());
    }
    Hits call(std::string_view arn, std::string_view source, std::string_view name, std::int64_t at,
              std::string_view user_name = "") {
        EventBuilder b = event();
        b.str("eventSource", source).name(name).str("userIdentity.arn", arn).str("sourceIPAddress", "198.51.100.4");
        if (!user_name.empty()) b.str("requestParameters.userName", user_name);
        return detect(b.at_offset(at).build());
    }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(cloudtrail, CloudTrailFixture)

BOOST_AUTO_TEST_CASE(brute_force_five_failures_in_ten_minutes) {
    for (int i = 0; i < 4; ++i) BOOST_TEST(login("203.0.113.7", "Failure", i * k_minute).empty());
    BOOST_TEST(login("192.0.2.10", "Failure", 4 * k_minute).empty()); // another IP
    BOOST_TEST(login("203.0.113.7", "Success", 5 * k_minute).empty()); // a success is no failure
    BOOST_TEST(login("203.0.113.7", "Failure", 9 * k_minute) ==
               Hits{"ct-console-brute-force(203.0.113.7) value=5 @540000"});
    // The failures themselves are suppressed (generate: false).
    BOOST_TEST(set.suppressed(rules.find("ct-console-login-failure")));
}

BOOST_AUTO_TEST_CASE(brute_force_too_slow_does_not_fire) {
    for (int i = 0; i < 5; ++i) BOOST_TEST(login("203.0.113.7", "Failure", i * 3 * k_minute).empty());
    BOOST_TEST(stats("ct-console-brute-force").fired == 0u);
}

BOOST_AUTO_TEST_CASE(enumeration_needs_ten_distinct_calls) {
    const char* const names[] = {"ListUsers",    "ListRoles",          "GetAccountAuthorizationDetails",
                                 "ListBuckets",  "DescribeInstances",  "DescribeSecurityGroups",
                                 "ListPolicies", "GetCallerIdentity",  "DescribeVpcs"};
    std::int64_t t = 0;
    for (const char* name : names) {
        BOOST_TEST(call(k_intruder, "iam.amazonaws.com", name, t).empty());
        BOOST_TEST(call(k_intruder, "iam.amazonaws.com", name, t + 1).empty()); // repeats do not count
        BOOST_TEST(call(k_admin, "iam.amazonaws.com", "ListAccessKeys", t + 2).empty()); // other principal
        t += 4 * k_minute;
    }
    BOOST_TEST(call(k_intruder, "iam.amazonaws.com", "CreateUser", t) == Hits{"ct-iam-create-user"}); // not a read call
    BOOST_TEST(call(k_intruder, "iam.amazonaws.com", "ListGroups", t + 1) ==
               Hits{"ct-enumeration(" + k_intruder + ") value=10 @2160001"});
    BOOST_TEST(stats("ct-enumeration").groups == 1u); // admin's group stays open
}

BOOST_AUTO_TEST_CASE(enumeration_spread_over_hours_does_not_fire) {
    const char* const names[] = {"ListUsers",   "ListRoles",         "ListGroups",          "ListBuckets",
                                 "ListPolicies", "DescribeInstances", "DescribeVpcs",        "GetCallerIdentity",
                                 "ListAccessKeys", "DescribeSubnets"};
    std::int64_t t = 0;
    for (const char* name : names) {
        BOOST_TEST(call(k_intruder, "iam.amazonaws.com", name, t).empty());
        t += 7 * k_minute;
    }
    BOOST_TEST(stats("ct-enumeration").fired == 0u);
}

BOOST_AUTO_TEST_CASE(account_created_then_deleted) {
    BOOST_TEST(call(k_admin, "iam.amazonaws.com", "CreateUser", 0, "backdoor") == Hits{"ct-iam-create-user"});
    BOOST_TEST(call(k_admin, "iam.amazonaws.com", "CreateUser", k_minute, "carol") == Hits{"ct-iam-create-user"});
    // generate: true keeps the base alerts, and the correlation emits too.
    BOOST_TEST(call(k_admin, "iam.amazonaws.com", "DeleteUser", 30 * k_minute, "backdoor") ==
               (Hits{"ct-iam-delete-user", "ct-account-created-deleted(backdoor) value=2 @1800000"}));
}

BOOST_AUTO_TEST_CASE(deleted_then_created_or_too_late_does_not_fire) {
    call(k_admin, "iam.amazonaws.com", "DeleteUser", 0, "old");
    BOOST_TEST(call(k_admin, "iam.amazonaws.com", "CreateUser", k_minute, "old") == Hits{"ct-iam-create-user"});
    call(k_admin, "iam.amazonaws.com", "CreateUser", 2 * k_minute, "slow");
    BOOST_TEST(call(k_admin, "iam.amazonaws.com", "DeleteUser", 62 * k_minute + 1, "slow") ==
               Hits{"ct-iam-delete-user"});
    // Different users never pair.
    call(k_admin, "iam.amazonaws.com", "CreateUser", 63 * k_minute, "alice");
    BOOST_TEST(call(k_admin, "iam.amazonaws.com", "DeleteUser", 64 * k_minute, "bob") == Hits{"ct-iam-delete-user"});
    // A DeleteUser without requestParameters.userName is dropped from the correlation.
    BOOST_TEST(call(k_admin, "iam.amazonaws.com", "DeleteUser", 65 * k_minute) == Hits{"ct-iam-delete-user"});
    BOOST_TEST(stats("ct-account-created-deleted").missing_field == 1u);
    BOOST_TEST(stats("ct-account-created-deleted").fired == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
