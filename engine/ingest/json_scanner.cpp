#include "ingest/json_scanner.h"

#include <cstring>

namespace trailproof::ingest {

namespace {

constexpr std::string_view k_scanner_records_key = "\"Records\"";

// SWAR: 8 bytes at a time, is any of them '"', '\\' or '\n'? (the classic
// "has zero byte" test on the word xor each pattern)
constexpr std::uint64_t k_ones = 0x0101010101010101ULL;
constexpr std::uint64_t k_highs = 0x8080808080808080ULL;

constexpr std::uint64_t has_zero_byte(std::uint64_t x) noexcept { return (x - k_ones) & ~x & k_highs; }

bool has_string_stop(std::uint64_t word) noexcept {
    return (has_zero_byte(word ^ (k_ones * '"')) | has_zero_byte(word ^ (k_ones * '\\')) |
            has_zero_byte(word ^ (k_ones * '\n'))) != 0;
}

// Skips string contents up to the next '"', '\\' or '\n' (or `end`).
const char* skip_string_contents(const char* p, const char* end) noexcept {
    while (end - p >= 8) {
        std::uint64_t word;
        std::memcpy(&word, p, 8);
        if (has_string_stop(word)) break;
        p += 8;
    }
    while (p < end && *p != '"' && *p != '\\' && *p != '\n') ++p;
    return p;
}

} // namespace

std::size_t skip_space(std::string_view text, std::size_t pos, std::uint64_t& line) noexcept {
    while (pos < text.size() && is_json_space(text[pos])) {
        if (text[pos] == '\n') ++line;
        ++pos;
    }
    return pos;
}

bool starts_like_json(std::string_view line) noexcept {
    std::size_t pos = 0;
    while (pos < line.size() && (line[pos] == ' ' || line[pos] == '\t')) ++pos;
    if (pos == line.size() || (line[pos] != '{' && line[pos] != '[')) return false;
    bool brace = line[pos] == '{';
    std::uint64_t ignored = 0;
    std::size_t next = skip_space(line, pos + 1, ignored);
    if (next == line.size()) return true; // a lone bracket: broken JSON, which parse reports
    return brace ? can_follow_brace(line[next]) : can_follow_bracket(line[next]);
}

ObjectKind classify_object(std::string_view text, std::size_t pos) noexcept {
    std::uint64_t ignored = 0;
    pos = skip_space(text, pos + 1, ignored);
    std::string_view rest = text.substr(pos < text.size() ? pos : text.size());
    std::size_t n = rest.size() < k_scanner_records_key.size() ? rest.size() : k_scanner_records_key.size();
    if (rest.substr(0, n) != k_scanner_records_key.substr(0, n)) return ObjectKind::Plain;
    return n == k_scanner_records_key.size() ? ObjectKind::Records : ObjectKind::NeedMore;
}

void ValueScanner::start(std::size_t pos, std::uint32_t depth) noexcept {
    m_pos = pos;
    m_depth = depth;
    m_peak = depth;
    m_in_string = false;
    m_escaped = false;
}

void ValueScanner::start_string(std::size_t pos) noexcept {
    m_pos = pos + 1;
    m_depth = 0;
    m_peak = 0;
    m_in_string = true;
    m_escaped = false;
}

ValueScanner::Stop ValueScanner::advance(std::string_view text, bool stop_at_newline, std::uint64_t& line) noexcept {
    const char* begin = text.data();
    const char* end = begin + text.size();
    const char* p = begin + m_pos;
    for (; p < end; ++p) {
        if (m_in_string && !m_escaped) {
            // Hot loop: most bytes of a CloudTrail record are string contents.
            p = skip_string_contents(p, end);
            if (p == end) break;
        }
        char c = *p;
        if (c == '\n') {
            if (stop_at_newline) {
                m_pos = static_cast<std::size_t>(p - begin);
                return Stop::Newline;
            }
            ++line;
        }
        if (m_in_string) {
            if (m_escaped)
                m_escaped = false;
            else if (c == '\\')
                m_escaped = true;
            else if (c == '"') {
                m_in_string = false;
                if (m_depth == 0) { // a string scanned on its own (start_string) ends here
                    m_pos = static_cast<std::size_t>(p + 1 - begin);
                    return Stop::Closed;
                }
            }
            continue;
        }
        switch (c) {
        case '"':
            m_in_string = true;
            break;
        case '{':
        case '[':
            if (++m_depth > m_peak) m_peak = m_depth;
            break;
        case '}':
        case ']':
            if (m_depth > 0 && --m_depth == 0) {
                m_pos = static_cast<std::size_t>(p + 1 - begin);
                return Stop::Closed;
            }
            break;
        default:
            break;
        }
    }
    m_pos = text.size();
    return Stop::End;
}

} // namespace trailproof::ingest
