// One-value-per-line lists (.txt): IP lists, domain lists, keyword lists.
//
// The kind comes from a `# kind: ip|domain|keyword` line before the first entry,
// or else from the first entry: an address or CIDR makes an IP list, a domain
// name (optionally written `@domain`, the form mail rules match with |endswith)
// a domain list, anything else a keyword list. Deciding once per file means a
// typo in line 200 of an IP list is reported as a bad CIDR instead of silently
// turning the file into a word list. Lines starting with '#' are comments; in IP
// and domain lists a '#' or ';' after a blank also starts a comment (the format
// of published blocklists), keyword lists keep such text since a phrase may hold it.

#include "core/diagnostic_codes.h"
#include "core/ascii.h"
#include "context/context_messages.h"
#include "context/table_data.h"

namespace trailproof::context {

namespace {

bool is_list_blank(char c) noexcept { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && (is_list_blank(s.front()) || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (is_list_blank(s.back()) || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

// Cuts a trailing "<blank>#..." or "<blank>;..." comment.
std::string_view cut_comment(std::string_view s) noexcept {
    for (std::size_t i = 1; i < s.size(); ++i)
        if ((s[i] == '#' || s[i] == ';') && is_list_blank(s[i - 1])) return trim(s.substr(0, i));
    return s;
}

bool is_label_char(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

// A domain name: labels of letters, digits, '-' and '_' joined by dots, at least
// two labels, the last one with a letter; an optional leading '@' and trailing '.'.
bool looks_like_domain(std::string_view text) noexcept {
    if (!text.empty() && text.front() == '@') text.remove_prefix(1);
    if (!text.empty() && text.back() == '.') text.remove_suffix(1);
    if (text.empty()) return false;
    std::size_t labels = 0, label_len = 0;
    bool letter_in_label = false;
    for (char c : text) {
        if (c == '.') {
            if (label_len == 0) return false;
            ++labels;
            label_len = 0;
            letter_in_label = false;
            continue;
        }
        if (!is_label_char(c)) return false;
        ++label_len;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) letter_in_label = true;
    }
    return label_len > 0 && labels >= 1 && letter_in_label;
}

} // namespace

void read_list_table(const TableSource& source, TableData& out, TableDiagnostics& diag) {
    const std::string_view text = source.text;
    std::size_t pos = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    bool decided = false;
    for (int line = 1; pos <= text.size(); ++line) {
        const std::size_t start = pos;
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        pos = end + 1;
        const std::string_view entry = trim(text.substr(start, end - start));
        const auto column_of = [&](std::string_view part) {
            return static_cast<int>(static_cast<std::size_t>(part.data() - text.data()) - start) + 1;
        };
        const SourcePos at{line, entry.empty() ? 1 : column_of(entry)};
        if (entry.empty()) continue;
        if (entry.front() == '#') {
            // A `# kind: x` directive is read only before the first entry.
            const std::string_view body = trim(entry.substr(1));
            if (!decided && out.entries.empty() && body.substr(0, 5) == "kind:") {
                const std::string_view kind = trim(body.substr(5));
                const SourcePos kind_at{line, column_of(kind)};
                if (kind == "ip") out.kind = TableKind::IpList;
                else if (kind == "domain") out.kind = TableKind::DomainList;
                else if (kind == "keyword") out.kind = TableKind::KeywordList;
                else {
                    diag.error(codes::context_bad_kind, msg::bad_kind(kind), kind_at);
                    continue;
                }
                decided = true;
            }
            continue;
        }
        if (!decided) {
            const std::string_view probe = cut_comment(entry);
            out.kind = looks_like_ip(probe)       ? TableKind::IpList
                       : looks_like_domain(probe) ? TableKind::DomainList
                                                  : TableKind::KeywordList;
            decided = true;
        }
        ListEntry e;
        e.pos = at;
        switch (out.kind) {
        case TableKind::IpList: {
            e.text = std::string(cut_comment(entry));
            std::string reason;
            if (!parse_network(e.text, e.network, reason)) {
                diag.error(codes::context_bad_cidr, msg::bad_cidr(reason), at);
                continue;
            }
            break;
        }
        case TableKind::DomainList:
            e.text = std::string(cut_comment(entry));
            if (!looks_like_domain(e.text)) {
                diag.error(codes::context_bad_domain, msg::bad_domain(e.text), at);
                continue;
            }
            break;
        default: e.text = std::string(entry); break;
        }
        out.entries.push_back(std::move(e));
    }
    if (out.entries.empty() && diag.error_count() == 0)
        diag.warning(codes::context_empty_table, msg::empty_table(out.name), {});
}

} // namespace trailproof::context
