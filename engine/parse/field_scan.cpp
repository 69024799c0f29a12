#include "parse/field_scan.h"

#include <charconv>
#include <cstdint>
#include <cstring>

#include <simdjson.h>

#include "parse/field_table.h"
#include "parse/path_trie.h"

namespace trailproof::parse {

namespace {

constexpr int k_scan_max_depth = 64;
constexpr int k_scan_max_digits = 18;

bool scan_is_space(char c) noexcept { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }
// After a number or true/false/null: whitespace, or what may follow a value in
// a container. Stricter than simdjson (which also allows any structural), so
// every text accepted here simdjson accepts.
bool scan_ends_scalar(char c) noexcept { return c == ',' || c == '}' || c == ']' || scan_is_space(c); }
bool scan_is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// One pass over stage 1's structural indexes: each value is checked against
// JSON's grammar, and the values at trie nodes with targets are added to the
// table in document order (as JsonWalker's DOM walk adds them). Any false
// return means not decided: the pass stops, and the record is read through the DOM.
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
    bool m_integers = true; // no number but integers other than -0 since set (number)
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
    // exponent and with at most 18 digits (simdjson's limits lie beyond). An
    // integer other than -0 (which the DOM formats as written) leaves
    // m_integers alone; any other number clears it.
    bool number() noexcept {
        std::size_t p = m_indexes[m_at];
        int digits = 0;
        const bool negative = m_bytes[p] == '-';
        if (negative) ++p;
        if (p >= m_size || !scan_is_digit(m_bytes[p])) return false;
        if (m_bytes[p] == '0') {
            ++p;
            ++digits;
            if (negative) m_integers = false;
        } else {
            for (; p < m_size && scan_is_digit(m_bytes[p]); ++p) ++digits;
        }
        if (p < m_size && m_bytes[p] == '.') {
            ++p;
            if (p >= m_size || !scan_is_digit(m_bytes[p])) return false;
            for (; p < m_size && scan_is_digit(m_bytes[p]); ++p) ++digits;
            m_integers = false;
        }
        if (digits > k_scan_max_digits || p >= m_size || !scan_ends_scalar(m_bytes[p])) return false;
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

    // ---- on the trie's paths: `node` is the value's trie node, `depth` the
    // nesting the value lies in (the root object's keys lie in 1)

    // As JsonWalker's visit: a targeted value is added (an array's elements one
    // by one), then the paths below `node` go on into it.
    bool value(PathTrie::NodeId node, int depth) {
        const char c = peek();
        if (c != '{' && c != '[') return scalar(node, !m_trie.targets(node).empty());
        const bool children = m_trie.has_children(node);
        if (m_trie.targets(node).empty()) return children ? cross(node, depth) : skip_value(depth);
        const std::uint32_t start = m_at;
        if (!(c == '{' ? container(node, depth) : elements(node, depth))) return false;
        if (!children) return true;
        m_at = start; // the walk adds the container's values before it goes into it
        return cross(node, depth);
    }

    // The string, number or literal at the next structural; added when `targeted`.
    [[gnu::always_inline]] bool scalar(PathTrie::NodeId node, bool targeted) {
        switch (peek()) {
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
        default: return targeted ? number_value(node) : number();
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

    // A number at a target: an integer, with the DOM's value and text (the
    // digits as written); any other number is the DOM's to format.
    bool number_value(PathTrie::NodeId node) {
        const std::size_t start = m_indexes[m_at];
        m_integers = true;
        if (!number() || !m_integers) return false;
        std::size_t p = start + (m_bytes[start] == '-' ? 1 : 0);
        std::int64_t magnitude = 0; // at most 18 digits: no overflow
        for (; scan_is_digit(m_bytes[p]); ++p) magnitude = magnitude * 10 + (m_bytes[p] - '0');
        const std::int64_t integer = m_bytes[start] == '-' ? -magnitude : magnitude;
        Value v;
        v.kind = ValueKind::Number;
        v.number = static_cast<double>(integer); // as simdjson's get_double of an integer
        constexpr std::size_t k_digits = 20;     // an int64 with its sign
        char* at = m_table.arena().reserve(k_digits);
        const char* end = std::to_chars(at, at + k_digits, integer).ptr;
        v.text = m_table.arena().commit(at, static_cast<std::size_t>(end - at));
        add(node, v);
        return true;
    }

    // The object or array at the next structural, at a targeted node: its
    // minified JSON is added. Integers, strings without escapes, true, false
    // and null read the same minified as the DOM writes them, so the text is
    // the record's tokens without the whitespace between them.
    bool container(PathTrie::NodeId node, int depth) {
        const std::uint32_t first = m_at;
        m_integers = true;
        if (!skip_value(depth) || !m_integers) return false;
        Value v;
        v.kind = m_bytes[m_indexes[first]] == '{' ? ValueKind::Object : ValueKind::Array;
        v.text = minified(first, m_at);
        add(node, v);
        return true;
    }

    // The tokens of structurals [first, end) without the whitespace after each:
    // each structural starts one token (a string at its opening quote), and
    // what lies between its token and the next structural is whitespace.
    std::string_view minified(std::uint32_t first, std::uint32_t end) {
        const std::size_t begin = m_indexes[first], last = m_indexes[end - 1]; // the closing bracket
        TextArena& arena = m_table.arena();
        char* out = arena.reserve(last - begin + 1);
        bool spaced = false;
        for (std::uint32_t i = first + 1; i < end && !spaced; ++i) spaced = scan_is_space(m_bytes[m_indexes[i] - 1]);
        if (!spaced) {
            std::memcpy(out, m_bytes + begin, last - begin + 1);
            return arena.commit(out, last - begin + 1);
        }
        char* w = out;
        for (std::uint32_t i = first; i + 1 < end; ++i) {
            const char* token = m_bytes + m_indexes[i];
            const char* stop = m_bytes + m_indexes[i + 1];
            while (stop > token + 1 && scan_is_space(stop[-1])) --stop;
            std::memcpy(w, token, static_cast<std::size_t>(stop - token));
            w += stop - token;
        }
        *w++ = m_bytes[last];
        return arena.commit(out, static_cast<std::size_t>(w - out));
    }

    // The array at the next structural, at a targeted node: one value per
    // element, nested arrays flattened and an empty one adding nothing
    // (JsonWalker's add_elements).
    bool elements(PathTrie::NodeId node, int depth) {
        if (depth + 1 > k_scan_max_depth) return false;
        ++m_at;
        if (peek() == ']') {
            ++m_at;
            return true;
        }
        for (;;) {
            const char c = peek();
            if (!(c == '[' ? elements(node, depth + 1) : c == '{' ? container(node, depth + 1) : scalar(node, true)))
                return false;
            const char next = peek();
            ++m_at;
            if (next == ']') return true;
            if (next != ',') return false;
        }
    }

    // Goes on along the paths below `node` into the object or array at the
    // next structural; through an array, into every element (JsonWalker's cross).
    bool cross(PathTrie::NodeId node, int depth) {
        if (peek() == '{') return object(node, depth + 1, false);
        if (depth + 1 > k_scan_max_depth) return false;
        ++m_at;
        if (peek() == ']') {
            ++m_at;
            return true;
        }
        for (;;) {
            const char c = peek();
            if (!(c == '{' || c == '[' ? cross(node, depth + 1) : skip_value(depth + 1))) return false;
            const char next = peek();
            ++m_at;
            if (next == ']') return true;
            if (next != ',') return false;
        }
    }

    void add(PathTrie::NodeId node, const Value& v) {
        for (FieldId t : m_trie.targets(node)) m_table.add(t, v);
    }

    // The object whose '{' is the next structural, at trie node `node`.
    bool object(PathTrie::NodeId node, int depth, bool root) {
        if (depth > k_scan_max_depth) return false;
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
            if (depth + ++nested > k_scan_max_depth) return false;
            open = open << 1 | (c == '{' ? 1u : 0u);
            ++at;
            const char first = char_at(at);
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

FieldScan scan_fields(simdjson::dom::parser& parser, std::string_view record, bool staged, const PathTrie& trie,
                      FieldTable& table) noexcept {
    // Escapes are the DOM's to decode (and to check).
    if (record.empty() || std::memchr(record.data(), '\\', record.size()) != nullptr) return FieldScan::Unsure;
    simdjson::internal::dom_parser_implementation* stage = parser.implementation.get();
    if (!staged) {
        if (!stage || parser.capacity() < record.size()) {
            if (parser.allocate(record.size(), parser.max_depth()) != simdjson::SUCCESS) return FieldScan::Unsure;
            stage = parser.implementation.get();
        }
        if (stage->stage1(reinterpret_cast<const std::uint8_t*>(record.data()), record.size(),
                          simdjson::stage1_mode::regular) != simdjson::SUCCESS)
            return FieldScan::Unsure;
    }
    StructuralScan scan(record.data(), record.size(), stage->structural_indexes.get(), stage->n_structural_indexes,
                        trie, table);
    return scan.root() ? FieldScan::Filled : FieldScan::Staged;
}

} // namespace trailproof::parse
