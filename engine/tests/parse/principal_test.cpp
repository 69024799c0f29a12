// Principal resolution (parse/principal_resolver.h) and the built-in parser's
// typing of console sign-ins by their outcome fields.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "core/principal_name.h"
#include "parse/default_parser.h"
#include "parse/json_walker.h"
#include "parse/principal_resolver.h"
#include "parse_test_util.h"

using namespace trailproof;
using namespace trailproof::parse;
using tp_test::Engine;

namespace {

// A CloudTrail record of `identity` (the JSON of userIdentity) and `rest` (more members).
std::string record(std::string_view identity, std::string_view rest = {},
                   std::string_view event = R"("eventSource":"ec2.amazonaws.com","eventName":"DescribeInstances")") {
    std::string out = R"({"eventVersion":"1.09","userIdentity":)";
    out += identity;
    out += R"(,"eventTime":"2024-04-02T09:00:00Z",)";
    out += event;
    out += R"(,"awsRegion":"us-east-1","sourceIPAddress":"203.0.113.10","recipientAccountId":"111122223333")";
    if (!rest.empty()) {
        out += ',';
        out += rest;
    }
    out += '}';
    return out;
}

std::string role_session(std::string_view role, std::string_view session, std::string_view path = "/",
                         std::string_view source_identity = {}) {
    std::string out = R"({"type":"AssumedRole","principalId":"AROAQ3EGOKWSEXAMPLE01:)";
    out += session;
    out += R"(","arn":"arn:aws:sts::111122223333:assumed-role/)";
    out += role;
    out += '/';
    out += session;
    out += R"(","accountId":"111122223333","accessKeyId":"ASIAQ3EGOKWSEXAMPLE1","sessionContext":{"sessionIssuer":)"
           R"({"type":"Role","principalId":"AROAQ3EGOKWSEXAMPLE01","arn":"arn:aws:iam::111122223333:role)";
    out += path;
    out += role;
    out += R"(","accountId":"111122223333","userName":")";
    out += role;
    out += R"("},"webIdFederationData":{},"attributes":{"creationDate":"2024-04-02T08:55:00Z","mfaAuthenticated":"false"})";
    if (!source_identity.empty()) {
        out += R"(,"sourceIdentity":")";
        out += source_identity;
        out += '"';
    }
    out += "}}";
    return out;
}

struct Resolved {
    std::string user, email, domain, type;
};

Resolved parse_one(Engine& e, const std::string& text) {
    BOOST_TEST_REQUIRE(e.parse(text) == RejectCode::Ok, e.detail);
    return {std::string(e.text("user")), std::string(e.text("email")), std::string(e.text("email_domain")),
            std::string(e.text("principal_type"))};
}

std::vector<ParserInfo> builtin() { return {default_cloudtrail_parser()}; }

} // namespace

BOOST_AUTO_TEST_SUITE(principal)

BOOST_AUTO_TEST_CASE(email_shapes) {
    BOOST_TEST(looks_like_email("erin@example.com"));
    BOOST_TEST(looks_like_email("first.last+aws@corp.example.co.uk"));
    BOOST_TEST(!looks_like_email("erin@localhost"));
    BOOST_TEST(!looks_like_email("@example.com"));
    BOOST_TEST(!looks_like_email("erin@example."));
    BOOST_TEST(!looks_like_email("erin@.example.com"));
    BOOST_TEST(!looks_like_email("a@b@example.com"));
    BOOST_TEST(!looks_like_email("botocore-session-1711962000"));
    BOOST_TEST(!looks_like_email("i-0a1b2c3d4e5f60718"));
    BOOST_TEST(!looks_like_email("arn:aws:iam::1:user/erin@example.com"));
    BOOST_TEST(email_domain("erin@Example.com") == "Example.com");
    BOOST_TEST(email_domain("erin") == "");
}

BOOST_AUTO_TEST_CASE(role_patterns) {
    const std::vector<std::string> patterns{"okta-engineers", "SAML-*"};
    BOOST_TEST(role_matches("okta-engineers", patterns));
    BOOST_TEST(!role_matches("okta-engineers-2", patterns));
    BOOST_TEST(role_matches("SAML-ReadOnly", patterns));
    BOOST_TEST(role_matches("SAML-", patterns));
    BOOST_TEST(!role_matches("saml-ReadOnly", patterns)); // role names are case-sensitive in ARNs
    BOOST_TEST(!role_matches("", patterns));
}

