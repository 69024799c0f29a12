#include "ingest/path_list.h"

#include <algorithm>
#include <system_error>

namespace trailproof::ingest {

namespace fs = std::filesystem;

namespace {

void collect(const fs::path& dir, std::vector<ListedPath>& out) {
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
        const fs::directory_entry& entry = *it;
        std::error_code status_ec;
        if (entry.is_symlink(status_ec)) {
            if (!entry.exists(status_ec)) {
                std::error_code link_ec;
                const fs::path target = fs::read_symlink(entry.path(), link_ec);
                out.push_back({entry.path(), "dangling symbolic link to " + target.string(), true});
            } else if (entry.is_regular_file(status_ec)) {
                out.push_back({entry.path(), {}});
            }
        } else if (entry.is_directory(status_ec)) {
            collect(entry.path(), out);
        } else if (entry.is_regular_file(status_ec)) {
            out.push_back({entry.path(), {}});
        }
    }
    if (ec) out.push_back({dir, ec.message()});
}

} // namespace

std::vector<ListedPath> list_files(const fs::path& dir) {
    std::vector<ListedPath> out;
    collect(dir, out);
    std::stable_sort(out.begin(), out.end(),
                     [](const ListedPath& a, const ListedPath& b) { return a.path < b.path; });
    return out;
}

} // namespace trailproof::ingest
