#pragma once
// Names of the fields enrichment writes and of the event fields it reads. A rule
// or model that names an output field (e.g. `src_country|exists: true`) makes the
// Enricher fill it; nothing else is computed.

#include <string_view>

namespace trailproof::enrich::fields {

// Written (outputs).
inline constexpr std::string_view k_src_country = "src_country";   // ISO code, "US"
inline constexpr std::string_view k_src_asn = "src_asn";           // AS number as text (Number value), "64500"
inline constexpr std::string_view k_src_isp = "src_isp";           // AS organization, "Example Transit"
inline constexpr std::string_view k_src_zone = "src_zone";         // zones table name, "office-hq"
inline constexpr std::string_view k_src_ip_lists = "src_ip_lists"; // one value per IP list holding the source
inline constexpr std::string_view k_ua_family = "ua_family";       // "aws-cli", "chrome", "unknown"
inline constexpr std::string_view k_ua_os = "ua_os";               // "Linux", "macOS", ...
inline constexpr std::string_view k_ua_browser = "ua_browser";     // "Chrome", ...
inline constexpr std::string_view k_ua_os_browser = "ua_os_browser"; // "macOS/Chrome"
inline constexpr std::string_view k_user_peer_group = "user_peer_group";
inline constexpr std::string_view k_user_department = "user_department";
inline constexpr std::string_view k_user_is_executive = "user_is_executive"; // Bool "true"/"false"
inline constexpr std::string_view k_user_is_privileged = "user_is_privileged";
inline constexpr std::string_view k_user_is_service_account = "user_is_service_account";
inline constexpr std::string_view k_user_is_deactivated = "user_is_deactivated";
// Every output above (a rule or model naming one of them reads a field CloudTrail events get).
inline constexpr std::string_view k_outputs[] = {
    k_src_country,     k_src_asn,           k_src_isp,          k_src_zone,           k_src_ip_lists,
    k_ua_family,       k_ua_os,             k_ua_browser,       k_ua_os_browser,      k_user_peer_group,
    k_user_department, k_user_is_executive, k_user_is_privileged, k_user_is_service_account, k_user_is_deactivated,
};

// Read (inputs), first present one wins. Raw CloudTrail paths first, then the
// normalized names a non-CloudTrail parser (CEF) may fill instead.
inline constexpr std::string_view k_ip_inputs[] = {"sourceIPAddress", "src_ip"};
inline constexpr std::string_view k_ua_inputs[] = {"userAgent", "user_agent"};
inline constexpr std::string_view k_arn = "userIdentity.arn";
inline constexpr std::string_view k_user = "user"; // normalized principal (the ARN for CloudTrail parsers)
inline constexpr std::string_view k_user_name = "user_name";
inline constexpr std::string_view k_raw_user_name = "userIdentity.userName";
inline constexpr std::string_view k_role_name = "userIdentity.sessionContext.sessionIssuer.userName";

} // namespace trailproof::enrich::fields
