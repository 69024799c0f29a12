#include "core/diagnostic_codes.h"
#include "rules/value_compiler.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>

#include "rules/value_encoding.h"

namespace trailproof::rules {

std::shared_ptr<const re2::RE2> RegexCache::get(const std::string& pattern, bool ignore_case, std::string& error) {
    const std::string key = (ignore_case ? "i:" : "c:") + pattern;
    if (auto it = m_regexes.find(key); it != m_regexes.end()) return it->second;
    RE2::Options options;
    options.set_log_errors(false);
    options.set_case_sensitive(!ignore_case);
    auto re = std::make_shared<const re2::RE2>(pattern, options);
    if (!re->ok()) {
        error = re->error();
        return nullptr;
    }
    m_regexes.emplace(key, re);
    return re;
}

namespace {

constexpr std::size_t k_max_expansions = 256;

} // namespace

std::string describe_value(const DetectionValue& v) {
    switch (v.type) {
    case DetectionValue::Type::String: return "the string '" + v.text + "'";
    case DetectionValue::Type::Number: return "the number " + v.text;
    case DetectionValue::Type::Bool: return "the boolean " + v.text;
    case DetectionValue::Type::Null: return "null";
    }
    return "?";
}

// The state of one value while its modifiers apply, left to right.
struct ValueState {
    enum class Type : std::uint8_t { String, Number, Bool, Regex, Cidr, FieldRef, Compare, Time };
    Type type = Type::String;
    std::vector<SigmaString> strings; // String: OR-ed alternatives
    std::vector<std::string> raws;    // the value's text after |expand (one per alternative)
    bool cased = false;
    bool binary = false; // after base64: the alphabet is case-significant, so match cased
    std::string regex;
    bool ignore_case = false, multiline = false, dot_all = false;
    RefMode ref_mode = RefMode::Equals;
    NumberOp op = NumberOp::Eq;
    TimePart time_part = TimePart::Hour;
};

bool ValueCompiler::compile_value(const DetectionValue& v, const std::vector<Modifier>& transforms, bool keyword,
                                  ValueGroup& out) {
    ValueState s;
    switch (v.type) {
    case DetectionValue::Type::Number: s.type = ValueState::Type::Number; break;
    case DetectionValue::Type::Bool: s.type = ValueState::Type::Bool; break;
    default: s.type = ValueState::Type::String; break;
    }
    const bool expand = std::find(transforms.begin(), transforms.end(), Modifier::Expand) != transforms.end();
    if (expand) {
        if (s.type != ValueState::Type::String) return type_error(Modifier::Expand, v, "a string");
        if (!expand_placeholders(v, s.raws)) return false;
    } else {
        s.raws.push_back(v.text);
    }
    if (s.type == ValueState::Type::String)
        for (const auto& raw : s.raws) s.strings.push_back(SigmaString::parse(raw));

    for (std::size_t i = 0; i < transforms.size(); ++i) {
        if (!apply(transforms[i], v, s)) return false;
    }
    if (keyword && s.type == ValueState::Type::String)
        for (auto& str : s.strings) { // implied contains over the raw record
            str.add_leading_wildcard();
            str.add_trailing_wildcard();
        }
    return build(v, s, out);
}

bool ValueCompiler::type_error(Modifier m, const DetectionValue& v, std::string_view expected) {
    std::string message = quoted_modifier(m) + " expects " + std::string(expected) + ", found " + describe_value(v);
    if (v.type == DetectionValue::Type::Number && expected == "a string") message += "; quote it to match text";
    m_sink.error(codes::rule_bad_value, std::move(message), v.pos);
    return false;
}

// |expand: %name% -> each of the placeholder's values (cartesian product); \% is a literal %.
bool ValueCompiler::expand_placeholders(const DetectionValue& v, std::vector<std::string>& out) {
    out.assign(1, std::string());
    const std::string& t = v.text;
    for (std::size_t i = 0; i < t.size();) {
        if (t[i] == '\\' && i + 1 < t.size() && t[i + 1] == '%') {
            for (auto& o : out) o += '%';
            i += 2;
            continue;
        }
        if (t[i] == '%') {
            const auto end = t.find('%', i + 1);
            const std::string name = end == std::string::npos ? std::string() : t.substr(i + 1, end - i - 1);
            const bool valid = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
                return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
            });
            if (valid) {
                auto it = m_options.placeholders.find(name);
                if (it == m_options.placeholders.end() || it->second.empty()) {
                    m_sink.error(codes::rule_unresolved_placeholder,
                                 "placeholder '%" + name + "%' has no values; the rule cannot be used without it",
                                 v.pos);
                    return false;
                }
                if (out.size() * it->second.size() > k_max_expansions) {
                    m_sink.error(codes::rule_bad_value, "placeholders expand to more than 256 values", v.pos);
                    return false;
                }
                std::vector<std::string> next;
                for (const auto& prefix : out)
                    for (const auto& value : it->second) next.push_back(prefix + value);
                out = std::move(next);
                i = end + 1;
                continue;
            }
        }
        for (auto& o : out) o += t[i];
        ++i;
    }
    return true;
}

