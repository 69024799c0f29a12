// A parser's `activity_types`: an ordered list of {type, when}; the first entry
// whose `when` tests all hold names the event's activity type.

#include "core/diagnostic_codes.h"
#include "parse/parser_item_reader.h"

namespace trailproof::parse {

using yaml::ContextScope;
using yaml::YamlEntry;
using yaml::YamlKind;

void ParserItemReader::read_activity_types(const YamlEntry& e) {
    ContextScope scope(m_sink, "activity_types");
    if (e.value.kind != YamlKind::Sequence) {
        wrong_type(e, "a sequence of {type, when}");
        return;
    }
    std::string fallback; // type of the first entry without `when`; later entries never match
    for (const auto& item : e.value.items) {
        ActivityTypeInfo info;
        info.mark = mark_of(item.pos);
        if (item.kind != YamlKind::Map) {
            m_sink.error(codes::load_wrong_type, "expected a map {type, when} in 'activity_types', found " + found(item),
                         item.pos);
            continue;
        }
        warn_unknown(unique_entries(item), {"type", "when"});
        if (!read_string(item, "type", info.type, true)) continue;
        bool ok = true;
        if (const YamlEntry* when = item.find("when")) {
            if (when->value.kind != YamlKind::Map) {
                wrong_type(*when, "a map of field to value");
                continue;
            }
            for (const YamlEntry* w : unique_entries(when->value)) {
                WhenInfo test;
                if (read_when(*w, test)) info.when.push_back(std::move(test));
                else ok = false;
            }
            if (ok && info.when.empty()) {
                m_sink.error(codes::parser_bad_condition, "empty 'when' for activity type '" + info.type + "'",
                             when->value.pos);
                ok = false;
            }
        }
        if (!ok) continue;
        if (!fallback.empty())
            m_sink.warning(codes::parser_unreachable_activity_type,
                           "activity type '" + info.type + "' follows the default '" + fallback +
                               "' and is never assigned",
                           item.pos);
        else if (info.when.empty())
            fallback = info.type.empty() ? std::string("(empty)") : info.type;
        m_info.activity_types.push_back(std::move(info));
    }
}

// One `when` test: a value, a list of values, or {exists: true|false}.
bool ParserItemReader::read_when(const YamlEntry& e, WhenInfo& when) {
    when.field = e.key.text;
    when.mark = mark_of(e.key.pos);
    if (e.value.kind == YamlKind::Scalar) {
        when.values.push_back(e.value.text);
        return true;
    }
    if (e.value.kind == YamlKind::Sequence) {
        for (const auto& v : e.value.items) {
            if (v.kind != YamlKind::Scalar) {
                m_sink.error(codes::load_wrong_type,
                             "expected a value in the list for '" + e.key.text + "', found " + found(v), v.pos);
                return false;
            }
            when.values.push_back(v.text);
        }
        if (when.values.empty()) {
            m_sink.error(codes::parser_bad_condition, "empty value list for '" + e.key.text + "'", e.value.pos);
            return false;
        }
        return true;
    }
    if (e.value.kind == YamlKind::Map) {
        const std::vector<const YamlEntry*> tests = unique_entries(e.value);
        const YamlEntry* exists = find(tests, "exists");
        if (!exists || tests.size() != 1) {
            m_sink.error(codes::parser_bad_condition, "expected {exists: true|false} for '" + e.key.text + "'",
                         e.value.pos);
            return false;
        }
        const std::optional<bool> value = read_bool(*exists);
        if (!value) return false;
        when.exists_test = true;
        when.exists = *value;
        return true;
    }
    wrong_type(e, "a value, a list of values or {exists: true|false}");
    return false;
}

} // namespace trailproof::parse
