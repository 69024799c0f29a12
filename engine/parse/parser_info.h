#pragma once
// Parser definitions as read from YAML: plain data, no behaviour, with the
// source marks diagnostics need (1-based line/column). The reader fills these;
// ParserSet::compile turns them into extraction plans. No YAML types here.

#include <cstdint>
#include <string>
#include <vector>

namespace trailproof::parse {

// Where an item was written: 1-based line and column, 0 when unknown (built-ins).
struct SourceMark {
    int line = 0;
    int column = 0;
};

enum class ParserFormat : std::uint8_t {
    Json, // RecordFormat::Json records; sources are dotted JSON paths
    Cef,  // RecordFormat::Text records with "CEF:"; sources are cef.* header names or extension keys
};

// Expected type of a required field.
enum class ValueType : std::uint8_t { String, Number, Bool, Object, Array, Any };

// `required:` item: the field must be present (not null) and of `type`.
struct RequiredInfo {
    std::string field;
    ValueType type = ValueType::String;
    SourceMark mark;
};

// `fields:` item: normalized name <- source.
struct FieldMapInfo {
    std::string name;
    std::string source;
    SourceMark mark;        // of the name (the map key)
    SourceMark source_mark; // of the source (the value)
};

// `time:`: where the event time is and how it is written. An empty field means
// the format's default (eventTime for json, rt for cef).
struct TimeInfo {
    std::string field;
    std::string format; // iso8601 | epoch_ms | epoch_s | cef | auto | a pattern ("dd/MMM/yyyy:HH:mm:ss Z")
    SourceMark mark;
    SourceMark format_mark;
};

// One `when:` test: field equals one of `values` (ASCII case-insensitive), or,
// when `exists_test`, the field is present (not null) == `exists`.
struct WhenInfo {
    std::string field;
    std::vector<std::string> values;
    bool exists_test = false;
    bool exists = true;
    SourceMark mark;
};

// `activity_types:` item; all `when` tests must hold; no tests = default.
struct ActivityTypeInfo {
    std::string type;
    std::vector<WhenInfo> when;
    SourceMark mark;
};

struct ParserInfo {
    std::string name;
    ParserFormat format = ParserFormat::Json;
    std::vector<std::string> conditions; // substrings that must all occur in the raw record
    std::vector<RequiredInfo> required;
    TimeInfo time;
    std::vector<FieldMapInfo> fields;
    std::vector<ActivityTypeInfo> activity_types;

    std::string file; // content file the parser was read from ("<builtin>" for built-ins)
    SourceMark mark;  // of the parser item
    SourceMark name_mark;
};

} // namespace trailproof::parse
