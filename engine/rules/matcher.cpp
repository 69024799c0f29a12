#include "rules/matcher.h"

#include <re2/re2.h>

#include <array>
#include <charconv>

#include "core/ascii.h"
#include "core/civil_time.h"
#include "core/ip_text.h"

namespace trailproof::rules {

namespace {

constexpr std::size_t k_npos = std::string_view::npos;

// Bytes of the UTF-8 sequence starting with `lead`; a stray continuation byte is 0.
std::size_t utf8_length(unsigned char lead) noexcept {
    if (lead < 0x80) return 1;
    if ((lead & 0xC0) == 0x80) return 0;
    if (lead >= 0xF0) return 4;
    if (lead >= 0xE0) return 3;
    if (lead >= 0xC0) return 2;
    return 1;
}

// Length matched by one non-AnyRun part at `at`, or npos.
std::size_t match_part(const SigmaPart& part, std::string_view text, std::size_t at, bool cased) noexcept {
    switch (part.kind) {
    case SigmaPart::Kind::Text: return equals_at(text, at, part.text, cased) ? part.text.size() : k_npos;
    case SigmaPart::Kind::AnyOne: {
        if (at >= text.size()) return k_npos;
        const std::size_t len = utf8_length(static_cast<unsigned char>(text[at]));
        if (len == 0) return k_npos;
        return at + len <= text.size() ? len : text.size() - at;
    }
    case SigmaPart::Kind::OneOf:
        for (const auto& choice : part.choices)
            if (equals_at(text, at, choice, cased)) return choice.size();
        return k_npos;
    case SigmaPart::Kind::AnyRun: return 0;
    }
    return k_npos;
}

// Objects and arrays match through their minified JSON text, so `requestParameters|contains: x`
// searches the whole object (what Sekoia's json_string fields and SIEM full-text fields do).
bool text_of(const Value& v, std::string_view& out) noexcept {
    if (v.kind != ValueKind::Null) {
        out = v.text;
        return true;
    }
    return false;
}

bool number_of(const Value& v, double& out) noexcept {
    if (v.kind == ValueKind::Number) {
        out = v.number;
        return true;
    }
    if (v.kind != ValueKind::String || v.text.empty()) return false;
    // Strings that are entirely a decimal number compare too (CloudTrail stringifies some numbers).
    const char* begin = v.text.data();
    const char* end = begin + v.text.size();
    if (*begin == '+') ++begin;
    auto [p, ec] = std::from_chars(begin, end, out);
    return ec == std::errc() && p == end;
}

bool compare(double a, NumberOp op, double b) noexcept {
    switch (op) {
    case NumberOp::Eq: return a == b;
    case NumberOp::Lt: return a < b;
    case NumberOp::Lte: return a <= b;
    case NumberOp::Gt: return a > b;
    case NumberOp::Gte: return a >= b;
    }
    return false;
}

bool digits(std::string_view s, std::size_t at, std::size_t n, int& out) noexcept {
    if (at + n > s.size()) return false;
    out = 0;
    for (std::size_t i = at; i < at + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        out = out * 10 + (s[i] - '0');
    }
    return true;
}

// A part of "YYYY-MM-DD[T ]HH:MM..." (eventTime is ISO-8601 UTC; no timezone conversion, SIGMA.md §3).
bool time_part_of(std::string_view s, TimePart part, double& out) noexcept {
    int year = 0, month = 0, day = 0;
    if (!digits(s, 0, 4, year) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, month) || s[7] != '-' ||
        !digits(s, 8, 2, day) || month < 1 || month > 12 || day < 1 || day > 31)
        return false;
    switch (part) {
    case TimePart::Year: out = year; return true;
    case TimePart::Month: out = month; return true;
    case TimePart::Day: out = day; return true;
    case TimePart::Week:
        out = iso_week(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
        return true;
    case TimePart::Hour:
    case TimePart::Minute: {
        int hour = 0, minute = 0;
        if (s.size() < 16 || (s[10] != 'T' && s[10] != ' ') || !digits(s, 11, 2, hour) || s[13] != ':' ||
            !digits(s, 14, 2, minute))
            return false;
        out = part == TimePart::Hour ? hour : minute;
        return true;
    }
    }
    return false;
}

bool match_reference(std::string_view value, std::string_view other, RefMode mode, bool cased) noexcept {
    switch (mode) {
    case RefMode::Equals: return value.size() == other.size() && equals_both_at(value, 0, other, cased);
    case RefMode::Contains: return contains_both(value, other, cased);
    case RefMode::StartsWith: return equals_both_at(value, 0, other, cased);
    case RefMode::EndsWith:
        return value.size() >= other.size() && equals_both_at(value, value.size() - other.size(), other, cased);
    }
    return false;
}

bool group_matches(const ValueGroup& group, const Value& value, const Event& event, PredicateMemo* memo) noexcept {
    for (const auto& m : group)
        if (match_value(m, value, event, memo)) return true;
    return false;
}

} // namespace

bool match_glob(const std::vector<SigmaPart>& parts, std::string_view text, bool cased) noexcept {
    // Classic backtrack-to-last-star matching. Correct because every part between two
    // stars matches at most one way at a given position and consumes a fixed number of
    // characters (OneOf choices are prefix-free single characters).
    std::size_t p = 0, i = 0, star_p = k_npos, star_i = 0;
    for (;;) {
        if (p < parts.size()) {
            if (parts[p].kind == SigmaPart::Kind::AnyRun) {
                star_p = p++;
                star_i = i;
                continue;
            }
            const std::size_t len = match_part(parts[p], text, i, cased);
            if (len != k_npos) {
                i += len;
                ++p;
                continue;
            }
        } else if (i == text.size()) {
            return true;
        }
        if (star_p == k_npos || star_i >= text.size()) return false;
        ++star_i;
        p = star_p + 1;
        i = star_i;
    }
}

StringPattern::StringPattern(SigmaString value, bool cased) : m_cased(cased) {
    if (!cased) value.lower();
    using K = SigmaPart::Kind;
    const auto& parts = value.parts();
    auto is = [&](std::size_t i, K k) { return parts[i].kind == k; };
    if (parts.empty()) {
        m_shape = Shape::Exact;
    } else if (parts.size() == 1 && is(0, K::Text)) {
        m_shape = Shape::Exact;
        m_text = parts[0].text;
    } else if (parts.size() == 1 && is(0, K::AnyRun)) {
        m_shape = Shape::Everything;
    } else if (parts.size() == 3 && is(0, K::AnyRun) && is(1, K::Text) && is(2, K::AnyRun)) {
        m_shape = Shape::Contains;
        m_text = parts[1].text;
    } else if (parts.size() == 2 && is(0, K::Text) && is(1, K::AnyRun)) {
        m_shape = Shape::StartsWith;
        m_text = parts[0].text;
    } else if (parts.size() == 2 && is(0, K::AnyRun) && is(1, K::Text)) {
        m_shape = Shape::EndsWith;
        m_text = parts[1].text;
    } else {
        m_shape = Shape::Glob;
        m_parts = parts;
    }
}

void StringPattern::append_key(std::string& key) const {
    key += static_cast<char>('0' + static_cast<int>(m_shape));
    key += m_cased ? 'c' : 'i';
    const auto text = [&](std::string_view t) {
        key += std::to_string(t.size());
        key += ':';
        key += t;
    };
    if (m_shape != Shape::Glob) {
        text(m_text);
        return;
    }
    key += std::to_string(m_parts.size());
    for (const SigmaPart& part : m_parts) {
        key += static_cast<char>('a' + static_cast<int>(part.kind));
        text(part.text);
        key += std::to_string(part.choices.size());
        for (const auto& choice : part.choices) text(choice);
    }
}

std::optional<std::string_view> StringPattern::contains_literal() const noexcept {
    if (m_shape == Shape::Contains) return std::string_view(m_text);
    return std::nullopt;
}

std::optional<std::string_view> StringPattern::exact() const noexcept {
    if (m_shape == Shape::Exact) return std::string_view(m_text);
    return std::nullopt;
}

bool ValueMatcher::match(const Value& value, const Event& event, PredicateMemo* memo) const noexcept {
    std::string_view text;
    switch (kind) {
    case Kind::String: return text_of(value, text) && pattern.match(text);
    case Kind::Number:
        if (value.kind == ValueKind::Number) return value.number == number;
        return (value.kind == ValueKind::String || value.kind == ValueKind::Bool) &&
               equals_folded(value.text, number_text, false);
    case Kind::Bool:
        if (value.kind != ValueKind::Bool && value.kind != ValueKind::String) return false;
        return equals_folded(value.text, boolean ? "true" : "false", false);
    case Kind::Regex:
        // RE2::PartialMatch without arguments, minus its argument plumbing
        // (PartialMatchN -> DoMatch): an unanchored match, no submatches. The
        // bounds first: RE2 costs ~600 instructions even on a text it rejects.
        return regex && text_of(value, text) && !regex_bounds.rejects(text) &&
               regex->Match(re2::StringPiece(text.data(), text.size()), 0, text.size(), RE2::UNANCHORED, nullptr, 0);
    case Kind::Cidr: {
        if (value.kind != ValueKind::String) return false;
        // Parsed once for all the networks, and with a memo once for every
        // cidr item that reads the same text (each pack's, on sourceIPAddress).
        std::array<std::uint8_t, 16> scratch{};
        const std::array<std::uint8_t, 16>* bytes = &scratch;
        const int length = memo ? memo->ip_bytes(value.text, scratch, bytes) : parse_ip_bytes(value.text, scratch);
        for (const IpNetwork& n : networks)
            if (n.contains(*bytes, length)) return true;
        return false;
    }
    case Kind::Compare: {
        double n = 0;
        return number_of(value, n) && compare(n, op, number);
    }
    case Kind::Time: {
        double n = 0;
        return value.kind == ValueKind::String && time_part_of(value.text, time_part, n) && compare(n, op, number);
    }
    case Kind::FieldRef:
        if (!text_of(value, text)) return false;
        for (const Value* o = event.first(other); o; o = event.next(*o)) {
            std::string_view other_text;
            if (text_of(*o, other_text) && match_reference(text, other_text, ref_mode, cased)) return true;
        }
        return false;
    }
    return false;
}

bool ItemMatcher::match(const Event& event, PredicateMemo* memo) const noexcept {
    if (!memo || predicate == k_no_predicate) return evaluate(event, memo);
    const int known = memo->get(predicate);
    if (known >= 0) return known != 0;
    const bool result = evaluate(event, memo);
    memo->set(predicate, result);
    return result;
}

bool ItemMatcher::evaluate(const Event& event, PredicateMemo* memo) const noexcept {
    bool result = false;
    switch (kind) {
    case Kind::Exists:
        // SIGMA.md §2 `exists`: presence, whatever the value, JSON null included.
        // A path ending at `[]` has no value at all, so it does not exist.
        result = event.present(field) == exists;
        break;
    case Kind::Null: result = !event.has(field); break;
    case Kind::Keywords: {
        const Value raw{ValueKind::String, event.raw, 0, -1};
        if (all) {
            result = true;
            for (const auto& g : groups)
                if (!group_matches(g, raw, event, memo)) {
                    result = false;
                    break;
                }
        } else {
            for (const auto& g : groups)
                if (group_matches(g, raw, event, memo)) {
                    result = true;
                    break;
                }
        }
        break;
    }
    case Kind::Values:
        if (every) {
            // Each value must match: any group, or every group under |all.
            const auto value_matches = [&](const Value& v) {
                for (const auto& g : groups) {
                    const bool hit = group_matches(g, v, event, memo);
                    if (all && !hit) return false;
                    if (!all && hit) return true;
                }
                return all;
            };
            bool any = false;
            result = true;
            for (const Value* v = event.first(field); v && result; v = event.next(*v)) {
                if (v->kind == ValueKind::Null) continue;
                any = true;
                result = value_matches(*v);
            }
            result = result && any;
        } else if (all) {
            result = true;
            for (const auto& g : groups) {
                bool found = false;
                for (const Value* v = event.first(field); v && !found; v = event.next(*v))
                    found = group_matches(g, *v, event, memo);
                if (!found) {
                    result = false;
                    break;
                }
            }
        } else if (merged) {
            for (const Value* v = event.first(field); v && !result; v = event.next(*v)) {
                std::string_view text;
                if (text_of(*v, text) && ((folded_literals && folded_literals->find_any(text)) ||
                                          (cased_literals && cased_literals->find_any(text)))) {
                    result = true;
                    break;
                }
                for (const auto& m : others)
                    if (match_value(m, *v, event, memo)) {
                        result = true;
                        break;
                    }
            }
        } else {
            for (const Value* v = event.first(field); v && !result; v = event.next(*v))
                for (const auto& g : groups)
                    if (group_matches(g, *v, event, memo)) {
                        result = true;
                        break;
                    }
        }
        break;
    }
    return negate ? !result : result;
}

namespace {

bool detection_evaluate(const DetectionMatcher& d, const Event& event, PredicateMemo* memo) noexcept {
    if (d.any_of) {
        for (const auto& c : d.children)
            if (c.match(event, memo)) return true;
        return false;
    }
    for (const auto& item : d.items)
        if (!item.match(event, memo)) return false;
    return true;
}

} // namespace

bool DetectionMatcher::match(const Event& event, PredicateMemo* memo) const noexcept {
    if (!memo || predicate == k_no_predicate) return detection_evaluate(*this, event, memo);
    const int known = memo->get(predicate);
    if (known >= 0) return known != 0;
    const bool result = detection_evaluate(*this, event, memo);
    memo->set(predicate, result);
    return result;
}

bool ConditionNode::match(const std::vector<DetectionMatcher>& detections, const Event& event,
                          PredicateMemo* memo) const noexcept {
    switch (op) {
    case Op::Detection: return detections[detection].match(event, memo);
    case Op::And:
        for (const auto& c : children)
            if (!c.match(detections, event, memo)) return false;
        return true;
    case Op::Or:
        for (const auto& c : children)
            if (c.match(detections, event, memo)) return true;
        return false;
    case Op::Not: return !children.front().match(detections, event, memo);
    case Op::AtLeast: {
        std::uint32_t matched = 0;
        for (const auto& c : children)
            if (c.match(detections, event, memo) && ++matched >= count) return true;
        return false;
    }
    case Op::False: return false;
    }
    return false;
}

bool ors_item_detections(const ConditionNode& condition, const std::vector<DetectionMatcher>& detections) noexcept {
    if (condition.op != ConditionNode::Op::Or || condition.children.empty()) return false;
    for (const ConditionNode& c : condition.children)
        if (c.op != ConditionNode::Op::Detection || c.detection >= detections.size() || detections[c.detection].any_of)
            return false;
    return true;
}

bool CompiledRule::activity_allowed(const Event& event) const noexcept {
    if (activity_types.empty()) return true;
    // Parsers name their types in lowercase, as the rules are lowered: try the
    // plain comparison before folding.
    for (const auto& t : activity_types)
        if (event.activity_type == t || equals_folded(event.activity_type, t, false)) return true;
    return false;
}

bool CompiledRule::match(const Event& event, PredicateMemo* memo) const noexcept {
    if (!activity_types.empty()) {
        bool allowed = false;
        if (memo && activity_predicate != k_no_predicate) {
            const int known = memo->get(activity_predicate);
            allowed = known >= 0 ? known != 0 : activity_allowed(event);
            if (known < 0) memo->set(activity_predicate, allowed);
        } else {
            allowed = activity_allowed(event);
        }
        if (!allowed) return false;
    }
    return condition.match(detections, event, memo);
}

} // namespace trailproof::rules
