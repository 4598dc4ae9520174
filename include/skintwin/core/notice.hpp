#pragma once
#include <string_view>

namespace skintwin {
// Carried by every output the project writes (tables, CSV headers, JSON, reports).
inline constexpr std::string_view kNotice =
    "skintwin is a research and education tool, not a medical device.";
}  // namespace skintwin
