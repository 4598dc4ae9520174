#include "skintwin/plan/safety.hpp"

#include <fmt/format.h>

#include "skintwin/core/error.hpp"
#include "skintwin/device/penetration.hpp"

namespace skintwin::plan {

bool indication_allows_fat(std::string_view indication) {
  return indication == "stretch_marks" || indication == "research";
}

std::optional<std::string> check_dermis_depth(const device::Device& device, double set_depth_mm,
                                              const tissue::Site& site, tissue::Sex sex,
                                              const std::string& indication, const std::string& depth_key) {
  const double reach_um = device::vertical_reach_um(device, set_depth_mm);
  const double dermis_um = site.dermis_bottom_um(sex);
  if (reach_um < dermis_um) return std::nullopt;
  const std::string what =
      fmt::format("needles reaching {:.0f} um pass the bottom of the dermis into fat at {} ({:.0f} um, {})", reach_um,
                  site.name, dermis_um, tissue::sex_name(sex));
  if (!indication_allows_fat(indication))
    throw InputError(depth_key, fmt::format("{:g}", set_depth_mm),
                     fmt::format("{}; use a depth whose reach is below {:.0f} um, or an indication that allows it "
                                 "(stretch_marks, research) to proceed with a warning",
                                 what, dermis_um));
  return what + "; allowed for indication '" + indication + "'";
}

}  // namespace skintwin::plan
