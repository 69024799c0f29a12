#include "enrich/user_agent.h"

#include <bit>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <stdexcept>

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

// `contained`: whether the rule's needle occurs in `ua` (for a Contains rule).
bool matches(const FamilyRule& rule, std::string_view ua, bool contained) noexcept {
    switch (rule.match) {
    case Match::Exact: return equals_folded(ua, rule.needle);
    case Match::Contains: return contained;
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

// Every needle a rule searches for anywhere in the agent (the OS rules, the
// family rules that match Contains, the browser rules), one bit each, so one
// pass over the agent finds them all: at each position only the needles whose
// first two bytes are the agent's there are compared. Searching the ~60
// needles one by one cost ~7.5k instructions per distinct agent (bench/README.md,
// "Issue 13, seventh round: user agents").
struct NeedleTable {
    static constexpr std::size_t k_capacity = 64;
    std::string_view needles[k_capacity] = {};
    std::uint64_t heads[k_capacity] = {};      // a needle's first 8 bytes (fewer: zeros), as load_head reads them
    std::uint64_t head_masks[k_capacity] = {}; // the bytes of `heads` that are the needle's
    std::uint64_t first[256] = {};  // the needles whose first byte is the index
    std::uint64_t second[256] = {}; // the needles whose second byte is the index
    std::size_t family_at = 0;      // bit of the first family needle
    std::size_t browser_at = 0;     // bit of the first browser needle
    std::uint8_t family_bit[std::size(k_family_rules)] = {}; // a Contains rule's bit
    std::size_t count = 0;

    // Indexed by the agent's bytes as they are: a needle's letters (lowercase)
    // are entered in both cases, so the pass folds nothing. The table is made
    // at compile time, where the throw is a compile error: every needle has the
    // two bytes the pass tells them apart by, and there are at most 64.
    constexpr void add(std::string_view needle) {
        if (needle.size() < 2 || count == k_capacity) throw std::logic_error("user-agent needle table");
        needles[count] = needle;
        for (std::size_t i = 0; i < needle.size() && i < 8; ++i) {
            heads[count] |= std::uint64_t{static_cast<unsigned char>(needle[i])} << (8 * i);
            head_masks[count] |= std::uint64_t{0xff} << (8 * i);
        }
        for (const char c : {needle[0], ascii_upper(needle[0])})
            first[static_cast<unsigned char>(c)] |= std::uint64_t{1} << count;
        for (const char c : {needle[1], ascii_upper(needle[1])})
            second[static_cast<unsigned char>(c)] |= std::uint64_t{1} << count;
        ++count;
    }
    [[nodiscard]] constexpr std::uint64_t bits(std::size_t from, std::size_t to) const {
        return (to - from == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << (to - from)) - 1) << from;
    }
};

constexpr NeedleTable make_needle_table() {
    NeedleTable t;
    for (const OsRule& rule : k_os_rules) t.add(rule.needle);
    t.family_at = t.count;
    for (std::size_t r = 0; r < std::size(k_family_rules); ++r) {
        if (k_family_rules[r].match != Match::Contains) continue;
        t.family_bit[r] = static_cast<std::uint8_t>(t.count);
        t.add(k_family_rules[r].needle);
    }
    t.browser_at = t.count;
    for (const BrowserRule& rule : k_browser_rules) t.add(rule.needle);
    return t;
}

constexpr NeedleTable k_needles = make_needle_table();

// The 8 bytes at `p` as a little-endian word, ASCII letters lowered (all 8 at
// once: a byte below 0x80 is an uppercase letter when adding 0x80 - 'A' sets
// its top bit and adding 0x80 - 'Z' - 1 does not).
std::uint64_t load_head(const char* p) noexcept {
    constexpr std::uint64_t k_ones = 0x0101010101010101;
    std::uint64_t w = 0;
    std::memcpy(&w, p, 8);
    const std::uint64_t low = w & (0x7f * k_ones);
    const std::uint64_t upper =
        ((low + (0x80 - 'A') * k_ones) ^ (low + (0x80 - 'Z' - 1) * k_ones)) & ~w & (0x80 * k_ones);
    return w | upper >> 2;
}

// Needle `bit` occurs in `ua` at `at` (folded): its first 8 bytes compared as one
// word where the agent holds 8 more bytes, the rest byte by byte.
bool needle_at(std::string_view ua, std::size_t at, int bit) noexcept {
    const std::string_view needle = k_needles.needles[bit];
    if (ua.size() - at < 8) return equals_at(ua, at, needle, false);
    if ((load_head(ua.data() + at) & k_needles.head_masks[bit]) != k_needles.heads[bit]) return false;
    return needle.size() <= 8 || equals_at(ua.substr(at + 8), 0, needle.substr(8), false);
}

// The needles that occur in `ua` (folded), as bits of k_needles.
std::uint64_t needles_in(std::string_view ua) noexcept {
    std::uint64_t found = 0;
    if (ua.empty()) return found;
    std::uint64_t starting = k_needles.first[static_cast<unsigned char>(ua[0])]; // the needles that may start at i - 1
    for (std::size_t i = 1; i < ua.size(); ++i) {
        const auto c = static_cast<unsigned char>(ua[i]);
        std::uint64_t candidates = starting & k_needles.second[c] & ~found;
        starting = k_needles.first[c];
        while (candidates != 0) {
            const int bit = std::countr_zero(candidates);
            candidates &= candidates - 1;
            if (needle_at(ua, i - 1, bit)) found |= std::uint64_t{1} << bit;
        }
    }
    return found;
}

// The rules in their order, over what one pass found: the first rule of a list
// that matches is its lowest bit.
UaInfo classify(std::string_view ua) noexcept {
    const std::uint64_t found = needles_in(ua);
    UaInfo info;
    if (const std::uint64_t os = found & k_needles.bits(0, k_needles.family_at); os != 0)
        info.os = k_os_rules[std::countr_zero(os)].os;
    for (std::size_t r = 0; r < std::size(k_family_rules); ++r) {
        if (matches(k_family_rules[r], ua, (found >> k_needles.family_bit[r] & 1) != 0)) {
            info.family = k_family_rules[r].family;
            return info;
        }
    }
    const std::uint64_t browser = found & k_needles.bits(k_needles.browser_at, k_needles.count);
    if (browser != 0 && starts_with_folded(ua, "mozilla/")) {
        const auto rule = static_cast<std::size_t>(std::countr_zero(browser)) - k_needles.browser_at;
        info.browser = k_browser_rules[rule].browser;
        info.family = family_of(info.browser);
    }
    return info;
}

} // namespace

UaInfo classify_user_agent(std::string_view user_agent) noexcept {
    const std::string_view ua = trim(user_agent);
    if (ua.empty()) return {};
    return classify(ua);
}

UaInfo detail::classify_user_agent_rule_by_rule(std::string_view user_agent) noexcept {
    const std::string_view ua = trim(user_agent);
    if (ua.empty()) return {};
    const auto contains = [ua](std::string_view needle) { return find_folded(ua, needle) != std::string_view::npos; };
    UaInfo info;
    for (const OsRule& rule : k_os_rules) {
        if (contains(rule.needle)) {
            info.os = rule.os;
            break;
        }
    }
    for (const FamilyRule& rule : k_family_rules) {
        if (matches(rule, ua, rule.match == Match::Contains && contains(rule.needle))) {
            info.family = rule.family;
            return info;
        }
    }
    if (!starts_with_folded(ua, "mozilla/")) return info;
    for (const BrowserRule& rule : k_browser_rules) {
        if (contains(rule.needle)) {
            info.browser = rule.browser;
            info.family = family_of(rule.browser);
            break;
        }
    }
    return info;
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
