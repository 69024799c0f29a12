// User-agent classification on real CloudTrail userAgent strings (the shapes the
// AWS CLI, SDKs, Terraform, the console and browsers actually send).

#include <boost/test/unit_test.hpp>

#include <cctype>
#include <random>
#include <string>
#include <string_view>

#include "enrich/user_agent.h"

using namespace trailproof::enrich;

namespace {

struct Case {
    std::string_view ua;
    std::string_view family;
    std::string_view os;      // "" = none
    std::string_view browser; // "" = none
};

constexpr Case k_cases[] = {
    // AWS CLI v2 and v1
    {"aws-cli/2.15.0 Python/3.11.6 Linux/6.1.61-85.141.amzn2023.x86_64 exe/x86_64.amzn.2023 prompt/off command/s3.ls",
     "aws-cli", "Linux", ""},
    {"aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64.debian.12 prompt/off command/s3.ls", "aws-cli", "Linux", ""},
    {"aws-cli/2.13.25 Python/3.11.5 Windows/10 exe/AMD64 prompt/off command/sts.get-caller-identity", "aws-cli",
     "Windows", ""},
    {"aws-cli/1.29.62 Python/3.9.16 Darwin/22.6.0 botocore/1.31.62", "aws-cli", "macOS", ""},
    {"aws-cli/2.15.10 md/awscrt#0.19.19 ua/2.0 os/macos#23.2.0 md/arch#arm64 lang/python#3.11.7 md/pyimpl#CPython "
     "cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#ssm.describe-maintenance-windows",
     "aws-cli", "macOS", ""},
    {"aws-cli/2.15.10 md/awscrt#0.19.19 ua/2.0 os/linux#5.10.205-195.807.amzn2.x86_64 md/arch#x86_64 "
     "lang/python#3.11.6 md/pyimpl#CPython exec-env/CloudShell cfg/retry-mode#standard md/installer#exe "
     "md/prompt#off md/command#ec2.describe-instances",
     "aws-cli", "Linux", ""},
    // boto3 / botocore
    {"Boto3/1.34.0 md/Botocore#1.34.0 ua/2.0 os/linux#5.10 md/arch#x86_64 lang/python#3.11.6 md/pyimpl#CPython "
     "cfg/retry-mode#legacy Botocore/1.34.0",
     "boto3", "Linux", ""},
    {"Boto3/1.26.90 Python/3.9.16 Linux/5.10.157-139.675.amzn2.x86_64 exec-env/AWS_Lambda_python3.9 Botocore/1.29.90",
     "boto3", "Linux", ""},
    {"Boto3/1.28.57 Python/3.11.4 Darwin/23.1.0 Botocore/1.31.57", "boto3", "macOS", ""},
    {"Botocore/1.31.0 Python/3.10.12 Linux/5.15.0-1049-aws", "botocore", "Linux", ""},
    // Go SDKs
    {"aws-sdk-go-v2/1.24.0 os/linux lang/go#1.21.5 md/GOOS#linux md/GOARCH#amd64 api/sts#1.26.6", "aws-sdk-go-v2",
     "Linux", ""},
    {"aws-sdk-go-v2/1.21.0 os/windows lang/go#1.21.1 md/GOOS#windows md/GOARCH#amd64 api/s3#1.40.0", "aws-sdk-go-v2",
     "Windows", ""},
    {"aws-sdk-go/1.44.300 (go1.20.5; linux; amd64)", "aws-sdk-go", "Linux", ""},
    {"aws-sdk-go/1.45.16 (go1.20.8; darwin; arm64) amazon-ssm-agent/3.2.1630.0", "aws-sdk-go", "macOS", ""},
    // Terraform (wraps a Go SDK)
    {"APN/1.0 HashiCorp/1.0 Terraform/1.6.6 (+https://www.terraform.io) terraform-provider-aws/5.31.0 "
     "(+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.24.0 os/linux lang/go#1.21.5 "
     "md/GOOS#linux md/GOARCH#amd64 api/iam#1.28.5",
     "terraform", "Linux", ""},
    {"APN/1.0 HashiCorp/1.0 Terraform/1.5.7 (+https://www.terraform.io) terraform-provider-aws/5.17.0 "
     "(+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go/1.45.16 (go1.20.8; darwin; arm64)",
     "terraform", "macOS", ""},
    // Java, JavaScript, .NET, Ruby, PHP, Rust, PowerShell
    {"aws-sdk-java/2.21.0 Linux/5.10.201-191.748.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.9+8-LTS Java/17.0.9 "
     "vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/legacy",
     "aws-sdk-java", "Linux", ""},
    {"aws-sdk-java/1.12.600 Mac_OS_X/14.2 OpenJDK_64-Bit_Server_VM/17.0.9+9 java/17.0.9 vendor/Homebrew "
     "cfg/retry-mode/standard",
     "aws-sdk-java", "macOS", ""},
    {"aws-sdk-java/1.12.470 Windows_Server_2019/10.0 OpenJDK_64-Bit_Server_VM/11.0.19+7-LTS java/11.0.19 "
     "vendor/Amazon.com_Inc.",
     "aws-sdk-java", "Windows", ""},
    {"aws-sdk-js/3.470.0 ua/2.0 os/linux#5.10.201-191.748.amzn2.x86_64 lang/js md/nodejs#18.18.2 api/s3#3.470.0",
     "aws-sdk-js", "Linux", ""},
    {"aws-sdk-nodejs/2.1500.0 linux/v18.18.2 exec-env/AWS_Lambda_nodejs18.x promise", "aws-sdk-js", "Linux", ""},
    {"aws-sdk-dotnet-coreclr/3.7.300.2 aws-sdk-dotnet-core/3.7.300.2 .NET_Core/6.0.25 "
     "OS/Microsoft_Windows_10.0.20348 ClientAsync",
     "aws-sdk-dotnet", "Windows", ""},
    {"aws-sdk-ruby3/3.190.0 ruby/3.2.2 x86_64-linux aws-sdk-s3/1.141.0", "aws-sdk-ruby", "Linux", ""},
    {"aws-sdk-php/3.295.0 OS/Linux/5.15.0-91-generic lang/php/8.2.13 GuzzleHttp/7", "aws-sdk-php", "Linux", ""},
    {"aws-sdk-rust/0.57.1 os/macos lang/rust/1.73.0", "aws-sdk-rust", "macOS", ""},
    {"AWSPowerShell/4.1.500.0 .NET_Runtime/4.0 .NET_Framework/4.0 OS/Microsoft_Windows_NT_10.0.19045.0 "
     "WindowsPowerShell/5.1 ClientSync",
     "aws-powershell", "Windows", ""},
    // AWS itself
    {"cloudformation.amazonaws.com", "cloudformation", "", ""},
    {"AWS Internal", "aws-console", "", ""},
    {"console.amazonaws.com", "aws-console", "", ""},
    {"signin.amazonaws.com", "aws-console", "", ""},
    {"[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.488 Linux/5.10.184-194.730.amzn2int.x86_64 "
     "OpenJDK_64-Bit_Server_VM/25.372-b08 java/1.8.0_372 vendor/Oracle_Corporation cfg/retry-mode/standard]",
     "aws-console", "Linux", ""},
    {"aws-internal/3 aws-sdk-java/1.12.488 Linux/5.10.184-194.730.amzn2int.x86_64 "
     "OpenJDK_64-Bit_Server_VM/25.372-b08 java/1.8.0_372 vendor/Oracle_Corporation cfg/retry-mode/standard",
     "aws-service", "Linux", ""},
    {"elasticloadbalancing.amazonaws.com", "aws-service", "", ""},
    {"lambda.amazonaws.com", "aws-service", "", ""},
    // Browsers (ConsoleLogin, console sessions)
    {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 "
     "Safari/537.36",
     "chrome", "Windows", "Chrome"},
    {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 "
     "Safari/537.36 Edg/120.0.2210.91",
     "edge", "Windows", "Edge"},
    {"Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:121.0) Gecko/20100101 Firefox/121.0", "firefox", "macOS",
     "Firefox"},
    {"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 "
     "Safari/605.1.15",
     "safari", "macOS", "Safari"},
    {"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
     "chrome", "Linux", "Chrome"},
    {"Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0", "firefox", "Linux",
     "Firefox"},
    {"Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "Version/17.2 Mobile/15E148 Safari/604.1",
     "safari", "iOS", "Safari"},
    {"Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "CriOS/120.0.6099.119 Mobile/15E148 Safari/604.1",
     "chrome", "iOS", "Chrome"},
    {"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.144 "
     "Mobile Safari/537.36",
     "chrome", "Android", "Chrome"},
    // Tools and leftovers
    {"curl/8.4.0", "curl", "", ""},
    {"python-requests/2.31.0", "python-requests", "", ""},
    {"Apache-HttpClient/4.5.13 (Java/11.0.19)", "unknown", "", ""},
    {"Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko", "unknown", "Windows", ""},
};

} // namespace

