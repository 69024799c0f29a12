#pragma once
#include <string_view>
namespace trailproof::harness {
inline constexpr std::string_view k_version = "0.1.0";
}
