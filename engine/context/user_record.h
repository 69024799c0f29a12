#pragma once
// What a users table says about one principal, and the kinds of context table.

#include <cstdint>
#include <string>
#include <string_view>

namespace trailproof::context {

enum class TableKind : std::uint8_t {
    Users,       // user -> peer group, department, flags (CSV or YAML)
    Zones,       // CIDR -> network zone name (CSV or YAML)
    IpList,      // one IP or CIDR per line (.txt)
    DomainList,  // one domain (or @domain) per line (.txt)
    KeywordList, // one word or phrase per line (.txt)
};

// "users", "zones", "ip_list", "domain_list", "keyword_list".
[[nodiscard]] std::string_view table_kind_name(TableKind kind) noexcept;

struct UserRecord {
    std::string user;       // the key as written (an ARN or a bare name); matched case-insensitively
    std::string peer_group; // empty when not given
    std::string department; // empty when not given
    bool executive = false;
    bool privileged = false;
    bool service_account = false;
    bool deactivated = false;
};

} // namespace trailproof::context