// One record per principal shape, as CloudTrail writes it.
BOOST_AUTO_TEST_CASE(each_principal_shape_resolves_to_its_user) {
    Engine e(builtin());
    Resolved r = parse_one(e, record(R"({"type":"IAMUser","principalId":"AIDAQ3EGOKWSALICE0001",)"
                                     R"("arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333",)"
                                     R"("accessKeyId":"AKIAQ3EGOKWSALICE001","userName":"alice"})"));
    BOOST_TEST(r.user == "arn:aws:iam::111122223333:user/alice");
    BOOST_TEST(r.type == "iam-user");
    BOOST_TEST(r.email == "");

    r = parse_one(e, record(R"({"type":"Root","principalId":"111122223333","arn":"arn:aws:iam::111122223333:root",)"
                            R"("accountId":"111122223333","accessKeyId":""})"));
    BOOST_TEST(r.user == "arn:aws:iam::111122223333:root");
    BOOST_TEST(r.type == "root");

    // Identity Center: the session name is the person's sign-in name.
    r = parse_one(e, record(role_session("AWSReservedSSO_AdministratorAccess_0123456789abcdef", "erin@example.com",
                                         "/aws-reserved/sso.amazonaws.com/")));
    BOOST_TEST(r.user == "erin@example.com");
    BOOST_TEST(r.email == "erin@example.com");
    BOOST_TEST(r.domain == "example.com");
    BOOST_TEST(r.type == "person");
    // ... also when the sign-in name is no address.
    r = parse_one(e, record(role_session("AWSReservedSSO_ReadOnly_fedcba9876543210", "jdoe",
                                         "/aws-reserved/sso.amazonaws.com/")));
    BOOST_TEST(r.user == "jdoe");
    BOOST_TEST(r.email == "");
    BOOST_TEST(r.type == "person");

    // SAML federation with the e-mail address as RoleSessionName.
    r = parse_one(e, record(role_session("okta-engineers", "kim@corp.example.com")));
    BOOST_TEST(r.user == "kim@corp.example.com");
    BOOST_TEST(r.domain == "corp.example.com");

    // Machine sessions: the CLI's botocore session, an instance profile, Lambda.
    r = parse_one(e, record(role_session("ci-deployer", "botocore-session-1711962000")));
    BOOST_TEST(r.user == "arn:aws:iam::111122223333:role/ci-deployer");
    BOOST_TEST(r.type == "role");
    r = parse_one(e, record(role_session("report-builder", "i-0a1b2c3d4e5f60718", "/service/")));
    BOOST_TEST(r.user == "arn:aws:iam::111122223333:role/service/report-builder");
    r = parse_one(e, record(role_session("ledger-export-role-x1y2z3", "ledger-export")));
    BOOST_TEST(r.user == "arn:aws:iam::111122223333:role/ledger-export-role-x1y2z3");

    // sourceIdentity names the person behind any role chain.
    r = parse_one(e, record(role_session("ci-deployer", "botocore-session-1711962000", "/", "lena@example.com")));
    BOOST_TEST(r.user == "lena@example.com");
    BOOST_TEST(r.email == "lena@example.com");
    BOOST_TEST(r.type == "person");

    // AssumeRoleWithSAML itself: the caller is the SAML subject.
    r = parse_one(e, record(R"({"type":"SAMLUser","principalId":"T3ZlcmZsb3c=:kim@corp.example.com",)"
                            R"("userName":"kim@corp.example.com","identityProvider":"T3ZlcmZsb3c="})",
                            {}, R"("eventSource":"sts.amazonaws.com","eventName":"AssumeRoleWithSAML")"));
    BOOST_TEST(r.user == "kim@corp.example.com");
    BOOST_TEST(r.type == "person");

    r = parse_one(e, record(R"({"type":"FederatedUser","principalId":"111122223333:tom",)"
                            R"("arn":"arn:aws:sts::111122223333:federated-user/tom","accountId":"111122223333",)"
                            R"("sessionContext":{"sessionIssuer":{"type":"IAMUser","principalId":"AIDAQ3EGOKWSTOM00001",)"
                            R"("arn":"arn:aws:iam::111122223333:user/tom","accountId":"111122223333","userName":"tom"}}})"));
    BOOST_TEST(r.user == "arn:aws:sts::111122223333:federated-user/tom");
    BOOST_TEST(r.type == "federated-user");

    r = parse_one(e, record(R"({"type":"AWSService","invokedBy":"cloudtrail.amazonaws.com"})"));
    BOOST_TEST(r.user == "cloudtrail.amazonaws.com");
    BOOST_TEST(r.type == "service");

    r = parse_one(e, record(R"({"type":"IdentityCenterUser","accountId":"111122223333",)"
                            R"("onBehalfOf":{"userId":"94482488-3041-7026-18f3-be45837cd0e4",)"
                            R"("identityStoreArn":"arn:aws:identitystore::111122223333:identitystore/d-9067c1a2b3"},)"
                            R"("credentialId":"EXAMPLEVHULjJdTUdPJfofVa1sufHDoj7aYcOYcxFVllWR_Whr1fEXAMPLE"})"));
    BOOST_TEST(r.user == "94482488-3041-7026-18f3-be45837cd0e4");
    BOOST_TEST(r.type == "identity-center-user");
}