BOOST_AUTO_TEST_SUITE(user_agent)

BOOST_AUTO_TEST_CASE(real_cloudtrail_strings) {
    BOOST_TEST(std::size(k_cases) >= 25u);
    for (const Case& c : k_cases) {
        BOOST_TEST_CONTEXT("userAgent: " << c.ua) {
            const UaInfo info = classify_user_agent(c.ua);
            BOOST_TEST(ua_family_name(info.family) == c.family);
            BOOST_TEST(ua_os_name(info.os) == c.os);
            BOOST_TEST(ua_browser_name(info.browser) == c.browser);
        }
    }
}

BOOST_AUTO_TEST_CASE(case_and_blanks_do_not_matter) {
    BOOST_TEST(ua_family_name(classify_user_agent("  AWS-CLI/2.15.0 PYTHON/3.11.6 LINUX/6.1 ").family) == "aws-cli");
    BOOST_TEST(ua_os_name(classify_user_agent("AWS-CLI/2.15.0 PYTHON/3.11.6 LINUX/6.1").os) == "Linux");
    BOOST_TEST(ua_family_name(classify_user_agent("aws internal").family) == "aws-console");
}

BOOST_AUTO_TEST_CASE(long_strings_take_either_path_alike) {
    // Padding does not change a classification, however long the agent (agents
    // past 1024 bytes once took a path of their own).
    auto padded = [](std::string_view ua, std::size_t size) {
        std::string out(ua);
        out += " (";
        out.append(size - out.size() - 1, 'Q');
        return out += ')';
    };
    for (const Case& c : k_cases) {
        BOOST_TEST_CONTEXT("userAgent: " << c.ua) {
            const UaInfo in = classify_user_agent(padded(c.ua, 1024));
            for (std::size_t size : {std::size_t{1025}, std::size_t{5000}}) {
                const UaInfo out = classify_user_agent(padded(c.ua, size));
                BOOST_TEST(ua_family_name(out.family) == ua_family_name(in.family));
                BOOST_TEST(ua_os_name(out.os) == ua_os_name(in.os));
                BOOST_TEST(ua_browser_name(out.browser) == ua_browser_name(in.browser));
            }
        }
    }
    std::string upper = "AWS-CLI/2.15.0 PYTHON/3.11.6 LINUX/6.1 ";
    upper.append(2000, 'Z');
    BOOST_TEST(ua_family_name(classify_user_agent(upper).family) == "aws-cli");
    BOOST_TEST(ua_os_name(classify_user_agent(upper).os) == "Linux");
}

