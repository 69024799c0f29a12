// Real SigmaHQ AWS CloudTrail rules (rules/cloud/aws/cloudtrail/, written out as
// SigmaHQ ships them, v1 dates and tactics included) load unchanged as a plain
// Sigma pack, fire on matching CloudTrail events and stay quiet on near misses.

#include <set>

#include "rules_fixture.h"

using namespace trailproof;
using namespace trailproof::rules;
using namespace trailproof::rules::test;

namespace {

const char* k_root_account_usage = R"(title: AWS Root Credentials
id: 8ad1600d-e9dc-4251-b0ee-a65268f29add
status: test
description: Detects AWS root account usage
references:
    - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html
author: vitaliy0x1
date: 2020/01/21
modified: 2022/10/09
tags:
    - attack.privilege_escalation
    - attack.t1078.004
logsource:
    product: aws
    service: cloudtrail
detection:
    selection_usertype:
        userIdentity.type: Root
    selection_eventtype:
        eventType: AwsServiceEvent
    condition: selection_usertype and not selection_eventtype
falsepositives:
    - AWS Tasks That Require AWS Account Root User Credentials https://docs.aws.amazon.com/general/latest/gr/aws_tasks-that-require-root.html
level: medium
)";

const char* k_disable_logging = R"(title: AWS CloudTrail Important Change
id: 4db60cc0-36fb-42b7-9b58-a5b53019fb74
status: test
description: Detects disabling, deleting and updating of a Trail
references:
    - https://docs.aws.amazon.com/awscloudtrail/latest/userguide/best-practices-security.html
author: vitaliy0x1
date: 2020/01/21
modified: 2022/10/09
tags:
    - attack.defense_evasion
    - attack.t1562.001
logsource:
    product: aws
    service: cloudtrail
detection:
    selection_source:
        eventSource: cloudtrail.amazonaws.com
        eventName:
            - StopLogging
            - UpdateTrail
            - DeleteTrail
    condition: selection_source
falsepositives:
    - Valid change in a Trail
level: medium
)";

const char* k_backdoor_users_keys = R"(title: AWS IAM Backdoor Users Keys
id: 0a5177f4-6ca9-44c2-aacf-d3f3d8b6e4d2
status: test
description: |
    Detects AWS API key creation for a user by another user.
    Backdoored users can be used to obtain persistence in the AWS environment.
    Also with this alert, you can detect a flow of AWS keys in your org.
references:
    - https://github.com/RhinoSecurityLabs/pacu/blob/866376cd711666c775bbfcde0524c817f2c5b181/pacu/modules/iam__backdoor_users_keys/main.py
author: faloker
date: 2020/02/12
modified: 2022/10/09
tags:
    - attack.persistence
    - attack.t1098
logsource:
    product: aws
    service: cloudtrail
detection:
    selection_source:
        eventSource: iam.amazonaws.com
        eventName: CreateAccessKey
    filter:
        userIdentity.arn|contains: responseElements.accessKey.userName
    condition: selection_source and not filter
falsepositives:
    - Adding user keys to their own accounts (the filter cannot cover all possible variants of user naming)
    - AWS API keys legitimate exchange workflows
level: medium
)";

const char* k_disable_ebs_encryption = R"(title: AWS EC2 Disable EBS Encryption
id: 16124c2d-e40b-4fcc-8f2c-5ab7870a2223
status: stable
description: Identifies disabling of default Amazon Elastic Block Store (EBS) encryption in the current region. Disabling default encryption does not change the encryption status of existing volumes.
references:
    - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DisableEbsEncryptionByDefault.html
author: Sittikorn S
date: 2021/06/29
modified: 2021/08/20
tags:
    - attack.impact
    - attack.t1486
    - attack.t1565
logsource:
    product: aws
    service: cloudtrail
detection:
    selection:
        eventSource: ec2.amazonaws.com
        eventName: DisableEbsEncryptionByDefault
    condition: selection
falsepositives:
    - System Administrator Activities
    - DEV, UAT, SAT environment. You should apply this rule with PROD account only.
level: medium
)";

