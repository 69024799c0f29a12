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

namespace trailproof::context {

struct SourcePos {
    int line = 0;
    int column = 0;
};

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

// Adds diagnostics located in one table file, with the source line as snippet.
class TableDiagnostics {
public:
    TableDiagnostics(const TableSource& source, LoadResult& result) : m_source(source), m_result(result) {}

    void error(std::string_view code, std::string message, SourcePos pos) {
        add(Severity::Error, code, std::move(message), pos);
    }
    void warning(std::string_view code, std::string message, SourcePos pos) {
        add(Severity::Warning, code, std::move(message), pos);
    }
    [[nodiscard]] std::size_t error_count() const noexcept { return m_errors; }

private:
    void add(Severity severity, std::string_view code, std::string message, SourcePos pos) {
        Diagnostic d;
        d.severity = severity;
        d.code = std::string(code);
        d.message = std::move(message);
        d.file = m_source.file;
        d.line = pos.line;
        d.column = pos.column;
        d.item_kind = "context";
        d.item_id = std::string(table_name(m_source.file));
        if (pos.line > 0) d.snippet = std::string(source_line(m_source.text, pos.line));
        if (severity == Severity::Error) ++m_errors;
        m_result.add(std::move(d));
    }

    const TableSource& m_source;
    LoadResult& m_result;
    std::size_t m_errors = 0;
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

// Reads one file by extension (.csv, .yml/.yaml, .txt) into `out`.
void read_csv_table(const TableSource& source, TableData& out, TableDiagnostics& diag);
void read_yaml_table(const TableSource& source, TableData& out, TableDiagnostics& diag);
void read_list_table(const TableSource& source, TableData& out, TableDiagnostics& diag);

} // namespace trailproof::context
