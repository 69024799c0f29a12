#include "core/diagnostic_codes.h"
#include "parse/parser_reader.h"

#include <algorithm>
#include <map>
#include <string>

#include <yaml-cpp/yaml.h>

#include "parse/parser_check.h"

namespace trailproof::parse {

namespace {

// yaml-cpp marks are 0-based (and -1 for an empty document); diagnostics are 1-based.
SourceMark mark_of(const YAML::Node& node) {
    YAML::Mark m = node.Mark();
    if (m.line < 0) return {1, 1};
    return {m.line + 1, m.column + 1};
}

// "a map", "a sequence", "null" or the scalar itself, for "found ..." messages.
std::string found(const YAML::Node& node) {
    switch (node.Type()) {
    case YAML::NodeType::Map: return "a map";
    case YAML::NodeType::Sequence: return "a sequence";
    case YAML::NodeType::Scalar: {
        std::string s = node.Scalar();
        if (s.size() > 40) s = s.substr(0, 37) + "...";
        return "'" + s + "'";
    }
    case YAML::NodeType::Null: return "null";
    case YAML::NodeType::Undefined: break;
    }
    return "nothing";
}

struct Entry {
    std::string key;
    YAML::Node key_node;
    YAML::Node value;
    SourceMark key_mark;
    // An empty value's mark points at the next token, so nulls report at their key.
    SourceMark value_mark() const { return value.IsNull() ? key_mark : mark_of(value); }
};

class Reader {
public:
    Reader(std::string_view text, std::string_view file, LoadResult& result)
        : m_text(text), m_file(file), m_result(result) {}

    void read(std::vector<ParserInfo>& out);

private:
    // --- diagnostics of the parser being read (m_info), with snippets
    void report(Severity severity, std::string_view code, std::string message, SourceMark mark,
                std::string_view context = {}) {
        Diagnostic d = parser_diagnostic(severity, code, std::move(message), m_info, mark, context);
        // Without a name, the item's position identifies the parser.
        if (m_info.name.empty()) d.context_chain.insert(d.context_chain.begin(), m_item_context);
        add(std::move(d));
    }
    void error(std::string_view code, std::string message, SourceMark mark, std::string_view context = {}) {
        ++m_item_errors;
        report(Severity::Error, code, std::move(message), mark, context);
    }
    void add(Diagnostic d) {
        if (d.line > 0) d.snippet = std::string(source_line(m_text, d.line));
        if (d.file.empty()) d.file = std::string(m_file);
        m_result.add(std::move(d));
    }
    void file_diagnostic(Severity severity, std::string_view code, std::string message, SourceMark mark) {
        Diagnostic d;
        d.severity = severity;
        d.code = std::string(code);
        d.message = std::move(message);
        d.line = mark.line;
        d.column = mark.column;
        add(std::move(d));
    }

    // --- typed decoding helpers: every "missing" / "wrong type" message reads the same
    std::vector<Entry> entries(const YAML::Node& map, std::string_view context);
    void warn_unknown(const std::vector<Entry>& es, std::initializer_list<std::string_view> known,
                      std::string_view context);
    static const Entry* find(const std::vector<Entry>& es, std::string_view key);
    void wrong_type(std::string_view expected, std::string_view key, const Entry& e, std::string_view context) {
        error(codes::load_wrong_type,
              "expected " + std::string(expected) + " for '" + std::string(key) + "', found " + found(e.value),
              e.value_mark(), context);
    }
    bool read_string(const Entry& e, std::string& out, std::string_view context);
    const Entry* required(const std::vector<Entry>& es, std::string_view key, SourceMark where,
                          std::string_view context);

    void read_parser(const YAML::Node& item, std::size_t index, std::vector<ParserInfo>& out);
    void read_conditions(const Entry& e);
    void read_required(const Entry& e);
    void read_time(const Entry& e);
    void read_fields(const Entry& e);
    void read_activity_types(const Entry& e);
    bool read_when(const Entry& e, WhenInfo& when);

