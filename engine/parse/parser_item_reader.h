#pragma once
// Reads the sections of one parser item (YAML map) into its ParserInfo. Internal
// to parse/: read_parsers (parser_reader.cpp) walks the file and its items and
// hands each section to one of these members, grouped by file:
//
//   parser_item_reader.cpp     conditions, required, and the shared helpers
//   parser_fields.cpp          fields, time
//   parser_activity_types.cpp  activity_types and their `when` tests
//
// Decoding goes through yaml::YamlDecoder in the parser files' own wording
// ("expected a string for 'format', found a sequence"), the one users and the
// tests in tests/parse know.

#include <initializer_list>
#include <string_view>
#include <vector>

#include "parse/parser_info.h"
#include "yaml/yaml_decoder.h"

namespace trailproof::parse {

inline constexpr yaml::DecoderWording k_parser_wording{
    .expected_first = true,
    .max_text = 40,
    .list = "a sequence",
    .duplicate_names_first = false,
};

// 1-based SourceMark of a tree position (the two are the same numbers; ParserInfo
// keeps its own type so no YAML type reaches the public headers).
[[nodiscard]] inline SourceMark mark_of(yaml::SourcePos pos) noexcept {
    return {pos.line, pos.column};
}

class ParserItemReader : public yaml::YamlDecoder {
public:
    ParserItemReader(yaml::DiagnosticSink& sink, ParserInfo& info) : YamlDecoder(sink, k_parser_wording), m_info(info) {}

    void read_conditions(const yaml::YamlEntry& e);
    void read_required(const yaml::YamlEntry& e);
    void read_time(const yaml::YamlEntry& e);
    void read_fields(const yaml::YamlEntry& e);
    void read_activity_types(const yaml::YamlEntry& e);

    // load.unknown_key warnings for the entries whose key is not in `known`.
    void warn_unknown(const std::vector<const yaml::YamlEntry*>& entries, std::initializer_list<std::string_view> known);
    // The entry with key `key` among `entries`, or nullptr.
    [[nodiscard]] static const yaml::YamlEntry* find(const std::vector<const yaml::YamlEntry*>& entries,
                                                     std::string_view key) noexcept;

private:
    [[nodiscard]] bool read_when(const yaml::YamlEntry& e, WhenInfo& when);

    ParserInfo& m_info;
};

} // namespace trailproof::parse
