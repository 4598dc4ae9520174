#include "skintwin/course/simulation.hpp"

#include <algorithm>
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

outcome::SessionOutcomes Simulation::run(CourseState& state, RunRecord& record, const RunObserver& observer) const {
  const outcome::ObservableTracker tracker(model_.layers(), healthy_, state.wound, plan_.parameters.observables);
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

std::size_t samples_before(const std::vector<Stop>& stops, std::int64_t next_stop) {
  const auto end = stops.begin() + std::min<std::ptrdiff_t>(next_stop, static_cast<std::ptrdiff_t>(stops.size()));
  return static_cast<std::size_t>(std::count_if(stops.begin(), end, [](const Stop& s) { return s.sample; }));
}

}  // namespace skintwin::course
