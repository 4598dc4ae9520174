#include "skintwin/course/simulation.hpp"

#include <algorithm>
#include <limits>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <omp.h>

#include "skintwin/core/error.hpp"
#include "skintwin/core/parallel_tasks.hpp"
#include "skintwin/core/rng.hpp"
#include "skintwin/core/units.hpp"
#include "skintwin/course/runner.hpp"
#include "skintwin/model/species.hpp"

namespace skintwin::course {
namespace {
constexpr std::uint32_t kSessionSeedStream = 0xC0500;
}  // namespace

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

namespace {
grid::FieldSet skin_before(const model::HealingModel& model, const std::optional<lesion::Lesion>& lesion) {
  grid::FieldSet skin = model.healthy_state();
  if (lesion) lesion::shape_tissue(skin, model.layers(), *lesion);
  return skin;
}

// Session k's punctures as they reach the tissue of a grid placed at `placement`: the session's own,
// or with a lesion, those that reach its floor with what is left of their depth (kept in `shortened`;
// a plan without a lesion copies nothing).
const std::vector<device::Puncture>& punctures_reaching(const SimulationPlan& plan, std::size_t k,
                                                        const injury::GridPlacement& placement,
                                                        std::vector<device::Puncture>& shortened) {
  const auto& own = course_session(plan, k).punctures.punctures;
  if (!plan.lesion) return own;
  shortened = lesion::punctures_on_lesion(session_strikes(plan, k, placement), *plan.lesion, plan.grid, placement);
  return shortened;
}
}  // namespace

std::vector<device::Puncture> session_strikes(const SimulationPlan& plan, std::size_t k,
                                              const injury::GridPlacement& placement) {
  const PunctureSession& session = course_session(plan, k).punctures;
  if (!plan.lesion || session.lesion_zone_punctures.empty()) return session.punctures;
  return lesion::zoned_punctures(session.punctures, session.lesion_zone_punctures, *plan.lesion, plan.grid, placement);
}

Simulation::Simulation(SimulationPlan plan)
    : plan_(std::move(plan)),
      model_(plan_.grid, tissue::LayerMap(plan_.grid, plan_.session.setup.site, plan_.session.setup.sex),
             plan_.parameters.healing, plan_.topical),
      untreated_footprint_(plan_.grid, injury_footprint_names()) {
  const grid::FieldSet before = pre_treatment();
  reference_ = std::make_shared<const outcome::HealthyReference>(model_.layers(), before,
                                                                 plan_.parameters.observables.erythema);
  untreated_footprint_ = injury_footprint(before);
  if (!plan_.lesion) return;
  gauge_ = std::make_shared<const outcome::LesionGauge>(model_.layers(), lesion::gauge_columns(plan_.grid, *plan_.lesion),
                                                     before, plan_.parameters.observables.scar_surface_spread_um);
  lesion_punctures_.resize(sessions());
  for (std::size_t k = 0; k < sessions(); ++k) punctures_reaching(plan_, k, plan_.placement, lesion_punctures_[k]);
}

grid::FieldSet Simulation::pre_treatment() const { return skin_before(model_, plan_.lesion); }

const std::vector<device::Puncture>& Simulation::session_punctures(std::size_t k) const {
  return plan_.lesion ? lesion_punctures_.at(k) : course_session(plan_, k).punctures.punctures;
}

std::uint64_t session_seed(std::uint64_t run_seed, std::size_t k) {
  if (k == 0) return run_seed;
  // A draw of its own (stream 0xC0500), so session k of one seed is not session 0 of another.
  CounterRng rng(run_seed, kSessionSeedStream, static_cast<std::uint32_t>(k));
  return static_cast<std::uint64_t>(rng.uniform() * 9007199254740992.0);  // 2^53: exact in a double
}

CourseSession course_session(const SimulationPlan& plan, std::size_t k) {
  const PunctureSession& punctures = k == 0 ? plan.session : plan.later_sessions.at(k - 1);
  return {.punctures = punctures,
          .t_days = k == 0 ? 0.0 : plan.timeline.later_session_days.at(k - 1),
          .seed = punctures.setup.request.seed};
}

CourseState Simulation::start(RunRecord& record) const {
  CourseState state{.fields = pre_treatment(), .wound = untreated_footprint_};
  const auto& setup = plan_.session.setup;
  record.injury = injury::apply_punctures(state.fields, model_.layers(), plan_.parameters.injury, session_punctures(0),
                                          setup.device.needle, setup.penetration, plan_.placement);
  state.wound = injury_footprint(state.fields);
  state.sessions.push_back({.t_min = 0.0,
                            .seed = plan_.seed,
                            .punctures = static_cast<std::int64_t>(record.injury.punctures_on_grid)});
  return state;
}

solver::Stepper Simulation::apply_session(int k, CourseState& state) const {
  const auto index = static_cast<std::size_t>(k);
  if (k < 1 || index >= sessions() || index != state.sessions.size())
    throw std::logic_error(fmt::format("course: session {} given to a state that has had {}", k + 1, state.sessions.size()));
  const CourseSession session = course_session(plan_, index);
  const PunctureSession& p = session.punctures;
  const auto injury = injury::apply_punctures(state.fields, model_.layers(), plan_.parameters.injury,
                                              session_punctures(index), p.setup.device.needle, p.setup.penetration,
                                              plan_.placement);
  state.wound = session_footprint(index);
  state.sessions.push_back({.t_min = state.t_min,
                            .seed = session.seed,
                            .punctures = static_cast<std::int64_t>(injury.punctures_on_grid)});
  return model_.make_stepper(state.t_min, state.last_session_t_min(), plan_.implicit_reactions_from_min);
}

grid::FieldSet Simulation::session_footprint(std::size_t k) const {
  const PunctureSession& session = course_session(plan_, k).punctures;
  grid::FieldSet footprint = untreated_footprint_;
  const auto survival = injury::session_survival(plan_.grid, plan_.parameters.injury, session_punctures(k),
                                                 session.setup.device.needle, session.setup.penetration, plan_.placement);
  injury::injure_footprint(footprint.field(0), footprint.field(1), model_.layers(), survival);
  return footprint;
}

outcome::ObservableTracker Simulation::tracker(const grid::FieldSet& footprint) const {
  return outcome::ObservableTracker(model_.layers(), reference_, footprint, plan_.parameters.observables, gauge_);
}

std::vector<outcome::SectionSeries> Simulation::section_series(std::vector<outcome::Snapshot> series) const {
  std::vector<outcome::SectionSeries> segments;
  const double tolerance_days = 1e-9;
  std::size_t row = 0;
  const grid::FieldSet before = pre_treatment();
  for (std::size_t k = 0; k < sessions() && row < series.size(); ++k) {
    const double end_day =
        k + 1 < sessions() ? course_session(plan_, k + 1).t_days : std::numeric_limits<double>::infinity();
    const outcome::ObservableTracker t = tracker(session_footprint(k));
    outcome::SectionSeries segment{.healthy = t.measure(before, 0.0),
                                   .wound_voxels = t.wound_voxels(),
                                   .openings = t.openings()};
    while (row < series.size() && series[row].t_days < end_day - tolerance_days) segment.series.push_back(series[row++]);
    // Rows read back from a time series or a checkpoint do not carry the layers' voxel counts (a
    // property of the grid, not of the time); pooling weighs by them.
    for (outcome::Snapshot& r : segment.series) r.layer_voxels = segment.healthy.layer_voxels;
    segments.push_back(std::move(segment));
  }
  return segments;
}

void Simulation::advance(CourseState& state, RunRecord& record, const RunObserver& observer) const {
  const auto all_stops = stops();
  // The observables follow the latest session's wound zone and openings.
  std::optional<outcome::ObservableTracker> current;
  std::size_t current_session = 0;
  const auto tracker_now = [&](const CourseState& st) -> const outcome::ObservableTracker& {
    if (!current || current_session != st.sessions.size()) {
      current.emplace(tracker(st.wound));
      current_session = st.sessions.size();
    }
    return *current;
  };
  solver::Stepper stepper = model_.make_stepper(state.t_min, state.last_session_t_min(), plan_.implicit_reactions_from_min);
  const StopHandlers handlers{
      .at_stop =
          [&](const Stop& stop, const CourseState& st) {
            if (stop.sample) record.series.push_back(tracker_now(st).measure(st.fields, stop.t_days));
            if (observer.at_stop) observer.at_stop(stop, st, record);
          },
      .progress = observer.progress,
      .apply_session = [&](int k, CourseState& st) { return apply_session(k, st); }};
  run_to_end(state, stepper, all_stops, plan_.schedule, handlers);
}

outcome::SessionOutcomes Simulation::run(CourseState& state, RunRecord& record, const RunObserver& observer) const {
  advance(state, record, observer);
  const double threshold = plan_.parameters.observables.erythema.visible_threshold;
  const outcome::ScarGrading& grading = plan_.parameters.observables.scar_grading;
  if (sessions() == 1)
    return outcome::session_outcomes(record.series, tracker(state.wound).measure(pre_treatment(), 0.0), threshold,
                                     grading);
  return outcome::course_outcomes(section_series(record.series), threshold, grading).course;
}

void Simulation::check_resumable(const CourseState& state, const std::string& origin) const {
  const grid::Grid& g = state.fields.grid();
  const grid::Grid& want = plan_.grid;
  const bool same_grid = g.nx() == want.nx() && g.ny() == want.ny() && g.nz() == want.nz() &&
                         state.wound.grid().voxels() == want.voxels();
  if (!same_grid || state.fields.count() != model::kSpeciesCount || state.wound.names() != injury_footprint_names())
    throw InputError(origin, "its grid or species", "the grid and species its own config describes");
}

injury::GridPlacement section_placement(const SimulationPlan& plan, std::size_t k) {
  if (plan.sampling.sections() == 0) {
    if (k != 0) throw std::out_of_range(fmt::format("section_placement: section {} of a plan without sections", k));
    return plan.placement;
  }
  injury::GridPlacement p = plan.placement;
  p.origin_y_mm = plan.sampling.section_y_mm.at(k);
  if (!plan.sampling.section_x_mm.empty()) p.origin_x_mm = plan.sampling.section_x_mm.at(k);
  return p;
}

SimulationPlan section_plan(const SimulationPlan& plan, std::size_t k) {
  SimulationPlan one = plan;
  one.placement = section_placement(plan, k);
  if (plan.sampling.sections() == 0) return one;
  one.sampling.section_y_mm = {one.placement.origin_y_mm};
  if (!plan.sampling.section_x_mm.empty()) one.sampling.section_x_mm = {one.placement.origin_x_mm};
  if (!plan.sampling.section_damage_um2.empty())
    one.sampling.section_damage_um2 = {plan.sampling.section_damage_um2.at(k)};
  one.sampling.member = k;
  one.sampling.ensemble_sections = plan.sampling.sections();
  return one;
}

double placement_damage_um2(const SimulationPlan& plan, const injury::GridPlacement& placement) {
  const grid::Grid& g = plan.grid;
  if (!g.is_2d()) throw std::invalid_argument("placement_damage_um2: a 3D grid (its damage is a volume)");
  // With a lesion, what its depth hangs on: the damage under it beyond what as many columns of the
  // surrounding skin it is measured from take (the weights of the lesion's and the reference's
  // columns).
  std::vector<double> weight(static_cast<std::size_t>(g.nx()), 1.0);
  if (plan.lesion) {
    const outcome::LesionColumns columns = lesion::gauge_columns(g, *plan.lesion);
    std::fill(weight.begin(), weight.end(), 0.0);
    const double per_reference = static_cast<double>(columns.lesion.size()) / static_cast<double>(columns.reference.size());
    for (const std::size_t c : columns.reference) weight[c] = -per_reference;
    for (const std::size_t c : columns.lesion) weight[c] = 1.0;
  }
  double damaged_voxels = 0.0;
  for (std::size_t k = 0; k < course_sessions(plan); ++k) {
    const PunctureSession& session = course_session(plan, k).punctures;
    const auto& setup = session.setup;
    std::vector<device::Puncture> shortened;
    const auto survival =
        injury::session_survival(g, plan.parameters.injury, punctures_reaching(plan, k, placement, shortened),
                                 setup.device.needle, setup.penetration, placement);
    for (std::size_t v = 0; v < survival.size(); ++v) damaged_voxels += weight[v % weight.size()] * (1.0 - survival[v]);
  }
  return damaged_voxels * g.spacing_um(grid::Axis::X) * g.spacing_um(grid::Axis::Z);
}

outcome::EnsembleOutcomes run_sections(const SimulationPlan& plan,
                                       const std::function<void(std::size_t section, double t_days)>& progress) {
  const std::size_t count = std::max<std::size_t>(1, plan.sampling.sections());
  std::vector<std::vector<outcome::SectionSeries>> members(count);
  // Sections side by side on the threads there are (each section's answer does not depend on how
  // many threads run it); `progress` hears them from their own threads, one call at a time.
  std::mutex progress_mutex;
  run_tasks(count, share_threads(count, omp_get_max_threads()), [&](std::size_t k) {
    const Simulation simulation(section_plan(plan, k));
    RunRecord record;
    CourseState state = simulation.start(record);
    RunObserver observer;
    if (progress)
      observer.progress = [&](double t_days, std::int64_t) {
        const std::lock_guard<std::mutex> lock(progress_mutex);
        progress(k, t_days);
      };
    simulation.run(state, record, observer);
    members[k] = simulation.section_series(std::move(record.series));
  });
  return outcome::ensemble_outcomes(members, plan.parameters.observables.erythema, plan.sampling.stratified(),
                                    plan.parameters.observables.scar_grading);
}

std::size_t samples_before(const std::vector<Stop>& stops, std::int64_t next_stop) {
  const auto end = stops.begin() + std::min<std::ptrdiff_t>(next_stop, static_cast<std::ptrdiff_t>(stops.size()));
  return static_cast<std::size_t>(std::count_if(stops.begin(), end, [](const Stop& s) { return s.sample; }));
}

}  // namespace skintwin::course
