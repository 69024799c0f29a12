#pragma once
// Where context tables come from: one TableSource per file, read from a pack's
// context/ folder and, at run time, from `--context DIR`, whose tables replace
// the pack's tables of the same name. Reading files is separate from compiling
// them, so tests (and the harness) can hand tables over as text.

#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"

namespace trailproof::context {

// One context file. `file` is the path as shown in diagnostics; `text` its bytes.
struct TableSource {
    std::string file;
    std::string text;
};

// The table's name: the file name without folders and without its extension
// ("ctx/tor_exit_nodes.txt" -> "tor_exit_nodes"). It is the placeholder name
// (%tor_exit_nodes%) and the key for overriding. Returns a view into `file`.
[[nodiscard]] std::string_view table_name(std::string_view file) noexcept;

// True for the extensions a context folder holds: .csv, .yml, .yaml, .txt.
[[nodiscard]] bool is_table_file(std::string_view file) noexcept;

// Appends every table file of folder `dir` (not recursive), in sorted file-name
// order, as `dir/name`. README* and dot files are skipped silently, other files
// with a warning (context.unknown_file). An unreadable folder or file is an error
// (context.unreadable). Nothing is appended for a file that could not be read.
[[nodiscard]] LoadResult read_table_dir(const std::string& dir, std::vector<TableSource>& out);

// Replaces each table of `base` by the table of `overrides` with the same name
// (keeping its position), and appends the overrides with new names in their order.
void overlay_tables(std::vector<TableSource>& base, std::vector<TableSource> overrides);

} // namespace trailproof::context
