#pragma once
// A parser after compile: field ids resolved, values lowered, time format
// compiled; the extraction trie is (re)built by ParserSet::finalize. Internal to
// parse/: RecordParser, the JSON walker and the CEF reader read it.

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/field_registry.h"
#include "parse/parser_info.h"
#include "parse/path_trie.h"
#include "parse/time_parse.h"

namespace trailproof::parse {

// CEF header fields, in header order; their source names are k_cef_header_names.
inline constexpr std::size_t k_cef_header_count = 7;
inline constexpr std::array<std::string_view, k_cef_header_count> k_cef_header_names{
    "cef.version", "cef.vendor", "cef.product", "cef.device_version", "cef.signature_id", "cef.name", "cef.severity"};

struct CompiledParser {
    struct Mapping {
        FieldId name = k_no_field; // normalized field
        std::string source;
    };
    struct Required {
        FieldId field = k_no_field;
        std::string name;
        ValueType type = ValueType::String;
    };
    struct When {
        FieldId field = k_no_field;
        std::vector<std::string> values; // ASCII-lowered at compile time
        bool exists_test = false;
        bool exists = true;
    };
    struct Activity {
        std::string type;
        std::vector<When> when;
    };

    std::string name;
    ParserFormat format = ParserFormat::Json;
    std::vector<std::string> conditions;
    // The conditions as indices into the set's distinct condition texts
    // (ParserSet::condition_count), so a record searches each text once however
    // many parsers name it.
    std::vector<std::uint32_t> condition_ids;
    std::vector<Mapping> fields;
    std::vector<Required> required;
    FieldId time_field = k_no_field;
    std::string time_name;
    std::string time_format_name;
    TimeFormat time_format;
    std::vector<Activity> activity_types;

    // Built by finalize for the final registry.
    // JSON: this parser's view of the set's extraction (ParserSet::plan), the
    // slots a walk with a trie of its own (raw names, normalized names under
    // their sources) would fill, without walking again. The event takes the
    // extracted table whole (every registered name as a raw path), then drops
    // the fields in `unprojected` (its normalized names and activity_type, which
    // are not raw paths for this parser) and fills each normalized name from its
    // source's values (`sourced`: name, source's id).
    std::vector<FieldId> unprojected;
    std::vector<std::pair<FieldId, FieldId>> sourced;
    // CEF: raw names and normalized names under their sources, read per key.
    PathTrie trie;
    std::array<PathTrie::NodeId, k_cef_header_count> cef_header_nodes{};
};

} // namespace trailproof::parse
