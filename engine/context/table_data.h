#pragma once
// A context table as read from one file, before tables are merged (internal to
// context/). Every row keeps its position for later diagnostics (duplicates
// across files are found only when tables are merged).

#include <string>
#include <string_view>
#include <vector>

#include "context/ip_address.h"
#include "context/table_source.h"
#include "context/user_record.h"
#include "core/diagnostic.h"
#include "yaml/diagnostic_sink.h"
#include "yaml/yaml_tree.h"

namespace trailproof::context {

using yaml::SourcePos; // 1-based line and column, 0 when unknown

struct UserRow {
    UserRecord record;
    SourcePos pos; // of the user value
};

struct ZoneRow {
    IpNetwork network;
    std::string zone;
    SourcePos pos; // of the cidr value
};

struct ListEntry {
    std::string text;    // as written, trimmed (the placeholder value)
    IpNetwork network;   // IP lists only
    SourcePos pos;
};

struct TableData {
    std::string name;
    std::string file;
    TableKind kind = TableKind::KeywordList;
    std::vector<UserRow> users;
    std::vector<ZoneRow> zones;
    std::vector<ListEntry> entries;
};

// Diagnostics located in one table file, with the source line as snippet: item
// "context" named by the table, no context chain (the file names the table).
class TableDiagnostics : public yaml::DiagnosticSink {
public:
    TableDiagnostics(const TableSource& source, LoadResult& result) : DiagnosticSink(result, source.file, source.text, "") {
        set_item("context", table_name(source.file), "");
    }
};

// One column value of a row, from CSV or YAML.
struct Cell {
    std::string_view column;
    std::string_view value;
    SourcePos pos;
};

// Builds a users row from its cells (user present); reports bad values. False on error.
bool build_user_row(const std::vector<Cell>& cells, UserRow& out, TableDiagnostics& diag);
// Builds a zones row from its cells (cidr and zone present); reports bad values. False on error.
bool build_zone_row(const std::vector<Cell>& cells, ZoneRow& out, TableDiagnostics& diag);
// Columns each kind knows, in header order. Users need `user`; zones need both columns.
inline constexpr std::string_view k_user_columns[] = {"user",       "peer_group", "department",     "executive",
                                                      "privileged", "service_account", "deactivated"};
inline constexpr std::string_view k_zone_columns[] = {"cidr", "zone"};

// True when a users (or else zones) table has a column `name`.
[[nodiscard]] bool is_known_column(TableKind kind, std::string_view name) noexcept;
// The columns (CSV) or keys (YAML) every users (or else zones) row needs.
[[nodiscard]] std::vector<std::string_view> required_columns(TableKind kind);
// Builds the users (or else zones) row of `cells` and appends it to `out`; a bad
// row is reported and left out.
void add_row(const std::vector<Cell>& cells, TableData& out, TableDiagnostics& diag);

// Reads one file by extension (.csv, .yml/.yaml, .txt) into `out`.
void read_csv_table(const TableSource& source, TableData& out, TableDiagnostics& diag);
void read_yaml_table(const TableSource& source, TableData& out, TableDiagnostics& diag,
                     const yaml::YamlLimits& limits);
void read_list_table(const TableSource& source, TableData& out, TableDiagnostics& diag);

} // namespace trailproof::context
