#include "core/principal_name.h"

namespace trailproof {

std::string_view arn_last_segment(std::string_view arn) noexcept {
    if (arn.substr(0, 4) != "arn:") return {};
    if (const auto slash = arn.find_last_of('/'); slash != std::string_view::npos) return arn.substr(slash + 1);
    if (const auto colon = arn.find_last_of(':'); colon != std::string_view::npos) return arn.substr(colon + 1);
    return {};
}

bool looks_like_email(std::string_view text) noexcept {
    const auto at = text.find('@');
    if (at == std::string_view::npos || at == 0 || text.find('@', at + 1) != std::string_view::npos) return false;
    if (text.find_first_of("/: ") != std::string_view::npos) return false; // an ARN or a phrase, not an address
    const std::string_view domain = text.substr(at + 1);
    const auto dot = domain.find('.');
    return dot != std::string_view::npos && dot != 0 && domain.back() != '.';
}

std::string_view email_domain(std::string_view email) noexcept {
    return looks_like_email(email) ? email.substr(email.find('@') + 1) : std::string_view{};
}

} // namespace trailproof
