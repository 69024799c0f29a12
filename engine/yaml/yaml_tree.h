#pragma once
// A YAML document as plain data with source positions. The YAML library's event
// parser builds it (yaml_tree.cpp is the only file that includes the library),
// so every reader works on this tree and no library type leaks into a header.
// The tree keeps what the library's Node API loses: duplicate keys, scalar
// styles (quoted or not, for YAML 1.1 typing) and the exact position of every
// node, converted to 1-based lines and columns here, once.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trailproof::yaml {

struct SourcePos {
    int line = 0;   // 1-based; 0 when unknown
    int column = 0; // 1-based
    bool operator==(const SourcePos&) const = default;
};

enum class YamlKind : std::uint8_t { Null, Scalar, Sequence, Map };
enum class ScalarStyle : std::uint8_t { Plain, SingleQuoted, DoubleQuoted, Literal, Folded };

struct YamlEntry;

struct YamlNode {
    YamlKind kind = YamlKind::Null;
    ScalarStyle style = ScalarStyle::Plain;
    bool explicit_string = false; // tagged !!str
    std::string text;             // scalar value after YAML unquoting
    SourcePos pos;
    int offset = -1;                // byte offset of the node's first character in the file
    std::vector<YamlNode> items;    // Sequence
    std::vector<YamlEntry> entries; // Map, in file order, duplicates kept

    // First entry with key `key`, or nullptr.
    [[nodiscard]] const YamlEntry* find(std::string_view key) const noexcept;
    // A scalar written without quotes and without a tag: subject to YAML 1.1 typing.
    [[nodiscard]] bool plain() const noexcept {
        return kind == YamlKind::Scalar && style == ScalarStyle::Plain && !explicit_string;
    }
    // "a string", "a number"... for wrong-type messages.
    [[nodiscard]] std::string_view kind_name() const noexcept;
};

struct YamlEntry {
    YamlNode key;
    YamlNode value;
};

struct YamlDocument {
    YamlNode root;
    SourcePos pos; // where the document starts
};

struct YamlReadResult {
    std::vector<YamlDocument> documents; // every document before a syntax error
    bool failed = false;
    std::string error; // the parser's message
    SourcePos error_pos;
};

// Limits of every YAML file read (README "Limits": --max-yaml-depth,
// --max-yaml-aliases); a hit is a load.yaml_parse error at the node that hit it,
// never a crash or a silent cut.
struct YamlLimits {
    std::size_t max_depth = 100;             // lists and maps inside each other
    std::size_t max_alias_nodes = 1'000'000; // nodes copied by aliases, per document
};

// Parses every document of `text`. Stops at the first syntax error, keeping the
// documents before it. Text that is not UTF-8 is an error at its first bad byte
// (no documents); so are the limits above.
[[nodiscard]] YamlReadResult read_yaml_documents(std::string_view text, const YamlLimits& limits = {});

// For each byte of a scalar's value, its position in the file (so a caret inside
// a condition string lands on the right column, even in quoted or block scalars).
[[nodiscard]] std::vector<SourcePos> map_scalar_positions(std::string_view file, const YamlNode& scalar);

} // namespace trailproof::yaml
