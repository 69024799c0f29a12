#pragma once
// Short names of a CloudTrail principal, for users-table lookups when the table
// is keyed by bare names instead of ARNs.

#include <string_view>

namespace trailproof::enrich {

// The part of an ARN after its last '/': the user name of an IAM user
// ("arn:aws:iam::1:user/dev/alice" -> "alice"), the session name of an assumed
// role ("arn:aws:sts::1:assumed-role/Admin/erin@example.com" -> "erin@example.com";
// for IAM Identity Center it is the person's sign-in name), the federated user's
// name. Without '/', the part after the last ':' ("arn:aws:iam::1:root" -> "root").
// A string that is not an ARN yields "". The view points into `arn`.
[[nodiscard]] std::string_view arn_last_segment(std::string_view arn) noexcept;

} // namespace trailproof::enrich
