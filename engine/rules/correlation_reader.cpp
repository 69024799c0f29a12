#include "core/diagnostic_codes.h"
#include "rules/correlation_reader.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <utility>

#include "yaml/yaml_scalar.h"

namespace trailproof::rules {

void CorrelationReader::read_correlation(const YamlNode& root, CorrelationAst& c) {
    CorrelationRule& r = c.rule;
    c.pos = root.pos;
    // The same identity, tag checks, ATT&CK extraction and labels as a rule's.
    read_document_meta(root, m_source, r, c.id_pos, c.name_pos, c.meta_pos);
    read_labels(root, r, c.meta_pos);
    read_dates(root);
    if (const YamlEntry* g = root.find("generate"))
        if (auto b = read_bool(*g)) r.generate = *b;

    const YamlEntry* e = root.find("correlation");
    if (e->value.kind != YamlKind::Map) {
        wrong_type(*e, "a map");
        return;
    }
    const YamlNode& body = e->value;
    static constexpr std::array<std::string_view, 8> k_keys = {"type",      "rules",   "group-by", "timespan",
                                                               "condition", "aliases", "generate", "timeframe"};
    for (const auto& entry : body.entries)
        if (std::find(k_keys.begin(), k_keys.end(), entry.key.text) == k_keys.end())
            m_sink.warning(codes::load_unknown_key, "unknown correlation key '" + entry.key.text + "'", entry.key.pos);

    SourcePos type_pos;
    if (read_string(body, "type", r.type_name, true, &type_pos)) {
        static constexpr std::array<std::pair<std::string_view, CorrelationType>, 8> k_types = {{
            {"event_count", CorrelationType::EventCount},
            {"value_count", CorrelationType::ValueCount},
            {"temporal", CorrelationType::Temporal},
            {"temporal_ordered", CorrelationType::TemporalOrdered},
            {"value_sum", CorrelationType::ValueSum},
            {"value_avg", CorrelationType::ValueAvg},
            {"value_percentile", CorrelationType::ValuePercentile},
            {"value_median", CorrelationType::ValueMedian},
        }};
        auto it = std::find_if(k_types.begin(), k_types.end(), [&](auto& t) { return t.first == r.type_name; });
        if (it == k_types.end())
            m_sink.error(codes::rule_bad_correlation,
                         "correlation type '" + r.type_name +
                             "' is not one of event_count, value_count, temporal, temporal_ordered, value_sum, "
                             "value_avg, value_percentile, value_median",
                         type_pos);
        else
            r.type = it->second;
    }
    if (!body.find("rules"))
        m_sink.error(codes::load_missing_key, "missing required key 'rules' in 'correlation'", e->key.pos);
    else
        read_string_list(body, "rules", r.rules, true, &c.rule_pos);
    read_string_list(body, "group-by", r.group_by, true);
    read_timespan(body, e->key.pos, r);
    if (const YamlEntry* g = body.find("generate"))
        if (auto b = read_bool(*g)) r.generate = *b;
    read_correlation_condition(body, e->key.pos, r);
    read_aliases(body, r);
}

void CorrelationReader::read_timespan(const YamlNode& body, SourcePos correlation_pos, CorrelationRule& r) {
    std::string text;
    SourcePos pos;
    const char* key = body.find("timespan") ? "timespan" : body.find("timeframe") ? "timeframe" : "timespan";
    if (!body.find(key)) {
        m_sink.error(codes::load_missing_key, "missing required key 'timespan' in 'correlation'", correlation_pos);
        return;
    }
    if (!read_string(body, key, text, true, &pos)) return;
    std::int64_t seconds = 0;
    switch (parse_timespan(text, seconds)) {
    case TimespanError::Malformed:
        m_sink.error(codes::rule_bad_timespan,
                     "timespan '" + text + "' must be a positive integer followed by s, m, h, d, w, M or y", pos);
        return;
    case TimespanError::OutOfRange:
        m_sink.error(codes::rule_bad_timespan,
                     "timespan '" + text + "' is out of range (at most 100y, " +
                         std::to_string(k_max_timespan_seconds) + " seconds)",
                     pos);
        return;
    case TimespanError::None: break;
    }
    r.timespan_seconds = seconds;
}

TimespanError parse_timespan(std::string_view text, std::int64_t& seconds) noexcept {
    std::int64_t amount = 0;
    const char* begin = text.data();
    const char* end = text.data() + text.size();
    // Not a structured binding: clang 14 (the fuzz build) cannot capture one in the lambda below.
    const std::from_chars_result parsed = std::from_chars(begin, end, amount);
    const char* p = parsed.ptr;
    const std::errc ec = parsed.ec;
    static constexpr std::array<std::pair<char, std::int64_t>, 7> k_units = {
        {{'s', 1}, {'m', 60}, {'h', 3600}, {'d', 86400}, {'w', 604800}, {'M', 2629746}, {'y', 31556952}}};
    const auto unit =
        std::find_if(k_units.begin(), k_units.end(), [&](auto& u) { return p + 1 == end && *p == u.first; });
    if (ec != std::errc() || p == begin || amount <= 0 || unit == k_units.end()) return TimespanError::Malformed;
    // A window longer than a century means nothing in event time, and amount * unit must not
    // overflow (1815658196563282435y wrapped to 8 s before this check).
    if (amount > k_max_timespan_seconds / unit->second) return TimespanError::OutOfRange;
    seconds = amount * unit->second;
    return TimespanError::None;
}

void CorrelationReader::read_correlation_condition(const YamlNode& body, SourcePos correlation_pos,
                                                   CorrelationRule& r) {
    const bool temporal = r.type == CorrelationType::Temporal || r.type == CorrelationType::TemporalOrdered;
    const bool value_type = r.type == CorrelationType::ValueCount || r.type == CorrelationType::ValueSum ||
                            r.type == CorrelationType::ValueAvg || r.type == CorrelationType::ValuePercentile ||
                            r.type == CorrelationType::ValueMedian;
    const YamlEntry* e = body.find("condition");
    if (!e) {
        if (temporal) {
            // The implicit temporal condition: every listed rule matched (pySigma gte: len(rules)).
            r.condition.push_back({CorrelationOp::Gte, static_cast<double>(r.rules.size())});
        } else {
            m_sink.error(codes::load_missing_key, "missing required key 'condition' in 'correlation'", correlation_pos);
        }
        return;
    }
    if (e->value.kind != YamlKind::Map) {
        wrong_type(*e, "a map such as {gte: 10}");
        return;
    }
    static constexpr std::array<std::pair<std::string_view, CorrelationOp>, 6> k_ops = {{
        {"gt", CorrelationOp::Gt},
        {"gte", CorrelationOp::Gte},
        {"lt", CorrelationOp::Lt},
        {"lte", CorrelationOp::Lte},
        {"eq", CorrelationOp::Eq},
        {"neq", CorrelationOp::Neq},
    }};
    bool saw_op = false;
    for (const auto& entry : e->value.entries) {
        const std::string& key = entry.key.text;
        if (key == "field") {
            read_string_list(e->value, "field", r.condition_fields, true);
            continue;
        }
        if (key == "percentile") {
            const DetectionValue v = typed_value(entry.value);
            if (v.type != DetectionValue::Type::Number || v.number != std::floor(v.number) || v.number < 0 ||
                v.number > 100)
                wrong_type(entry, "an integer from 0 to 100");
            else
                r.percentile = static_cast<int>(v.number);
            continue;
        }
        auto op = std::find_if(k_ops.begin(), k_ops.end(), [&](auto& o) { return o.first == key; });
        if (op == k_ops.end()) {
            m_sink.error(codes::rule_bad_correlation,
                         "unknown condition key '" + key + "'; use gt, gte, lt, lte, eq, neq, field or percentile",
                         entry.key.pos);
            continue;
        }
        saw_op = true;
        const DetectionValue v = typed_value(entry.value);
        if (v.type != DetectionValue::Type::Number) {
            wrong_type(entry, "a number");
            continue;
        }
        r.condition.push_back({op->second, v.number});
    }
    if (!saw_op) m_sink.error(codes::rule_bad_correlation, "condition needs one of gt, gte, lt, lte, eq, neq", e->key.pos);
    if (value_type && r.condition_fields.empty())
        m_sink.error(codes::rule_bad_correlation, r.type_name + " needs 'field' in its condition", e->key.pos);
}

void CorrelationReader::read_aliases(const YamlNode& body, CorrelationRule& r) {
    const YamlEntry* e = body.find("aliases");
    if (!e) return;
    if (e->value.kind != YamlKind::Map) {
        wrong_type(*e, "a map of alias -> {rule: field or list of fields}");
        return;
    }
    for (const auto& alias : e->value.entries) {
        if (alias.value.kind != YamlKind::Map) {
            wrong_type(alias, "a map of rule -> field or list of fields");
            continue;
        }
        auto& fields = r.aliases[alias.key.text];
        for (const auto& f : alias.value.entries) {
            std::vector<std::string> names;
            if (f.value.kind == YamlKind::Scalar) names.push_back(f.value.text);
            if (f.value.kind == YamlKind::Sequence)
                for (const auto& item : f.value.items)
                    if (item.kind == YamlKind::Scalar && !item.text.empty()) names.push_back(item.text);
            if (names.empty() || (f.value.kind == YamlKind::Sequence && names.size() != f.value.items.size())) {
                wrong_type(f, "a field name or a list of field names");
                continue;
            }
            fields[f.key.text] = std::move(names);
        }
    }
}

} // namespace trailproof::rules
