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
    WhenInfo failed;
    failed.field = "errorCode";
    failed.exists_test = true;
    failed.exists = true;
    p.activity_types.push_back({"app-activity-failed", {failed}, {}});
    p.activity_types.push_back({"app-activity", {}, {}});
    return p;
}

} // namespace trailproof::parse
