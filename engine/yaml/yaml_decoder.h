#pragma once
// Typed decoding of YAML nodes with uniform messages (falco rule_loader_reader
// decode_val / decode_optional_val / decode_seq): every "missing key", "wrong
// type" and "duplicate key" reads the same wherever it comes from. The readers of
// rules, detections and correlations build on it.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "yaml/diagnostic_sink.h"
#include "yaml/yaml_tree.h"

namespace trailproof::yaml {

class YamlDecoder {
public:
    explicit YamlDecoder(DiagnosticSink& sink) : m_sink(sink) {}

    // The text of scalar `key` in `map`, or "".
    [[nodiscard]] static std::string scalar_text(const YamlNode& map, std::string_view key);
    // "'text'" for a scalar, "a list" / "a map" / "null" otherwise.
    [[nodiscard]] static std::string found(const YamlNode& n);
    // load.wrong_type: "'key' must be <expected>, found <found(value)>".
    void wrong_type(const YamlEntry& e, std::string_view expected);
    // A required or optional string; a present non-scalar is a type error. False when not read.
    bool read_string(const YamlNode& map, std::string_view key, std::string& out, bool required,
                     SourcePos* pos = nullptr);
    // A sequence of scalars (or, when `allow_scalar`, one scalar). False when absent or wrong.
    bool read_string_list(const YamlNode& map, std::string_view key, std::vector<std::string>& out,
                          bool allow_scalar = false, std::vector<SourcePos>* positions = nullptr);
    // A YAML 1.1 boolean (true/yes/on...), else a type error.
    std::optional<bool> read_bool(const YamlEntry& e);
    // `key: {name: scalar, ...}` -> name -> text (facts:, session:); the models stage checks them.
    void read_scalar_map(const YamlNode& root, std::string_view key, std::map<std::string, std::string>& out);
    // load.duplicate_key for every repeated key, at any depth.
    void check_duplicate_keys(const YamlNode& node);

protected:
    DiagnosticSink& m_sink;
};

} // namespace trailproof::yaml