bool ValueCompiler::apply(Modifier m, const DetectionValue& v, ValueState& s) {
    using T = ValueState::Type;
    switch (m) {
    case Modifier::Contains:
    case Modifier::StartsWith:
    case Modifier::EndsWith:
        if (s.type == T::String) {
            for (auto& str : s.strings) {
                if (m != Modifier::EndsWith) str.add_trailing_wildcard();
                if (m != Modifier::StartsWith) str.add_leading_wildcard();
            }
        } else if (s.type == T::Regex) {
            // Regexes already match as substrings; startswith/endswith anchor them.
            if (m == Modifier::StartsWith && !s.regex.starts_with("^")) s.regex = "^(?:" + s.regex + ")";
            if (m == Modifier::EndsWith && !s.regex.ends_with("$")) s.regex = "(?:" + s.regex + ")$";
        } else if (s.type == T::FieldRef) {
            s.ref_mode = m == Modifier::Contains     ? RefMode::Contains
                         : m == Modifier::StartsWith ? RefMode::StartsWith
                                                     : RefMode::EndsWith;
        } else {
            return type_error(m, v, "a string");
        }
        return true;
    case Modifier::Cased:
        if (s.type != T::String && s.type != T::FieldRef) return type_error(m, v, "a string");
        s.cased = true;
        return true;
    case Modifier::Windash:
        if (s.type != T::String) return type_error(m, v, "a string");
        for (auto& str : s.strings) str.apply_windash();
        return true;
    case Modifier::Base64:
    case Modifier::Base64Offset:
    case Modifier::Utf16le:
    case Modifier::Wide:
    case Modifier::Utf16be:
    case Modifier::Utf16: return encode(m, v, s);
    case Modifier::Re:
        if (s.type != T::String) return type_error(m, v, "a string");
        s.type = T::Regex;
        if (s.raws.size() == 1) {
            s.regex = s.raws.front();
        } else { // re|expand: one alternative per placeholder value
            for (const auto& raw : s.raws) s.regex += (s.regex.empty() ? "(?:" : "|(?:") + raw + ")";
        }
        return true;
    case Modifier::IgnoreCase: s.ignore_case = true; return true;
    case Modifier::Multiline: s.multiline = true; return true;
    case Modifier::DotAll: s.dot_all = true; return true;
    case Modifier::Cidr:
        if (s.type != T::String) return type_error(m, v, "a string");
        s.type = T::Cidr;
        return true;
    case Modifier::FieldRef:
        if (s.type != T::String) return type_error(m, v, "a string");
        if (s.strings.front().has_wildcards()) {
            m_sink.error(codes::rule_bad_value, "'fieldref' expects a field name without wildcards, found '" + v.text + "'",
                         v.pos);
            return false;
        }
        s.type = T::FieldRef;
        return true;
    case Modifier::Lt:
    case Modifier::Lte:
    case Modifier::Gt:
    case Modifier::Gte:
        if (v.type != DetectionValue::Type::Number) return type_error(m, v, "a number");
        s.op = m == Modifier::Lt    ? NumberOp::Lt
               : m == Modifier::Lte ? NumberOp::Lte
               : m == Modifier::Gt  ? NumberOp::Gt
                                    : NumberOp::Gte;
        if (s.type != T::Time) s.type = T::Compare;
        return true;
    case Modifier::Minute:
    case Modifier::Hour:
    case Modifier::Day:
    case Modifier::Week:
    case Modifier::Month:
    case Modifier::Year:
        if (v.type != DetectionValue::Type::Number) return type_error(m, v, "a number");
        s.type = T::Time;
        s.time_part = m == Modifier::Minute  ? TimePart::Minute
                      : m == Modifier::Hour  ? TimePart::Hour
                      : m == Modifier::Day   ? TimePart::Day
                      : m == Modifier::Week  ? TimePart::Week
                      : m == Modifier::Month ? TimePart::Month
                                             : TimePart::Year;
        return true;
    case Modifier::Expand: return true; // applied before the chain
    case Modifier::Exists:
        m_sink.error(codes::rule_bad_modifier_combination, "'exists' cannot be combined with other modifiers", v.pos);
        return false;
    case Modifier::All:
    case Modifier::Neq:
    case Modifier::Every: return true;
    }
    return true;
}

