#include "parse/head_scan.h"

#include <cstdint>
#include <cstring>

#include <simdjson.h>

#include "parse/field_table.h"
#include "parse/path_trie.h"

namespace trailproof::parse {

namespace {

constexpr int k_head_scan_max_depth = 64;
constexpr int k_head_scan_max_digits = 18;

// After a number or true/false/null: whitespace, or what may follow a value in
// a container. Stricter than simdjson (which also allows any structural), so
// every text accepted here simdjson accepts.
bool scan_ends_scalar(char c) noexcept {
    return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t';
}
bool scan_is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// One pass over stage 1's structural indexes: each value is checked against
// JSON's grammar, and the values at trie nodes with targets are added to the
// table in document order (as JsonWalker's DOM walk adds them). Any false
// return means Unsure: the pass stops, and the caller reads the record again.
// Off the trie's paths a value is only checked (skip_value), which for a string
// is nothing: stage 1 found it closed, in UTF-8 and without control
// characters, and without a backslash it holds no escape to check.
class StructuralScan {
public:
    StructuralScan(const char* bytes, std::size_t size, const std::uint32_t* indexes, std::uint32_t count,
                   const PathTrie& trie, FieldTable& table) noexcept
        : m_bytes(bytes), m_size(size), m_indexes(indexes), m_count(count), m_trie(trie), m_table(table) {}

    bool root() {
        if (peek() != '{') return false;
        return object(PathTrie::k_root, 1, true) && m_at == m_count;
    }

private:
    const char* m_bytes;
    std::size_t m_size;
    const std::uint32_t* m_indexes;
    std::uint32_t m_count;
    std::uint32_t m_at = 0; // the next structural index
    const PathTrie& m_trie;
    FieldTable& m_table;

    // The character at structural index `at`, '\0' past the last.
    [[nodiscard]] char char_at(std::uint32_t at) const noexcept { return at < m_count ? m_bytes[m_indexes[at]] : '\0'; }
    [[nodiscard]] char peek() const noexcept { return char_at(m_at); }

    // The text of the string whose opening quote is the next structural. No
    // backslash in the record, so its closing quote is the last byte before the
    // next structural that is not whitespace (anything else would have been
    // a structural of its own).
    std::string_view string() noexcept {
        const std::size_t open = m_indexes[m_at];
        std::size_t close = (m_at + 1 < m_count ? m_indexes[m_at + 1] : m_size) - 1;
        while (m_bytes[close] != '"') --close; // whitespace (stage 1 put the quote there)
        ++m_at;
        return {m_bytes + open + 1, close - open - 1};
    }

    // A number as JSON writes it: -?(0|[1-9][0-9]*)(.[0-9]+)?, without an
    // exponent and with at most 18 digits (simdjson's limits lie beyond).
    bool number() noexcept {
        std::size_t p = m_indexes[m_at];
        int digits = 0;
        if (m_bytes[p] == '-') ++p;
        if (p >= m_size || !scan_is_digit(m_bytes[p])) return false;
        if (m_bytes[p] == '0') {
            ++p;
            ++digits;
        } else {
            for (; p < m_size && scan_is_digit(m_bytes[p]); ++p) ++digits;
        }
        if (p < m_size && m_bytes[p] == '.') {
            ++p;
            if (p >= m_size || !scan_is_digit(m_bytes[p])) return false;
            for (; p < m_size && scan_is_digit(m_bytes[p]); ++p) ++digits;
        }
        if (digits > k_head_scan_max_digits || p >= m_size || !scan_ends_scalar(m_bytes[p])) return false;
        ++m_at;
        return true;
    }

    // true, false or null, spelled out and followed by what may end a scalar.
    bool literal(std::string_view word) noexcept {
        const std::size_t p = m_indexes[m_at];
        if (m_size - p <= word.size() || std::memcmp(m_bytes + p, word.data(), word.size()) != 0 ||
            !scan_ends_scalar(m_bytes[p + word.size()]))
            return false;
        ++m_at;
        return true;
    }

    // ---- on the trie's paths: `node` is the value's trie node

    bool value(PathTrie::NodeId node, int depth) {
        const bool targeted = !m_trie.targets(node).empty();
        switch (peek()) {
        case '{':
            if (targeted) return false; // the walk would add the object's JSON
            return m_trie.has_children(node) ? object(node, depth + 1, false) : skip_value(depth);
        case '[': return false; // any-element paths: the walk's own
        case '"': {
            const std::string_view text = string();
            if (targeted) {
                Value v;
                v.kind = ValueKind::String;
                v.text = text;
                m_table.note_string(text);
                add(node, v);
            }
            return true;
        }
        case 't': return literal_value("true", ValueKind::Bool, FieldTable::Literal::True, node, targeted);
        case 'f': return literal_value("false", ValueKind::Bool, FieldTable::Literal::False, node, targeted);
        case 'n': return literal_value("null", ValueKind::Null, FieldTable::Literal::Null, node, targeted);
        case '\0': return false;
        default: return !targeted && number(); // a number at a target: the walk formats it
        }
    }

