#pragma once
// From a resolved config to what the pipeline runs: the session setup (site, device, protocol,
// penetration model), the model parameters, and a whole simulation plan. Every check happens
// here, before any file is written; errors are InputErrors naming the config key.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "skintwin/course/punctures.hpp"
#include "skintwin/course/simulation.hpp"
#include "skintwin/io/config.hpp"

namespace skintwin::io {

// Site, sex, device, indication, the puncture request and the penetration model of the config.
course::SessionSetup session_setup_from(const Config& config);

// A course: each session's setup (the config's, with item k of course.devices, set_depth_mm,
// passes and lesion_set_depth_mm where those lists are given, and the session's own seed,
// course::session_seed) and day (course.session_days, or every course.interval_days). Throws
// InputError naming the key: a list whose length is not course.sessions, session days that do not
// start at 0 and increase, a lesion depth without a lesion, a device not in the catalog.
struct CourseSchedule {
  std::vector<course::SessionSetup> sessions;
  std::vector<double> days;
};
CourseSchedule course_schedule_from(const Config& config);
// A scalar key given in the user's files or --set that a course list replaces (device.set_depth_mm
// beside course.set_depth_mm, ...): one warning each. Read from the user's own config, not from a
// checkpoint's (which holds every key).
std::vector<std::string> unused_key_warnings(const Config& config);

// Every model.*, injury.* and observables.* key into its struct (penetration.* is in the setup).
course::ModelParameters model_parameters_from(const Config& config);
// The penetration.* keys, with the support areas fitted where they are 0.
device::PenetrationModel penetration_model_from(const Config& config);

// A simulation plan with what its outputs need besides: the resolved config (written to
// DIR/config.toml and echoed in summary.json) and the field compression.
struct SimulationSetup {
  course::SimulationPlan plan;
  int fields_gzip_level = 0;
  std::string config_toml;
  nlohmann::json config_json;
};

// Throws InputError naming the key before any work: a grid that leaves the treated area, too
// many voxels, a step schedule with dt_max < dt_initial, bad cadences, and everything
// course::puncture_session() rejects. checkpoint_every_days: 0 = no checkpoints.
SimulationSetup plan_simulation(const Config& config, double checkpoint_every_days);

// Grid depth for the config's simulate.depth_mm: itself if > 0, otherwise 0.5 mm below the
// deeper of the dermis bottom and the deepest channel, in whole voxels.
double grid_depth_um(double depth_mm, double dermis_bottom_um, double deepest_channel_um, double spacing_um);

}  // namespace skintwin::io
