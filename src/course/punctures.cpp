#include "skintwin/course/punctures.hpp"

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

}  // namespace

PunctureSession puncture_session(const SessionSetup& setup) {
  PunctureSession s{.setup = setup};
  const auto& device = setup.device;
  const auto& request = setup.request;
  device::validate_request(request);
  if (!device.accepts_depth(request.set_depth_mm))
    throw InputError("device.set_depth_mm", fmt::format("{:g}", request.set_depth_mm),
                     fmt::format("{} ({}) takes {}", device.name, device::device_type_name(device.type),
                                 device.depth_range_text()));
  if (auto warning = plan::check_dermis_depth(device, request.set_depth_mm, setup.site, setup.sex, setup.indication))
    s.warnings.push_back(*warning);
  const device::PunctureGenerator generator(device, request, setup.site, setup.sex, setup.penetration);
  s.plan = generator.plan();
  s.penetration = generator.penetration();
  add_protocol_warnings(s);
  s.punctures = generator.all();
  s.stats = device::puncture_stats(s.punctures, request.passes, request.area_width_mm, request.area_length_mm,
                                   setup.site, setup.sex);
  return s;
}

}  // namespace skintwin::course