    bool literal_value(std::string_view word, ValueKind kind, FieldTable::Literal literal, PathTrie::NodeId node,
                       bool targeted) {
        if (!this->literal(word)) return false;
        if (targeted) {
            Value v;
            v.kind = kind;
            v.text = m_table.json_literal(literal);
            add(node, v);
        }
        return true;
    }

    void add(PathTrie::NodeId node, const Value& v) {
        for (FieldId t : m_trie.targets(node)) m_table.add(t, v);
    }

    // The object whose '{' is the next structural, at trie node `node`.
    bool object(PathTrie::NodeId node, int depth, bool root) {
        if (depth > k_head_scan_max_depth) return false;
        ++m_at;
        if (peek() == '}') {
            ++m_at;
            return true;
        }
        for (;;) {
            if (peek() != '"' || char_at(m_at + 1) != ':') return false;
            const std::string_view key = string();
            ++m_at;
            // An EventBridge envelope is the walk's to unwrap.
            if (root && (key == "detail" || key == "detail-type")) return false;
            const PathTrie::NodeId child = m_trie.find(node, key);
            if (child != PathTrie::k_none) {
                if (!value(child, depth)) return false;
            } else if (peek() == '"') {
                ++m_at; // the most common value off the paths, checked by stage 1
            } else if (!skip_value(depth)) {
                return false;
            }
            const char next = peek();
            ++m_at;
            if (next == '}') return true;
            if (next != ',') return false;
        }
    }

    // ---- off the trie's paths: checked only

    // Checks the value at the next structural and moves past it, `depth`
    // being the nesting it lies in. One loop over the structurals with the
    // open containers as bits (1 an object, 0 an array), not a call per value:
    // most of a record lies off the head's paths.
    bool skip_value(int depth) {
        std::uint64_t open = 0; // bit 0: the innermost container opened here
        int nested = 0;         // containers opened here and not yet closed
        std::uint32_t at = m_at;
        char c;
    value:
        if (at >= m_count) return false;
        c = m_bytes[m_indexes[at]];
        if (c == '{' || c == '[') {
            if (depth + ++nested > k_head_scan_max_depth) return false;
            open = open << 1 | (c == '{' ? 1u : 0u);
            ++at;
            const char first = at < m_count ? m_bytes[m_indexes[at]] : '\0';
            if (first == (c == '{' ? '}' : ']')) {
                ++at;
                --nested;
                open >>= 1;
                goto after_value;
            }
            if (c == '[') goto value;
            goto key;
        }
        m_at = at;
        if (c == '"') {
            ++m_at;
        } else if (!(c == 't'   ? literal("true")
                     : c == 'f' ? literal("false")
                     : c == 'n' ? literal("null")
                                : number())) {
            return false;
        }
        at = m_at;
    after_value:
        if (nested == 0) {
            m_at = at;
            return true;
        }
        if (at >= m_count) return false;
        c = m_bytes[m_indexes[at++]];
        if (c == ',') {
            if ((open & 1) == 0) goto value;
            goto key;
        }
        if (c != ((open & 1) != 0 ? '}' : ']')) return false;
        --nested;
        open >>= 1;
        goto after_value;
    key:
        if (at + 1 >= m_count || m_bytes[m_indexes[at]] != '"' || m_bytes[m_indexes[at + 1]] != ':') return false;
        at += 2;
        goto value;
    }
};

} // namespace

HeadScan scan_head(simdjson::dom::parser& parser, std::string_view record, const PathTrie& trie,
                   FieldTable& table) noexcept {
    // Escapes are the DOM's to decode (and to check).
    if (record.empty() || std::memchr(record.data(), '\\', record.size()) != nullptr) return HeadScan::Unsure;
    if (!parser.implementation || parser.capacity() < record.size()) {
        if (parser.allocate(record.size(), parser.max_depth()) != simdjson::SUCCESS) return HeadScan::Unsure;
    }
    simdjson::internal::dom_parser_implementation& stage = *parser.implementation;
    if (stage.stage1(reinterpret_cast<const std::uint8_t*>(record.data()), record.size(),
                     simdjson::stage1_mode::regular) != simdjson::SUCCESS)
        return HeadScan::Unsure;
    StructuralScan scan(record.data(), record.size(), stage.structural_indexes.get(), stage.n_structural_indexes,
                        trie, table);
    return scan.root() ? HeadScan::Filled : HeadScan::Unsure;
}

} // namespace trailproof::parse
