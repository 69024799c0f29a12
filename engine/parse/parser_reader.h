#pragma once
// Reads parser definitions (YAML) into ParserInfo records: the "read" pass of
// read -> collect -> compile. The YAML comes through engine/yaml (positions,
// duplicate keys, typed scalars); no YAML type reaches this header.

#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "parse/parser_info.h"
#include "yaml/yaml_tree.h"

namespace trailproof::parse {

// Reads every parser of one file (`parsers:` sequence; format in README.md) and
// appends those without errors to `out`, in declared order. Never throws: YAML
// syntax errors, missing keys, wrong types and unknown formats become errors,
// unknown keys warnings, each with file:line:col and the source line. A bad
// parser does not stop the others, so all errors of a file come back in one run.
[[nodiscard]] LoadResult read_parsers(std::string_view yaml_text, std::string_view file_name,
                                      std::vector<ParserInfo>& out, const yaml::YamlLimits& limits = {});

} // namespace trailproof::parse