// Still shipped by SigmaHQ with the v1 pipe aggregation: a per-rule error, the rest loads.
const char* k_mass_secret_retrieval = R"(title: AWS Secrets Manager Mass Secret Retrieval
id: 3a2f3c8b-7d1e-4f5a-9b6c-2e8d4a1f0c7e
status: experimental
description: Detects many GetSecretValue calls by one identity
author: trailproof (from the SigmaHQ rule's shape)
date: 2024/01/01
tags:
    - attack.credential_access
    - attack.t1555.006
logsource:
    product: aws
    service: cloudtrail
detection:
    selection:
        eventSource: secretsmanager.amazonaws.com
        eventName: GetSecretValue
    condition: selection | count() by userIdentity.arn > 20
level: medium
)";

} // namespace

BOOST_FIXTURE_TEST_SUITE(sigmahq_rules, RulesFixture)

BOOST_AUTO_TEST_CASE(load_unchanged_as_a_plain_sigma_pack) {
    options.require_uuid_ids = true;
    load_many({{"aws_root_account_usage.yml", k_root_account_usage, "sigmahq"},
               {"aws_cloudtrail_disable_logging.yml", k_disable_logging, "sigmahq"},
               {"aws_iam_backdoor_users_keys.yml", k_backdoor_users_keys, "sigmahq"},
               {"aws_ec2_disable_encryption.yml", k_disable_ebs_encryption, "sigmahq"},
               {"aws_secretsmanager_mass_secret_retrieval.yml", k_mass_secret_retrieval, "sigmahq"}});
    BOOST_TEST(result.render_text().starts_with(
        "aws_secretsmanager_mass_secret_retrieval.yml:17:26: error[rule.deprecated_aggregation]: the pipe syntax in "
        "conditions ('| count() by ...') is deprecated; write a correlation rule (correlation: type: event_count) "
        "instead\n"));
    BOOST_TEST(result.errors().size() == 1u);
    BOOST_REQUIRE(set.size() == 4u);
    // Only v1 leftovers and the root rule's missing eventName are warnings.
    const std::vector<std::string> warnings = warning_codes();
    const std::set<std::string> codes(warnings.begin(), warnings.end());
    BOOST_TEST(codes == (std::set<std::string>{"rule.legacy_date", "rule.v1_tactic", "rule.unindexed"}));
    const RuleMeta& root = set.meta(set.find("8ad1600d-e9dc-4251-b0ee-a65268f29add"));
    BOOST_TEST(root.techniques == std::vector<std::string>{"T1078.004"});
    BOOST_TEST(root.tactics == std::vector<std::string>{"privilege_escalation"});
    BOOST_TEST(root.level == "medium");
    BOOST_TEST(root.logsource_service == "cloudtrail");
    BOOST_TEST(set.unindexed(set.find("8ad1600d-e9dc-4251-b0ee-a65268f29add")));
    BOOST_TEST(set.index_pairs(set.find("4db60cc0-36fb-42b7-9b58-a5b53019fb74")) ==
               (std::vector<IndexPair>{{"cloudtrail.amazonaws.com", "StopLogging"},
                                       {"cloudtrail.amazonaws.com", "UpdateTrail"},
                                       {"cloudtrail.amazonaws.com", "DeleteTrail"}}));
    const RuleMeta& ebs = set.meta(set.find("16124c2d-e40b-4fcc-8f2c-5ab7870a2223"));
    BOOST_TEST(ebs.techniques == (std::vector<std::string>{"T1486", "T1565"}));
    BOOST_TEST(ebs.tactics == std::vector<std::string>{"impact"});
}

