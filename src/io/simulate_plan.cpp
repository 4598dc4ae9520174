// From a resolved config to a SimulationPlan: every check happens here, before any file is written.
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "skintwin/core/error.hpp"
#include "skintwin/core/units.hpp"
#include "skintwin/io/lesion_catalog.hpp"
#include "skintwin/io/simulation_config.hpp"

namespace skintwin::io {
namespace {

// Fat below the deepest structure of interest, so the bottom boundary does not shape the wound.
constexpr double kFatMarginUm = 500.0;
// Intact tissue a configured grid must keep below the deepest channel: a bottom boundary at (or
// above) a channel's tip would cut it off and change the wound it makes.
constexpr double kChannelMarginUm = 100.0;
// A run holds about 300 bytes per voxel at its peak (three field sets of 16 float species, the
// solvers' double work arrays; docs/performance.md): 2e7 voxels is about 6 GB, the most a
// workstation should be asked for without a warning. A 5 x 5 mm patch at 20 um is 6.6e6.
constexpr double kMaxVoxels = 2.0e7;

int cells(double extent_um, double spacing_um) {
  return std::max(1, static_cast<int>(std::lround(extent_um / spacing_um)));
}

// The grid's lateral interval [start, start + extent] must lie in [0, area]: the punctures exist
// only there, and a grid partly outside would see untreated skin as part of the wound zone.
void check_inside(const char* key, double value, double start_mm, double extent_mm, double area_mm,
                  const char* area_key) {
  constexpr double kSlackMm = 1e-9;
  if (start_mm < -kSlackMm || start_mm + extent_mm > area_mm + kSlackMm)
    throw InputError(key, fmt::format("{}", value),
                     fmt::format("a value that keeps the simulated {:g} mm inside the treated {:g} mm ({})",
                                 extent_mm, area_mm, area_key));
}

// The y of the puncture nearest (in y) to the plane y = y_mm among those landing within
// [x_begin, x_end]; y_mm itself if there is none.
double nearest_channel_y_mm(const std::vector<device::Puncture>& punctures, double x_begin_mm, double x_end_mm,
                            double y_mm) {
  double best = y_mm;
  double best_distance = std::numeric_limits<double>::infinity();
  for (const auto& p : punctures) {
    if (p.x_mm < x_begin_mm || p.x_mm > x_end_mm) continue;
    const double distance = std::abs(p.y_mm - y_mm);
    if (distance < best_distance) {
      best_distance = distance;
      best = p.y_mm;
    }
  }
  return best;
}

solver::DtSchedule schedule_from(const Config& config) {
  solver::DtSchedule s{.dt_initial_min = config.real("simulate.dt_initial_min"),
                       .dt_max_min = config.real("simulate.dt_max_min"),
                       .growth = config.real("simulate.dt_growth"),
                       .settled_after_min = units::minutes(config.real("simulate.dt_settled_after_days")),
                       .dt_settled_max_min = config.real("simulate.dt_settled_max_min")};
  if (s.dt_max_min < s.dt_initial_min)
    throw InputError("simulate.dt_max_min", fmt::format("{}", s.dt_max_min),
                     fmt::format("a step >= simulate.dt_initial_min ({} min)", s.dt_initial_min));
  s.validate();
  return s;
}

// The run lasts from the first session to simulate.duration_days after the last.
course::TimelineSettings timeline_from(const Config& config, const std::vector<double>& session_days,
                                       double checkpoint_every_days) {
  std::vector<double> later_session_days(session_days.begin() + 1, session_days.end());
  const double last_session_day = later_session_days.empty() ? 0.0 : later_session_days.back();
  course::TimelineSettings t{.duration_days = last_session_day + config.real("simulate.duration_days"),
                             .output_every_days = config.real("simulate.output_every_days"),
                             .early_output_every_days = config.real("simulate.early_output_every_h") / units::kHoursPerDay,
                             .early_output_until_days = config.real("simulate.early_output_until_days"),
                             .fields_every_days = config.real("simulate.fields_every_days"),
                             .checkpoint_every_days = checkpoint_every_days,
                             .later_session_days = std::move(later_session_days)};
  course::validate(t);
  return t;
}

// The grid's extent along one lateral axis, centred on the treated area and shifted by the offset;
// both must keep it inside the area.
struct AxisPlacement {
  int cells = 1;
  double extent_mm = 0.0;
  double origin_mm = 0.0;
};

AxisPlacement centred_on_area(const Config& config, const char* size_key, const char* offset_key, double area_mm,
                              const char* area_key, double spacing_um) {
  AxisPlacement a;
  a.cells = cells(config.real(size_key) * units::kUmPerMm, spacing_um);
  a.extent_mm = a.cells * spacing_um / units::kUmPerMm;
  check_inside(size_key, config.real(size_key), 0.5 * (area_mm - a.extent_mm), a.extent_mm, area_mm, area_key);
  const double offset_mm = config.real(offset_key);
  a.origin_mm = 0.5 * (area_mm - a.extent_mm) + offset_mm;
  check_inside(offset_key, offset_mm, a.origin_mm, a.extent_mm, area_mm, area_key);
  return a;
}

// The candidate planes' damage; the chosen ones (one per rank stratum) become the sections.
void choose_by_injury(course::Sampling& s, const course::SimulationPlan& plan, int sections, std::uint64_t seed) {
  std::vector<double> loads;
  loads.reserve(s.section_y_mm.size());
  for (std::size_t k = 0; k < s.section_y_mm.size(); ++k)
    loads.push_back(course::placement_damage_um2(plan, {.origin_x_mm = s.section_x_mm[k], .origin_y_mm = s.section_y_mm[k]}));
  double total = 0.0;
  for (const double load : loads) total += load;
  s.candidates_damage_mean_um2 = total / static_cast<double>(loads.size());
  if (s.candidates_per_section == 1) {
    s.section_damage_um2 = loads;
    return;
  }
  s.method = course::SamplingMethod::InjuryStratifiedSections;
  std::vector<double> y, x, damage;
  for (const std::size_t k : course::pick_one_per_ranked_stratum(loads, sections, seed)) {
    y.push_back(s.section_y_mm[k]);
    x.push_back(s.section_x_mm[k]);
    damage.push_back(loads[k]);
  }
  s.section_y_mm = std::move(y);
  s.section_x_mm = std::move(x);
  s.section_damage_um2 = std::move(damage);
}

// 2D: where the sections lie. By default over the whole treated area: candidate planes as a Latin
// hypercube (one in each of N x K equal strata of the area's length, y, each at its own x, one in
// each of N x K strata of the x range the section can take), because a needle pattern is not
// uniform over the area (lanes, imprints, overlap of passes) and a 4 mm square of it can hold twice
// the channels of another. With simulate.sections_band_mm > 0 the candidates lie in a band that
// long, centred on the area + section_offset_y_mm, all at the configured x. Of the N x K candidates
// (K = simulate.section_candidates), one is drawn from each of N strata of their ranks by damage:
// a plane's outcomes follow the damage it holds, and a few planes at random either all miss the
// needle lanes or all run along them.
course::Sampling section_sampling(const Config& config, const course::SimulationPlan& plan, const AxisPlacement& x,
                                  double area_w_mm, double area_l_mm) {
  const double offset_y_mm = config.real("simulate.section_offset_y_mm");
  const double centre_mm = 0.5 * area_l_mm + offset_y_mm;
  check_inside("simulate.section_offset_y_mm", offset_y_mm, centre_mm, 0.0, area_l_mm, "protocol.area_length_mm");
  const auto sections = static_cast<int>(config.integer("simulate.sections"));
  course::Sampling s;
  s.candidates_per_section = static_cast<int>(config.integer("simulate.section_candidates"));
  if (config.flag("simulate.section_on_channel")) {
    if (config.real("simulate.sections_band_mm") > 0.0)
      throw InputError("simulate.sections_band_mm", fmt::format("{:g}", config.real("simulate.sections_band_mm")),
                       "0 with simulate.section_on_channel = true (one section on the channel nearest to the "
                       "area's centre + section_offset_y_mm; a band places an ensemble)");
    if (sections != 1)
      throw InputError("simulate.section_on_channel", "true",
                       fmt::format("false while simulate.sections = {} (one section on a channel: set "
                                   "simulate.sections = 1)",
                                   sections));
    if (course::course_sessions(plan) > 1)
      throw InputError("simulate.section_on_channel", "true",
                       fmt::format("false for a course of {} sessions (a section on one channel of the first session "
                                   "misses the channels of the others: sample the area with simulate.sections)",
                                   course::course_sessions(plan)));
    s.method = course::SamplingMethod::OnChannel;
    s.candidates_per_section = 1;
    s.band_start_mm = s.band_end_mm = centre_mm;
    s.section_y_mm = {nearest_channel_y_mm(plan.session.punctures, x.origin_mm, x.origin_mm + x.extent_mm, centre_mm)};
    s.section_x_mm = {x.origin_mm};
    choose_by_injury(s, plan, sections, plan.seed);
    return s;
  }
  s.method = course::SamplingMethod::StratifiedSections;
  const int candidates = sections * s.candidates_per_section;
  const double band_mm = config.real("simulate.sections_band_mm");
  if (band_mm > 0.0) {
    s.band_start_mm = centre_mm - 0.5 * band_mm;
    s.band_end_mm = centre_mm + 0.5 * band_mm;
    check_inside("simulate.sections_band_mm", band_mm, s.band_start_mm, band_mm, area_l_mm, "protocol.area_length_mm");
    s.section_y_mm = course::stratified_positions_mm(s.band_start_mm, s.band_end_mm, candidates, plan.seed);
    s.section_x_mm.assign(s.section_y_mm.size(), x.origin_mm);
    choose_by_injury(s, plan, sections, plan.seed);
    return s;
  }
  // Over the whole area an offset would move nothing: refuse it rather than ignore it.
  for (const char* key : {"simulate.section_offset_x_mm", "simulate.section_offset_y_mm"})
    if (config.real(key) != 0.0)
      throw InputError(key, fmt::format("{:g}", config.real(key)),
                       "0 while the sections spread over the whole treated area (simulate.sections_band_mm = 0); "
                       "give simulate.sections_band_mm > 0 to place them in a band, or one section on a channel");
  s.band_start_mm = 0.0;
  s.band_end_mm = area_l_mm;
  s.section_y_mm = course::stratified_positions_mm(0.0, area_l_mm, candidates, plan.seed);
  s.section_x_mm = course::permuted_stratified_positions_mm(0.0, area_w_mm - x.extent_mm, candidates, plan.seed);
  choose_by_injury(s, plan, sections, plan.seed);
  return s;
}

// The deepest channel of any session of the course (over a lesion zone too): the grid must hold it.
double deepest_channel_of_course_um(const course::SimulationPlan& plan) {
  double deepest = 0.0;
  for (std::size_t k = 0; k < course::course_sessions(plan); ++k) {
    const course::PunctureSession& s = course::course_session(plan, k).punctures;
    deepest = std::max(deepest, s.stats.depth_max_um);
    for (const auto& p : s.lesion_zone_punctures) deepest = std::max(deepest, p.depth_um);
  }
  return deepest;
}

}  // namespace

std::vector<std::string> unused_key_warnings(const Config& config) {
  std::vector<std::string> warnings;
  for (const auto& [key, list] : {std::pair{"course.interval_days", "course.session_days"},
                                  std::pair{"device.set_depth_mm", "course.set_depth_mm"},
                                  std::pair{"device.name", "course.devices"}, std::pair{"protocol.passes", "course.passes"}})
    if (config.given(key) && config.list_size(list) > 0)
      warnings.push_back(fmt::format("{} = {} is not used: {} sets each session's", key, value_to_text(config.value(key)), list));
  return warnings;
}

double grid_depth_um(double depth_mm, double dermis_bottom_um, double deepest_channel_um, double spacing_um) {
  const double depth_um =
      depth_mm > 0.0 ? depth_mm * units::kUmPerMm : std::max(dermis_bottom_um, deepest_channel_um) + kFatMarginUm;
  return std::ceil(depth_um / spacing_um - 1e-9) * spacing_um;
}

SimulationSetup plan_simulation(const Config& config, double checkpoint_every_days) {
  SimulationSetup setup;
  course::SimulationPlan& plan = setup.plan;
  const CourseSchedule course = course_schedule_from(config);
  plan.session = course::puncture_session(course.sessions.front());
  plan.parameters = model_parameters_from(config);
  plan.topical.on_skin_min = config.real("delivery.hours") * 60.0;
  plan.topical.daily_min = config.real("delivery.daily_hours") * 60.0;
  plan.timeline = timeline_from(config, course.days, checkpoint_every_days);
  plan.schedule = schedule_from(config);
  plan.implicit_reactions_from_min = config.real("simulate.implicit_reactions_from_min");
  plan.seed = static_cast<std::uint64_t>(config.integer("run.seed"));
  for (std::size_t k = 1; k < course.sessions.size(); ++k)
    plan.later_sessions.push_back(course::puncture_session(course.sessions[k]));

  const auto& request = plan.session.setup.request;
  const double area_l_mm = request.area_length_mm;
  const double spacing_um = config.real("simulate.spacing_um");
  const bool three_d = config.integer("simulate.dimensions") == 3;

  const AxisPlacement x = centred_on_area(config, "simulate.width_mm", "simulate.section_offset_x_mm",
                                          request.area_width_mm, "protocol.area_width_mm", spacing_um);
  const int nx = x.cells;
  plan.placement.origin_x_mm = x.origin_mm;

  int ny = 1;
  if (three_d) {
    const AxisPlacement y = centred_on_area(config, "simulate.length_mm", "simulate.section_offset_y_mm", area_l_mm,
                                            "protocol.area_length_mm", spacing_um);
    ny = y.cells;
    plan.placement.origin_y_mm = y.origin_mm;
  }

  const auto& site = plan.session.setup.site;
  const double depth_mm = config.real("simulate.depth_mm");
  const double deepest_channel_um = deepest_channel_of_course_um(plan);
  if (depth_mm > 0.0 && depth_mm * units::kUmPerMm < deepest_channel_um + kChannelMarginUm) {
    // The depth needed, rounded up to 10 um so that the value shown is itself accepted.
    const double needed_mm = std::ceil((deepest_channel_um + kChannelMarginUm) / 10.0) * 10.0 / units::kUmPerMm;
    throw InputError("simulate.depth_mm", fmt::format("{:g}", depth_mm),
                     fmt::format("at least {:.2f} mm: the deepest channel reaches {:.0f} um and the grid keeps "
                                 "{:.0f} um of tissue below it (or 0 for the automatic depth)",
                                 needed_mm, deepest_channel_um, kChannelMarginUm));
  }
  const double depth_um = grid_depth_um(depth_mm, site.dermis_bottom_um(plan.session.setup.sex), deepest_channel_um,
                                        spacing_um);
  const int nz = cells(depth_um, spacing_um);
  const double voxels = static_cast<double>(nx) * ny * nz;
  if (voxels > kMaxVoxels)
    throw InputError("simulate.spacing_um", fmt::format("{}", spacing_um),
                     fmt::format("a spacing giving at most {:g} voxels (this grid: {} x {} x {} = {:g})", kMaxVoxels,
                                 nx, ny, nz, voxels));
  plan.grid = three_d ? grid::Grid::make_3d(nx, ny, nz, spacing_um, spacing_um, spacing_um)
                      : grid::Grid::make_2d(nx, nz, spacing_um, spacing_um);
  plan.lesion = lesion_from_config(config);
  if (plan.lesion) lesion::validate(*plan.lesion, plan.grid);
  if (!three_d) {
    plan.sampling = section_sampling(config, plan, x, request.area_width_mm, area_l_mm);
    plan.placement.origin_y_mm = plan.sampling.section_y_mm.front();
    plan.placement.origin_x_mm = plan.sampling.section_x_mm.front();
  }
  setup.fields_gzip_level = static_cast<int>(config.integer("simulate.fields_gzip_level"));
  setup.config_toml = config.to_toml();
  setup.config_json = config.to_json();
  return setup;
}

}  // namespace skintwin::io
