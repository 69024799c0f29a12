// A parser's field extraction (`fields`: normalized name -> source) and its
// event time (`time: {field, format}`).

#include "parse/parser_item_reader.h"

namespace trailproof::parse {

using yaml::ContextScope;
using yaml::YamlEntry;
using yaml::YamlKind;

void ParserItemReader::read_fields(const YamlEntry& e) {
    ContextScope scope(m_sink, "fields");
    if (e.value.kind != YamlKind::Map) {
        wrong_type(e, "a map of normalized name to source");
        return;
    }
    for (const YamlEntry* f : unique_entries(e.value)) {
        if (f->value.kind != YamlKind::Scalar) {
            wrong_type(*f, "a source path");
            continue;
        }
        m_info.fields.push_back({f->key.text, f->value.text, mark_of(f->key.pos), mark_of(f->value.pos)});
    }
}

void ParserItemReader::read_time(const YamlEntry& e) {
    ContextScope scope(m_sink, "time");
    if (e.value.kind != YamlKind::Map) {
        wrong_type(e, "a map {field, format}");
        return;
    }
    warn_unknown(unique_entries(e.value), {"field", "format"});
    m_info.time.mark = mark_of(e.value.pos);
    // Each mark is the value's, or its key's when the value is empty (as in every message).
    if (const YamlEntry* f = e.value.find("field")) {
        m_info.time.mark = mark_of(f->value.kind == YamlKind::Null ? f->key.pos : f->value.pos);
        (void)read_string(e.value, "field", m_info.time.field, false);
    }
    if (const YamlEntry* f = e.value.find("format")) {
        m_info.time.format_mark = mark_of(f->value.kind == YamlKind::Null ? f->key.pos : f->value.pos);
        (void)read_string(e.value, "format", m_info.time.format, false);
    }
}

} // namespace trailproof::parse
