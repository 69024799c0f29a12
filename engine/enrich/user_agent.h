#pragma once
// User-agent classification for CloudTrail's userAgent field: client family
// (aws-cli, boto3, an SDK by language, Terraform, CloudFormation, the console, an
// AWS service, a browser...), operating system and browser. The rules are an
// ordered data table in user_agent.cpp, first match wins; they were written
// against real CloudTrail strings (tests/enrich/user_agent_test.cpp).
// Classification reads the text only: no allocation, no exceptions.

#include <cstdint>
#include <string_view>

namespace trailproof::enrich {

enum class UaFamily : std::uint8_t {
    Unknown,
    AwsCli,
    Boto3,
    Botocore,
    AwsSdkJava,
    AwsSdkGo,
    AwsSdkGoV2,
    AwsSdkJs,
    AwsSdkDotnet,
    AwsSdkRuby,
    AwsSdkPhp,
    AwsSdkRust,
    AwsSdkCpp,
    AwsPowerShell,
    Terraform,
    CloudFormation,
    AwsConsole,
    AwsService,
    Chrome,
    Firefox,
    Safari,
    Edge,
    Curl,
    PythonRequests,
};

enum class UaOs : std::uint8_t { None, Windows, MacOs, Linux, Ios, Android };
enum class UaBrowser : std::uint8_t { None, Chrome, Firefox, Safari, Edge };

struct UaInfo {
    UaFamily family = UaFamily::Unknown;
    UaOs os = UaOs::None;
    UaBrowser browser = UaBrowser::None;
};

// Classifies one userAgent value. An empty string is Unknown with no OS.
[[nodiscard]] UaInfo classify_user_agent(std::string_view user_agent) noexcept;

namespace detail {
// The rule tables read one by one, each needle searched on its own: the plain
// reading of the rules, which tests/enrich/user_agent_test.cpp holds
// classify_user_agent (one pass for all needles) to.
[[nodiscard]] UaInfo classify_user_agent_rule_by_rule(std::string_view user_agent) noexcept;
} // namespace detail

// Stable names, the values the enriched fields take (static storage):
// "aws-cli", "boto3", ..., "chrome", "unknown"; "Windows", "macOS", "Linux", "iOS",
// "Android"; "Chrome", "Firefox", "Safari", "Edge"; "" for None.
[[nodiscard]] std::string_view ua_family_name(UaFamily family) noexcept;
[[nodiscard]] std::string_view ua_os_name(UaOs os) noexcept;
[[nodiscard]] std::string_view ua_browser_name(UaBrowser browser) noexcept;
// "macOS/Chrome" when both are known, else "" (static storage).
[[nodiscard]] std::string_view ua_os_browser_name(UaOs os, UaBrowser browser) noexcept;

} // namespace trailproof::enrich
