#pragma once
// Reads a rule's `detection:` block into the AST: identifiers, AllOf maps, AnyOf
// lists, keyword lists, field keys split into name and modifiers, typed values,
// and the condition strings with the file position of each of their bytes.

#include <string_view>

#include "rules/rule_ast.h"
#include "yaml/yaml_decoder.h"
#include "rules/yaml_names.h"

namespace trailproof::rules {

class DetectionReader : public YamlDecoder {
public:
    // `file_text` is the whole source file (carets inside keys and conditions).
    DetectionReader(DiagnosticSink& sink, std::string_view file_text) : YamlDecoder(sink), m_text(file_text) {}

    void read_detection(const YamlNode& root, RuleAst& rule);
    // One selection on its own (compile_selections): a map, or a list of maps or
    // values, read exactly as a `detection:` entry. False when it has an error.
    bool read_selection(const YamlNode& node, Detection& out) { return read_definition(node, out, true); }

private:
    void read_conditions(const YamlEntry& e, RuleAst& rule);
    // A detection definition: a map (AND), a list of maps/values (OR), or keywords.
    bool read_definition(const YamlNode& node, Detection& out, bool top);
    bool read_keywords(const YamlNode& node, Detection& out);
    bool read_field_spec(const YamlNode& key, FieldSpec& spec);
    bool read_item(const YamlEntry& entry, DetectionItem& item);

    std::string_view m_text;
};

} // namespace trailproof::rules
