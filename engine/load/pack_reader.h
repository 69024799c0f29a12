#pragma once
// pack.yml -> PackInfo, through the one YAML layer (engine/yaml): positions,
// duplicate keys and YAML 1.1 booleans (`sigma: yes`) as every other reader.

#include <string>
#include <string_view>

#include "core/diagnostic.h"
#include "load/pack_info.h"

namespace trailproof::load {

// Reads `text` (the file `file`) into `pack`; every problem goes to `result`.
void read_pack_yml(std::string_view text, const std::string& file, PackInfo& pack, LoadResult& result);

} // namespace trailproof::load
