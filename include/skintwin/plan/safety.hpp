#pragma once
// Safety and indication rules of a treatment (docs/devices.md, "Depth and safety"): the planner's
// future home. Each rule either passes, passes with a warning, or refuses the protocol with an
// InputError naming the config key to change.
#include <optional>
#include <string>
#include <string_view>

#include "skintwin/device/device.hpp"
#include "skintwin/tissue/site.hpp"

namespace skintwin::plan {

// Indications for which a setting deeper than the dermis is allowed with a warning (stretch marks
// sit in the reticular dermis of thick body skin; research protocols may go anywhere). For the
// others it is refused.
bool indication_allows_fat(std::string_view indication);

// A setting whose full vertical reach passes the bottom of the dermis would put needle tips in fat
// if nothing deflected; that worst case is what the rule guards. Returns a warning when the
// indication allows it; throws InputError (naming `depth_key`, the key that set the depth) when it
// does not.
std::optional<std::string> check_dermis_depth(const device::Device& device, double set_depth_mm,
                                              const tissue::Site& site, tissue::Sex sex,
                                              const std::string& indication,
                                              const std::string& depth_key = "device.set_depth_mm");

}  // namespace skintwin::plan
