#include "load/pack_discovery.h"

#include <algorithm>
#include <filesystem>

#include "core/diagnostic_builder.h"
#include "load/files.h"
#include "load/pack_reader.h"

namespace trailproof::load {

namespace fs = std::filesystem;

namespace {

FoundPack read_pack(const fs::path& dir, LoadResult& result) {
    FoundPack found;
    PackInfo& p = found.info;
    p.dir = dir.string();
    const std::string file = (dir / "pack.yml").string();
    std::string text;
    if (read_file(file, text)) {
        read_pack_yml(text, file, p, found.source.documented, result);
        found.source.pack_file = file;
        found.source.texts.push_back({file, std::move(text)});
    } else {
        result.add(diagnostic_at(codes::load_unreadable, "cannot read pack file", file).item("pack", ""));
    }
    p.parser_files = yaml_files_below((dir / "parsers").string());
    p.rule_files = yaml_files_below((dir / "rules").string());
    p.model_files = yaml_files_below((dir / "models").string());
    if (fs::is_directory(dir / "context")) p.context_dir = (dir / "context").string();
    return found;
}

// The subfolders of `dir` that hold a pack.yml, sorted.
std::vector<fs::path> pack_folders_in(const fs::path& dir) {
    std::vector<fs::path> out;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec))
        if (entry.is_directory() && fs::exists(entry.path() / "pack.yml")) out.push_back(entry.path());
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

std::vector<FoundPack> discover_packs(const std::string& path, LoadResult& result) {
    std::vector<FoundPack> out;
    const fs::path dir(path);
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        result.add(diagnostic_at(codes::load_unreadable, "content path is not a folder", path).item("pack", ""));
        return out;
    }
    if (fs::exists(dir / "pack.yml")) {
        out.push_back(read_pack(dir, result));
        return out;
    }
    const std::vector<fs::path> subpacks = pack_folders_in(dir);
    for (const auto& p : subpacks) out.push_back(read_pack(p, result));
    if (subpacks.empty()) {
        FoundPack found;
        PackInfo& p = found.info;
        p.dir = path;
        p.id = dir.filename().empty() ? dir.parent_path().filename().string() : dir.filename().string();
        p.title = p.id;
        p.rule_files = yaml_files_below(dir.string());
        out.push_back(std::move(found));
    }
    return out;
}

std::optional<FoundPack> find_pack_beside(const std::string& pack_dir, std::string_view id, LoadResult& result) {
    fs::path dir = fs::path(pack_dir).lexically_normal();
    if (dir.filename().empty()) dir = dir.parent_path();
    const fs::path parent = dir.has_parent_path() ? dir.parent_path() : fs::path(".");
    for (const auto& candidate : pack_folders_in(parent)) {
        LoadResult own; // a folder that is not the one asked for is none of this load's business
        FoundPack found = read_pack(candidate, own);
        if (found.info.id != id) continue;
        result.merge(own);
        return found;
    }
    return std::nullopt;
}

} // namespace trailproof::load
