#pragma once
// A small RFC 4180 reader that keeps positions, for context tables
// (internal to context/). Fields are split on commas; a field may be quoted
// ("a, b", "say ""hi""") and a quoted field may span lines. Unquoted fields are
// trimmed of spaces and tabs, since hand-written tables often have "a, b".
// Blank lines and lines starting with '#' are skipped (tables can carry notes).
// A UTF-8 byte order mark (spreadsheet exports) is skipped.

#include <string>
#include <string_view>
#include <vector>

namespace trailproof::context {

struct CsvField {
    std::string text;
    int line = 0;   // 1-based line of the field's first character
    int column = 0; // 1-based byte column of the field's first character (or its quote)
};

struct CsvRow {
    int line = 0; // 1-based line where the row starts
    std::vector<CsvField> fields;
};

struct CsvError {
    int line = 0;
    int column = 0;
    std::string message;
};

// Reads every row of `text`. A malformed row (text after a closing quote) is
// reported in `errors` and skipped; an unterminated quote ends the reading.
void read_csv(std::string_view text, std::vector<CsvRow>& rows, std::vector<CsvError>& errors);

} // namespace trailproof::context