BOOST_AUTO_TEST_CASE(one_pass_agrees_with_the_rules_read_one_by_one) {
    // classify_user_agent finds every needle in one pass; the reference searches
    // each rule's needle on its own, in the tables' order. Random agents built
    // from the needles (in any case, cut short, overlapping, at either end) and
    // from near misses must get the same family, OS and browser from both.
    constexpr std::string_view k_pieces[] = {
        "aws internal", "console.amazonaws.com", "signin.amazonaws.com", "console.aws.amazon.com", "S3Console/",
        "cloudformation.amazonaws.com", "Terraform/", "terraform-provider-aws/", "AWSPowerShell", "aws-cli/",
        "Boto3/", "Botocore/", "aws-sdk-go-v2/", "aws-sdk-go/", "aws-internal/", "aws-sdk-java/", "aws-sdk-js/",
        "aws-sdk-nodejs/", "aws-sdk-dotnet-coreclr/", "aws-sdk-ruby3/", "aws-sdk-php/", "aws-sdk-rust/",
        "aws-sdk-cpp/", "lambda.amazonaws.com", ".amazonaws.com", "curl/", "python-requests/", "Mozilla/5.0",
        "Edg/", "EdgA/", "EdgiOS/", "Edge/", "Firefox/", "FxiOS/", "CriOS/", "Chrome/", "Safari/", "iPhone", "iPad",
        "iPod", "os/ios", "Android", "Windows NT", "Windows_", "Windows/", "os/windows", "; windows;", "Win64",
        "Win32", "Macintosh", "Mac OS X", "Mac_OS_X", "Darwin/", "os/macos", "os/darwin", "; darwin;", "-darwin",
        "Linux/", "os/linux", "; linux;", "(linux", "-linux", "X11;", "Linux x86_64", "aws-sd", "linu", "windows",
        "mac os", "darwin", "console", "mozilla/", " ", "/", "(", ")", "[", ";", "-", "#", "a", "s", "x", "1.2.3",
    };
    std::mt19937 random(4242);
    const auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(random); };
    std::size_t classified = 0;
    for (int round = 0; round < 20000; ++round) {
        std::string ua;
        const std::size_t pieces = 1 + pick(6);
        for (std::size_t p = 0; p < pieces; ++p) {
            std::string piece(k_pieces[pick(std::size(k_pieces))]);
            if (pick(4) == 0) piece.resize(pick(piece.size()) + 1); // cut short
            for (char& c : piece)
                if (pick(3) == 0) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            ua += piece;
        }
        BOOST_TEST_CONTEXT("userAgent: " << ua) {
            const UaInfo fast = classify_user_agent(ua);
            const UaInfo reference = detail::classify_user_agent_rule_by_rule(ua);
            BOOST_TEST(ua_family_name(fast.family) == ua_family_name(reference.family));
            BOOST_TEST(ua_os_name(fast.os) == ua_os_name(reference.os));
            BOOST_TEST(ua_browser_name(fast.browser) == ua_browser_name(reference.browser));
            classified += fast.family != UaFamily::Unknown || fast.os != UaOs::None ? 1 : 0;
        }
    }
    BOOST_TEST(classified > 10000u); // the agents mostly hit a rule
    for (const Case& c : k_cases) {
        BOOST_TEST_CONTEXT("userAgent: " << c.ua) {
            const UaInfo reference = detail::classify_user_agent_rule_by_rule(c.ua);
            BOOST_TEST(ua_family_name(reference.family) == c.family);
            BOOST_TEST(ua_os_name(reference.os) == c.os);
            BOOST_TEST(ua_browser_name(reference.browser) == c.browser);
        }
    }
}

