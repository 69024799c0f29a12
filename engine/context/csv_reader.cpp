#include "context/csv_reader.h"

namespace trailproof::context {

namespace {

bool is_blank(char c) noexcept { return c == ' ' || c == '\t'; }

class CsvScanner {
public:
    CsvScanner(std::string_view text, std::vector<CsvRow>& rows, std::vector<CsvError>& errors)
        : m_text(text), m_rows(rows), m_errors(errors) {}

    void run() {
        if (m_text.substr(0, 3) == "\xEF\xBB\xBF") m_pos = m_line_start = 3; // columns count from after the mark
        while (m_pos < m_text.size()) {
            skip_blank();
            if (at_line_end()) {
                end_line();
                continue;
            }
            if (peek() == '#') {
                skip_to_line_end();
                end_line();
                continue;
            }
            if (!read_row()) return;
        }
    }

private:
    char peek() const noexcept { return m_text[m_pos]; }
    bool at_line_end() const noexcept {
        return m_pos >= m_text.size() || peek() == '\n' || (peek() == '\r' && next_is('\n'));
    }
    bool next_is(char c) const noexcept { return m_pos + 1 < m_text.size() && m_text[m_pos + 1] == c; }
    int column() const noexcept { return static_cast<int>(m_pos - m_line_start) + 1; }
    void skip_blank() noexcept {
        while (m_pos < m_text.size() && is_blank(peek())) ++m_pos;
    }
    void skip_to_line_end() noexcept {
        while (!at_line_end()) ++m_pos;
    }
    // Consumes the line break at m_pos (if any) and starts a new line.
    void end_line() noexcept {
        if (m_pos < m_text.size() && peek() == '\r') ++m_pos;
        if (m_pos < m_text.size() && peek() == '\n') ++m_pos;
        ++m_line;
        m_line_start = m_pos;
    }

    // Reads one row starting at a non-blank character; false when reading must stop.
    bool read_row() {
        CsvRow row;
        row.line = m_line;
        for (;;) {
            skip_blank();
            CsvField field;
            field.line = m_line;
            field.column = column();
            if (m_pos < m_text.size() && peek() == '"') {
                if (!read_quoted(field)) return false;
                skip_blank();
                if (!at_line_end() && peek() != ',') {
                    m_errors.push_back({m_line, column(), "unexpected text after a closing quote"});
                    skip_to_line_end();
                    end_line();
                    return true;
                }
            } else {
                const std::size_t start = m_pos;
                while (!at_line_end() && peek() != ',') ++m_pos;
                std::string_view raw = m_text.substr(start, m_pos - start);
                while (!raw.empty() && is_blank(raw.back())) raw.remove_suffix(1);
                field.text.assign(raw);
            }
            row.fields.push_back(std::move(field));
            if (at_line_end()) break;
            ++m_pos; // the comma
        }
        end_line();
        m_rows.push_back(std::move(row));
        return true;
    }

    bool read_quoted(CsvField& field) {
        const int line = m_line, col = column();
        ++m_pos; // opening quote
        for (;;) {
            if (m_pos >= m_text.size()) {
                m_errors.push_back({line, col, "unterminated quoted field"});
                return false;
            }
            const char c = peek();
            if (c == '"') {
                if (next_is('"')) {
                    field.text += '"';
                    m_pos += 2;
                    continue;
                }
                ++m_pos;
                return true;
            }
            if (c == '\n') {
                field.text += c;
                ++m_pos;
                ++m_line;
                m_line_start = m_pos;
                continue;
            }
            if (c == '\r' && next_is('\n')) { // CRLF inside a quote reads as \n
                ++m_pos;
                continue;
            }
            field.text += c;
            ++m_pos;
        }
    }

    std::string_view m_text;
    std::vector<CsvRow>& m_rows;
    std::vector<CsvError>& m_errors;
    std::size_t m_pos = 0;
    std::size_t m_line_start = 0;
    int m_line = 1;
};

} // namespace

void read_csv(std::string_view text, std::vector<CsvRow>& rows, std::vector<CsvError>& errors) {
    CsvScanner(text, rows, errors).run();
}

} // namespace trailproof::context
