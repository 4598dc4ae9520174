// Config -> session setup and model parameters.
#include "skintwin/io/simulation_config.hpp"

#include "skintwin/io/device_catalog.hpp"
#include "skintwin/io/parameter_config.hpp"
#include "skintwin/io/site_catalog.hpp"

namespace skintwin::io {
namespace {

device::PunctureRequest request_from(const Config& config) {
  device::PunctureRequest r;
  r.set_depth_mm = config.real("device.set_depth_mm");
  r.passes = static_cast<int>(config.integer("protocol.passes"));
  r.hand_speed_mm_per_s = config.real("protocol.hand_speed_mm_per_s");
  r.stroke_frequency_hz = config.real("protocol.pen_frequency_hz");
  r.area_width_mm = config.real("protocol.area_width_mm");
  r.area_length_mm = config.real("protocol.area_length_mm");
  r.hand_jitter_mm = config.real("protocol.hand_jitter_mm");
  r.skin_stretch = config.real("protocol.skin_stretch");
  r.seed = static_cast<std::uint64_t>(config.integer("run.seed"));
  return r;
}

}  // namespace

device::PenetrationModel penetration_model_from(const Config& config) {
  return device::resolve_penetration_model(parameters_from(config, device::penetration_parameter_table()));
}

course::SessionSetup session_setup_from(const Config& config) {
  const SiteChoice site = site_from_config(config, builtin_site_catalog());
  return {.device = builtin_device_catalog().get(config.text("device.name"), "device.name"),
          .site = *site.site,
          .sex = site.sex,
          .indication = config.text("protocol.indication"),
          .request = request_from(config),
          .penetration = penetration_model_from(config)};
}

course::ModelParameters model_parameters_from(const Config& config) {
  return {.healing = parameters_from(config, model::healing_parameter_table()),
          .injury = parameters_from(config, injury::injury_parameter_table()),
          .observables = parameters_from(config, outcome::observable_parameter_table())};
}

}  // namespace skintwin::io
