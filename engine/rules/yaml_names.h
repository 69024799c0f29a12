#pragma once
// The YAML layer's types (engine/yaml) by their short names inside the rules
// stage, whose readers and AST are written in terms of them.

#include "yaml/diagnostic_sink.h"
#include "yaml/yaml_decoder.h"
#include "yaml/yaml_scalar.h"
#include "yaml/yaml_tree.h"

namespace trailproof::rules {

using yaml::ContextScope;
using yaml::DiagnosticSink;
using yaml::ScalarStyle;
using yaml::SourcePos;
using yaml::YamlDecoder;
using yaml::YamlDocument;
using yaml::YamlEntry;
using yaml::YamlKind;
using yaml::YamlNode;
using yaml::YamlReadResult;
using yaml::read_yaml_documents;
using yaml::typed_value;

} // namespace trailproof::rules
