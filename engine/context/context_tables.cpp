#include "core/diagnostic_codes.h"
#include "context/context_tables.h"

#include "context/context_messages.h"
#include "context/table_data.h"

namespace trailproof::context {

std::string_view table_kind_name(TableKind kind) noexcept {
    switch (kind) {
    case TableKind::Users: return "users";
    case TableKind::Zones: return "zones";
    case TableKind::IpList: return "ip_list";
    case TableKind::DomainList: return "domain_list";
    case TableKind::KeywordList: return "keyword_list";
    }
    return "unknown";
}

namespace {

std::string_view extension_of(std::string_view file) noexcept {
    const std::string_view name = table_name(file);
    const std::size_t end = static_cast<std::size_t>(name.data() - file.data()) + name.size();
    return file.substr(end);
}

std::string location(const std::string& file, SourcePos pos) {
    return file + ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column);
}

// Lookup form of a domain entry or query: no leading '@', no trailing '.'.
std::string_view domain_key(std::string_view text) noexcept {
    if (const auto at = text.find_last_of('@'); at != std::string_view::npos) text.remove_prefix(at + 1);
    if (!text.empty() && text.back() == '.') text.remove_suffix(1);
    return text;
}

// Reads one source by its extension into `data`.
void read_table(const TableSource& source, TableData& data, TableDiagnostics& diag, const yaml::YamlLimits& limits) {
    const std::string_view ext = extension_of(source.file);
    if (ext == ".csv") {
        read_csv_table(source, data, diag);
    } else if (ext == ".yml" || ext == ".yaml") {
        read_yaml_table(source, data, diag, limits);
    } else if (ext == ".txt") {
        read_list_table(source, data, diag);
    } else {
        diag.error(codes::context_unknown_file, "not a context table (expected .csv, .yml, .yaml or .txt)", {});
    }
}

} // namespace

LoadResult ContextTables::compile(const std::vector<TableSource>& sources, ContextTables& out,
                                  const yaml::YamlLimits& limits) {
    LoadResult result;
    ContextTables t;
    std::map<std::string, std::size_t, std::less<>> by_name; // table name -> source index

    // Pass 1: read every file on its own (all errors of all files).
    std::vector<TableData> tables;
    std::vector<const TableSource*> table_source;
    for (std::size_t i = 0; i < sources.size(); ++i) {
        const TableSource& src = sources[i];
        TableDiagnostics diag(src, result);
        const std::string name(table_name(src.file));
        if (auto it = by_name.find(name); it != by_name.end()) {
            diag.error(codes::context_duplicate_table, msg::duplicate_table(name, sources[it->second].file), {});
            continue;
        }
        by_name.emplace(name, i);
        TableData data;
        data.name = name;
        data.file = src.file;
        read_table(src, data, diag, limits);
        tables.push_back(std::move(data));
        table_source.push_back(&src);
    }

    // Pass 2: merge tables of one kind; duplicates across files are found here.
    struct FirstUser {
        std::string file;
        SourcePos pos;
    };
    std::unordered_map<std::string, FirstUser, CaseInsensitiveHash, CaseInsensitiveEqual> user_at;
    struct ZoneOrigin {
        std::size_t table;
        const ZoneRow* row;
    };
    std::vector<ZoneOrigin> zone_origin;
    std::map<std::string, std::uint32_t, std::less<>> zone_ids;

    for (std::size_t ti = 0; ti < tables.size(); ++ti) {
        TableData& data = tables[ti];
        TableDiagnostics diag(*table_source[ti], result);
        TableSummary summary{data.name, data.file, data.kind, 0};
        switch (data.kind) {
        case TableKind::Users:
            for (UserRow& row : data.users) {
                auto [it, fresh] = user_at.emplace(row.record.user, FirstUser{data.file, row.pos});
                if (!fresh) {
                    diag.error(codes::context_duplicate_user,
                               msg::duplicate_user(row.record.user, location(it->second.file, it->second.pos)),
                               row.pos);
                    continue;
                }
                std::string key = row.record.user;
                t.m_user_sketches.set(user_sketch(key));
                t.m_users.emplace(std::move(key), std::move(row.record));
            }
            summary.entries = data.users.size();
            break;
        case TableKind::Zones:
            for (const ZoneRow& row : data.zones) {
                auto [it, fresh] = zone_ids.emplace(row.zone, static_cast<std::uint32_t>(t.m_zone_names.size()));
                if (fresh) t.m_zone_names.push_back(row.zone);
                t.m_zones.add(row.network, it->second);
                zone_origin.push_back({ti, &row});
            }
            summary.entries = data.zones.size();
            break;
        case TableKind::IpList: {
            IpList list;
            list.name = data.name;
            for (const ListEntry& e : data.entries) list.table.add(e.network, 0);
            // The same network twice in a list is harmless: build() keeps it once.
            (void)list.table.build();
            std::unordered_set<std::string> seen;
            for (const ListEntry& e : data.entries)
                if (seen.insert(e.text).second) list.values.push_back(e.text);
            summary.entries = list.values.size();
            t.m_ip_lists.push_back(std::move(list));
            break;
        }
        case TableKind::DomainList:
        case TableKind::KeywordList: {
            TermList list;
            list.name = data.name;
            list.kind = data.kind;
            for (const ListEntry& e : data.entries) {
                const std::string_view key = data.kind == TableKind::DomainList ? domain_key(e.text) : e.text;
                if (list.set.emplace(key).second) list.values.push_back(e.text);
            }
            summary.entries = list.values.size();
            t.m_term_lists.push_back(std::move(list));
            break;
        }
        }
        t.m_tables.push_back(std::move(summary));
    }

    for (const auto& [first, repeat] : t.m_zones.build()) {
        const ZoneOrigin& a = zone_origin[first];
        const ZoneOrigin& b = zone_origin[repeat];
        TableDiagnostics diag(*table_source[b.table], result);
        diag.error(codes::context_duplicate_network,
                   msg::duplicate_network(render_network(b.row->network),
                                          location(tables[a.table].file, a.row->pos)),
                   b.row->pos);
    }

    if (result.successful()) out = std::move(t);
    return result;
}

