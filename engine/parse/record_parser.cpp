#include "parse/record_parser.h"

#include <algorithm>
#include <cmath>

#include "parse/cef_reader.h"
#include "parse/reject_detail.h"
#include "core/ascii.h"
#include "core/text_search.h"

namespace trailproof::parse {

namespace {

bool fits(ParserFormat format, RecordFormat record) noexcept {
    return format == ParserFormat::Json ? record == RecordFormat::Json : record == RecordFormat::Text;
}

bool conditions_hold(const CompiledParser& p, std::string_view raw) noexcept {
    for (const std::string& c : p.conditions)
        if (!contains_text(raw, c)) return false;
    return true;
}

std::string_view kind_name(ValueKind kind) noexcept {
    switch (kind) {
    case ValueKind::Null: return "null";
    case ValueKind::String: return "a string";
    case ValueKind::Number: return "a number";
    case ValueKind::Bool: return "a boolean";
    case ValueKind::Object: return "an object";
    case ValueKind::Array: return "an array";
    }
    return "unknown";
}

std::string_view type_name(ValueType type) noexcept {
    switch (type) {
    case ValueType::String: return "a string";
    case ValueType::Number: return "a number";
    case ValueType::Bool: return "a boolean";
    case ValueType::Object: return "an object";
    case ValueType::Array: return "an array";
    case ValueType::Any: return "any value";
    }
    return "unknown";
}

bool kind_fits(ValueKind kind, ValueType type) noexcept {
    switch (type) {
    case ValueType::String: return kind == ValueKind::String;
    case ValueType::Number: return kind == ValueKind::Number;
    case ValueType::Bool: return kind == ValueKind::Bool;
    case ValueType::Object: return kind == ValueKind::Object;
    case ValueType::Array: return kind == ValueKind::Array;
    case ValueType::Any: return true;
    }
    return false;
}

// First value of `field` that is not JSON null; `saw_null` tells whether a null was seen.
const Value* first_non_null(const Event& event, FieldId field, bool& saw_null) noexcept {
    saw_null = false;
    for (const Value* v = event.first(field); v; v = event.next(*v)) {
        if (v->kind != ValueKind::Null) return v;
        saw_null = true;
    }
    return nullptr;
}

RejectCode missing(std::string& detail, std::string_view name, bool saw_null) {
    detail = saw_null ? "field '" : "missing field '";
    detail += name;
    detail += saw_null ? "' is null" : "'";
    return RejectCode::MissingField;
}

RejectCode wrong_type(std::string& detail, std::string_view name, ValueKind found, std::string_view expected) {
    detail = "field '";
    detail += name;
    detail += "' is ";
    detail += kind_name(found);
    detail += ", expected ";
    detail += expected;
    return RejectCode::WrongType;
}

bool when_holds(const CompiledParser::When& w, const Event& event) noexcept {
    if (w.exists_test) return event.has(w.field) == w.exists;
    for (const Value* v = event.first(w.field); v; v = event.next(*v)) {
        if (v->kind != ValueKind::String && v->kind != ValueKind::Number && v->kind != ValueKind::Bool) continue;
        for (const std::string& needle : w.values)
            if (equals_folded(v->text, needle)) return true;
    }
    return false;
}

// Event time from a JSON number (epoch formats only): whole milliseconds, or seconds with a fraction.
bool time_from_number(double number, TimeKind kind, std::int64_t& ms) noexcept {
    if (!std::isfinite(number)) return false;
    if (kind != TimeKind::EpochS && number != std::floor(number)) return false;
    double scaled = kind == TimeKind::EpochS ? number * 1000.0 : number;
    if (std::fabs(scaled) > 9.0e15) return false; // past year 287000; doubles stop being exact near 9.007e15
    ms = static_cast<std::int64_t>(std::llround(scaled));
    return true;
}

// Fills the parser's slots from the record's one extraction (see
// CompiledParser::unprojected): the values a walk with the parser's own trie
// would add, slot by slot in document order. The table is copied in bulk; each
// of the parser's normalized names is linked to its source's chain (the same
// values, not copies: Event::link); a name mapped from several sources gets the
// later sources' values appended one by one.
void project(const CompiledParser& p, const FieldTable& table, Event& event) {
    event.adopt(table.values(), table.chains());
    table.lend(event);
    for (const FieldId id : p.unprojected) event.link(id, {});
    const std::span<const Event::Chain> chains = table.chains();
    const std::span<const Value> values = table.values();
    for (const auto& [name, source] : p.sourced) {
        if (source >= chains.size() || chains[source].head < 0) continue;
        if (!event.present(name)) {
            event.link(name, chains[source]);
            continue;
        }
        for (std::int32_t i = chains[source].head; i >= 0; i = values[static_cast<std::size_t>(i)].next)
            event.add(name, values[static_cast<std::size_t>(i)]);
    }
    // A kept table's texts outlive the parser: own_text need not look at these values.
    if (table.kept()) event.settle();
}

} // namespace

std::vector<ParserChoice> explain_parser_choice(const ParserSet& set, const RawRecord& record) {
    std::vector<ParserChoice> out;
    bool claimed = false;
    for (std::size_t i = 0; i < set.size(); ++i) {
        const CompiledParser& p = set.parser(i);
        ParserChoice c;
        c.parser = p.name;
        c.format_fits = fits(p.format, record.format);
        for (const std::string& condition : p.conditions)
            if (!contains_text(record.bytes, condition)) {
                c.missing_condition = condition;
                break;
            }
        c.claimed = !claimed && c.format_fits && conditions_hold(p, record.bytes);
        claimed = claimed || c.claimed;
        out.push_back(std::move(c));
    }
    return out;
}

RecordParser::RecordParser(const ParserSet& set) : m_set(&set) {}

// At the first search, not in the constructor: a parser may be made beside its
// set before the set is finalized (the tests' Engine). Out of line, so a set
// without conditions pays nothing for it per record.
void RecordParser::prepare_conditions() {
    m_conditions.clear();
    for (std::size_t id = 0; id < m_set->condition_count(); ++id) m_conditions.emplace_back(m_set->condition(id));
}

RejectCode RecordParser::parse(const RawRecord& record, Event& event, std::string& detail, Extent extent) noexcept {
    event.reset(m_set->field_count());
    event.origin = record.origin;
    event.raw = record.bytes;

    std::size_t chosen = m_set->size();
    m_condition_found.assign(m_set->condition_count(), -1);
    const auto found = [&](std::uint32_t id) {
        std::int8_t& known = m_condition_found[id];
        if (known < 0) {
            if (m_conditions.size() != m_set->condition_count()) prepare_conditions();
            known = m_conditions[id].occurs_in(record.bytes) ? 1 : 0;
        }
        return known == 1;
    };
    for (std::size_t i = 0; i < m_set->size(); ++i) {
        const CompiledParser& p = m_set->parser(i);
        if (fits(p.format, record.format) && std::all_of(p.condition_ids.begin(), p.condition_ids.end(), found)) {
            chosen = i;
            break;
        }
    }
    if (chosen == m_set->size()) {
        detail = record.format == RecordFormat::Json ? "no parser matches this JSON record"
                                                     : "no parser matches this text record";
        return RejectCode::NoParser;
    }
    const CompiledParser& p = m_set->parser(chosen);
    event.parser = static_cast<std::uint16_t>(chosen);
    RejectCode code = RejectCode::Ok;
    if (p.format == ParserFormat::Json) {
        if (!m_set->has_head_plan()) extent = Extent::Whole;
        const FieldTable* table = nullptr;
        code = m_json.extract(record.bytes, extent == Extent::Head ? m_set->head_plan() : m_set->plan(), table,
                              detail);
        if (code == RejectCode::Ok) project(p, *table, event);
    } else {
        extent = Extent::Whole;
        code = read_cef(record.bytes, p, event, detail);
    }
    if (code != RejectCode::Ok) return code;
    code = finish(p, event, detail, extent);
    if (code == RejectCode::Ok) detail.clear();
    return code;
}

// Required fields, event time, activity type (not for a head) and principal,
// once the slots are filled.
RejectCode RecordParser::finish(const CompiledParser& p, Event& event, std::string& detail, Extent extent) noexcept {
    bool saw_null = false;
    for (const CompiledParser::Required& r : p.required) {
        const Value* v = first_non_null(event, r.field, saw_null);
        if (!v) return missing(detail, r.name, saw_null);
        if (!kind_fits(v->kind, r.type)) return wrong_type(detail, r.name, v->kind, type_name(r.type));
    }

    const Value* t = first_non_null(event, p.time_field, saw_null);
    if (!t) return missing(detail, p.time_name, saw_null);
    TimeKind kind = p.time_format.kind;
    bool epoch = kind == TimeKind::EpochMs || kind == TimeKind::EpochS || kind == TimeKind::Auto;
    bool ok = false;
    if (t->kind == ValueKind::Number && epoch) {
        ok = time_from_number(t->number, kind == TimeKind::EpochS ? kind : TimeKind::EpochMs, event.time_ms);
    } else if (t->kind == ValueKind::String) {
        // The groups of one record read the same eventTime view: parsed once.
        RecordMemo::Time& memo = record_memo().time;
        const bool json = p.format == ParserFormat::Json && kind != TimeKind::Pattern;
        const ParseId parse = json ? m_json.parse_id() : ParseId{};
        if (json && memo.valid && memo.parse == parse && memo.kind == kind && memo.text.data() == t->text.data() &&
            memo.text.size() == t->text.size()) {
            ok = memo.ok;
            event.time_ms = memo.ms;
            ++memo.hits;
        } else {
            ok = parse_time(t->text, p.time_format, event.time_ms);
            memo.valid = json;
            memo.parse = parse;
            memo.text = t->text;
            memo.kind = kind;
            memo.ok = ok;
            memo.ms = event.time_ms;
        }
    } else {
        return wrong_type(detail, p.time_name, t->kind, epoch ? "a string or a number" : "a string");
    }
    if (!ok) {
        detail = "bad time ";
        append_excerpt(detail, t->text);
        detail += " in field '";
        detail += p.time_name;
        detail += "' (format ";
        detail += p.time_format_name;
        detail += ")";
        return RejectCode::BadTime;
    }

    for (const CompiledParser::Activity& a : p.activity_types) {
        if (extent == Extent::Head) break;
        bool match = true;
        for (const CompiledParser::When& w : a.when)
            if (!when_holds(w, event)) {
                match = false;
                break;
            }
        if (!match) continue;
        event.activity_type = a.type;
        if (m_set->activity_type_field() != k_no_field) {
            Value v;
            v.kind = ValueKind::String;
            v.text = a.type;
            v.lasting = true; // the parser set's own text
            event.add(m_set->activity_type_field(), v);
        }
        break;
    }
    // After the activity type: its `when` tests read the fields as the record has them.
    if (p.format == ParserFormat::Json)
        m_set->principal().apply(event, record_memo().principal, m_json.parse_id());
    return RejectCode::Ok;
}

} // namespace trailproof::parse