// A failed console sign-in names the IAM user but carries no ARN.
BOOST_AUTO_TEST_CASE(failed_console_sign_in_gets_the_users_arn) {
    Engine e(builtin(), {"userIdentity.arn"});
    const std::string failed = record(
        R"({"type":"IAMUser","principalId":"AIDAQ3EGOKWSALICE0001","accountId":"111122223333","accessKeyId":"",)"
        R"("userName":"alice"})",
        R"("userAgent":"Mozilla/5.0","errorMessage":"Failed authentication","requestParameters":null,)"
        R"("responseElements":{"ConsoleLogin":"Failure"},"additionalEventData":{"LoginTo":"https://console.aws.amazon.com/console/home",)"
        R"("MobileVersion":"No","MFAUsed":"No"},"eventType":"AwsConsoleSignIn")",
        R"("eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin")");
    Resolved r = parse_one(e, failed);
    BOOST_TEST(r.user == "arn:aws:iam::111122223333:user/alice");
    BOOST_TEST(e.text("userIdentity.arn") == ""); // the raw record keeps no ARN
    BOOST_TEST(e.event.activity_type == "app-activity-failed");
}

BOOST_AUTO_TEST_CASE(policy_can_keep_the_arn_and_name_human_roles) {
    const std::string cli = record(role_session("ci-deployer", "botocore-session-1711962000"));
    const std::string saml = record(role_session("SAML-Engineers", "jdoe"));
    {
        PrincipalPolicy keep;
        keep.resolve = false;
        Engine e(builtin(), {}, keep);
        BOOST_TEST(parse_one(e, cli).user == "arn:aws:sts::111122223333:assumed-role/ci-deployer/botocore-session-1711962000");
        Resolved r = parse_one(e, record(role_session("okta-engineers", "kim@corp.example.com")));
        BOOST_TEST(r.email == "kim@corp.example.com"); // the address is extracted either way
    }
    {
        Engine e(builtin());
        BOOST_TEST(parse_one(e, saml).user == "arn:aws:iam::111122223333:role/SAML-Engineers");
    }
    {
        PrincipalPolicy humans;
        humans.human_roles = {"SAML-*"};
        Engine e(builtin(), {}, humans);
        Resolved r = parse_one(e, saml);
        BOOST_TEST(r.user == "jdoe");
        BOOST_TEST(r.type == "person");
        BOOST_TEST(parse_one(e, cli).user == "arn:aws:iam::111122223333:role/ci-deployer");
    }
}

