#include "yaml_json.h"

#include <yaml-cpp/yaml.h>

#include "core/diagnostic.h"

namespace trailproof::harness {

namespace {

// JSON's number grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?. YAML forms
// such as 0x17, .5 or +1 do not match and stay strings.
bool is_json_number(const std::string& s) {
    std::size_t i = 0;
    const std::size_t n = s.size();
    auto digits = [&] {
        std::size_t start = i;
        while (i < n && s[i] >= '0' && s[i] <= '9') ++i;
        return i - start;
    };
    if (i < n && s[i] == '-') ++i;
    if (i < n && s[i] == '0') {
        ++i;
    } else if (digits() == 0) {
        return false;
    }
    if (i < n && s[i] == '.') {
        ++i;
        if (digits() == 0) return false;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
        if (digits() == 0) return false;
    }
    return i == n;
}

void append(std::string& out, const YAML::Node& node) {
    switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined: out += "null"; return;
    case YAML::NodeType::Scalar: {
        const std::string& s = node.Scalar();
        // yaml-cpp tags quoted scalars "!", plain ones "?".
        if (node.Tag() != "!") {
            if (s == "true" || s == "false" || s == "null" || is_json_number(s)) {
                out += s;
                return;
            }
            if (s == "~") {
                out += "null";
                return;
            }
        }
        out += json_quote(s);
        return;
    }
    case YAML::NodeType::Sequence: {
        out += '[';
        bool first = true;
        for (const auto& item : node) {
            if (!first) out += ',';
            first = false;
            append(out, item);
        }
        out += ']';
        return;
    }
    case YAML::NodeType::Map: {
        out += '{';
        bool first = true;
        for (const auto& kv : node) {
            if (!first) out += ',';
            first = false;
            out += json_quote(kv.first.Scalar());
            out += ':';
            append(out, kv.second);
        }
        out += '}';
        return;
    }
    }
}

} // namespace

std::string yaml_to_json(const YAML::Node& node) {
    std::string out;
    append(out, node);
    return out;
}

YAML::Node yaml_merge(const YAML::Node& base, const YAML::Node& over) {
    if (!base || !base.IsMap() || !over.IsMap()) return YAML::Clone(over);
    YAML::Node out(YAML::NodeType::Map);
    // Base keys keep their order; keys only in `over` follow.
    for (const auto& kv : base) {
        const std::string key = kv.first.Scalar();
        const YAML::Node o = over[key];
        out[key] = o ? yaml_merge(kv.second, o) : YAML::Clone(kv.second);
    }
    for (const auto& kv : over) {
        const std::string key = kv.first.Scalar();
        if (!base[key]) out[key] = YAML::Clone(kv.second);
    }
    return out;
}

} // namespace trailproof::harness
