#pragma once
// Names inside a CloudTrail principal: the last segment of an ARN (a user, role
// session or federated user name) and e-mail addresses used as names. Shared by
// the parse stage (principal resolution, the caller's e-mail) and the enrich
// stage (users-table lookups by bare name).

#include <string_view>

namespace trailproof {

// The part of an ARN after its last '/': the user name of an IAM user
// ("arn:aws:iam::1:user/dev/alice" -> "alice"), the session name of an assumed
// role ("arn:aws:sts::1:assumed-role/Admin/erin@example.com" -> "erin@example.com";
// for IAM Identity Center it is the person's sign-in name), the federated user's
// name. Without '/', the part after the last ':' ("arn:aws:iam::1:root" -> "root").
// A string that is not an ARN yields "". The view points into `arn`.
[[nodiscard]] std::string_view arn_last_segment(std::string_view arn) noexcept;

// True for text shaped like an e-mail address: one '@' with at least one
// character before it, a domain after it that has a '.' neither first nor last,
// and no '/', ':' or space anywhere ("erin@example.com"; not "erin@localhost",
// "i-0abc", "botocore-session-1700000000", an ARN).
[[nodiscard]] bool looks_like_email(std::string_view text) noexcept;

// The domain of an address that looks_like_email ("erin@Example.com" ->
// "Example.com", as written), else "". The view points into `email`.
[[nodiscard]] std::string_view email_domain(std::string_view email) noexcept;

} // namespace trailproof
