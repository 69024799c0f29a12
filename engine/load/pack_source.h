#pragma once
// What load read of one pack, kept as read whether or not the load succeeded:
// every rule document as the rules stage's AST (also the ones the compiler
// rejects: an unresolved placeholder, a bad regex), the model and parser
// definitions, the `documented:` block and the text of each file. Content is
// read once; the validator checks exactly what the compiler saw (the read pass of
// read -> collect -> compile, falco's rule_loader::reader output).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "load/content_limits.h"
#include "load/pack_info.h"
#include "models/model_info.h"
#include "parse/parser_info.h"
#include "rules/rule_file.h"
#include "yaml/yaml_tree.h"

namespace trailproof::load {

// A file's path and text, for the snippets of findings.
struct SourceText {
    std::string file;
    std::string text;
};

struct PackSource {
    static constexpr std::size_t k_none = SIZE_MAX;

    std::string pack_file;                    // <dir>/pack.yml; "" for a bare rules folder
    std::optional<yaml::YamlNode> documented; // pack.yml's `documented:` as written
    std::vector<rules::RuleFile> rule_files;  // own rule files in path order: text, ASTs, YAML error
    std::vector<models::ModelInfo> models;    // own model definitions as read (pack = this pack)
    std::vector<parse::ParserInfo> parsers;   // own parser definitions as read, in order
    std::vector<SourceText> texts;            // pack.yml, the parser and the model files
    std::size_t reused = k_none;              // Loaded::sources index of the pack `reuse.pack` names, if loaded

    // The text of `file` if this pack read it, else "". Valid while the PackSource lives.
    [[nodiscard]] std::string_view text_of(std::string_view file) const;
};

// The read pass for one pack: its rule, model and parser files into `out`
// (which already holds pack.yml); every problem goes to `result`.
void read_pack_source(const PackInfo& pack, const ContentLimits& limits, PackSource& out, LoadResult& result);

} // namespace trailproof::load
