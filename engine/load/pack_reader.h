#pragma once
// pack.yml -> PackInfo, through the one YAML layer (engine/yaml): positions,
// duplicate keys and YAML 1.1 booleans (`sigma: yes`) as every other reader.

#include <optional>
#include <string>
#include <string_view>

#include "core/diagnostic.h"
#include "load/pack_info.h"
#include "yaml/yaml_tree.h"

namespace trailproof::load {

// Reads `text` (the file `file`) into `pack` and copies its `documented:` block,
// as written, to `documented` (left empty when there is none); every problem goes
// to `result`.
void read_pack_yml(std::string_view text, const std::string& file, PackInfo& pack,
                   std::optional<yaml::YamlNode>& documented, LoadResult& result);

} // namespace trailproof::load
