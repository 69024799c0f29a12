#include "rules/regex_bounds.h"

#include <algorithm>

namespace trailproof::rules {

namespace {

constexpr std::size_t k_inf = RegexBounds::k_unbounded;
// Lengths are kept at most this (no overflow): a longest match past it counts
// as unbounded, a shortest match past it as this long (still a lower bound).
constexpr std::size_t k_length_cap = std::size_t{1} << 20;

using ByteSet = std::array<std::uint64_t, 4>;

std::size_t longest_sum(std::size_t a, std::size_t b) noexcept {
    if (a == k_inf || b == k_inf || a + b > k_length_cap) return k_inf;
    return a + b;
}

std::size_t longest_product(std::size_t a, std::size_t n) noexcept {
    if (a == 0 || n == 0) return 0;
    if (a == k_inf || n == k_inf || a > k_length_cap / n) return k_inf;
    return a * n;
}

// a <= k_length_cap, b <= k_length_cap, n <= 1000 (RE2's largest count).
std::size_t shortest_sum(std::size_t a, std::size_t b) noexcept { return std::min(a + b, k_length_cap); }
std::size_t shortest_product(std::size_t a, std::size_t n) noexcept { return std::min(a * n, k_length_cap); }

void add_byte(ByteSet& set, unsigned char b) noexcept { set[b >> 6] |= std::uint64_t{1} << (b & 63); }

void add_set(ByteSet& set, const ByteSet& other) noexcept {
    for (std::size_t i = 0; i < set.size(); ++i) set[i] |= other[i];
}

bool is_letter(unsigned char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit_byte(unsigned char c) noexcept { return c >= '0' && c <= '9'; }
bool is_plain_ascii(unsigned char c) noexcept { return c >= 0x20 && c < 0x7F; }

// What a piece of the pattern can match: its shortest and longest match in
// bytes, and the bytes a non-empty match can start with.
struct Piece {
    std::size_t min = 0, max = 0;
    ByteSet first{};
};

class BoundsParser {
public:
    BoundsParser(std::string_view pattern, bool folded) : m_p(pattern), m_folded(folded) {}

    // The whole pattern; false when it leaves the subset. `alternatives` tells
    // whether the top level has a `|` (an anchor would then bind one branch).
    bool parse(Piece& out, bool& alternatives) {
        return alternation(out, alternatives) && m_at == m_p.size();
    }

private:
    std::string_view m_p;
    std::size_t m_at = 0;
    bool m_folded;

    bool more() const noexcept { return m_at < m_p.size(); }
    unsigned char peek() const noexcept { return static_cast<unsigned char>(m_p[m_at]); }

    bool alternation(Piece& out, bool& alternatives) {
        alternatives = false;
        if (!sequence(out)) return false;
        while (more() && peek() == '|') {
            ++m_at;
            alternatives = true;
            Piece branch;
            if (!sequence(branch)) return false;
            out.min = std::min(out.min, branch.min);
            out.max = std::max(out.max, branch.max);
            add_set(out.first, branch.first);
        }
        return true;
    }

    bool sequence(Piece& out) {
        out = Piece{};
        bool nullable = true; // every item so far can match the empty string
        while (more() && peek() != '|' && peek() != ')') {
            Piece item;
            if (!repeated(item)) return false;
            out.min = shortest_sum(out.min, item.min);
            out.max = longest_sum(out.max, item.max);
            if (nullable) add_set(out.first, item.first);
            nullable = nullable && item.min == 0;
        }
        return true;
    }

    bool repeated(Piece& out) {
        if (!atom(out)) return false;
        std::size_t lo = 1, hi = 1;
        if (!more()) return true;
        switch (peek()) {
        case '*': lo = 0, hi = k_inf, ++m_at; break;
        case '+': lo = 1, hi = k_inf, ++m_at; break;
        case '?': lo = 0, hi = 1, ++m_at; break;
        case '{':
            if (!counted(lo, hi)) return false;
            break;
        default: return true;
        }
        if (more() && peek() == '?') ++m_at; // lazy: the same texts
        if (more() && (peek() == '*' || peek() == '+' || peek() == '?' || peek() == '{')) return false;
        out.min = shortest_product(out.min, lo);
        out.max = longest_product(out.max, hi);
        if (hi == 0) out.first = ByteSet{};
        return true;
    }

    // {n}, {n,} or {n,m}; anything else leaves the subset.
    bool counted(std::size_t& lo, std::size_t& hi) {
        ++m_at;
        if (!number(lo)) return false;
        hi = lo;
        if (more() && peek() == ',') {
            ++m_at;
            hi = k_inf;
            if (more() && peek() != '}' && !number(hi)) return false;
        }
        if (!more() || peek() != '}' || hi < lo) return false;
        ++m_at;
        return true;
    }

    bool number(std::size_t& out) {
        if (!more() || !is_digit_byte(peek())) return false;
        out = 0;
        while (more() && is_digit_byte(peek())) {
            out = out * 10 + (peek() - '0');
            if (out > 1000) return false; // RE2's own limit
            ++m_at;
        }
        return true;
    }

    bool atom(Piece& out) {
        const unsigned char c = peek();
        ++m_at;
        ByteSet set{};
        switch (c) {
        case '(': {
            if (more() && peek() == '?') {
                if (m_at + 1 >= m_p.size() || m_p[m_at + 1] != ':') return false;
                m_at += 2;
            }
            bool alternatives = false;
            if (!alternation(out, alternatives) || !more() || peek() != ')') return false;
            ++m_at;
            return true;
        }
        case '[': return char_class(out);
        case '.':
            // One UTF-8 character: 1 to 4 bytes, any first byte.
            out.min = 1;
            out.max = 4;
            out.first = ByteSet{~0ULL, ~0ULL, ~0ULL, ~0ULL};
            return true;
        case '\\':
            if (!more() || !escape(set)) return false;
            out = one_of(set);
            return true;
        case '^':
        case '$':
        case '*':
        case '+':
        case '?':
        case '{':
        case '}':
        case ']':
        case '|':
        case ')': return false;
        default:
            if (!is_plain_ascii(c)) return false;
            add_byte(set, c);
            out = one_of(set);
            return true;
        }
    }

    // After a backslash: \d \s \w or escaped punctuation.
    bool escape(ByteSet& set) {
        const unsigned char c = peek();
        ++m_at;
        if (c == 'd' || c == 'w') {
            for (unsigned char d = '0'; d <= '9'; ++d) add_byte(set, d);
            if (c == 'w') {
                for (unsigned char l = 'a'; l <= 'z'; ++l) add_byte(set, l), add_byte(set, l - 'a' + 'A');
                add_byte(set, '_');
            }
            return true;
        }
        if (c == 's') {
            for (const char s : {'\t', '\n', '\f', '\r', ' '}) add_byte(set, static_cast<unsigned char>(s));
            return true;
        }
        if (!is_plain_ascii(c) || is_letter(c) || is_digit_byte(c)) return false;
        add_byte(set, c);
        return true;
    }

    // One member of a class that can bound a range: a literal or escaped punctuation.
    bool class_char(unsigned char& out) {
        if (!more()) return false;
        unsigned char c = peek();
        if (c == '\\') {
            ++m_at;
            if (!more()) return false;
            c = peek();
            if (!is_plain_ascii(c) || is_letter(c) || is_digit_byte(c)) return false;
        } else if (!is_plain_ascii(c) || c == '[' || c == ']') {
            return false;
        }
        ++m_at;
        out = c;
        return true;
    }

    bool char_class(Piece& out) {
        ByteSet set{};
        if (!more() || peek() == '^' || peek() == ']') return false;
        while (more() && peek() != ']') {
            if (peek() == '\\' && m_at + 1 < m_p.size() &&
                (m_p[m_at + 1] == 'd' || m_p[m_at + 1] == 's' || m_p[m_at + 1] == 'w')) {
                ++m_at;
                if (!escape(set)) return false;
                continue;
            }
            unsigned char lo = 0;
            if (!class_char(lo)) return false;
            unsigned char hi = lo;
            if (m_at + 1 < m_p.size() && peek() == '-' && m_p[m_at + 1] != ']') {
                ++m_at;
                if (!class_char(hi) || hi < lo) return false;
            }
            for (unsigned c = lo; c <= hi; ++c) add_byte(set, static_cast<unsigned char>(c));
        }
        if (!more()) return false;
        ++m_at;
        out = one_of(set);
        return true;
    }

    // One byte of `set`. Case-folded, an ASCII letter also matches its other
    // case and, in Unicode, other characters (k: U+212A, s: U+017F): up to 3
    // bytes starting with a non-ASCII byte.
    Piece one_of(const ByteSet& set) const noexcept {
        Piece p;
        p.min = p.max = 1;
        p.first = set;
        if (!m_folded) return p;
        bool letters = false;
        for (unsigned c = 'A'; c <= 'z'; ++c) {
            const auto b = static_cast<unsigned char>(c);
            if (!is_letter(b) || ((set[b >> 6] >> (b & 63)) & 1) == 0) continue;
            letters = true;
            add_byte(p.first, static_cast<unsigned char>(b ^ 0x20));
        }
        if (letters) {
            p.max = 3;
            for (unsigned c = 0x80; c <= 0xFF; ++c) add_byte(p.first, static_cast<unsigned char>(c));
        }
        return p;
    }
};

} // namespace

RegexBounds regex_bounds(std::string_view pattern, bool case_sensitive) {
    bool folded = !case_sensitive, multiline = false;
    // Leading flag groups, as the value compiler writes them: (?s), (?m), (?i)...
    while (pattern.size() >= 3 && pattern[0] == '(' && pattern[1] == '?' && pattern[2] != ':') {
        std::size_t i = 2;
        for (; i < pattern.size() && pattern[i] != ')'; ++i) {
            if (pattern[i] == 'i') folded = true;
            else if (pattern[i] == 'm') multiline = true;
            else if (pattern[i] != 's' && pattern[i] != 'U') return {};
        }
        if (i == pattern.size() || i == 2) return {};
        pattern.remove_prefix(i + 1);
    }
    bool anchored_start = false, anchored_end = false;
    if (!multiline && !pattern.empty() && pattern.front() == '^') {
        anchored_start = true;
        pattern.remove_prefix(1);
    }
    if (!multiline && !pattern.empty() && pattern.back() == '$') {
        std::size_t slashes = 0;
        while (slashes + 1 < pattern.size() && pattern[pattern.size() - 2 - slashes] == '\\') ++slashes;
        if (slashes % 2 == 0) {
            anchored_end = true;
            pattern.remove_suffix(1);
        }
    }
    Piece whole;
    bool alternatives = false;
    if (!BoundsParser(pattern, folded).parse(whole, alternatives)) return {};
    if (alternatives && (anchored_start || anchored_end)) return {}; // ^a|b$: each anchor binds one branch
    RegexBounds out;
    out.min_length = whole.min;
    if (anchored_start && anchored_end) out.max_length = whole.max;
    if (anchored_start && whole.min > 0) {
        out.first_known = true;
        out.first_bytes = whole.first;
    }
    return out;
}

} // namespace trailproof::rules
