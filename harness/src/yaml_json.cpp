#include "yaml_json.h"

#include "core/json_text.h"

namespace trailproof::harness {

namespace {

using yaml::ScalarStyle;
using yaml::YamlKind;
using yaml::YamlNode;

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

void append(std::string& out, const YamlNode& node) {
    switch (node.kind) {
    case YamlKind::Null: out += "null"; return;
    case YamlKind::Scalar: {
        const std::string& s = node.text;
        // Written without quotes (a tag other than the non-specific '!' counts as
        // plain, as it always has here): the text may be a literal.
        if (node.style == ScalarStyle::Plain) {
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
    case YamlKind::Sequence: {
        out += '[';
        bool first = true;
        for (const auto& item : node.items) {
            if (!first) out += ',';
            first = false;
            append(out, item);
        }
        out += ']';
        return;
    }
    case YamlKind::Map: {
        out += '{';
        bool first = true;
        for (const auto& e : node.entries) {
            if (!first) out += ',';
            first = false;
            out += json_quote(e.key.text); // a key that is not a scalar has no text: ""
            out += ':';
            append(out, e.value);
        }
        out += '}';
        return;
    }
    }
}

} // namespace

std::string yaml_to_json(const YamlNode& node) {
    std::string out;
    append(out, node);
    return out;
}

YamlNode yaml_merge(const YamlNode* base, const YamlNode& over) {
    if (!base || base->kind != YamlKind::Map || over.kind != YamlKind::Map) return over;
    YamlNode out = *base;
    for (auto& e : out.entries)
        if (const yaml::YamlEntry* o = over.find(e.key.text)) e.value = yaml_merge(&e.value, o->value);
    for (const auto& o : over.entries)
        if (!base->find(o.key.text)) out.entries.push_back(o);
    return out;
}

} // namespace trailproof::harness
