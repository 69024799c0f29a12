#pragma once
// Context tables: what an organization knows beyond one event (who is an
// executive, which networks are the office, which IPs are TOR exits). Loaded once
// from a pack's context/ folder (and `--context DIR` overrides), then shared
// const by every worker. Lookups are O(1) (users, domains, keywords: hash sets,
// ASCII case-insensitive) or O(log n) (networks: sorted disjoint ranges).
//
// Formats and decisions: context/README.md.

#include <bitset>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/ascii.h"
#include "context/cidr_table.h"
#include "context/ip_address.h"
#include "context/table_source.h"
#include "context/user_record.h"
#include "core/diagnostic.h"
#include "yaml/yaml_tree.h"

namespace trailproof::context {

struct TableSummary {
    std::string name;  // file stem; the placeholder name for lists
    std::string file;  // as given in the TableSource
    TableKind kind = TableKind::KeywordList;
    std::size_t entries = 0;
};

class ContextTables {
public:
    // Reads every source and merges tables of one kind (users of all users tables,
    // networks of all zones tables). Every error of every file is reported with
    // file:line:col; `out` is replaced only when there is none.
    [[nodiscard]] static LoadResult compile(const std::vector<TableSource>& sources, ContextTables& out,
                                          const yaml::YamlLimits& limits = {});

    // The record of `user` (an ARN or a bare name, as the table writes it; ASCII
    // case-insensitive), or nullptr. Points into this object.
    [[nodiscard]] const UserRecord* find_user(std::string_view user) const noexcept;
    [[nodiscard]] bool has_users() const noexcept { return !m_users.empty(); }

    // Zone of the most specific zones network that contains `address`, or "" when
    // none. The view points into this object.
    [[nodiscard]] std::string_view find_zone(const IpAddress& address) const noexcept;
    [[nodiscard]] bool has_zones() const noexcept { return !m_zone_names.empty(); }

    // IP lists, in source order.
    [[nodiscard]] std::size_t ip_list_count() const noexcept { return m_ip_lists.size(); }
    [[nodiscard]] std::string_view ip_list_name(std::size_t index) const noexcept { return m_ip_lists[index].name; }
    [[nodiscard]] bool ip_list_contains(std::size_t index, const IpAddress& address) const noexcept {
        return m_ip_lists[index].table.contains(address);
    }
    // True when IP list `list` holds `address` (text); false for an unknown list or a non-address.
    [[nodiscard]] bool in_ip_list(std::string_view list, std::string_view address) const noexcept;

    // True when domain list `list` holds `domain` or one of its parent domains.
    // `domain` may be a mail address (its part after the last '@' is used); a
    // leading '@' and a trailing '.' are ignored on both sides.
    [[nodiscard]] bool in_domain_list(std::string_view list, std::string_view domain) const noexcept;
    // True when keyword list `list` holds exactly `word` (ASCII case-insensitive).
    [[nodiscard]] bool in_keyword_list(std::string_view list, std::string_view word) const noexcept;

    // Placeholders for rules::CompileOptions::placeholders (`|expand` with
    // '%name%'): every IP, domain and keyword list by name, values as written in
    // file order, repeated values dropped. Users and zones tables are not lists.
    [[nodiscard]] std::map<std::string, std::vector<std::string>, std::less<>> placeholders() const;

    // Every table, in source order.
    [[nodiscard]] const std::vector<TableSummary>& tables() const noexcept { return m_tables; }

private:
    struct IpList {
        std::string name;
        CidrTable table;
        std::vector<std::string> values;
    };
    struct TermList {
        std::string name;
        TableKind kind = TableKind::KeywordList;
        std::unordered_set<std::string, CaseInsensitiveHash, CaseInsensitiveEqual> set;
        std::vector<std::string> values;
    };
    [[nodiscard]] const TermList* term_list(std::string_view name, TableKind kind) const noexcept;

    std::unordered_map<std::string, UserRecord, CaseInsensitiveHash, CaseInsensitiveEqual> m_users;
    // A users key's sketch: its size with its first and last bytes lowered (keys
    // compare ASCII case-insensitively, so equal keys have one sketch), hashed to
    // one of k_user_sketch_bits bits. find_user() runs up to six times per event
    // with keys that are mostly absent (long session ARNs, names), and hashing a
    // key costs more than this test: a key whose bit is clear is not in the table.
    static constexpr unsigned k_user_sketch_log = 12;
    static constexpr std::size_t k_user_sketch_bits = std::size_t{1} << k_user_sketch_log;
    [[nodiscard]] static std::size_t user_sketch(std::string_view key) noexcept {
        if (key.empty()) return 0;
        const auto first = static_cast<unsigned char>(ascii_lower(key.front()));
        const auto last = static_cast<unsigned char>(ascii_lower(key.back()));
        const std::uint64_t x = (key.size() << 16 | std::size_t{first} << 8 | last) * 0x9e3779b97f4a7c15ULL;
        return static_cast<std::size_t>(x >> (64 - k_user_sketch_log));
    }
    std::bitset<k_user_sketch_bits> m_user_sketches;
    CidrTable m_zones;
    std::vector<std::string> m_zone_names; // CidrTable value -> zone name
    std::vector<IpList> m_ip_lists;
    std::vector<TermList> m_term_lists;
    std::vector<TableSummary> m_tables;
};

} // namespace trailproof::context
