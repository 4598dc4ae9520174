#include "skintwin/course/punctures.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "skintwin/core/error.hpp"
#include "skintwin/plan/safety.hpp"

namespace skintwin::course {
namespace {

void add_protocol_warnings(PunctureSession& s) {
  const auto& device = s.setup.device;
  const auto& request = s.setup.request;
  if (device.type != device::DeviceType::Pen && request.stroke_frequency_hz > 0.0)
    s.warnings.push_back(fmt::format("protocol.pen_frequency_hz = {:g} ignored: {} is a {}", request.stroke_frequency_hz,
                                     device.name, device::device_type_name(device.type)));
  if (s.penetration.reach_um > 0.0 && s.penetration.depth_um < 0.5 * s.penetration.reach_um)
    s.warnings.push_back(
        fmt::format("needles go in only {:.0f} of {:.0f} um on average: the skin deflects before it is pierced",
                    s.penetration.depth_um, s.penetration.reach_um));
}

// The same strikes at the lesion zone's depth: a second generator with only the depth changed
// draws the same places (every draw is keyed by seed, pass and index, not by depth).
void add_lesion_zone(PunctureSession& s) {
  const auto& setup = s.setup;
  device::PunctureRequest zone = setup.request;
  zone.set_depth_mm = *setup.lesion_zone_set_depth_mm;
  if (!setup.device.accepts_depth(zone.set_depth_mm))
    throw InputError("course.lesion_set_depth_mm", fmt::format("{:g}", zone.set_depth_mm),
                     fmt::format("{} ({}) takes {}", setup.device.name, device::device_type_name(setup.device.type),
                                 setup.device.depth_range_text()));
  if (auto warning = plan::check_dermis_depth(setup.device, zone.set_depth_mm, setup.site, setup.sex, setup.indication,
                                              "course.lesion_set_depth_mm"))
    s.warnings.push_back("over the lesion: " + *warning);
  s.lesion_zone_punctures =
      device::PunctureGenerator(setup.device, zone, setup.site, setup.sex, setup.penetration).all();
  const auto same_place = [](const device::Puncture& a, const device::Puncture& b) {
    return a.x_mm == b.x_mm && a.y_mm == b.y_mm && a.pass == b.pass && a.needle == b.needle;
  };
  if (s.lesion_zone_punctures.size() != s.punctures.size() ||
      !std::equal(s.punctures.begin(), s.punctures.end(), s.lesion_zone_punctures.begin(), same_place))
    throw std::logic_error("lesion zone: the strikes at another depth landed elsewhere");
}

}  // namespace

PunctureSession puncture_session(const SessionSetup& setup) {
  PunctureSession s{.setup = setup};
  const auto& device = setup.device;
  const auto& request = setup.request;
  device::validate_request(request);
  if (!device.accepts_depth(request.set_depth_mm))
    throw InputError(setup.depth_key, fmt::format("{:g}", request.set_depth_mm),
                     fmt::format("{} ({}) takes {}", device.name, device::device_type_name(device.type),
                                 device.depth_range_text()));
  if (auto warning =
          plan::check_dermis_depth(device, request.set_depth_mm, setup.site, setup.sex, setup.indication, setup.depth_key))
    s.warnings.push_back(*warning);
  const device::PunctureGenerator generator(device, request, setup.site, setup.sex, setup.penetration);
  s.plan = generator.plan();
  s.penetration = generator.penetration();
  add_protocol_warnings(s);
  s.punctures = generator.all();
  if (setup.lesion_zone_set_depth_mm) add_lesion_zone(s);
  s.stats = device::puncture_stats(s.punctures, request.passes, request.area_width_mm, request.area_length_mm,
                                   setup.site, setup.sex);
  return s;
}

}  // namespace skintwin::course
