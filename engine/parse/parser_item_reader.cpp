// A parser's `conditions` and `required` sections, and the helpers every section uses.

#include "core/diagnostic_codes.h"
#include "parse/parser_item_reader.h"

#include <algorithm>
#include <array>
#include <utility>

namespace trailproof::parse {

using yaml::ContextScope;
using yaml::YamlEntry;
using yaml::YamlKind;

void ParserItemReader::warn_unknown(const std::vector<const YamlEntry*>& entries,
                                    std::initializer_list<std::string_view> known) {
    for (const YamlEntry* e : entries)
        if (std::find(known.begin(), known.end(), e->key.text) == known.end())
            m_sink.warning(codes::load_unknown_key, "unknown key '" + e->key.text + "'", e->key.pos);
}

const YamlEntry* ParserItemReader::find(const std::vector<const YamlEntry*>& entries, std::string_view key) noexcept {
    for (const YamlEntry* e : entries)
        if (e->key.text == key) return e;
    return nullptr;
}

void ParserItemReader::read_conditions(const YamlEntry& e) {
    ContextScope scope(m_sink, "conditions");
    if (e.value.kind != YamlKind::Sequence) {
        wrong_type(e, "a sequence of strings");
        return;
    }
    for (const auto& c : e.value.items) {
        if (c.kind != YamlKind::Scalar) {
            m_sink.error(codes::load_wrong_type, "expected a string in 'conditions', found " + found(c), c.pos);
            continue;
        }
        m_info.conditions.push_back(c.text);
    }
}

void ParserItemReader::read_required(const YamlEntry& e) {
    ContextScope scope(m_sink, "required");
    if (e.value.kind != YamlKind::Sequence) {
        wrong_type(e, "a sequence of field names");
        return;
    }
    static constexpr std::array<std::pair<std::string_view, ValueType>, 6> k_types = {{
        {"string", ValueType::String},
        {"number", ValueType::Number},
        {"bool", ValueType::Bool},
        {"object", ValueType::Object},
        {"array", ValueType::Array},
        {"any", ValueType::Any},
    }};
    for (const auto& r : e.value.items) {
        RequiredInfo info;
        info.mark = mark_of(r.pos);
        if (r.kind == YamlKind::Scalar) {
            info.field = r.text;
            m_info.required.push_back(std::move(info));
            continue;
        }
        if (r.kind != YamlKind::Map) {
            m_sink.error(codes::load_wrong_type,
                         "expected a field name or {field, type} in 'required', found " + found(r), r.pos);
            continue;
        }
        warn_unknown(unique_entries(r), {"field", "type"});
        if (!read_string(r, "field", info.field, true)) continue;
        if (const YamlEntry* type = r.find("type")) {
            std::string t;
            if (!read_string(r, "type", t, false)) continue;
            const auto it = std::find_if(k_types.begin(), k_types.end(), [&](const auto& p) { return p.first == t; });
            if (it == k_types.end()) {
                m_sink.error(codes::parser_bad_field,
                             "unknown type '" + t + "' for required field '" + info.field +
                                 "' (expected string, number, bool, object, array or any)",
                             type->value.pos);
                continue;
            }
            info.type = it->second;
        }
        m_info.required.push_back(std::move(info));
    }
}

} // namespace trailproof::parse