// The parsers of every group share one JsonDocument and one PrincipalMemo per
// worker, as pipeline::RecordWorker wires them (issue 13): a record's next group
// with the same policy takes the first group's answer. It must never reach a
// group with another policy, nor the next record (the same buffer, the same
// lengths, other bytes), and an IAM user's built ARN stays the event's own.
BOOST_AUTO_TEST_CASE(groups_of_one_record_share_the_answer_of_the_same_policy) {
    FieldRegistry registry;
    PrincipalPolicy humans;
    humans.human_roles = {"SAML-*"};
    ParserSet plain, plain_too, human, plain_last;
    BOOST_TEST_REQUIRE(ParserSet::compile(builtin(), registry, plain).successful());
    BOOST_TEST_REQUIRE(ParserSet::compile(builtin(), registry, plain_too).successful());
    BOOST_TEST_REQUIRE(ParserSet::compile(builtin(), registry, human, humans).successful());
    BOOST_TEST_REQUIRE(ParserSet::compile(builtin(), registry, plain_last).successful());
    // The last group's policy is the first's: what it remembers must not reach the next record.
    for (ParserSet* set : {&plain, &plain_too, &human, &plain_last}) set->finalize(registry);
    JsonDocument document;
    RecordMemo shared;
    const PrincipalMemo& memo = shared.principal;
    std::vector<RecordParser> parsers;
    for (const ParserSet* set : {&plain, &plain_too, &human, &plain_last}) {
        parsers.emplace_back(*set);
        parsers.back().share_json(document);
        parsers.back().share_memo(shared);
    }
    const FieldId user = registry.find("user"), email = registry.find("email"), arn = registry.find("userIdentity.arn");
    std::string buffer;
    RawRecord raw;
    raw.format = RecordFormat::Json;
    // Each record in the same buffer, as a worker's batch reuses its bytes.
    const auto next_record = [&](const std::string& text) {
        if (buffer.empty()) buffer.assign(2048 + k_padding, ' ');
        BOOST_TEST_REQUIRE(text.size() <= 2048u);
        std::fill(buffer.begin(), buffer.end(), ' ');
        buffer.replace(0, text.size(), text);
        raw.bytes = std::string_view(buffer.data(), text.size());
        document.forget();
    };
    Event events[4];
    std::string detail;
    const auto users = [&]() {
        std::vector<std::string> out;
        for (std::size_t g = 0; g < 4; ++g) {
            BOOST_TEST_REQUIRE(parsers[g].parse(raw, events[g], detail) == RejectCode::Ok, detail);
            out.emplace_back(events[g].text(user));
        }
        return out;
    };
    using Users = std::vector<std::string>;

    next_record(record(role_session("SAML-Engineers", "jdoe")));
    const std::string role = "arn:aws:iam::111122223333:role/SAML-Engineers";
    BOOST_TEST(users() == (Users{role, role, "jdoe", role}));
    BOOST_TEST(memo.hits() == 1u); // plain_too took plain's answer; human and plain_last resolved again

    // The same lengths, other bytes, in the same buffer.
    next_record(record(role_session("SAML-Engineers", "kdoe")));
    BOOST_TEST(users() == (Users{role, role, "kdoe", role}));
    next_record(record(role_session("SAML-Engineers", "kim@corp.example.com")));
    const std::string kim = "kim@corp.example.com", sam = "sam@corp.example.org";
    BOOST_TEST(users() == (Users{kim, kim, kim, kim}));
    next_record(record(role_session("SAML-Engineers", "sam@corp.example.org")));
    BOOST_TEST(users() == (Users{sam, sam, sam, sam}));
    for (const Event& e : events) {
        BOOST_TEST(e.text(email) == "sam@corp.example.org");
        const std::string_view u = e.text(user), a = e.text(arn);
        BOOST_TEST((u.data() >= a.data() && u.data() + u.size() <= a.data() + a.size()), "a view into the ARN");
    }
    BOOST_TEST(memo.hits() == 4u);
    // The same lengths, a session name that is no address: a role for the plain policy.
    next_record(record(role_session("SAML-Engineers", "sam.corp.example.org")));
    BOOST_TEST(users() == (Users{role, role, "sam.corp.example.org", role}));
    BOOST_TEST(events[0].text(email) == "");

    // A failed console sign-in: the ARN is built in each event's own arena.
    const auto failed = [](std::string_view name) {
        return record(std::string(R"({"type":"IAMUser","principalId":"AIDAQ3EGOKWSALICE0001","accountId":"111122223333",)") +
                      R"("accessKeyId":"","userName":")" + std::string(name) + R"("})");
    };
    next_record(failed("alice"));
    const std::string alice = "arn:aws:iam::111122223333:user/alice";
    BOOST_TEST(users() == (Users{alice, alice, alice, alice}));
    BOOST_TEST(static_cast<const void*>(events[0].text(user).data()) !=
               static_cast<const void*>(events[1].text(user).data())); // each event's own arena
    next_record(failed("alina"));
    const std::string alina = "arn:aws:iam::111122223333:user/alina";
    BOOST_TEST(users() == (Users{alina, alina, alina, alina}));
    BOOST_TEST(memo.hits() == 7u);

    // A parser that shares no memo resolves by itself, the same way.
    RecordParser alone(human);
    Event event;
    next_record(record(role_session("SAML-Engineers", "jdoe")));
    BOOST_TEST_REQUIRE(alone.parse(raw, event, detail) == RejectCode::Ok, detail);
    BOOST_TEST(event.text(user) == "jdoe");
}

