#include "parse/cef_reader.h"

#include <simdjson.h>

#include "parse/reject_detail.h"

namespace trailproof::parse {

namespace {

bool is_key_char(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
           c == '-';
}

// Position of the next '|' not escaped by a backslash, or npos.
std::size_t find_pipe(std::string_view s, std::size_t pos) noexcept {
    for (; pos < s.size(); ++pos) {
        if (s[pos] == '\\') ++pos;
        else if (s[pos] == '|') return pos;
    }
    return std::string_view::npos;
}

// Header escapes: \| and \\. Extension escapes: \=, \\, \n, \r. Any other
// backslash stays literal. Text without a backslash stays a view into the line.
std::string_view unescape(std::string_view text, bool header, Event& event) {
    if (text.find('\\') == std::string_view::npos) return text;
    char* out = event.arena().reserve(text.size());
    std::size_t n = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '\\' && i + 1 < text.size()) {
            char e = text[i + 1];
            char r = 0;
            if (e == '\\') r = '\\';
            else if (header && e == '|') r = '|';
            else if (!header && e == '=') r = '=';
            else if (!header && e == 'n') r = '\n';
            else if (!header && e == 'r') r = '\r';
            if (r) {
                out[n++] = r;
                ++i;
                continue;
            }
        }
        out[n++] = c;
    }
    return event.arena().commit(out, n);
}

void add_text(const PathTrie& trie, PathTrie::NodeId node, std::string_view text, bool header, Event& event) {
    if (node == PathTrie::k_none) return;
    auto targets = trie.targets(node);
    if (targets.empty()) return;
    Value v;
    v.kind = ValueKind::String;
    v.text = unescape(text, header, event);
    for (FieldId t : targets) event.add(t, v);
}

bool all_digits(std::string_view s) noexcept {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

RejectCode malformed(std::string& detail, std::string message) {
    detail = std::move(message);
    return RejectCode::MalformedCef;
}

} // namespace

RejectCode read_cef(std::string_view line, const CompiledParser& parser, Event& event, std::string& detail) noexcept {
    if (!simdjson::validate_utf8(line.data(), line.size())) {
        detail = invalid_utf8_detail(line);
        return RejectCode::InvalidUtf8;
    }
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
    std::size_t start = line.find("CEF:");
    if (start == std::string_view::npos) return malformed(detail, "no 'CEF:' header");

    // Header: seven '|'-terminated fields; everything after the seventh '|' is the extension.
    std::size_t pos = start + 4;
    for (std::size_t h = 0; h < k_cef_header_count; ++h) {
        std::size_t pipe = find_pipe(line, pos);
        if (pipe == std::string_view::npos)
            return malformed(detail, "CEF header ends after " + std::to_string(h) + " of 7 fields");
        std::string_view field = line.substr(pos, pipe - pos);
        if (h == 0 && !all_digits(field)) {
            detail = "bad CEF version ";
            append_excerpt(detail, field);
            return RejectCode::MalformedCef;
        }
        add_text(parser.trie, parser.cef_header_nodes[h], field, true, event);
        pos = pipe + 1;
    }

    // Extension: key=value pairs; a value runs up to the space before the next
    // unescaped "key=", so values may contain spaces.
    std::string_view ext = line.substr(pos);
    std::size_t i = 0;
    while (i < ext.size() && ext[i] == ' ') ++i;
    if (i == ext.size()) return RejectCode::Ok;
    std::size_t key_start = i;
    while (i < ext.size() && is_key_char(ext[i])) ++i;
    if (i == key_start || i == ext.size() || ext[i] != '=') {
        detail = "CEF extension does not start with key=value: ";
        append_excerpt(detail, ext.substr(key_start), 32);
        return RejectCode::MalformedCef;
    }
    for (;;) {
        std::string_view key = ext.substr(key_start, i - key_start);
        std::size_t value_start = i + 1;
        std::size_t value_end = ext.size();
        std::size_t next_key = std::string_view::npos;
        std::size_t next_eq = std::string_view::npos;
        for (std::size_t j = value_start; j < ext.size(); ++j) {
            if (ext[j] == '\\') {
                ++j;
                continue;
            }
            if (ext[j] != '=') continue;
            std::size_t k = j;
            while (k > value_start && is_key_char(ext[k - 1])) --k;
            if (k < j && k > value_start && ext[k - 1] == ' ') {
                next_key = k;
                next_eq = j;
                value_end = k - 1;
                break;
            }
        }
        while (value_end > value_start && ext[value_end - 1] == ' ') --value_end;
        PathTrie::NodeId node = parser.trie.find(PathTrie::k_root, key);
        add_text(parser.trie, node, ext.substr(value_start, value_end - value_start), false, event);
        if (next_key == std::string_view::npos) break;
        key_start = next_key;
        i = next_eq;
    }
    return RejectCode::Ok;
}

} // namespace trailproof::parse
