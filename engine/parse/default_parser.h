#pragma once
// The built-in parser for native CloudTrail JSON, used when a pack declares none.

#include "parse/parser_info.h"

namespace trailproof::parse {

// "cloudtrail-json": claims every JSON record (no conditions); requires string
// eventName, eventTime and eventSource; time from eventTime (ISO-8601); activity
// type app-activity-failed when errorCode is present or a sign-in's outcome
// (responseElements.ConsoleLogin, CheckMfa, SwitchRole, ExitRole, RenewRole,
// GetSigninToken; serviceEventDetails.CredentialChallenge, CredentialVerification,
// UserAuthentication) is "Failure", else app-activity.
// Normalized fields are listed in parse/README.md.
[[nodiscard]] ParserInfo default_cloudtrail_parser();

} // namespace trailproof::parse
