// Users and zones tables in CSV. The header decides the kind: a `user` column
// makes a users table, `cidr`/`zone` a zones table. Columns may come in any
// order; unknown columns are warnings, so an organization can keep its own
// columns (an owner, a ticket) in the same file.

#include <algorithm>
#include <optional>

#include "core/diagnostic_codes.h"
#include "core/ascii.h"
#include "context/context_messages.h"
#include "context/csv_reader.h"
#include "context/table_data.h"

namespace trailproof::context {

void read_csv_table(const TableSource& source, TableData& out, TableDiagnostics& diag) {
    std::vector<CsvRow> rows;
    std::vector<CsvError> errors;
    read_csv(source.text, rows, errors);
    for (const CsvError& e : errors) diag.error(codes::context_bad_csv, e.message, {e.line, e.column});
    if (rows.empty()) {
        diag.error(codes::context_unknown_table, msg::unknown_csv_header(), {});
        return;
    }

    const CsvRow& header = rows.front();
    std::vector<std::string> names;
    for (const CsvField& f : header.fields) names.push_back(ascii_lowered(f.text));
    auto has = [&](std::string_view n) { return std::find(names.begin(), names.end(), n) != names.end(); };
    if (has("user")) {
        out.kind = TableKind::Users;
    } else if (has("cidr") || has("zone")) {
        out.kind = TableKind::Zones;
    } else {
        diag.error(codes::context_unknown_table, msg::unknown_csv_header(), {header.line, 1});
        return;
    }

    // Column index -> known column name, or nullopt for a column that is ignored.
    std::vector<std::optional<std::string_view>> columns(names.size());
    bool header_ok = true;
    for (std::size_t i = 0; i < names.size(); ++i) {
        const SourcePos pos{header.fields[i].line, header.fields[i].column};
        const bool is_known = is_known_column(out.kind, names[i]);
        if (std::find(names.begin(), names.begin() + static_cast<std::ptrdiff_t>(i), names[i]) !=
            names.begin() + static_cast<std::ptrdiff_t>(i)) {
            diag.error(codes::context_duplicate_column, msg::duplicate_column(names[i]), pos);
            header_ok = false;
        } else if (!is_known) {
            diag.warning(codes::context_unknown_column, msg::unknown_column(header.fields[i].text), pos);
        } else {
            columns[i] = names[i];
        }
    }
    for (std::string_view r : required_columns(out.kind)) {
        if (!has(r)) {
            diag.error(codes::context_missing_column, msg::missing_column(r), {header.line, 1});
            header_ok = false;
        }
    }
    if (!header_ok) return;

    std::vector<Cell> cells;
    for (std::size_t r = 1; r < rows.size(); ++r) {
        const CsvRow& row = rows[r];
        if (row.fields.size() != names.size()) {
            diag.error(codes::context_field_count, msg::field_count(row.fields.size(), names.size()), {row.line, 1});
            continue;
        }
        cells.clear();
        for (std::size_t i = 0; i < names.size(); ++i)
            if (columns[i]) cells.push_back(Cell{*columns[i], row.fields[i].text, {row.fields[i].line, row.fields[i].column}});
        add_row(cells, out, diag);
    }
}

} // namespace trailproof::context
