#pragma once
// Message templates of the context stage, in one place (falco
// rule_loading_messages.h), so tests and docs quote one wording. Internal to context/.

#include <string>
#include <string_view>

namespace trailproof::context::msg {

inline std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

inline std::string missing_column(std::string_view column) {
    return "missing column " + quoted(column) + " in the header";
}
inline std::string duplicate_column(std::string_view column) {
    return "column " + quoted(column) + " appears twice in the header";
}
inline std::string unknown_column(std::string_view column) {
    return "unknown column " + quoted(column) + " is ignored";
}
inline std::string field_count(std::size_t found, std::size_t expected) {
    return "row has " + std::to_string(found) + " field" + (found == 1 ? "" : "s") + ", the header has " +
           std::to_string(expected);
}
inline std::string empty_value(std::string_view column) { return "column " + quoted(column) + " is empty"; }
inline std::string bad_boolean(std::string_view value, std::string_view column) {
    return "bad boolean " + quoted(value) + " in column " + quoted(column) +
           ": expected true, false, yes, no, 1, 0 or empty";
}
inline std::string bad_cidr(std::string_view reason) { return "bad CIDR: " + std::string(reason); }
inline std::string duplicate_user(std::string_view user, std::string_view first_at) {
    return "duplicate user " + quoted(user) + " (first defined at " + std::string(first_at) + ")";
}
inline std::string duplicate_network(std::string_view network, std::string_view first_at) {
    return "duplicate network " + quoted(network) + " (first defined at " + std::string(first_at) + ")";
}
inline std::string duplicate_table(std::string_view name, std::string_view other_file) {
    return "table " + quoted(name) + " is also defined by " + std::string(other_file);
}
inline std::string unknown_csv_header() {
    return "cannot tell the table kind from the header: expected a users table "
           "(user,peer_group,department,executive,privileged,service_account,deactivated) "
           "or a zones table (cidr,zone)";
}
inline std::string unknown_yaml_table() {
    return "a YAML context table needs one top-level key, 'users' or 'zones', holding a list";
}
inline std::string bad_kind(std::string_view kind) {
    return "unknown list kind " + quoted(kind) + ": expected ip, domain or keyword";
}
inline std::string bad_domain(std::string_view text) { return quoted(text) + " is not a domain name"; }
inline std::string empty_table(std::string_view name) {
    return "table " + quoted(name) + " has no entries; rules using %" + std::string(name) + "% are rejected";
}

} // namespace trailproof::context::msg