    std::string_view m_text;
    std::string_view m_file;
    LoadResult& m_result;
    ParserInfo m_info;
    int m_item_errors = 0;
    std::string m_item_context; // "parsers[2]"
    std::map<std::string, SourceMark, std::less<>> m_names; // parser names of this file
};

std::vector<Entry> Reader::entries(const YAML::Node& map, std::string_view context) {
    std::vector<Entry> out;
    for (auto it = map.begin(); it != map.end(); ++it) {
        Entry e{{}, it->first, it->second, mark_of(it->first)};
        if (!it->first.IsScalar()) {
            error(codes::load_wrong_type, "expected a string key, found " + found(it->first), e.key_mark, context);
            continue;
        }
        e.key = it->first.Scalar();
        // yaml-cpp keeps duplicate keys; node[key] would silently take the first.
        if (find(out, e.key)) {
            error(codes::load_duplicate_key, "duplicate key '" + e.key + "'", e.key_mark, context);
            continue;
        }
        out.push_back(std::move(e));
    }
    return out;
}

void Reader::warn_unknown(const std::vector<Entry>& es, std::initializer_list<std::string_view> known,
                          std::string_view context) {
    for (const Entry& e : es)
        if (std::find(known.begin(), known.end(), e.key) == known.end())
            report(Severity::Warning, codes::load_unknown_key, "unknown key '" + e.key + "'", e.key_mark, context);
}

const Entry* Reader::find(const std::vector<Entry>& es, std::string_view key) {
    for (const Entry& e : es)
        if (e.key == key) return &e;
    return nullptr;
}

bool Reader::read_string(const Entry& e, std::string& out, std::string_view context) {
    if (!e.value.IsScalar()) {
        wrong_type("a string", e.key, e, context);
        return false;
    }
    out = e.value.Scalar();
    return true;
}

const Entry* Reader::required(const std::vector<Entry>& es, std::string_view key, SourceMark where,
                              std::string_view context) {
    const Entry* e = find(es, key);
    if (!e) error(codes::load_missing_key, "missing required key '" + std::string(key) + "'", where, context);
    return e;
}

void Reader::read(std::vector<ParserInfo>& out) {
    YAML::Node root;
    try {
        root = YAML::Load(std::string(m_text));
    } catch (const YAML::ParserException& e) {
        SourceMark mark = e.mark.line < 0 ? SourceMark{1, 1} : SourceMark{e.mark.line + 1, e.mark.column + 1};
        file_diagnostic(Severity::Error, codes::load_yaml_parse, e.msg, mark);
        return;
    }
    if (!root.IsMap()) {
        file_diagnostic(Severity::Error, root.IsNull() ? codes::load_missing_key : codes::load_wrong_type,
                        root.IsNull() ? std::string("missing required key 'parsers'")
                                      : "expected a map with key 'parsers', found " + found(root),
                        mark_of(root));
        return;
    }
    bool seen = false;
    for (auto it = root.begin(); it != root.end(); ++it) {
        SourceMark key_mark = mark_of(it->first);
        std::string key = it->first.IsScalar() ? it->first.Scalar() : std::string();
        if (key != "parsers") {
            file_diagnostic(Severity::Warning, codes::load_unknown_key, "unknown key '" + key + "'", key_mark);
        } else if (seen) {
            file_diagnostic(Severity::Error, codes::load_duplicate_key, "duplicate key 'parsers'", key_mark);
        } else {
            seen = true;
            if (!it->second.IsSequence()) {
                file_diagnostic(Severity::Error, codes::load_wrong_type,
                                "expected a sequence for 'parsers', found " + found(it->second),
                                it->second.IsNull() ? key_mark : mark_of(it->second));
            } else {
                const YAML::Node parsers = it->second; // a handle: the iterator's pair is a temporary
                std::size_t index = 0;
                for (const YAML::Node& item : parsers) read_parser(item, index++, out);
            }
        }
    }
    if (!seen) file_diagnostic(Severity::Error, codes::load_missing_key, "missing required key 'parsers'", mark_of(root));
}

void Reader::read_parser(const YAML::Node& item, std::size_t index, std::vector<ParserInfo>& out) {
    m_info = ParserInfo{};
    m_info.file = std::string(m_file);
    m_info.mark = mark_of(item);
    m_item_errors = 0;
    m_item_context = "parsers[" + std::to_string(index) + "]";
    if (!item.IsMap()) {
        error(codes::load_wrong_type, "expected a map for a parser, found " + found(item), m_info.mark);
        return;
    }
    // Name first, so every later diagnostic names its parser.
    std::vector<Entry> es = entries(item, {});
    if (const Entry* e = find(es, "name"); e && e->value.IsScalar()) {
        m_info.name = e->value.Scalar();
        m_info.name_mark = e->value_mark();
    }
    const Entry* name = required(es, "name", m_info.mark, {});
    if (name && !name->value.IsScalar()) wrong_type("a string", "name", *name, {});
    warn_unknown(es, {"name", "format", "conditions", "required", "time", "fields", "activity_types"}, {});

    if (const Entry* e = required(es, "format", m_info.mark, {})) {
        std::string format;
        if (read_string(*e, format, {})) {
            if (format == "json") {
                m_info.format = ParserFormat::Json;
            } else if (format == "cef") {
                m_info.format = ParserFormat::Cef;
            } else {
                error(codes::parser_unknown_format, "unknown format '" + format + "' (expected json or cef)",
                      e->value_mark());
            }
        }
    }
    if (const Entry* e = find(es, "conditions")) read_conditions(*e);
    if (const Entry* e = find(es, "required")) read_required(*e);
    if (const Entry* e = find(es, "time")) read_time(*e);
    if (const Entry* e = find(es, "fields")) read_fields(*e);
    if (const Entry* e = find(es, "activity_types")) read_activity_types(*e);

    if (m_item_errors == 0) {
        std::vector<Diagnostic> semantic;
        check_parser(m_info, semantic);
        for (Diagnostic& d : semantic) {
            ++m_item_errors;
            add(std::move(d));
        }
    }
    if (!m_info.name.empty()) {
        auto [it, inserted] = m_names.emplace(m_info.name, m_info.name_mark);
        if (!inserted)
            error(codes::load_duplicate_id,
                  "duplicate parser name '" + m_info.name + "' (first defined at " + std::string(m_file) + ":" +
                      std::to_string(it->second.line) + ":" + std::to_string(it->second.column) + ")",
                  m_info.name_mark);
    }
    if (m_item_errors == 0) out.push_back(std::move(m_info));
}

void Reader::read_conditions(const Entry& e) {
    if (!e.value.IsSequence()) {
        wrong_type("a sequence of strings", "conditions", e, "conditions");
        return;
    }
    for (const YAML::Node& c : e.value) {
        if (!c.IsScalar()) {
            error(codes::load_wrong_type, "expected a string in 'conditions', found " + found(c), mark_of(c), "conditions");
            continue;
        }
        m_info.conditions.push_back(c.Scalar());
    }
}

void Reader::read_required(const Entry& e) {
    if (!e.value.IsSequence()) {
        wrong_type("a sequence of field names", "required", e, "required");
        return;
    }
    for (const YAML::Node& r : e.value) {
        RequiredInfo info;
        info.mark = mark_of(r);
        if (r.IsScalar()) {
            info.field = r.Scalar();
            m_info.required.push_back(std::move(info));
            continue;
        }
        if (!r.IsMap()) {
            error(codes::load_wrong_type,
                  "expected a field name or {field, type} in 'required', found " + found(r), info.mark, "required");
            continue;
        }
        std::vector<Entry> es = entries(r, "required");
        warn_unknown(es, {"field", "type"}, "required");
        const Entry* field = required(es, "field", info.mark, "required");
        if (!field || !read_string(*field, info.field, "required")) continue;
        if (const Entry* type = find(es, "type")) {
            std::string t;
            if (!read_string(*type, t, "required")) continue;
            static const std::pair<std::string_view, ValueType> k_types[] = {
                {"string", ValueType::String}, {"number", ValueType::Number}, {"bool", ValueType::Bool},
                {"object", ValueType::Object}, {"array", ValueType::Array},   {"any", ValueType::Any}};
            auto it = std::find_if(std::begin(k_types), std::end(k_types), [&](auto& p) { return p.first == t; });
            if (it == std::end(k_types)) {
                error(codes::parser_bad_field,
                      "unknown type '" + t + "' for required field '" + info.field +
                          "' (expected string, number, bool, object, array or any)",
                      type->value_mark(), "required");
                continue;
            }
            info.type = it->second;
        }
        m_info.required.push_back(std::move(info));
    }
}

void Reader::read_time(const Entry& e) {
    if (!e.value.IsMap()) {
        wrong_type("a map {field, format}", "time", e, "time");
        return;
    }
    std::vector<Entry> es = entries(e.value, "time");
    warn_unknown(es, {"field", "format"}, "time");
    m_info.time.mark = mark_of(e.value);
    if (const Entry* f = find(es, "field")) {
        m_info.time.mark = f->value_mark();
        (void)read_string(*f, m_info.time.field, "time");
    }
    if (const Entry* f = find(es, "format")) {
        m_info.time.format_mark = f->value_mark();
        (void)read_string(*f, m_info.time.format, "time");
    }
}

void Reader::read_fields(const Entry& e) {
    if (!e.value.IsMap()) {
        wrong_type("a map of normalized name to source", "fields", e, "fields");
        return;
    }
    for (const Entry& f : entries(e.value, "fields")) {
        if (!f.value.IsScalar()) {
            wrong_type("a source path", f.key, f, "fields");
            continue;
        }
        m_info.fields.push_back({f.key, f.value.Scalar(), f.key_mark, f.value_mark()});
    }
}

bool Reader::read_when(const Entry& e, WhenInfo& when) {
    when.field = e.key;
    when.mark = e.key_mark;
    if (e.value.IsScalar()) {
        when.values.push_back(e.value.Scalar());
        return true;
    }
    if (e.value.IsSequence()) {
        for (const YAML::Node& v : e.value) {
            if (!v.IsScalar()) {
                error(codes::load_wrong_type, "expected a value in the list for '" + e.key + "', found " + found(v),
                      mark_of(v), "activity_types");
                return false;
            }
            when.values.push_back(v.Scalar());
        }
        if (when.values.empty()) {
            error(codes::parser_bad_condition, "empty value list for '" + e.key + "'", e.value_mark(), "activity_types");
            return false;
        }
        return true;
    }
    if (e.value.IsMap()) {
        std::vector<Entry> es = entries(e.value, "activity_types");
        const Entry* exists = find(es, "exists");
        if (!exists || es.size() != 1) {
            error(codes::parser_bad_condition, "expected {exists: true|false} for '" + e.key + "'", e.value_mark(),
                  "activity_types");
            return false;
        }
        bool value = false;
        if (!exists->value.IsScalar() || !YAML::convert<bool>::decode(exists->value, value)) {
            wrong_type("true or false", "exists", *exists, "activity_types");
            return false;
        }
        when.exists_test = true;
        when.exists = value;
        return true;
    }
    wrong_type("a value, a list of values or {exists: true|false}", e.key, e, "activity_types");
    return false;
}

void Reader::read_activity_types(const Entry& e) {
    if (!e.value.IsSequence()) {
        wrong_type("a sequence of {type, when}", "activity_types", e, "activity_types");
        return;
    }
    std::string fallback; // type of the first entry without `when`; later entries never match
    for (const YAML::Node& item : e.value) {
        ActivityTypeInfo info;
        info.mark = mark_of(item);
        if (!item.IsMap()) {
            error(codes::load_wrong_type, "expected a map {type, when} in 'activity_types', found " + found(item),
                  info.mark, "activity_types");
            continue;
        }
        std::vector<Entry> es = entries(item, "activity_types");
        warn_unknown(es, {"type", "when"}, "activity_types");
        const Entry* type = required(es, "type", info.mark, "activity_types");
        if (!type || !read_string(*type, info.type, "activity_types")) continue;
        bool ok = true;
        if (const Entry* when = find(es, "when")) {
            if (!when->value.IsMap()) {
                wrong_type("a map of field to value", "when", *when, "activity_types");
                continue;
            }
            for (const Entry& w : entries(when->value, "activity_types")) {
                WhenInfo test;
                if (read_when(w, test)) info.when.push_back(std::move(test));
                else ok = false;
            }
            if (ok && info.when.empty()) {
                error(codes::parser_bad_condition, "empty 'when' for activity type '" + info.type + "'",
                      when->value_mark(), "activity_types");
                ok = false;
            }
        }
        if (!ok) continue;
        if (!fallback.empty())
            report(Severity::Warning, codes::parser_unreachable_activity_type,
                   "activity type '" + info.type + "' follows the default '" + fallback + "' and is never assigned",
                   info.mark, "activity_types");
        else if (info.when.empty())
            fallback = info.type.empty() ? std::string("(empty)") : info.type;
        m_info.activity_types.push_back(std::move(info));
    }
}

} // namespace

LoadResult read_parsers(std::string_view yaml_text, std::string_view file_name, std::vector<ParserInfo>& out) {
    LoadResult result;
    Reader reader(yaml_text, file_name, result);
    try {
        reader.read(out);
    } catch (const std::exception& e) {
        // yaml-cpp may still throw on odd input; the loader never lets an exception out.
        Diagnostic d;
        d.code = codes::load_yaml_parse;
        d.message = e.what();
        d.file = std::string(file_name);
        result.add(std::move(d));
    }
    return result;
}

} // namespace trailproof::parse
