#include "parse/principal_resolver.h"

#include "core/principal_name.h"

namespace trailproof::parse {

namespace {

constexpr std::string_view k_identity_center_role_prefix = "AWSReservedSSO_";

bool starts_with(std::string_view text, std::string_view prefix) noexcept {
    return text.substr(0, prefix.size()) == prefix;
}

std::string_view first_email(std::initializer_list<std::string_view> names) noexcept {
    for (std::string_view n : names)
        if (looks_like_email(n)) return n;
    return {};
}

std::string_view first_text(std::initializer_list<std::string_view> texts) noexcept {
    for (std::string_view t : texts)
        if (!t.empty()) return t;
    return {};
}

} // namespace

std::string_view principal_type_name(PrincipalType type) noexcept {
    switch (type) {
    case PrincipalType::None: return "";
    case PrincipalType::Person: return "person";
    case PrincipalType::Role: return "role";
    case PrincipalType::IamUser: return "iam-user";
    case PrincipalType::Root: return "root";
    case PrincipalType::FederatedUser: return "federated-user";
    case PrincipalType::Service: return "service";
    case PrincipalType::Account: return "account";
    case PrincipalType::IdentityCenterUser: return "identity-center-user";
    }
    return "";
}

bool role_matches(std::string_view name, const std::vector<std::string>& patterns) noexcept {
    if (name.empty()) return false;
    for (const std::string& p : patterns) {
        const std::string_view pattern = p;
        if (!pattern.empty() && pattern.back() == '*') {
            if (starts_with(name, pattern.substr(0, pattern.size() - 1))) return true;
        } else if (name == pattern) {
            return true;
        }
    }
    return false;
}

ResolvedPrincipal resolve_principal(const PrincipalInputs& in, const PrincipalPolicy& policy) noexcept {
    ResolvedPrincipal out;
    const std::string_view last = arn_last_segment(in.arn); // user, session or federated user name
    out.email = first_email({in.source_identity, last, in.user_name});
    const std::string_view type = in.type;
    if (type == "Root") {
        out.type = PrincipalType::Root;
        out.key = in.arn;
    } else if (type == "IAMUser") {
        out.type = PrincipalType::IamUser;
        out.key = in.arn;
    } else if (type == "AssumedRole") {
        const bool human_role = starts_with(in.issuer_name, k_identity_center_role_prefix) ||
                                role_matches(in.issuer_name, policy.human_roles);
        if (!in.source_identity.empty()) {
            out.type = PrincipalType::Person;
            out.key = in.source_identity;
        } else if (!last.empty() && (human_role || looks_like_email(last))) {
            out.type = PrincipalType::Person;
            out.key = last;
        } else {
            out.type = PrincipalType::Role;
            out.key = first_text({in.issuer_arn, in.arn});
        }
    } else if (type == "SAMLUser" || type == "WebIdentityUser") {
        out.type = PrincipalType::Person;
        out.key = looks_like_email(in.user_name) ? in.user_name : first_text({in.principal_id, in.user_name});
    } else if (type == "FederatedUser") {
        out.type = PrincipalType::FederatedUser;
        out.key = in.arn;
    } else if (type == "AWSService") {
        out.type = PrincipalType::Service;
        out.key = in.invoked_by;
    } else if (type == "AWSAccount") {
        out.type = PrincipalType::Account;
        out.key = first_text({in.principal_id, in.account_id});
    } else if (type == "IdentityCenterUser") {
        out.type = PrincipalType::IdentityCenterUser;
        out.key = first_text({in.on_behalf_of, in.principal_id});
    } else if (!type.empty()) { // "Unknown" and types CloudTrail adds later
        out.key = first_text({in.arn, in.principal_id, in.user_name});
    }
    return out;
}

void PrincipalResolver::compile(PrincipalPolicy policy, FieldRegistry& registry) {
    m_policy = std::move(policy);
    m_policy_key.clear();
    for (const std::string& role : m_policy.human_roles) {
        m_policy_key += std::to_string(role.size());
        m_policy_key += ':';
        m_policy_key += role;
    }
    m_type = registry.intern("userIdentity.type");
    m_arn = registry.intern("userIdentity.arn");
    m_issuer_arn = registry.intern("userIdentity.sessionContext.sessionIssuer.arn");
    m_issuer_name = registry.intern("userIdentity.sessionContext.sessionIssuer.userName");
    m_source_identity = registry.intern("userIdentity.sessionContext.sourceIdentity");
    m_user_name = registry.intern("userIdentity.userName");
    m_account_id = registry.intern("userIdentity.accountId");
    m_invoked_by = registry.intern("userIdentity.invokedBy");
    m_principal_id = registry.intern("userIdentity.principalId");
    m_on_behalf_of = registry.intern("userIdentity.onBehalfOf.userId");
    m_user = registry.intern(k_principal_outputs[0]);
    m_email = registry.intern(k_principal_outputs[1]);
    m_email_domain = registry.intern(k_principal_outputs[2]);
    m_principal_type = registry.intern(k_principal_outputs[3]);
    m_compiled = true;
}

std::vector<FieldId> PrincipalResolver::fields() const {
    if (!m_compiled) return {};
    return {m_type,         m_arn,        m_issuer_arn,   m_issuer_name, m_source_identity,
            m_user_name,    m_account_id, m_invoked_by,   m_principal_id, m_on_behalf_of,
            m_user,         m_email,      m_email_domain, m_principal_type};
}

void PrincipalResolver::apply(Event& event, PrincipalMemo& memo, ParseId parse) const noexcept {
    if (!m_compiled) return;
    const std::string_view type = event.text(m_type);
    if (type.empty()) return; // not a CloudTrail record
    PrincipalInputs in;
    in.type = type;
    in.arn = event.text(m_arn);
    in.issuer_arn = event.text(m_issuer_arn);
    in.issuer_name = event.text(m_issuer_name);
    in.source_identity = event.text(m_source_identity);
    in.user_name = event.text(m_user_name);
    in.account_id = event.text(m_account_id);
    in.invoked_by = event.text(m_invoked_by);
    in.principal_id = event.text(m_principal_id);
    in.on_behalf_of = event.text(m_on_behalf_of);
    const std::string_view inputs[PrincipalMemo::k_inputs] = {in.type,      in.arn,        in.issuer_arn, in.issuer_name,
                                                              in.source_identity, in.user_name, in.account_id,
                                                              in.invoked_by, in.principal_id, in.on_behalf_of};
    // The same view (address and size) within one parse is the same text.
    const auto same_views = [&]() noexcept {
        for (std::size_t i = 0; i < PrincipalMemo::k_inputs; ++i)
            if (inputs[i].data() != memo.m_inputs[i].data() || inputs[i].size() != memo.m_inputs[i].size())
                return false;
        return true;
    };
    ResolvedPrincipal p;
    if (memo.m_valid && memo.m_parse == parse && memo.m_policy_key == m_policy_key && same_views()) {
        p = memo.m_answer;
        ++memo.m_hits;
    } else {
        p = resolve_principal(in, m_policy);
        memo.m_valid = true;
        memo.m_parse = parse;
        memo.m_policy_key = m_policy_key; // reuses its capacity
        for (std::size_t i = 0; i < PrincipalMemo::k_inputs; ++i) memo.m_inputs[i] = inputs[i];
        memo.m_answer = p;
    }

    const auto put = [&event](FieldId field, std::string_view text, bool lasting = false) noexcept {
        if (!text.empty()) event.replace(field, Value{ValueKind::String, text, 0, -1, lasting});
    };
    if (p.key.empty() && (p.type == PrincipalType::IamUser || p.type == PrincipalType::Root) &&
        !in.account_id.empty() && (p.type == PrincipalType::Root || !in.user_name.empty())) {
        // A failed console sign-in names the user but leaves the ARN out. The
        // partition is assumed to be "aws", and a user under a path ("/dev/")
        // gets the ARN without it.
        const std::string_view prefix = "arn:aws:iam::";
        const std::string_view middle = p.type == PrincipalType::Root ? ":root" : ":user/";
        const std::string_view name = p.type == PrincipalType::Root ? std::string_view{} : in.user_name;
        TextArena& arena = event.arena();
        const std::size_t size = prefix.size() + in.account_id.size() + middle.size() + name.size();
        char* begin = arena.reserve(size);
        char* at = begin;
        for (std::string_view part : {prefix, in.account_id, middle, name})
            for (char c : part) *at++ = c;
        p.key = arena.commit(begin, size);
    }
    if (m_policy.resolve) put(m_user, p.key);
    put(m_email, p.email);
    put(m_email_domain, email_domain(p.email));
    put(m_principal_type, principal_type_name(p.type), true); // a literal
}

} // namespace trailproof::parse
