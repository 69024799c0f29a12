#include "yaml/yaml_scalar.h"

#include <charconv>
#include <optional>
#include <string>

namespace trailproof::yaml {

namespace {

bool all_of(std::string_view s, std::string_view allowed) {
    return !s.empty() && s.find_first_not_of(allowed) == std::string_view::npos &&
           s.find_first_not_of('_') != std::string_view::npos;
}

std::string without_underscores(std::string_view s) {
    std::string out;
    for (char c : s)
        if (c != '_') out += c;
    return out;
}

// PyYAML int: [-+]?0b[01_]+ | [-+]?0[0-7_]+ | [-+]?(0|[1-9][0-9_]*) | [-+]?0x[0-9a-fA-F_]+
std::optional<long long> parse_yaml11_int(std::string_view s) {
    bool negative = false;
    if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
        negative = s[0] == '-';
        s.remove_prefix(1);
    }
    if (s.empty()) return std::nullopt;
    int base = 10;
    std::string_view digits = s;
    if (s.starts_with("0b")) {
        base = 2;
        digits = s.substr(2);
        if (!all_of(digits, "01_")) return std::nullopt;
    } else if (s.starts_with("0x")) {
        base = 16;
        digits = s.substr(2);
        if (!all_of(digits, "0123456789abcdefABCDEF_")) return std::nullopt;
    } else if (s == "0") {
        return 0;
    } else if (s[0] == '0') {
        base = 8;
        digits = s.substr(1);
        if (!all_of(digits, "01234567_")) return std::nullopt;
    } else {
        if (s[0] < '1' || s[0] > '9' || !all_of(s, "0123456789_")) return std::nullopt;
    }
    const std::string clean = without_underscores(digits);
    unsigned long long value = 0;
    auto [end, ec] = std::from_chars(clean.data(), clean.data() + clean.size(), value, base);
    if (ec != std::errc() || end != clean.data() + clean.size() || value > 9007199254740992ULL) return std::nullopt;
    const auto signed_value = static_cast<long long>(value);
    return negative ? -signed_value : signed_value;
}

// PyYAML float (without .inf/.nan and sexagesimal): [-+]?([0-9][0-9_]*)?\.[0-9_]*([eE][-+][0-9]+)?
std::optional<double> parse_yaml11_float(std::string_view s) {
    std::string_view body = s;
    if (!body.empty() && (body[0] == '+' || body[0] == '-')) body.remove_prefix(1);
    const auto dot = body.find('.');
    if (dot == std::string_view::npos) return std::nullopt;
    const std::string_view whole = body.substr(0, dot);
    std::string_view rest = body.substr(dot + 1);
    std::string_view exponent;
    if (auto e = rest.find_first_of("eE"); e != std::string_view::npos) {
        exponent = rest.substr(e + 1);
        rest = rest.substr(0, e);
        if (exponent.size() < 2 || (exponent[0] != '+' && exponent[0] != '-') ||
            exponent.substr(1).find_first_not_of("0123456789") != std::string_view::npos)
            return std::nullopt;
    }
    if (!whole.empty() && (whole[0] < '0' || whole[0] > '9' || !all_of(whole, "0123456789_"))) return std::nullopt;
    if (!rest.empty() && rest.find_first_not_of("0123456789_") != std::string_view::npos) return std::nullopt;
    if (whole.empty() && rest.empty()) return std::nullopt;
    const std::string clean = without_underscores(s);
    double value = 0;
    auto [end, ec] = std::from_chars(clean.data(), clean.data() + clean.size(), value);
    if (ec != std::errc() || end != clean.data() + clean.size()) return std::nullopt;
    return value;
}

std::string canonical_float(double value) {
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
    std::string out(buf, ec == std::errc() ? end : buf);
    if (out.find_first_of(".eEn") == std::string::npos) out += ".0"; // Python str(1.0) == "1.0"
    return out;
}

} // namespace

bool is_yaml11_true(std::string_view s) noexcept {
    return s == "true" || s == "True" || s == "TRUE" || s == "yes" || s == "Yes" || s == "YES" || s == "on" ||
           s == "On" || s == "ON";
}

bool is_yaml11_false(std::string_view s) noexcept {
    return s == "false" || s == "False" || s == "FALSE" || s == "no" || s == "No" || s == "NO" || s == "off" ||
           s == "Off" || s == "OFF";
}

TypedScalar typed_value(const YamlNode& node) {
    TypedScalar v;
    v.pos = node.pos;
    if (node.kind == YamlKind::Null) {
        v.type = TypedScalar::Type::Null;
        return v;
    }
    v.text = node.text;
    v.written = node.text;
    if (!node.plain()) return v;
    if (is_yaml11_true(node.text) || is_yaml11_false(node.text)) {
        v.type = TypedScalar::Type::Bool;
        v.boolean = is_yaml11_true(node.text);
        v.text = v.boolean ? "true" : "false";
        return v;
    }
    if (auto i = parse_yaml11_int(node.text)) {
        v.type = TypedScalar::Type::Number;
        v.number = static_cast<double>(*i);
        v.text = std::to_string(*i);
        return v;
    }
    if (auto f = parse_yaml11_float(node.text)) {
        v.type = TypedScalar::Type::Number;
        v.number = *f;
        v.text = canonical_float(*f);
        return v;
    }
    return v;
}

} // namespace trailproof::yaml