// Not a CloudTrail record: the parser's fields stay as mapped.
BOOST_AUTO_TEST_CASE(records_without_user_identity_are_left_alone) {
    Engine e(R"(parsers:
  - name: access-log
    format: json
    conditions: ['"sourcetype"']
    required: [request_time]
    time: {field: request_time, format: "dd/MMM/yyyy:HH:mm:ss Z"}
    fields: {user: requester}
)");
    BOOST_TEST(e.parse(R"({"sourcetype":"aws:s3:accesslogs","request_time":"01/Mar/2024:10:00:00 +0000",)"
                       R"("requester":"arn:aws:sts::111122223333:assumed-role/ci-deployer/botocore-session-1"})") ==
               RejectCode::Ok);
    BOOST_TEST(e.text("user") == "arn:aws:sts::111122223333:assumed-role/ci-deployer/botocore-session-1");
    BOOST_TEST(e.text("principal_type") == "");
}

// Sign-in records carry their outcome in responseElements / serviceEventDetails, not errorCode.
BOOST_AUTO_TEST_CASE(sign_ins_are_typed_by_their_outcome) {
    Engine e(builtin());
    const std::string alice =
        R"({"type":"IAMUser","principalId":"AIDAQ3EGOKWSALICE0001","arn":"arn:aws:iam::111122223333:user/alice",)"
        R"("accountId":"111122223333","userName":"alice"})";
    const auto type_of = [&](std::string_view identity, std::string_view rest, std::string_view event) {
        BOOST_TEST_REQUIRE(e.parse(record(identity, rest, event)) == RejectCode::Ok, e.detail);
        return std::string(e.event.activity_type);
    };
    const std::string console = R"("eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin")";
    BOOST_TEST(type_of(alice, R"("responseElements":{"ConsoleLogin":"Success"},"eventType":"AwsConsoleSignIn")", console) ==
               "app-activity");
    BOOST_TEST(type_of(alice,
                       R"("errorMessage":"Failed authentication","responseElements":{"ConsoleLogin":"Failure"},)"
                       R"("eventType":"AwsConsoleSignIn")",
                       console) == "app-activity-failed");
    BOOST_TEST(type_of(alice, R"("responseElements":{"CheckMfa":"Failure"},"eventType":"AwsConsoleSignIn")",
                       R"("eventSource":"signin.amazonaws.com","eventName":"CheckMfa")") == "app-activity-failed");
    BOOST_TEST(type_of(alice, R"("responseElements":{"CheckMfa":"Success"},"eventType":"AwsConsoleSignIn")",
                       R"("eventSource":"signin.amazonaws.com","eventName":"CheckMfa")") == "app-activity");
    BOOST_TEST(type_of(alice, R"("responseElements":{"SwitchRole":"Failure"},"eventType":"AwsConsoleSignIn")",
                       R"("eventSource":"signin.amazonaws.com","eventName":"SwitchRole")") == "app-activity-failed");
    BOOST_TEST(type_of(role_session("okta-engineers", "kim@corp.example.com"),
                       R"("responseElements":{"GetSigninToken":"Failure"},"eventType":"AwsConsoleSignIn")",
                       R"("eventSource":"signin.amazonaws.com","eventName":"GetSigninToken")") == "app-activity-failed");
    // IAM Identity Center sign-in steps are service events.
    const std::string idc = R"({"type":"Unknown","principalId":"111122223333","accountId":"111122223333","userName":"erin"})";
    BOOST_TEST(type_of(idc,
                       R"("serviceEventDetails":{"CredentialVerification":"Failure"},"errorMessage":"Failed authentication",)"
                       R"("eventType":"AwsServiceEvent")",
                       R"("eventSource":"signin.amazonaws.com","eventName":"CredentialVerification")") ==
               "app-activity-failed");
    BOOST_TEST(type_of(idc, R"("serviceEventDetails":{"UserAuthentication":"Success"},"eventType":"AwsServiceEvent")",
                       R"("eventSource":"signin.amazonaws.com","eventName":"UserAuthentication")") == "app-activity");
    // A refused API call still has errorCode.
    BOOST_TEST(type_of(alice, R"("errorCode":"AccessDenied","eventType":"AwsApiCall")",
                       R"("eventSource":"iam.amazonaws.com","eventName":"ListUsers")") == "app-activity-failed");
}

BOOST_AUTO_TEST_SUITE_END()
