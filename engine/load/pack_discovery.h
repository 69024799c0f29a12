#pragma once
// Which packs a content path holds: a folder with pack.yml is one pack; a
// folder whose subfolders hold pack.yml files is a set of packs; any other
// folder is a bare rules folder (every *.yml below it is a Sigma rule), e.g.
// SigmaHQ's rules, named after the folder.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "load/pack_info.h"
#include "load/pack_source.h"

namespace trailproof::load {

// A pack found on disk: pack.yml read and its files listed; `source` holds, so
// far, pack.yml's text and its `documented:` block.
struct FoundPack {
    PackInfo info;
    PackSource source;
};

// The packs under `path`, sorted by folder.
[[nodiscard]] std::vector<FoundPack> discover_packs(const std::string& path, LoadResult& result);

// The pack whose pack.yml says `id: <id>` in a folder beside `pack_dir` (the
// subfolders of its parent, sorted), or nullopt. Only that pack's problems go to `result`.
[[nodiscard]] std::optional<FoundPack> find_pack_beside(const std::string& pack_dir, std::string_view id,
                                                        LoadResult& result);

} // namespace trailproof::load
