#include "core/diagnostic_builder.h"
#include "context/table_source.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

namespace trailproof::context {

namespace {

std::string_view extension(std::string_view file) noexcept {
    const auto slash = file.find_last_of('/');
    const std::string_view base = slash == std::string_view::npos ? file : file.substr(slash + 1);
    const auto dot = base.find_last_of('.');
    if (dot == std::string_view::npos || dot == 0) return {};
    return base.substr(dot);
}

Diagnostic make(Severity severity, std::string_view code, std::string message, std::string file) {
    return diagnostic(severity, code, std::move(message), std::move(file)).item("context", "");
}

} // namespace

std::string_view table_name(std::string_view file) noexcept {
    const auto slash = file.find_last_of('/');
    std::string_view base = slash == std::string_view::npos ? file : file.substr(slash + 1);
    const auto dot = base.find_last_of('.');
    if (dot != std::string_view::npos && dot != 0) base = base.substr(0, dot);
    return base;
}

bool is_table_file(std::string_view file) noexcept {
    const std::string_view ext = extension(file);
    return ext == ".csv" || ext == ".yml" || ext == ".yaml" || ext == ".txt";
}

LoadResult read_table_dir(const std::string& dir, std::vector<TableSource>& out) {
    namespace fs = std::filesystem;
    LoadResult result;
    std::error_code ec;
    std::vector<std::string> names;
    fs::directory_iterator it(dir, ec);
    if (ec) {
        result.add(make(Severity::Error, codes::context_unreadable,
                        "cannot read context folder: " + ec.message(), dir));
        return result;
    }
    for (const fs::directory_entry& entry : it) {
        std::error_code type_ec;
        if (!entry.is_regular_file(type_ec)) continue;
        names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    std::string prefix = dir;
    if (!prefix.empty() && prefix.back() != '/') prefix += '/';
    for (const std::string& name : names) {
        const std::string path = prefix + name;
        if (name.front() == '.' || name.rfind("README", 0) == 0) continue;
        if (!is_table_file(name)) {
            result.add(make(Severity::Warning, codes::context_unknown_file,
                            "not a context table (expected .csv, .yml, .yaml or .txt); ignored", path));
            continue;
        }
        std::ifstream in(path, std::ios::binary);
        std::ostringstream text;
        if (in) text << in.rdbuf();
        if (!in || in.bad()) {
            result.add(make(Severity::Error, codes::context_unreadable, "cannot read context table", path));
            continue;
        }
        out.push_back(TableSource{path, std::move(text).str()});
    }
    return result;
}

void overlay_tables(std::vector<TableSource>& base, std::vector<TableSource> overrides) {
    std::vector<std::string> replaced;
    for (TableSource& o : overrides) {
        const std::string name(table_name(o.file));
        if (std::find(replaced.begin(), replaced.end(), name) != replaced.end()) {
            // Two override files with one name: keep both so compile reports the duplicate.
            base.push_back(std::move(o));
            continue;
        }
        replaced.push_back(name);
        // Drop every base table of that name (a pack may hold users.csv and users.yml),
        // and put the override where the first of them was.
        auto first = std::find_if(base.begin(), base.end(),
                                  [&](const TableSource& b) { return table_name(b.file) == name; });
        if (first == base.end()) {
            base.push_back(std::move(o));
            continue;
        }
        const auto at = first - base.begin();
        base.erase(std::remove_if(base.begin() + at, base.end(),
                                  [&](const TableSource& b) { return table_name(b.file) == name; }),
                   base.end());
        base.insert(base.begin() + at, std::move(o));
    }
}

} // namespace trailproof::context
