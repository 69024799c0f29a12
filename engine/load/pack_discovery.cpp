#include "load/pack_discovery.h"

#include <algorithm>
#include <filesystem>

#include "core/diagnostic_builder.h"
#include "load/files.h"
#include "load/pack_reader.h"

namespace trailproof::load {

namespace fs = std::filesystem;

namespace {

PackInfo read_pack(const fs::path& dir, LoadResult& result) {
    PackInfo p;
    p.dir = dir.string();
    const std::string file = (dir / "pack.yml").string();
    std::string text;
    if (read_file(file, text)) read_pack_yml(text, file, p, result);
    else result.add(diagnostic_at(codes::load_unreadable, "cannot read pack file", file).item("pack", ""));
    p.parser_files = yaml_files_below((dir / "parsers").string());
    p.rule_files = yaml_files_below((dir / "rules").string());
    p.model_files = yaml_files_below((dir / "models").string());
    if (fs::is_directory(dir / "context")) p.context_dir = (dir / "context").string();
    return p;
}

} // namespace

std::vector<PackInfo> discover_packs(const std::string& path, LoadResult& result) {
    std::vector<PackInfo> out;
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
    std::vector<fs::path> subpacks;
    for (const auto& entry : fs::directory_iterator(dir, ec))
        if (entry.is_directory() && fs::exists(entry.path() / "pack.yml")) subpacks.push_back(entry.path());
    std::sort(subpacks.begin(), subpacks.end());
    for (const auto& p : subpacks) out.push_back(read_pack(p, result));
    if (subpacks.empty()) {
        PackInfo p;
        p.dir = path;
        p.id = dir.filename().empty() ? dir.parent_path().filename().string() : dir.filename().string();
        p.title = p.id;
        p.rule_files = yaml_files_below(dir.string());
        out.push_back(std::move(p));
    }
    return out;
}

} // namespace trailproof::load