BOOST_AUTO_TEST_CASE(empty_and_unknown) {
    const UaInfo empty = classify_user_agent("");
    BOOST_TEST(ua_family_name(empty.family) == "unknown");
    BOOST_TEST(ua_os_name(empty.os) == "");
    // A service-like name with a space is not a service principal.
    BOOST_TEST(ua_family_name(classify_user_agent("my tool.amazonaws.com").family) == "unknown");
    // Exact match only: "AWS Internal" inside a longer string is not the console.
    BOOST_TEST(ua_family_name(classify_user_agent("AWS Internal tool/1.0").family) == "unknown");
}

BOOST_AUTO_TEST_CASE(os_browser_tuple) {
    BOOST_TEST(ua_os_browser_name(UaOs::MacOs, UaBrowser::Chrome) == "macOS/Chrome");
    BOOST_TEST(ua_os_browser_name(UaOs::Android, UaBrowser::Edge) == "Android/Edge");
    BOOST_TEST(ua_os_browser_name(UaOs::Windows, UaBrowser::Firefox) == "Windows/Firefox");
    BOOST_TEST(ua_os_browser_name(UaOs::Linux, UaBrowser::None) == "");
    BOOST_TEST(ua_os_browser_name(UaOs::None, UaBrowser::Safari) == "");
}

BOOST_AUTO_TEST_SUITE_END()
