#pragma once
// Who the user of a CloudTrail record is. Per-user models, user facts, sessions
// and the users table key on the normalized field `user`; a raw principal ARN
// makes every CLI run, instance-role session and federated sign-in a new
// "user". The resolver turns `userIdentity` into the principal a UEBA product
// keys on (README "Principals"):
//
//   Root                  the account root ARN
//   IAMUser               the user ARN (built from accountId and userName when a
//                         failed console sign-in leaves the ARN out)
//   AssumedRole, a person sourceIdentity, else the session name, when the role is an
//                         Identity Center role (AWSReservedSSO_*), a pack's human
//                         role, or the session name looks like an e-mail address
//   AssumedRole, else     the role ARN (sessionContext.sessionIssuer.arn): CLI,
//                         instance, Lambda and other machine sessions
//   SAMLUser/WebIdentityUser  userName when it is an e-mail address, else principalId
//   FederatedUser         the federated user ARN
//   AWSService            invokedBy ("cloudtrail.amazonaws.com")
//   AWSAccount            principalId, else accountId
//   IdentityCenterUser    onBehalfOf.userId
//
// It also fills `email` and `email_domain` (the caller's address, when the
// sourceIdentity, session name or user name is one) and `principal_type`. The
// raw ARN stays in userIdentity.arn. Records without userIdentity.type (not
// CloudTrail) are left as the parser made them.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.h"
#include "core/field_registry.h"
#include "parse/json_walker.h"

namespace trailproof::parse {

// The fields resolution writes into every CloudTrail record a JSON parser takes.
inline constexpr std::string_view k_principal_outputs[] = {"user", "email", "email_domain", "principal_type"};

// pack.yml `principal:`; a pack's parsers resolve with its policy.
struct PrincipalPolicy {
    bool resolve = true; // false: `user` stays what the parser maps (the raw ARN)
    // Role names whose sessions are people even when the session name is no
    // e-mail address (SAML roles with user-id session names); a trailing '*'
    // matches a prefix. Identity Center roles (AWSReservedSSO_*) always are.
    std::vector<std::string> human_roles;
    bool operator==(const PrincipalPolicy&) const = default;
};

enum class PrincipalType : std::uint8_t {
    None, Person, Role, IamUser, Root, FederatedUser, Service, Account, IdentityCenterUser,
};

// "person", "role", "iam-user", "root", "federated-user", "service", "account",
// "identity-center-user"; "" for None.
[[nodiscard]] std::string_view principal_type_name(PrincipalType type) noexcept;

// The userIdentity fields resolution reads (views; "" when absent).
struct PrincipalInputs {
    std::string_view type, arn, issuer_arn, issuer_name, source_identity, user_name, account_id, invoked_by,
        principal_id, on_behalf_of;
};

struct ResolvedPrincipal {
    PrincipalType type = PrincipalType::None;
    // The principal, a view into the inputs; "" for an IAM user or root without
    // an ARN (the caller builds it, see PrincipalResolver) or when nothing fits.
    std::string_view key;
    std::string_view email; // "" when no name is an address
};

// Pure resolution, no allocation (see the table above).
[[nodiscard]] ResolvedPrincipal resolve_principal(const PrincipalInputs& in, const PrincipalPolicy& policy) noexcept;

// True when role `name` is one of `patterns` (exact, or a prefix before a trailing '*').
[[nodiscard]] bool role_matches(std::string_view name, const std::vector<std::string>& patterns) noexcept;

class PrincipalResolver;

// A worker's last resolution (issue 13: the parser groups that accept one
// record resolve the same userIdentity one after the other). It answers only
// within one parse of one JSON document (ParseId), for the same human roles
// and the very same input views: the groups' events of one record read their
// inputs from the one extraction (engine/parse/README.md, "One parse per
// record"), so equal views are equal texts, and the answer's views (into those
// inputs) are the asking event's own. A group whose parser maps other text
// into an input, another policy or another record resolves again. One per
// worker, shared by its parsers of every group, which share one document
// (RecordMemo, RecordParser::share_memo).
class PrincipalMemo {
public:
    // Answers given from the memo (for tests and stats).
    [[nodiscard]] std::uint64_t hits() const noexcept { return m_hits; }

private:
    friend class PrincipalResolver;
    static constexpr std::size_t k_inputs = 10;
    bool m_valid = false;
    ParseId m_parse;
    std::string m_policy_key; // the resolver's m_policy_key (capacity kept)
    std::string_view m_inputs[k_inputs];
    ResolvedPrincipal m_answer;
    std::uint64_t m_hits = 0;
};

// Compiled resolution of one parser group: field ids of its inputs and outputs.
class PrincipalResolver {
public:
    // Interns the inputs (so the parsers extract them) and the outputs.
    void compile(PrincipalPolicy policy, FieldRegistry& registry);
    // Fills user (when policy.resolve), email, email_domain and principal_type.
    // Text built for an IAM user without an ARN goes to the event's arena.
    // `event` was filled from parse `parse`: resolve_principal's answer comes
    // from `memo` when it holds one of the same parse, policy and input views,
    // and is remembered there otherwise.
    void apply(Event& event, PrincipalMemo& memo, ParseId parse) const noexcept;
    [[nodiscard]] const PrincipalPolicy& policy() const noexcept { return m_policy; }
    // Every field apply() reads or writes (none before compile).
    [[nodiscard]] std::vector<FieldId> fields() const;

private:
    PrincipalPolicy m_policy;
    std::string m_policy_key; // what of the policy resolve_principal reads: the human roles, each as size:bytes
    bool m_compiled = false;
    FieldId m_type = k_no_field, m_arn = k_no_field, m_issuer_arn = k_no_field, m_issuer_name = k_no_field,
            m_source_identity = k_no_field, m_user_name = k_no_field, m_account_id = k_no_field,
            m_invoked_by = k_no_field, m_principal_id = k_no_field, m_on_behalf_of = k_no_field;
    FieldId m_user = k_no_field, m_email = k_no_field, m_email_domain = k_no_field, m_principal_type = k_no_field;
};

} // namespace trailproof::parse
