// Config -> session setup and model parameters.
#include "skintwin/io/simulation_config.hpp"

#include <fmt/format.h>

#include "skintwin/core/error.hpp"

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

// A per-session list must hold one item per session, or none.
bool per_session(const Config& config, const char* key, std::size_t sessions) {
  const std::size_t items = config.list_size(key);
  if (items == 0) return false;
  if (items != sessions)
    throw InputError(key, value_to_text(config.value(key)),
                     fmt::format("{} items, one per session (course.sessions = {}), or [] for the same in every session",
                                 sessions, sessions));
  return true;
}

std::vector<double> session_days_from(const Config& config, std::size_t sessions) {
  std::vector<double> days;
  if (!per_session(config, "course.session_days", sessions)) {
    for (std::size_t k = 0; k < sessions; ++k) days.push_back(static_cast<double>(k) * config.real("course.interval_days"));
    return days;
  }
  const std::string shown = value_to_text(config.value("course.session_days"));
  days = config.reals("course.session_days");
  if (days.front() != 0.0)
    throw InputError("course.session_days", shown, "a first session on day 0 (the run's time starts with it)");
  // Sessions closer than a minute would be one stop of the timeline.
  constexpr double kMinGapDays = 1.0 / 1440.0;
  for (std::size_t k = 1; k < days.size(); ++k)
    if (!(days[k] >= days[k - 1] + kMinGapDays))
      throw InputError("course.session_days", shown,
                       fmt::format("increasing days at least a minute apart (item {} is not after item {})", k + 1, k));
  return days;
}

}  // namespace

CourseSchedule course_schedule_from(const Config& config) {
  const auto sessions = static_cast<std::size_t>(config.integer("course.sessions"));
  CourseSchedule schedule{.days = session_days_from(config, sessions)};
  const bool devices = per_session(config, "course.devices", sessions);
  const bool depths = per_session(config, "course.set_depth_mm", sessions);
  const bool passes = per_session(config, "course.passes", sessions);
  const bool zones = per_session(config, "course.lesion_set_depth_mm", sessions);
  if (zones && config.text("lesion.type") == "none")
    throw InputError("course.lesion_set_depth_mm", value_to_text(config.value("course.lesion_set_depth_mm")),
                     "[] without a lesion (lesion.type = none): there is no zone to set deeper");
  const course::SessionSetup base = session_setup_from(config);
  const auto run_seed = static_cast<std::uint64_t>(config.integer("run.seed"));
  for (std::size_t k = 0; k < sessions; ++k) {
    course::SessionSetup s = base;
    if (devices) s.device = builtin_device_catalog().get(config.texts("course.devices")[k], "course.devices");
    if (depths) {
      s.request.set_depth_mm = config.reals("course.set_depth_mm")[k];
      s.depth_key = "course.set_depth_mm";
    }
    if (passes) s.request.passes = static_cast<int>(config.integers("course.passes")[k]);
    if (zones) s.lesion_zone_set_depth_mm = config.reals("course.lesion_set_depth_mm")[k];
    s.request.seed = course::session_seed(run_seed, k);
    schedule.sessions.push_back(std::move(s));
  }
  return schedule;
}

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
  course::ModelParameters parameters{.healing = parameters_from(config, model::healing_parameter_table()),
                                     .injury = parameters_from(config, injury::injury_parameter_table()),
                                     .observables = parameters_from(config, outcome::observable_parameter_table())};
  // Each key was checked against its own range; this also checks the keys that must agree (the
  // scar grades' depths increase).
  outcome::validate(parameters.observables);
  return parameters;
}

}  // namespace skintwin::io
