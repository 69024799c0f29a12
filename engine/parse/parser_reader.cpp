// read_parsers: the file's document, its `parsers` list and each parser item
// (name, format, the sections, semantic checks, names unique in the file). The
// sections themselves are read by ParserItemReader (parser_item_reader.h).

#include "core/diagnostic_codes.h"
#include "parse/parser_reader.h"

#include <map>
#include <string>

#include "parse/parser_check.h"
#include "parse/parser_item_reader.h"
#include "yaml/yaml_tree.h"

namespace trailproof::parse {

namespace {

using yaml::SourcePos;
using yaml::YamlEntry;
using yaml::YamlKind;
using yaml::YamlNode;

// A file-level finding without a known position points at the file's start.
SourcePos or_file_start(SourcePos pos) {
    return pos.line > 0 ? pos : SourcePos{1, 1};
}

class ParserFileReader : public yaml::YamlDecoder {
public:
    ParserFileReader(yaml::DiagnosticSink& sink, std::string_view text, std::string_view file,
                     const yaml::YamlLimits& limits)
        : YamlDecoder(sink, k_parser_wording), m_text(text), m_file(file), m_limits(limits) {}

    void read(std::vector<ParserInfo>& out) {
        const yaml::YamlReadResult parsed = yaml::read_yaml_documents(m_text, m_limits);
        m_sink.set_item("", "");
        if (parsed.failed) {
            m_sink.error(codes::load_yaml_parse, parsed.error, or_file_start(parsed.error_pos));
            return;
        }
        // A parser file is one document: only the first is read (later ones never were).
        const YamlNode* root = parsed.documents.empty() ? nullptr : &parsed.documents.front().root;
        if (!root || root->kind == YamlKind::Null) {
            m_sink.error(codes::load_missing_key, "missing required key 'parsers'",
                         or_file_start(root ? root->pos : SourcePos{}));
            return;
        }
        if (root->kind != YamlKind::Map) {
            m_sink.error(codes::load_wrong_type, "expected a map with key 'parsers', found " + found(*root),
                         or_file_start(root->pos));
            return;
        }
        for (const YamlEntry* e : unique_entries(*root)) {
            if (e->key.text != "parsers") {
                m_sink.warning(codes::load_unknown_key, "unknown key '" + e->key.text + "'", e->key.pos);
            } else if (e->value.kind != YamlKind::Sequence) {
                wrong_type(*e, "a sequence");
            } else {
                for (std::size_t i = 0; i < e->value.items.size(); ++i) read_parser(e->value.items[i], i, out);
                m_sink.set_item("", "");
            }
        }
        if (!root->find("parsers"))
            m_sink.error(codes::load_missing_key, "missing required key 'parsers'", or_file_start(root->pos));
    }

private:
    void read_parser(const YamlNode& item, std::size_t index, std::vector<ParserInfo>& out) {
        ParserInfo info;
        info.file = std::string(m_file);
        info.mark = mark_of(or_file_start(item.pos));
        const std::size_t errors_before = m_sink.error_count();
        // Without a name, the item's position identifies the parser.
        m_sink.set_item("parser", "", "parsers[" + std::to_string(index) + "]");
        if (item.kind != YamlKind::Map) {
            m_sink.error(codes::load_wrong_type, "expected a map for a parser, found " + found(item), item.pos);
            return;
        }
        ParserItemReader reader(m_sink, info);
        const std::vector<const YamlEntry*> entries = reader.unique_entries(item);
        // Name first, so every later diagnostic names its parser.
        SourcePos name_pos;
        if (reader.read_string(item, "name", info.name, true, &name_pos)) info.name_mark = mark_of(name_pos);
        if (!info.name.empty()) m_sink.set_item("parser", info.name);
        reader.warn_unknown(entries, {"name", "format", "conditions", "required", "time", "fields", "activity_types"});

        std::string format;
        SourcePos format_pos;
        if (reader.read_string(item, "format", format, true, &format_pos)) {
            if (format == "json") {
                info.format = ParserFormat::Json;
            } else if (format == "cef") {
                info.format = ParserFormat::Cef;
            } else {
                m_sink.error(codes::parser_unknown_format, "unknown format '" + format + "' (expected json or cef)",
                             format_pos);
            }
        }
        if (const YamlEntry* e = item.find("conditions")) reader.read_conditions(*e);
        if (const YamlEntry* e = item.find("required")) reader.read_required(*e);
        if (const YamlEntry* e = item.find("time")) reader.read_time(*e);
        if (const YamlEntry* e = item.find("fields")) reader.read_fields(*e);
        if (const YamlEntry* e = item.find("activity_types")) reader.read_activity_types(*e);

        if (m_sink.error_count() == errors_before) {
            std::vector<Diagnostic> semantic;
            check_parser(info, semantic);
            for (Diagnostic& d : semantic) m_sink.add(std::move(d));
        }
        if (!info.name.empty()) {
            auto [it, inserted] = m_names.emplace(info.name, info.name_mark);
            if (!inserted)
                m_sink.error(codes::load_duplicate_id,
                             "duplicate parser name '" + info.name + "' (first defined at " + std::string(m_file) +
                                 ":" + std::to_string(it->second.line) + ":" + std::to_string(it->second.column) + ")",
                             name_pos);
        }
        if (m_sink.error_count() == errors_before) out.push_back(std::move(info));
    }

    std::string_view m_text;
    std::string_view m_file;
    const yaml::YamlLimits& m_limits;
    std::map<std::string, SourceMark, std::less<>> m_names; // parser names of this file
};

} // namespace

LoadResult read_parsers(std::string_view yaml_text, std::string_view file_name, std::vector<ParserInfo>& out,
                        const yaml::YamlLimits& limits) {
    LoadResult result;
    yaml::DiagnosticSink sink(result, file_name, yaml_text, "");
    ParserFileReader(sink, yaml_text, file_name, limits).read(out);
    return result;
}

} // namespace trailproof::parse
