#include "enrich/user_agent.h"

#include <iterator>

#include "core/ascii.h"

namespace trailproof::enrich {

namespace {


enum class Match : std::uint8_t {
    Exact,      // the whole (trimmed) string
    Contains,   // anywhere
    Prefix,     // at the start
    HostSuffix, // the whole string is one host name ending in the needle (a service principal)
};

struct FamilyRule {
    Match match;
    std::string_view needle; // lowercase
    UaFamily family;
};

// First match wins, so order matters:
// - the console and AWS services first: console strings embed SDK tokens
//   ("[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.488 ...]");
// - Terraform before the Go SDKs it embeds ("... terraform-provider-aws/5.31.0 ...
//   aws-sdk-go-v2/1.24.0 ...");
// - aws-cli before botocore (CLI v1 appends "botocore/1.31.62");
// - boto3 before botocore (boto3 strings end in "Botocore/1.34.0");
// - aws-sdk-go-v2 before aws-sdk-go (prefix of it);
// - "aws-internal/" (AWS calling on the caller's behalf) before aws-sdk-java.
constexpr FamilyRule k_family_rules[] = {
    {Match::Exact, "aws internal", UaFamily::AwsConsole},
    {Match::Contains, "console.amazonaws.com", UaFamily::AwsConsole},
    {Match::Contains, "signin.amazonaws.com", UaFamily::AwsConsole},
    {Match::Contains, "console.aws.amazon.com", UaFamily::AwsConsole},
    {Match::Contains, "console/", UaFamily::AwsConsole}, // S3Console/0.4, AWSConsole/...
    {Match::Contains, "cloudformation.amazonaws.com", UaFamily::CloudFormation},
    {Match::Contains, "terraform/", UaFamily::Terraform},
    {Match::Contains, "terraform-provider-aws/", UaFamily::Terraform},
    {Match::Contains, "awspowershell", UaFamily::AwsPowerShell},
    {Match::Contains, "aws-cli/", UaFamily::AwsCli},
    {Match::Contains, "boto3/", UaFamily::Boto3},
    {Match::Contains, "botocore/", UaFamily::Botocore},
    {Match::Contains, "aws-sdk-go-v2/", UaFamily::AwsSdkGoV2},
    {Match::Contains, "aws-sdk-go/", UaFamily::AwsSdkGo},
    {Match::Contains, "aws-internal/", UaFamily::AwsService},
    {Match::Contains, "aws-sdk-java/", UaFamily::AwsSdkJava},
    {Match::Contains, "aws-sdk-js/", UaFamily::AwsSdkJs},
    {Match::Contains, "aws-sdk-nodejs/", UaFamily::AwsSdkJs}, // SDK v2 for JavaScript in Node.js
    {Match::Contains, "aws-sdk-dotnet", UaFamily::AwsSdkDotnet}, // -coreclr/, -45/, -core/
    {Match::Contains, "aws-sdk-ruby", UaFamily::AwsSdkRuby},     // aws-sdk-ruby3/, aws-sdk-ruby2/
    {Match::Contains, "aws-sdk-php/", UaFamily::AwsSdkPhp},
    {Match::Contains, "aws-sdk-rust/", UaFamily::AwsSdkRust},
    {Match::Contains, "aws-sdk-cpp/", UaFamily::AwsSdkCpp},
    {Match::HostSuffix, ".amazonaws.com", UaFamily::AwsService}, // lambda.amazonaws.com, ...
    {Match::Prefix, "curl/", UaFamily::Curl},
    {Match::Prefix, "python-requests/", UaFamily::PythonRequests},
};

struct BrowserRule {
    std::string_view needle; // lowercase
    UaBrowser browser;
};

// Only for "Mozilla/..." strings. Edge and the iOS wrappers name themselves before
// the engine tokens they carry (Edge says "Chrome/... Safari/... Edg/..."; Chrome
// says "Safari/"), so the specific tokens come first. Other Chromium browsers
// (Opera, Brave, Samsung) report as Chrome.
constexpr BrowserRule k_browser_rules[] = {
    {"edg/", UaBrowser::Edge},      {"edga/", UaBrowser::Edge},      {"edgios/", UaBrowser::Edge},
    {"edge/", UaBrowser::Edge},     {"firefox/", UaBrowser::Firefox}, {"fxios/", UaBrowser::Firefox},
    {"crios/", UaBrowser::Chrome},  {"chrome/", UaBrowser::Chrome},   {"safari/", UaBrowser::Safari},
};

struct OsRule {
    std::string_view needle; // lowercase
    UaOs os;
};

// Ordered: iOS strings say "like Mac OS X", Android strings say "Linux; Android".
// Tokens are specific ("windows_", "os/windows") because aws-cli puts the command
// into its string ("md/command#ssm.describe-maintenance-windows").
constexpr OsRule k_os_rules[] = {
    {"iphone", UaOs::Ios},
    {"ipad", UaOs::Ios},
    {"ipod", UaOs::Ios},
    {"os/ios", UaOs::Ios},
    {"android", UaOs::Android},
    {"windows nt", UaOs::Windows},   // browsers
    {"windows_", UaOs::Windows},     // Windows_NT (Node), Microsoft_Windows_10 (.NET), Windows_Server_2019 (Java)
    {"windows/", UaOs::Windows},     // aws-cli v1 / boto3: Windows/10
    {"os/windows", UaOs::Windows},   // UA 2.0 format: os/windows#10
    {"; windows;", UaOs::Windows},   // aws-sdk-go v1: (go1.20; windows; amd64)
    {"win64", UaOs::Windows},
    {"win32", UaOs::Windows},
    {"macintosh", UaOs::MacOs},
    {"mac os x", UaOs::MacOs},
    {"mac_os_x", UaOs::MacOs},       // Java: Mac_OS_X/14.2
    {"darwin/", UaOs::MacOs},        // aws-cli v1: Darwin/22.6.0, Node: darwin/v18
    {"os/macos", UaOs::MacOs},
    {"os/darwin", UaOs::MacOs},
    {"; darwin;", UaOs::MacOs},
    {"-darwin", UaOs::MacOs},        // Ruby: arm64-darwin22
    {"linux/", UaOs::Linux},         // Linux/5.10 (aws-cli, Java), linux/v18 (Node)
    {"os/linux", UaOs::Linux},
    {"; linux;", UaOs::Linux},
    {"(linux", UaOs::Linux},
    {"-linux", UaOs::Linux},         // Ruby: x86_64-linux
    {"x11;", UaOs::Linux},           // browsers: (X11; Linux x86_64), (X11; CrOS ...)
    {"linux x86_64", UaOs::Linux},
};

std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

bool starts_with_folded(std::string_view hay, std::string_view needle) noexcept {
    if (hay.size() < needle.size()) return false;
    for (std::size_t i = 0; i < needle.size(); ++i)
        if (ascii_lower(hay[i]) != needle[i]) return false;
    return true;
}

bool equals_folded(std::string_view hay, std::string_view needle) noexcept {
    return hay.size() == needle.size() && starts_with_folded(hay, needle);
}

bool is_host_with_suffix(std::string_view s, std::string_view suffix) noexcept {
    if (s.size() <= suffix.size()) return false;
    for (char c : s)
        if (c == ' ' || c == '/' || c == '(' || c == '[') return false;
    return equals_folded(s.substr(s.size() - suffix.size()), suffix);
}

// `needle` (lowercase) occurs in `text`; `lowered`: `text` is lowercase already.
bool contains(std::string_view text, std::string_view needle, bool lowered) noexcept {
    return find_folded(text, needle, lowered) != std::string_view::npos;
}

bool matches(const FamilyRule& rule, std::string_view ua, bool lowered) noexcept {
    switch (rule.match) {
    case Match::Exact: return equals_folded(ua, rule.needle);
    case Match::Contains: return contains(ua, rule.needle, lowered);
    case Match::Prefix: return starts_with_folded(ua, rule.needle);
    case Match::HostSuffix: return is_host_with_suffix(ua, rule.needle);
    }
    return false;
}

UaFamily family_of(UaBrowser browser) noexcept {
    switch (browser) {
    case UaBrowser::Chrome: return UaFamily::Chrome;
    case UaBrowser::Firefox: return UaFamily::Firefox;
    case UaBrowser::Safari: return UaFamily::Safari;
    case UaBrowser::Edge: return UaFamily::Edge;
    case UaBrowser::None: break;
    }
    return UaFamily::Unknown;
}

// The rules on trimmed, non-empty `ua`; `lowered`: `ua` is lowercase already.
UaInfo classify(std::string_view ua, bool lowered) noexcept {
    UaInfo info;
    for (const OsRule& rule : k_os_rules) {
        if (contains(ua, rule.needle, lowered)) {
            info.os = rule.os;
            break;
        }
    }
    for (const FamilyRule& rule : k_family_rules) {
        if (matches(rule, ua, lowered)) {
            info.family = rule.family;
            return info;
        }
    }
    if (starts_with_folded(ua, "mozilla/")) {
        for (const BrowserRule& rule : k_browser_rules) {
            if (contains(ua, rule.needle, lowered)) {
                info.browser = rule.browser;
                info.family = family_of(rule.browser);
                break;
            }
        }
    }
    return info;
}

} // namespace

UaInfo classify_user_agent(std::string_view user_agent) noexcept {
    const std::string_view ua = trim(user_agent);
    if (ua.empty()) return {};
    // Lowering once and then searching with find() (memchr for the first byte)
    // costs far less than folding at every position for each of the ~60 needles.
    // An agent longer than the buffer (rare) is folded while searching instead.
    char lowered[1024];
    if (ua.size() > sizeof lowered) return classify(ua, false);
    for (std::size_t i = 0; i < ua.size(); ++i) lowered[i] = ascii_lower(ua[i]);
    return classify(std::string_view(lowered, ua.size()), true);
}

std::string_view ua_family_name(UaFamily family) noexcept {
    switch (family) {
    case UaFamily::Unknown: return "unknown";
    case UaFamily::AwsCli: return "aws-cli";
    case UaFamily::Boto3: return "boto3";
    case UaFamily::Botocore: return "botocore";
    case UaFamily::AwsSdkJava: return "aws-sdk-java";
    case UaFamily::AwsSdkGo: return "aws-sdk-go";
    case UaFamily::AwsSdkGoV2: return "aws-sdk-go-v2";
    case UaFamily::AwsSdkJs: return "aws-sdk-js";
    case UaFamily::AwsSdkDotnet: return "aws-sdk-dotnet";
    case UaFamily::AwsSdkRuby: return "aws-sdk-ruby";
    case UaFamily::AwsSdkPhp: return "aws-sdk-php";
    case UaFamily::AwsSdkRust: return "aws-sdk-rust";
    case UaFamily::AwsSdkCpp: return "aws-sdk-cpp";
    case UaFamily::AwsPowerShell: return "aws-powershell";
    case UaFamily::Terraform: return "terraform";
    case UaFamily::CloudFormation: return "cloudformation";
    case UaFamily::AwsConsole: return "aws-console";
    case UaFamily::AwsService: return "aws-service";
    case UaFamily::Chrome: return "chrome";
    case UaFamily::Firefox: return "firefox";
    case UaFamily::Safari: return "safari";
    case UaFamily::Edge: return "edge";
    case UaFamily::Curl: return "curl";
    case UaFamily::PythonRequests: return "python-requests";
    }
    return "unknown";
}

std::string_view ua_os_name(UaOs os) noexcept {
    switch (os) {
    case UaOs::None: return "";
    case UaOs::Windows: return "Windows";
    case UaOs::MacOs: return "macOS";
    case UaOs::Linux: return "Linux";
    case UaOs::Ios: return "iOS";
    case UaOs::Android: return "Android";
    }
    return "";
}

std::string_view ua_browser_name(UaBrowser browser) noexcept {
    switch (browser) {
    case UaBrowser::None: return "";
    case UaBrowser::Chrome: return "Chrome";
    case UaBrowser::Firefox: return "Firefox";
    case UaBrowser::Safari: return "Safari";
    case UaBrowser::Edge: return "Edge";
    }
    return "";
}

std::string_view ua_os_browser_name(UaOs os, UaBrowser browser) noexcept {
    // Every combination as a literal, so the enriched value needs no storage.
    static constexpr std::string_view k_names[5][4] = {
        {"Windows/Chrome", "Windows/Firefox", "Windows/Safari", "Windows/Edge"},
        {"macOS/Chrome", "macOS/Firefox", "macOS/Safari", "macOS/Edge"},
        {"Linux/Chrome", "Linux/Firefox", "Linux/Safari", "Linux/Edge"},
        {"iOS/Chrome", "iOS/Firefox", "iOS/Safari", "iOS/Edge"},
        {"Android/Chrome", "Android/Firefox", "Android/Safari", "Android/Edge"},
    };
    if (os == UaOs::None || browser == UaBrowser::None) return {};
    return k_names[static_cast<int>(os) - 1][static_cast<int>(browser) - 1];
}

} // namespace trailproof::enrich
