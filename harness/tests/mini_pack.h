#pragma once
// The tiny pack the replay and CLI tests build around: one plain-Sigma rule
// (StopLogging) and the head of a fixture file of pack `mini`.

namespace trailproof::harness::test {

inline constexpr const char* k_stop_logging_rule = R"(title: Trail stopped
id: 11111111-1111-4111-8111-111111111111
logsource: {product: aws, service: cloudtrail}
tags: [attack.defense-evasion, attack.t1562.008]
detection:
  selection:
    eventSource: cloudtrail.amazonaws.com
    eventName: StopLogging
  condition: selection
level: high
)";

// A fixture file of pack `mini` up to its scenarios: StopLogging-era events by alice.
inline constexpr const char* k_mini_fixture_head = R"(pack: mini
defaults:
  eventVersion: "1.09"
  eventSource: cloudtrail.amazonaws.com
  eventTime: "2024-03-01T10:00:00Z"
  userIdentity: {type: IAMUser, arn: "arn:aws:iam::111122223333:user/alice", accountId: "111122223333"}
scenarios:
)";

} // namespace trailproof::harness::test
