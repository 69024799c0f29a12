#include "parse/time_parse.h"
#include "core/ascii.h"
#include "core/civil_time.h"

#include <array>

namespace trailproof::parse {

namespace {

// Broken-down time as read; validated and converted once by to_ms().
struct Civil {
    int year = 1970;
    int month = 1;
    int day = 1;
    int hour = 0;
    int minute = 0;
    int second = 0;
    int millis = 0;
    int offset_minutes = 0; // local = UTC + offset
};

bool to_ms(const Civil& c, std::int64_t& ms) noexcept {
    if (c.year < 0 || c.year > 9999 || c.month < 1 || c.month > 12) return false;
    if (c.day < 1 || static_cast<unsigned>(c.day) > days_in_month(c.year, static_cast<unsigned>(c.month))) return false;
    // Leap second 60 is rejected: CloudTrail never writes it and models want a monotonic clock.
    if (c.hour > 23 || c.minute > 59 || c.second > 59) return false;
    std::int64_t days = days_from_civil(c.year, static_cast<unsigned>(c.month), static_cast<unsigned>(c.day));
    ms = ((days * 24 + c.hour) * 60 + c.minute) * 60'000 + c.second * 1000 + c.millis -
         static_cast<std::int64_t>(c.offset_minutes) * 60'000;
    return true;
}

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// Reads between `min` and `max` digits at `pos`.
bool read_digits(std::string_view s, std::size_t& pos, int min, int max, int& out) noexcept {
    int n = 0;
    int v = 0;
    while (n < max && pos < s.size() && is_digit(s[pos])) {
        v = v * 10 + (s[pos] - '0');
        ++pos;
        ++n;
    }
    out = v;
    return n >= min;
}

bool expect(std::string_view s, std::size_t& pos, char c) noexcept {
    if (pos >= s.size() || s[pos] != c) return false;
    ++pos;
    return true;
}

// 1..9 digits of a fraction; keeps milliseconds, truncating the rest.
bool read_fraction(std::string_view s, std::size_t& pos, int& millis) noexcept {
    int n = 0;
    millis = 0;
    while (pos < s.size() && is_digit(s[pos])) {
        if (n < 3) millis = millis * 10 + (s[pos] - '0');
        ++n;
        ++pos;
    }
    if (n == 0 || n > 9) return false;
    for (int i = n; i < 3; ++i) millis *= 10;
    return true;
}


bool read_month_name(std::string_view s, std::size_t& pos, int& month) noexcept {
    static constexpr std::array<std::string_view, 12> k_names{"jan", "feb", "mar", "apr", "may", "jun",
                                                              "jul", "aug", "sep", "oct", "nov", "dec"};
    if (s.size() - pos < 3) return false;
    for (std::size_t m = 0; m < k_names.size(); ++m) {
        if (ascii_lower(s[pos]) == k_names[m][0] && ascii_lower(s[pos + 1]) == k_names[m][1] &&
            ascii_lower(s[pos + 2]) == k_names[m][2]) {
            month = static_cast<int>(m) + 1;
            pos += 3;
            return true;
        }
    }
    return false;
}

// Z | z | UTC | GMT | +hh | +hhmm | +hh:mm (and '-').
bool read_zone(std::string_view s, std::size_t& pos, int& offset_minutes) noexcept {
    offset_minutes = 0;
    if (pos >= s.size()) return false;
    if (s[pos] == 'Z' || s[pos] == 'z') {
        ++pos;
        return true;
    }
    std::string_view rest = s.substr(pos);
    if (rest.substr(0, 3) == "UTC" || rest.substr(0, 3) == "GMT") {
        pos += 3;
        return true;
    }
    if (s[pos] != '+' && s[pos] != '-') return false;
    int sign = s[pos] == '-' ? -1 : 1;
    ++pos;
    int hours = 0;
    int minutes = 0;
    if (!read_digits(s, pos, 2, 2, hours)) return false;
    if (pos < s.size() && s[pos] == ':') {
        ++pos;
        if (!read_digits(s, pos, 2, 2, minutes)) return false;
    } else if (pos < s.size() && is_digit(s[pos])) {
        if (!read_digits(s, pos, 2, 2, minutes)) return false;
    }
    if (hours > 23 || minutes > 59) return false;
    offset_minutes = sign * (hours * 60 + minutes);
    return true;
}

// Reads the fixed tokens of `pattern` from `s` at `pos` into `c`.
bool match_tokens(std::string_view s, std::size_t& pos, const TimeToken* begin, const TimeToken* end, Civil& c) noexcept {
    for (const TimeToken* t = begin; t != end; ++t) {
        bool ok = true;
        switch (t->kind) {
        case TimeTokenKind::Literal: ok = expect(s, pos, t->literal); break;
        case TimeTokenKind::Year: ok = read_digits(s, pos, t->min_digits, t->max_digits, c.year); break;
        case TimeTokenKind::Month: ok = read_digits(s, pos, t->min_digits, t->max_digits, c.month); break;
        case TimeTokenKind::MonthName: ok = read_month_name(s, pos, c.month); break;
        case TimeTokenKind::Day: ok = read_digits(s, pos, t->min_digits, t->max_digits, c.day); break;
        case TimeTokenKind::Hour: ok = read_digits(s, pos, t->min_digits, t->max_digits, c.hour); break;
        case TimeTokenKind::Minute: ok = read_digits(s, pos, t->min_digits, t->max_digits, c.minute); break;
        case TimeTokenKind::Second: ok = read_digits(s, pos, t->min_digits, t->max_digits, c.second); break;
        case TimeTokenKind::Fraction: ok = read_fraction(s, pos, c.millis); break;
        case TimeTokenKind::Zone: ok = read_zone(s, pos, c.offset_minutes); break;
        }
        if (!ok) return false;
    }
    return true;
}

constexpr TimeToken num(TimeTokenKind k, std::uint8_t min, std::uint8_t max) { return {k, 0, min, max}; }
constexpr TimeToken lit(char c) { return {TimeTokenKind::Literal, c, 0, 0}; }

// "MMM dd yyyy HH:mm:ss", the CEF rt date.
constexpr std::array<TimeToken, 11> k_cef_date{
    TimeToken{TimeTokenKind::MonthName, 0, 0, 0}, lit(' '), num(TimeTokenKind::Day, 2, 2), lit(' '),
    num(TimeTokenKind::Year, 4, 4), lit(' '), num(TimeTokenKind::Hour, 2, 2), lit(':'),
    num(TimeTokenKind::Minute, 2, 2), lit(':'), num(TimeTokenKind::Second, 2, 2)};

} // namespace

// CloudTrail's own form, "2024-03-05T12:34:56Z" (20 bytes): every field at a
// fixed place, read without the general path's loops. Any other form declines,
// and the general path reads it; for this form both fill the same fields.
bool read_cloudtrail_time(std::string_view s, Civil& c) noexcept {
    if (s.size() != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z')
        return false;
    const auto two = [s](std::size_t at, int& out) noexcept {
        const unsigned tens = static_cast<unsigned char>(s[at]) - unsigned{'0'};
        const unsigned ones = static_cast<unsigned char>(s[at + 1]) - unsigned{'0'};
        out = static_cast<int>(tens * 10 + ones);
        return tens <= 9 && ones <= 9;
    };
    int century = 0;
    int year = 0;
    if (!two(0, century) || !two(2, year) || !two(5, c.month) || !two(8, c.day) || !two(11, c.hour) ||
        !two(14, c.minute) || !two(17, c.second))
        return false;
    c.year = century * 100 + year;
    return true;
}

bool parse_iso8601(std::string_view s, std::int64_t& ms) noexcept {
    Civil c;
    if (read_cloudtrail_time(s, c)) return to_ms(c, ms);
    c = Civil{};
    std::size_t pos = 0;
    if (!read_digits(s, pos, 4, 4, c.year) || !expect(s, pos, '-') || !read_digits(s, pos, 2, 2, c.month) ||
        !expect(s, pos, '-') || !read_digits(s, pos, 2, 2, c.day))
        return false;
    if (pos >= s.size() || (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ')) return false;
    ++pos;
    if (!read_digits(s, pos, 2, 2, c.hour) || !expect(s, pos, ':') || !read_digits(s, pos, 2, 2, c.minute) ||
        !expect(s, pos, ':') || !read_digits(s, pos, 2, 2, c.second))
        return false;
    if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
        ++pos;
        if (!read_fraction(s, pos, c.millis)) return false;
    }
    // No zone designator: read as UTC (CloudTrail always writes Z).
    if (pos < s.size() && !read_zone(s, pos, c.offset_minutes)) return false;
    return pos == s.size() && to_ms(c, ms);
}

bool parse_epoch_ms(std::string_view s, std::int64_t& ms) noexcept {
    std::size_t pos = 0;
    bool negative = !s.empty() && s[0] == '-';
    if (negative) ++pos;
    if (pos == s.size() || s.size() - pos > 18) return false;
    std::int64_t v = 0;
    for (; pos < s.size(); ++pos) {
        if (!is_digit(s[pos])) return false;
        v = v * 10 + (s[pos] - '0');
    }
    ms = negative ? -v : v;
    return true;
}

bool parse_epoch_s(std::string_view s, std::int64_t& ms) noexcept {
    std::size_t dot = s.find('.');
    std::int64_t seconds = 0;
    if (!parse_epoch_ms(s.substr(0, dot), seconds) || seconds > 9'000'000'000'000 || seconds < -9'000'000'000'000)
        return false;
    int millis = 0;
    if (dot != std::string_view::npos) {
        std::size_t pos = dot + 1;
        if (!read_fraction(s, pos, millis) || pos != s.size()) return false;
    }
    ms = seconds * 1000 + (s[0] == '-' ? -millis : millis);
    return true;
}

bool parse_cef_date(std::string_view s, std::int64_t& ms) noexcept {
    Civil c;
    std::size_t pos = 0;
    if (!match_tokens(s, pos, k_cef_date.data(), k_cef_date.data() + k_cef_date.size(), c)) return false;
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        if (!read_fraction(s, pos, c.millis)) return false;
    }
    if (pos < s.size()) {
        if (!expect(s, pos, ' ') || !read_zone(s, pos, c.offset_minutes)) return false;
    }
    return pos == s.size() && to_ms(c, ms);
}

bool parse_time(std::string_view s, const TimeFormat& f, std::int64_t& ms) noexcept {
    switch (f.kind) {
    case TimeKind::Iso8601: return parse_iso8601(s, ms);
    case TimeKind::EpochMs: return parse_epoch_ms(s, ms);
    case TimeKind::EpochS: return parse_epoch_s(s, ms);
    case TimeKind::CefDate: return parse_cef_date(s, ms);
    case TimeKind::Auto: return parse_epoch_ms(s, ms) || parse_iso8601(s, ms) || parse_cef_date(s, ms);
    case TimeKind::Pattern: {
        Civil c;
        std::size_t pos = 0;
        return match_tokens(s, pos, f.pattern.data(), f.pattern.data() + f.pattern.size(), c) && pos == s.size() &&
               to_ms(c, ms);
    }
    }
    return false;
}

bool compile_time_format(std::string_view text, TimeFormat& out, std::string& error) {
    out = {};
    if (text == "iso8601") return out.kind = TimeKind::Iso8601, true;
    if (text == "epoch_ms") return out.kind = TimeKind::EpochMs, true;
    if (text == "epoch_s") return out.kind = TimeKind::EpochS, true;
    if (text == "cef") return out.kind = TimeKind::CefDate, true;
    if (text == "auto") return out.kind = TimeKind::Auto, true;
    if (text.empty()) {
        error = "empty time format";
        return false;
    }
    out.kind = TimeKind::Pattern;
    bool has[8] = {}; // year, month, day, hour, minute, second, fraction, zone
    std::size_t i = 0;
    while (i < text.size()) {
        char c = text[i];
        if (c == '\'') { // 'literal' as in Java; '' is a quote, inside or outside quotes
            if (i + 1 < text.size() && text[i + 1] == '\'') {
                out.pattern.push_back(lit('\''));
                i += 2;
                continue;
            }
            std::size_t k = i + 1;
            for (;; ++k) {
                if (k >= text.size()) {
                    error = "unterminated quote in time format '" + std::string(text) + "'";
                    return false;
                }
                if (text[k] != '\'') {
                    out.pattern.push_back(lit(text[k]));
                } else if (k + 1 < text.size() && text[k + 1] == '\'') {
                    out.pattern.push_back(lit('\''));
                    ++k;
                } else {
                    break;
                }
            }
            i = k + 1;
            continue;
        }
        bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (!letter) {
            out.pattern.push_back(lit(c));
            ++i;
            continue;
        }
        std::size_t run = 1;
        while (i + run < text.size() && text[i + run] == c) ++run;
        auto bad_run = [&] {
            error = "unsupported '" + std::string(run, c) + "' in time format '" + std::string(text) + "'";
            return false;
        };
        int slot = -1;
        switch (c) {
        case 'y':
            if (run != 4) return bad_run();
            out.pattern.push_back(num(TimeTokenKind::Year, 4, 4));
            slot = 0;
            break;
        case 'M':
            if (run == 2) out.pattern.push_back(num(TimeTokenKind::Month, 2, 2));
            else if (run == 3) out.pattern.push_back({TimeTokenKind::MonthName, 0, 0, 0});
            else return bad_run();
            slot = 1;
            break;
        case 'd':
            if (run > 2) return bad_run();
            out.pattern.push_back(num(TimeTokenKind::Day, static_cast<std::uint8_t>(run == 2 ? 2 : 1), 2));
            slot = 2;
            break;
        case 'H':
            if (run > 2) return bad_run();
            out.pattern.push_back(num(TimeTokenKind::Hour, static_cast<std::uint8_t>(run == 2 ? 2 : 1), 2));
            slot = 3;
            break;
        case 'm':
            if (run != 2) return bad_run();
            out.pattern.push_back(num(TimeTokenKind::Minute, 2, 2));
            slot = 4;
            break;
        case 's':
            if (run != 2) return bad_run();
            out.pattern.push_back(num(TimeTokenKind::Second, 2, 2));
            slot = 5;
            break;
        case 'S':
            if (run > 9) return bad_run();
            out.pattern.push_back({TimeTokenKind::Fraction, 0, 1, 9});
            slot = 6;
            break;
        case 'Z':
        case 'X':
        case 'z':
            out.pattern.push_back({TimeTokenKind::Zone, 0, 0, 0});
            slot = 7;
            break;
        default:
            error = "unknown letter '" + std::string(1, c) + "' in time format '" + std::string(text) + "'";
            return false;
        }
        if (has[slot]) {
            error = "'" + std::string(1, c) + "' appears twice in time format '" + std::string(text) + "'";
            return false;
        }
        has[slot] = true;
        i += run;
    }
    if (!has[0] || !has[1] || !has[2]) {
        error = "time format '" + std::string(text) + "' needs yyyy, MM or MMM, and dd";
        return false;
    }
    return true;
}

} // namespace trailproof::parse
