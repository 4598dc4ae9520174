#include "skintwin/course/simulation.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "skintwin/core/error.hpp"
#include "skintwin/core/units.hpp"
#include "skintwin/course/runner.hpp"
#include "skintwin/model/species.hpp"

namespace skintwin::course {
std::vector<std::string> injury_footprint_names() {
  return {std::string(model::species_name(model::Species::Damage)),
          std::string(model::species_name(model::Species::EpidermalCoverage))};
}

grid::FieldSet injury_footprint(const grid::FieldSet& injured) {
  grid::FieldSet footprint(injured.grid(), injury_footprint_names());
  for (std::size_t f = 0; f < footprint.count(); ++f) {
    const auto from = injured.field(footprint.names()[f]);
    std::copy(from.begin(), from.end(), footprint.field(f).begin());
  }
  return footprint;
}

Simulation::Simulation(SimulationPlan plan)
    : plan_(std::move(plan)),
      model_(plan_.grid, tissue::LayerMap(plan_.grid, plan_.session.setup.site, plan_.session.setup.sex),
             plan_.parameters.healing),
      healthy_(std::make_shared<const grid::FieldSet>(model_.healthy_state())) {}

CourseState Simulation::start(RunRecord& record) const {
  CourseState state{.fields = *healthy_, .wound = injury_footprint(*healthy_)};
  const auto& setup = plan_.session.setup;
  record.injury = injury::apply_punctures(state.fields, model_.layers(), plan_.parameters.injury,
                                          plan_.session.punctures, setup.device.needle, setup.penetration,
                                          plan_.placement);
  state.wound = injury_footprint(state.fields);
  state.sessions.push_back({.t_min = 0.0,
                            .seed = plan_.seed,
                            .punctures = static_cast<std::int64_t>(record.injury.punctures_on_grid)});
  return state;
}

outcome::ObservableTracker Simulation::tracker(const CourseState& state) const {
  return outcome::ObservableTracker(model_.layers(), healthy_, state.wound, plan_.parameters.observables);
}

outcome::SectionSeries Simulation::section_series(const CourseState& state, std::vector<outcome::Snapshot> series) const {
  const outcome::ObservableTracker t = tracker(state);
  outcome::SectionSeries s{.series = std::move(series),
                           .healthy = t.measure(*healthy_, 0.0),
                           .wound_voxels = t.wound_voxels(),
                           .openings = t.openings()};
  // Rows read back from a time series or a checkpoint do not carry the layers' voxel counts (a
  // property of the grid, not of the time); pooling weighs by them.
  for (outcome::Snapshot& row : s.series) row.layer_voxels = s.healthy.layer_voxels;
  return s;
}

outcome::SessionOutcomes Simulation::run(CourseState& state, RunRecord& record, const RunObserver& observer) const {
  const outcome::ObservableTracker tracker = this->tracker(state);
  const auto all_stops = stops();
  solver::Stepper stepper = model_.make_stepper(state.t_min, state.last_session_t_min());
  const StopHandlers handlers{
      .at_stop =
          [&](const Stop& stop, const CourseState& st) {
            if (stop.sample) record.series.push_back(tracker.measure(st.fields, stop.t_days));
            if (observer.at_stop) observer.at_stop(stop, st, record);
          },
      .progress = observer.progress};
  run_to_end(state, stepper, all_stops, plan_.schedule, handlers);
  return outcome::session_outcomes(record.series, tracker.measure(*healthy_, 0.0),
                                   plan_.parameters.observables.erythema.visible_threshold);
}

void Simulation::check_resumable(const CourseState& state, const std::string& origin) const {
  const grid::Grid& g = state.fields.grid();
  const grid::Grid& want = plan_.grid;
  const bool same_grid = g.nx() == want.nx() && g.ny() == want.ny() && g.nz() == want.nz() &&
                         state.wound.grid().voxels() == want.voxels();
  if (!same_grid || state.fields.count() != model::kSpeciesCount || state.wound.names() != injury_footprint_names())
    throw InputError(origin, "its grid or species", "the grid and species its own config describes");
}

SimulationPlan section_plan(const SimulationPlan& plan, std::size_t k) {
  SimulationPlan one = plan;
  if (plan.sampling.sections() == 0) {
    if (k != 0) throw std::out_of_range(fmt::format("section_plan: section {} of a plan without sections", k));
    return one;
  }
  one.placement.origin_y_mm = plan.sampling.section_y_mm.at(k);
  one.sampling.section_y_mm = {one.placement.origin_y_mm};
  if (!plan.sampling.section_x_mm.empty()) {
    one.placement.origin_x_mm = plan.sampling.section_x_mm.at(k);
    one.sampling.section_x_mm = {one.placement.origin_x_mm};
  }
  if (!plan.sampling.section_damage_um2.empty())
    one.sampling.section_damage_um2 = {plan.sampling.section_damage_um2.at(k)};
  one.sampling.member = k;
  one.sampling.ensemble_sections = plan.sampling.sections();
  return one;
}

double placement_damage_um2(const SimulationPlan& plan, const injury::GridPlacement& placement) {
  const grid::Grid& g = plan.grid;
  if (!g.is_2d()) throw std::invalid_argument("placement_damage_um2: a 3D grid (its damage is a volume)");
  const auto& setup = plan.session.setup;
  // Overlapping channels combine as the injury combines them: survival multiplies.
  std::vector<double> survival(g.voxels(), 1.0);
  for (const device::Puncture& p : plan.session.punctures) {
    if (!injury::puncture_on_grid(g, p, placement)) continue;
    for (const injury::VoxelHit& hit :
         injury::puncture_footprint(g, plan.parameters.injury, p, setup.device.needle, setup.penetration, placement))
      survival[hit.voxel] *= 1.0 - hit.damage;
  }
  double damaged_voxels = 0.0;
  for (const double s : survival) damaged_voxels += 1.0 - s;
  return damaged_voxels * g.spacing_um(grid::Axis::X) * g.spacing_um(grid::Axis::Z);
}

outcome::EnsembleOutcomes run_sections(const SimulationPlan& plan,
                                       const std::function<void(std::size_t section, double t_days)>& progress) {
  const std::size_t count = std::max<std::size_t>(1, plan.sampling.sections());
  std::vector<outcome::SectionSeries> members;
  members.reserve(count);
  for (std::size_t k = 0; k < count; ++k) {
    const Simulation simulation(section_plan(plan, k));
    RunRecord record;
    CourseState state = simulation.start(record);
    RunObserver observer;
    if (progress) observer.progress = [&](double t_days, std::int64_t) { progress(k, t_days); };
    simulation.run(state, record, observer);
    members.push_back(simulation.section_series(state, std::move(record.series)));
  }
  return outcome::ensemble_outcomes(members, plan.parameters.observables.erythema, plan.sampling.stratified());
}

std::size_t samples_before(const std::vector<Stop>& stops, std::int64_t next_stop) {
  const auto end = stops.begin() + std::min<std::ptrdiff_t>(next_stop, static_cast<std::ptrdiff_t>(stops.size()));
  return static_cast<std::size_t>(std::count_if(stops.begin(), end, [](const Stop& s) { return s.sample; }));
}

}  // namespace skintwin::course
