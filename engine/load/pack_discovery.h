#pragma once
// Which packs a content path holds: a folder with pack.yml is one pack; a
// folder whose subfolders hold pack.yml files is a set of packs; any other
// folder is a bare rules folder (every *.yml below it is a Sigma rule), e.g.
// SigmaHQ's rules, named after the folder.

#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "load/pack_info.h"

namespace trailproof::load {

// The packs under `path`, sorted by folder, with pack.yml read and their files listed.
[[nodiscard]] std::vector<PackInfo> discover_packs(const std::string& path, LoadResult& result);

} // namespace trailproof::load
