#include "core/edit_distance.h"

#include <algorithm>
#include <vector>

#include "core/ascii.h"

namespace trailproof {

std::size_t edit_distance(std::string_view a, std::string_view b, bool fold_case) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const char x = fold_case ? ascii_lower(a[i - 1]) : a[i - 1];
            const char y = fold_case ? ascii_lower(b[j - 1]) : b[j - 1];
            const std::size_t next = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (x == y ? 0 : 1)});
            diagonal = row[j];
            row[j] = next;
        }
    }
    return row[b.size()];
}

std::string_view closest_name(std::string_view unknown, const std::vector<std::string_view>& candidates,
                              std::size_t below, bool fold_case) {
    std::string_view best;
    std::size_t best_distance = below;
    for (std::string_view name : candidates) {
        const std::size_t d = edit_distance(unknown, name, fold_case);
        if (d < best_distance) {
            best_distance = d;
            best = name;
        }
    }
    return best;
}

std::string did_you_mean(std::string_view unknown, const std::vector<std::string_view>& candidates,
                         std::size_t below, bool fold_case) {
    const std::string_view best = closest_name(unknown, candidates, below, fold_case);
    return best.empty() ? std::string() : "; did you mean '" + std::string(best) + "'?";
}

} // namespace trailproof
