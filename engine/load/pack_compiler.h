#pragma once
// Compiles one pack of a load (internal to engine/load): its rules (own files,
// then the reused pack's files that define a reused id), its models (own, then
// the reused ones), the rules bound to models, the correlations and the derived
// fields. Reused content comes from the reused pack's PackSource: read once.

#include <cstddef>
#include <vector>

#include "core/diagnostic.h"
#include "load/content.h"
#include "load/pack_info.h"
#include "load/pack_source.h"

namespace trailproof::load {

// Compiles out.packs[index] (its info already set) from sources[index]; problems go to `result`.
void compile_pack(Content& out, std::size_t index, const std::vector<PackInfo>& infos,
                  const std::vector<PackSource>& sources, const ContentLimits& limits, LoadResult& result);

} // namespace trailproof::load
