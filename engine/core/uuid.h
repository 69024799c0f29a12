#pragma once
// UUID text: the 8-4-4-4-12 hex shape Sigma wants for rule ids (the plain-Sigma
// pack check, new-rule's id convention). Shape only; any version, any case.

#include <cstddef>
#include <string_view>

namespace trailproof {

[[nodiscard]] inline bool is_uuid(std::string_view s) noexcept {
    if (s.size() != 36) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-') return false;
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
            return false;
        }
    }
    return true;
}

} // namespace trailproof
