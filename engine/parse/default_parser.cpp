#include "parse/default_parser.h"

namespace trailproof::parse {

ParserInfo default_cloudtrail_parser() {
    ParserInfo p;
    p.name = "cloudtrail-json";
    p.format = ParserFormat::Json;
    p.file = "<builtin>";
    p.required = {{"eventName", ValueType::String, {}},
                  {"eventTime", ValueType::String, {}},
                  {"eventSource", ValueType::String, {}}};
    p.time = {"eventTime", "iso8601", {}, {}};
    static constexpr std::pair<const char*, const char*> k_fields[] = {
        {"user", "userIdentity.arn"},
        {"user_name", "userIdentity.userName"},
        {"user_type", "userIdentity.type"},
        {"principal_id", "userIdentity.principalId"},
        {"access_key_id", "userIdentity.accessKeyId"},
        {"role", "userIdentity.sessionContext.sessionIssuer.userName"},
        {"account_id", "recipientAccountId"},
        {"src_ip", "sourceIPAddress"},
        {"user_agent", "userAgent"},
        {"operation", "eventName"},
        {"service", "eventSource"},
        {"region", "awsRegion"},
        {"error_code", "errorCode"},
        {"error_message", "errorMessage"},
        {"event_id", "eventID"},
        {"event_type", "eventType"},
        {"request_id", "requestID"},
    };
    for (const auto& [name, source] : k_fields) p.fields.push_back({name, source, {}, {}});
    // A refused API call carries errorCode. A sign-in record does not: its outcome
    // is responseElements.<eventName> (ConsoleLogin, CheckMfa, SwitchRole, ExitRole,
    // RenewRole, GetSigninToken: "Success" or "Failure") or, for IAM Identity Center
    // sign-ins (AwsServiceEvent), serviceEventDetails.<eventName>.
    const auto failed_when = [](const char* field, bool exists_test) {
        WhenInfo w;
        w.field = field;
        w.exists_test = exists_test;
        w.exists = true;
        if (!exists_test) w.values = {"Failure"};
        return w;
    };
    p.activity_types.push_back({"app-activity-failed", {failed_when("errorCode", true)}, {}});
    for (const char* outcome : {"responseElements.ConsoleLogin", "responseElements.CheckMfa",
                                "responseElements.SwitchRole", "responseElements.ExitRole",
                                "responseElements.RenewRole", "responseElements.GetSigninToken",
                                "serviceEventDetails.CredentialChallenge", "serviceEventDetails.CredentialVerification",
                                "serviceEventDetails.UserAuthentication"})
        p.activity_types.push_back({"app-activity-failed", {failed_when(outcome, false)}, {}});
    p.activity_types.push_back({"app-activity", {}, {}});
    return p;
}

} // namespace trailproof::parse