bool ValueCompiler::encode(Modifier m, const DetectionValue& v, ValueState& s) {
    if (s.type != ValueState::Type::String) return type_error(m, v, "a string");
    std::vector<SigmaString> next;
    for (const auto& str : s.strings) {
        const bool base64 = m == Modifier::Base64 || m == Modifier::Base64Offset;
        if (base64 && str.has_wildcards()) {
            m_sink.error(codes::rule_bad_value,
                         quoted_modifier(m) + " cannot encode a value with wildcards: '" + v.text + "'", v.pos);
            return false;
        }
        // windash choices become separate strings before bytes change.
        std::vector<SigmaString> variants =
            str.has_choices() ? str.expand_choices(k_max_expansions) : std::vector<SigmaString>{str};
        if (variants.empty()) {
            m_sink.error(codes::rule_bad_value, "the value expands to more than 256 variants", v.pos);
            return false;
        }
        for (auto& variant : variants) {
            if (m == Modifier::Base64) {
                next.push_back(SigmaString::literal(encode_base64(variant.plain_text())));
            } else if (m == Modifier::Base64Offset) {
                for (auto& o : encode_base64_offsets(variant.plain_text())) next.push_back(SigmaString::literal(o));
            } else {
                const bool utf16_bom = m == Modifier::Utf16;
                const bool big = m == Modifier::Utf16be;
                variant.transform_text(
                    [&](const std::string& t) { return big ? encode_utf16be(t) : encode_utf16le(t); });
                if (utf16_bom) variant.prepend_text("\xFF\xFE");
                next.push_back(std::move(variant));
            }
        }
        if (base64) s.binary = true;
    }
    s.strings = std::move(next);
    return true;
}

bool ValueCompiler::build(const DetectionValue& v, const ValueState& s, ValueGroup& out) {
    using T = ValueState::Type;
    switch (s.type) {
    case T::String:
        for (const auto& str : s.strings) {
            ValueMatcher m;
            m.kind = ValueMatcher::Kind::String;
            m.pattern = StringPattern(str, s.cased || s.binary);
            out.push_back(std::move(m));
        }
        return true;
    case T::Number: {
        ValueMatcher m;
        m.kind = ValueMatcher::Kind::Number;
        m.number = v.number;
        m.number_text = v.text;
        out.push_back(std::move(m));
        return true;
    }
    case T::Bool: {
        ValueMatcher m;
        m.kind = ValueMatcher::Kind::Bool;
        m.boolean = v.boolean;
        out.push_back(std::move(m));
        return true;
    }
    case T::Regex: {
        std::string flags;
        if (s.multiline) flags += 'm';
        if (s.dot_all) flags += 's';
        std::string pattern = flags.empty() ? s.regex : "(?" + flags + ")" + s.regex;
        std::string error;
        ValueMatcher m;
        m.kind = ValueMatcher::Kind::Regex;
        m.regex = m_regexes.get(pattern, s.ignore_case, error);
        if (!m.regex) {
            m_sink.error(codes::rule_bad_regex, "invalid regular expression: " + error, v.pos);
            return false;
        }
        m.regex_bounds = regex_bounds(m.regex->pattern(), m.regex->options().case_sensitive());
        out.push_back(std::move(m));
        return true;
    }
    case T::Cidr: {
        // One matcher for all the networks of the value (they are alternatives), so
        // the event's address is parsed once, not once per network.
        ValueMatcher m;
        m.kind = ValueMatcher::Kind::Cidr;
        for (const auto& raw : s.raws) {
            std::string error;
            auto network = IpNetwork::parse(raw, error);
            if (!network) {
                m_sink.error(codes::rule_bad_cidr, "invalid CIDR '" + raw + "': " + error, v.pos);
                return false;
            }
            m.networks.push_back(*network);
        }
        if (!m.networks.empty()) out.push_back(std::move(m));
        return true;
    }
    case T::FieldRef: {
        ValueMatcher m;
        m.kind = ValueMatcher::Kind::FieldRef;
        m.other = m_field_id(s.strings.front().plain_text());
        m.ref_mode = s.ref_mode;
        m.cased = s.cased;
        out.push_back(std::move(m));
        return true;
    }
    case T::Compare:
    case T::Time: {
        ValueMatcher m;
        m.kind = s.type == T::Compare ? ValueMatcher::Kind::Compare : ValueMatcher::Kind::Time;
        m.number = v.number;
        m.op = s.op;
        m.time_part = s.time_part;
        out.push_back(std::move(m));
        return true;
    }
    }
    return false;
}

} // namespace trailproof::rules