BOOST_AUTO_TEST_CASE(root_account_usage) {
    load(k_root_account_usage);
    auto console = event();
    console.str("eventVersion", "1.08")
        .str("userIdentity.type", "Root")
        .str("userIdentity.arn", "arn:aws:iam::123456789012:root")
        .str("eventSource", "signin.amazonaws.com")
        .str("eventName", "ConsoleLogin")
        .str("eventType", "AwsConsoleSignIn")
        .str("sourceIPAddress", "198.51.100.7");
    BOOST_TEST(hits(console.build()) == std::vector<std::string>{"8ad1600d-e9dc-4251-b0ee-a65268f29add"});
    auto service = event(); // AWS acting on the root's behalf is excluded
    service.str("userIdentity.type", "Root")
        .str("eventSource", "health.amazonaws.com")
        .str("eventName", "DescribeEventAggregates")
        .str("eventType", "AwsServiceEvent");
    BOOST_TEST(!fires(service.build()));
    auto iam_user = event();
    iam_user.str("userIdentity.type", "IAMUser").str("eventName", "ConsoleLogin").str("eventType", "AwsConsoleSignIn");
    BOOST_TEST(!fires(iam_user.build()));
}

BOOST_AUTO_TEST_CASE(cloudtrail_disable_logging) {
    load(k_disable_logging);
    for (const char* name : {"StopLogging", "UpdateTrail", "DeleteTrail"}) {
        auto e = event();
        e.str("eventSource", "cloudtrail.amazonaws.com")
            .str("eventName", name)
            .str("awsRegion", "us-east-1")
            .str("userIdentity.type", "IAMUser")
            .str("requestParameters.name", "management-trail");
        BOOST_TEST(fires(e.build()), name);
    }
    auto start = event();
    start.str("eventSource", "cloudtrail.amazonaws.com").str("eventName", "StartLogging");
    BOOST_TEST(!fires(start.build()));
    auto other_service = event(); // same name, another service
    other_service.str("eventSource", "cloudtrail-data.amazonaws.com").str("eventName", "StopLogging");
    BOOST_TEST(!fires(other_service.build()));
}

// The filter value is a literal string (SigmaHQ writes no |fieldref), so the filter
// only excludes an ARN that literally contains "responseElements.accessKey.userName".
BOOST_AUTO_TEST_CASE(iam_backdoor_users_keys) {
    load(k_backdoor_users_keys);
    BOOST_TEST(set.meta(0).fields_used == (std::vector<std::string>{"eventSource", "eventName", "userIdentity.arn"}));
    auto other_user = event();
    other_user.str("eventSource", "iam.amazonaws.com")
        .str("eventName", "CreateAccessKey")
        .str("userIdentity.arn", "arn:aws:iam::123456789012:user/alice")
        .str("requestParameters.userName", "bob")
        .str("responseElements.accessKey.userName", "bob")
        .str("responseElements.accessKey.accessKeyId", "AKIAIOSFODNN7EXAMPLE");
    BOOST_TEST(fires(other_user.build()));
    auto own_key = event(); // still fires: the literal filter does not compare the two fields
    own_key.str("eventSource", "iam.amazonaws.com")
        .str("eventName", "CreateAccessKey")
        .str("userIdentity.arn", "arn:aws:iam::123456789012:user/bob")
        .str("responseElements.accessKey.userName", "bob");
    BOOST_TEST(fires(own_key.build()));
    auto literal = event();
    literal.str("eventSource", "iam.amazonaws.com")
        .str("eventName", "CreateAccessKey")
        .str("userIdentity.arn", "arn:x:responseElements.accessKey.userName");
    BOOST_TEST(!fires(literal.build()));
    auto list_keys = event();
    list_keys.str("eventSource", "iam.amazonaws.com")
        .str("eventName", "ListAccessKeys")
        .str("userIdentity.arn", "arn:aws:iam::123456789012:user/alice");
    BOOST_TEST(!fires(list_keys.build()));
}

BOOST_AUTO_TEST_CASE(ec2_disable_ebs_encryption) {
    load(k_disable_ebs_encryption);
    auto e = event();
    e.str("eventSource", "ec2.amazonaws.com").str("eventName", "DisableEbsEncryptionByDefault");
    BOOST_TEST(fires(e.build()));
    auto enable = event();
    enable.str("eventSource", "ec2.amazonaws.com").str("eventName", "EnableEbsEncryptionByDefault");
    BOOST_TEST(!fires(enable.build()));
}

BOOST_AUTO_TEST_SUITE_END()
