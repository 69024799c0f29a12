#include "enrich/principal_name.h"

namespace trailproof::enrich {

std::string_view arn_last_segment(std::string_view arn) noexcept {
    if (arn.substr(0, 4) != "arn:") return {};
    if (const auto slash = arn.find_last_of('/'); slash != std::string_view::npos) return arn.substr(slash + 1);
    if (const auto colon = arn.find_last_of(':'); colon != std::string_view::npos) return arn.substr(colon + 1);
    return {};
}

} // namespace trailproof::enrich