const UserRecord* ContextTables::find_user(std::string_view user) const noexcept {
    if (!m_user_sketches[user_sketch(user)]) return nullptr;
    auto it = m_users.find(user);
    return it == m_users.end() ? nullptr : &it->second;
}

std::string_view ContextTables::find_zone(const IpAddress& address) const noexcept {
    std::uint32_t id = 0;
    if (!m_zones.find(address, id)) return {};
    return m_zone_names[id];
}

bool ContextTables::in_ip_list(std::string_view list, std::string_view address) const noexcept {
    IpAddress ip;
    if (!parse_ip(address, ip)) return false;
    for (const IpList& l : m_ip_lists)
        if (l.name == list) return l.table.contains(ip);
    return false;
}

const ContextTables::TermList* ContextTables::term_list(std::string_view name, TableKind kind) const noexcept {
    for (const TermList& l : m_term_lists)
        if (l.name == name && l.kind == kind) return &l;
    return nullptr;
}

bool ContextTables::in_domain_list(std::string_view list, std::string_view domain) const noexcept {
    const TermList* l = term_list(list, TableKind::DomainList);
    if (!l) return false;
    std::string_view d = domain_key(domain);
    // The domain itself, then each parent: mail.corp.example.com, corp.example.com, example.com, com.
    while (!d.empty()) {
        if (l->set.find(d) != l->set.end()) return true;
        const auto dot = d.find('.');
        if (dot == std::string_view::npos) break;
        d.remove_prefix(dot + 1);
    }
    return false;
}

bool ContextTables::in_keyword_list(std::string_view list, std::string_view word) const noexcept {
    const TermList* l = term_list(list, TableKind::KeywordList);
    return l && l->set.find(word) != l->set.end();
}

std::map<std::string, std::vector<std::string>, std::less<>> ContextTables::placeholders() const {
    std::map<std::string, std::vector<std::string>, std::less<>> out;
    for (const IpList& l : m_ip_lists) out.emplace(l.name, l.values);
    for (const TermList& l : m_term_lists) out.emplace(l.name, l.values);
    return out;
}

} // namespace trailproof::context
