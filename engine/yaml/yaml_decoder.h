#pragma once
// Typed decoding of YAML nodes with uniform messages (falco rule_loader_reader
// decode_val / decode_optional_val / decode_seq): every "missing key", "wrong
// type" and "duplicate key" is decided and worded here, whichever reader it
// comes from. The readers of packs, rules, models, parsers, context tables and
// fixtures build on it.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "yaml/diagnostic_sink.h"
#include "yaml/yaml_tree.h"

namespace trailproof::yaml {

// How a reader words type and key errors. New readers take the default; the
// parser and context readers keep the wording their users and tests already
// know, so changing readers over to this decoder changed no message.
struct DecoderWording {
    // "expected <X> for 'key', found <Y>" instead of "'key' must be <X>, found <Y>".
    bool expected_first = false;
    // A scalar is found as its text in quotes ('eventTime'); when false, as "a scalar".
    bool scalar_text = true;
    // A found text longer than this is cut to max_text - 3 bytes and "..." (0: never cut).
    std::size_t max_text = 0;
    std::string_view list = "a list";
    std::string_view map = "a map";
    // "duplicate key 'k' (first at line N)"; when false, "duplicate key 'k'".
    bool duplicate_names_first = true;
};

class YamlDecoder {
public:
    explicit YamlDecoder(DiagnosticSink& sink, DecoderWording wording = {}) : m_sink(sink), m_wording(wording) {}

    // The text of scalar `key` in `map`, or "".
    [[nodiscard]] static std::string scalar_text(const YamlNode& map, std::string_view key);
    // "a list" / "a map" / "a scalar" / "null", in this decoder's wording.
    [[nodiscard]] std::string_view kind_name(const YamlNode& n) const noexcept;
    // What a message says was found: "'text'" for a scalar (or "a scalar"), kind_name otherwise.
    [[nodiscard]] std::string found(const YamlNode& n) const;
    // load.wrong_type: "'key' must be <expected>, found <found(value)>", at the value
    // (at the key when the value is empty: the parser marks an empty value at the next token).
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
    // load.duplicate_key for every repeated key of `node` and, when `nested`, of every map below it.
    void check_duplicate_keys(const YamlNode& node, bool nested = true);
    // The entries of `map` in file order, each key once: a repeated key is reported
    // (load.duplicate_key) and left out, and so is a key that is not a scalar (load.wrong_type).
    [[nodiscard]] std::vector<const YamlEntry*> unique_entries(const YamlNode& map);

protected:
    DiagnosticSink& m_sink;
    DecoderWording m_wording;

private:
    void duplicate_key(const YamlNode& key, const YamlNode& first);
};

} // namespace trailproof::yaml
