#include "core/diagnostic_codes.h"
#include "rules/detection_reader.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "core/edit_distance.h"
#include "yaml/yaml_scalar.h"

namespace trailproof::rules {

namespace {

bool is_identifier(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') return false;
    return true;
}

constexpr std::array<std::string_view, 31> k_modifier_names = {
    "contains", "startswith", "endswith", "all",    "base64",   "base64offset", "utf16le", "wide",  "utf16be", "utf16",
    "windash",  "re",         "i",        "m",      "s",        "cidr",         "exists",  "cased", "neq",     "lt",
    "lte",      "gt",         "gte",      "expand", "fieldref", "minute",       "hour",    "day",   "week",    "month",
    "year",
};

std::string suggestion_for(std::string_view unknown) {
    std::vector<std::string_view> names;
    for (auto name : k_modifier_names)
        if (name.size() >= 3) names.push_back(name); // 'i', 're', 'lt' are close to everything
    return did_you_mean(unknown, names, 3, true); // the names are lowercase
}

} // namespace

void DetectionReader::read_detection(const YamlNode& root, RuleAst& rule) {
    const YamlEntry* e = root.find("detection");
    if (!e) {
        m_sink.error(codes::load_missing_key, "missing required key 'detection'", root.pos);
        return;
    }
    if (e->value.kind != YamlKind::Map) {
        wrong_type(*e, "a map");
        return;
    }
    const YamlNode& detection = e->value;
    const YamlEntry* condition = detection.find("condition");
    if (!condition) m_sink.error(codes::load_missing_key, "missing required key 'condition' in 'detection'", e->key.pos);
    for (const auto& entry : detection.entries) {
        const std::string& name = entry.key.text;
        if (&entry == condition) continue;
        if (name == "condition") continue; // a duplicate, already reported
        if (name == "timeframe") {
            m_sink.warning(codes::rule_deprecated_timeframe,
                           "'timeframe' is a v1 aggregation key and is ignored; use a correlation rule's timespan",
                           entry.key.pos);
            continue;
        }
        ContextScope scope(m_sink, "detection '" + name + "'");
        if (!is_identifier(name)) {
            m_sink.error(codes::rule_bad_identifier,
                         "detection identifier '" + name + "' may only use letters, digits, '_' and '-'",
                         entry.key.pos);
            continue;
        }
        NamedDetection named;
        named.name = name;
        named.pos = entry.key.pos;
        // The parser marks an empty value at the next token; point at the key instead.
        if (entry.value.kind == YamlKind::Null) {
            m_sink.error(codes::rule_bad_value, "detection '" + name + "' is empty", entry.key.pos);
            rule.detections.push_back(std::move(named));
            continue;
        }
        // Kept even when it has errors: the condition may still name it, and the compiler
        // reports the remaining problems of the rule in the same run.
        (void)read_definition(entry.value, named.detection, true);
        rule.detections.push_back(std::move(named));
    }
    if (condition) read_conditions(*condition, rule);
}

void DetectionReader::read_conditions(const YamlEntry& e, RuleAst& rule) {
    auto add = [&](const YamlNode& node) {
        ConditionSource c;
        c.text = node.text;
        c.pos = node.pos;
        c.char_pos = map_scalar_positions(m_text, node);
        rule.conditions.push_back(std::move(c));
    };
    if (e.value.kind == YamlKind::Scalar) {
        add(e.value);
    } else if (e.value.kind == YamlKind::Sequence && !e.value.items.empty()) {
        for (const auto& item : e.value.items) {
            if (item.kind != YamlKind::Scalar) {
                m_sink.error(codes::load_wrong_type,
                             "'condition' must be a string or a list of strings, found " + found(item) + " in it",
                             item.pos);
                continue;
            }
            add(item);
        }
    } else {
        wrong_type(e, "a string or a list of strings");
    }
}

// A detection definition: a map (AND), a list of maps/values (OR), or keywords.
bool DetectionReader::read_definition(const YamlNode& node, Detection& out, bool top) {
    out.pos = node.pos;
    switch (node.kind) {
    case YamlKind::Map: {
        out.kind = Detection::Kind::AllOf;
        if (node.entries.empty()) {
            m_sink.error(codes::rule_bad_value, "a detection map must not be empty", node.pos);
            return false;
        }
        bool ok = true;
        for (const auto& entry : node.entries) {
            DetectionItem item;
            ok = read_item(entry, item) && ok;
            out.items.push_back(std::move(item));
        }
        return ok;
    }
    case YamlKind::Sequence: {
        if (node.items.empty()) {
            m_sink.error(codes::rule_bad_value, "a detection list must not be empty", node.pos);
            return false;
        }
        const bool all_scalars = std::all_of(node.items.begin(), node.items.end(), [](const YamlNode& n) {
            return n.kind == YamlKind::Scalar || n.kind == YamlKind::Null;
        });
        if (all_scalars) return read_keywords(node, out);
        out.kind = Detection::Kind::AnyOf;
        bool ok = true;
        for (const auto& item : node.items) {
            Detection child;
            if (item.kind == YamlKind::Sequence) {
                m_sink.error(codes::rule_bad_value, "a list inside a detection list is not allowed", item.pos);
                ok = false;
                continue;
            }
            ok = read_definition(item, child, false) && ok;
            out.children.push_back(std::move(child));
        }
        return ok;
    }
    case YamlKind::Scalar: return read_keywords(node, out);
    case YamlKind::Null:
        m_sink.error(codes::rule_bad_value,
                     top ? "detection is empty" : "a keyword needs a value (null must be bound to a field)", node.pos);
        return false;
    }
    return false;
}

bool DetectionReader::read_keywords(const YamlNode& node, Detection& out) {
    out.kind = Detection::Kind::Keywords;
    DetectionItem item;
    item.pos = node.pos;
    item.field.pos = node.pos;
    item.list = node.kind == YamlKind::Sequence;
    const auto& nodes = item.list ? node.items : std::vector<YamlNode>{node};
    for (const auto& n : nodes) {
        if (n.kind == YamlKind::Null) {
            // The parser's mark of an empty item is unreliable; report at the list.
            m_sink.error(codes::rule_bad_value, "a keyword needs a value (null must be bound to a field)", node.pos);
            return false;
        }
        item.values.push_back(typed_value(n));
    }
    out.items.push_back(std::move(item));
    return true;
}

bool DetectionReader::read_field_spec(const YamlNode& key, FieldSpec& spec) {
    spec.key = key.text;
    spec.pos = key.pos;
    const std::vector<SourcePos> char_pos = map_scalar_positions(m_text, key);
    const std::string& k = key.text;
    const auto bar = k.find('|');
    spec.name = k.substr(0, bar);
    if (bar == std::string::npos) return true;
    bool ok = true;
    std::size_t start = bar + 1;
    for (;;) {
        const auto next = k.find('|', start);
        const std::string name = k.substr(start, next == std::string::npos ? std::string::npos : next - start);
        const SourcePos pos = start < char_pos.size() ? char_pos[start] : key.pos;
        if (auto m = parse_modifier(name)) {
            spec.modifiers.push_back(*m);
            spec.modifier_pos.push_back(pos);
        } else {
            m_sink.error(codes::rule_unknown_modifier, "unknown modifier '" + name + "'" + suggestion_for(name), pos);
            ok = false;
        }
        if (next == std::string::npos) break;
        start = next + 1;
    }
    return ok;
}

bool DetectionReader::read_item(const YamlEntry& entry, DetectionItem& item) {
    item.pos = entry.key.pos;
    if (entry.key.kind != YamlKind::Scalar) {
        m_sink.error(codes::rule_bad_value, "a field name must be a string", entry.key.pos);
        return false;
    }
    ContextScope scope(m_sink, "field '" + entry.key.text + "'");
    bool ok = read_field_spec(entry.key, item.field);
    const YamlNode& v = entry.value;
    switch (v.kind) {
    case YamlKind::Null: item.values.push_back(typed_value(v)); break;
    case YamlKind::Scalar: item.values.push_back(typed_value(v)); break;
    case YamlKind::Sequence:
        item.list = true;
        if (v.items.empty()) { // pySigma: f: [] is null
            DetectionValue null_value;
            null_value.type = DetectionValue::Type::Null;
            null_value.pos = v.pos;
            item.values.push_back(null_value);
            break;
        }
        for (const auto& n : v.items) {
            if (n.kind == YamlKind::Null) {
                m_sink.error(codes::rule_bad_value, "null is not allowed in a value list; use a separate selection", n.pos);
                ok = false;
            } else if (n.kind != YamlKind::Scalar) {
                m_sink.error(codes::rule_bad_value,
                             "a value list may only hold scalars, found " + std::string(n.kind_name()), n.pos);
                ok = false;
            } else {
                item.values.push_back(typed_value(n));
            }
        }
        break;
    case YamlKind::Map:
        m_sink.error(codes::rule_bad_value,
                     "field '" + item.field.name +
                         "' has a map as its value; use a value, a list of values or another selection",
                     v.pos);
        ok = false;
        break;
    }
    if (item.field.keyword() && !item.values.empty() && item.values.front().type == DetectionValue::Type::Null &&
        v.kind != YamlKind::Sequence) {
        m_sink.error(codes::rule_bad_value, "a keyword needs a value (null must be bound to a field)", entry.key.pos);
        ok = false;
    }
    return ok;
}

} // namespace trailproof::rules
