#pragma once
// One session healed over days to weeks: the pipeline punctures -> injury -> healing model ->
// observables -> outcomes. Owns no files: the caller gets every stop (to write fields or a
// checkpoint) and the typed state to checkpoint; io serialises it.
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "skintwin/course/course_state.hpp"
#include "skintwin/course/punctures.hpp"
#include "skintwin/course/sampling.hpp"
#include "skintwin/course/timeline.hpp"
#include "skintwin/grid/grid.hpp"
#include "skintwin/injury/injury.hpp"
#include "skintwin/injury/parameters.hpp"
#include "skintwin/lesion/lesion.hpp"
#include "skintwin/model/healing_model.hpp"
#include "skintwin/model/parameters.hpp"
#include "skintwin/outcome/ensemble.hpp"
#include "skintwin/outcome/observables.hpp"
#include "skintwin/outcome/session_outcomes.hpp"
#include "skintwin/solver/stepper.hpp"

namespace skintwin::course {

// Every scientific parameter of a run (each struct has its descriptor table and config keys).
// The penetration model is in the session setup.
struct ModelParameters {
  model::HealingParameters healing;
  injury::InjuryParameters injury;
  outcome::ObservableParameters observables;
};

// The seed of session k of a course (k = 0: the run's seed itself, so a one-session run draws the
// punctures it always drew).
std::uint64_t session_seed(std::uint64_t run_seed, std::size_t k);

// What a simulation is: the punctures of the session, the grid and where it lies in the treated
// area, the stops, the step schedule and the parameters. A 2D plan with several sections is an
// ensemble: `placement` is its first section, section_plan(plan, k) each one (run_sections runs
// them all).
struct SimulationPlan {
  PunctureSession session;  // the first session, at t = 0
  // The course's others, in time order, on the days of timeline.later_session_days, each drawn
  // with its own seed (session_seed; the same device, protocol and site): use course_session.
  std::vector<PunctureSession> later_sessions;
  grid::Grid grid = grid::Grid::make_2d(1, 1, 1.0, 1.0);
  injury::GridPlacement placement;
  Sampling sampling;
  TimelineSettings timeline;
  solver::DtSchedule schedule;
  // Steps at least this long integrate the reactions with the linearly implicit method (docs/solver.md,
  // "Long steps"); infinity: never.
  double implicit_reactions_from_min = std::numeric_limits<double>::infinity();
  ModelParameters parameters;
  model::TopicalApplication topical;  // an agent on the skin after each session (none by default)
  std::uint64_t seed = 1;
  // The lesion the grid is centred on (none: healthy skin). It shapes the pre-treatment tissue,
  // shortens the needles that land on it and adds its depth to the observables.
  std::optional<lesion::Lesion> lesion;
};


// Session k of the plan's course (0: the first, at t = 0): its punctures, its day and the seed
// they were drawn with. std::out_of_range for k >= course_sessions(plan).
struct CourseSession {
  const PunctureSession& punctures;
  double t_days = 0.0;
  std::uint64_t seed = 0;
};
CourseSession course_session(const SimulationPlan& plan, std::size_t k);
inline std::size_t course_sessions(const SimulationPlan& plan) { return 1 + plan.later_sessions.size(); }

// What a run carries from stop to stop besides the state: the observables sampled so far and
// what the session's injury did.
struct RunRecord {
  std::vector<outcome::Snapshot> series;
  injury::InjurySummary injury;
};

// The run's own accounts, carried across restarts.
struct RunBookkeeping {
  double wall_s = 0.0;      // wall time of the processes of this run so far
  std::int64_t resumes = 0;
  double checkpoint_every_days = 0.0;
};

// Everything needed to continue a run bit for bit (io writes and reads it).
struct RunCheckpoint {
  CourseState state;
  RunRecord record;  // series: the rows up to this stop
  RunBookkeeping bookkeeping;
};

struct RunObserver {
  // At every stop, after the observables were sampled into record.series.
  std::function<void(const Stop&, const CourseState&, const RunRecord&)> at_stop;
  // After every stretch of steps; may be empty.
  std::function<void(double t_days, std::int64_t steps)> progress;
};

class Simulation {
public:
  explicit Simulation(SimulationPlan plan);

  const SimulationPlan& plan() const noexcept { return plan_; }
  const model::HealingModel& model() const noexcept { return model_; }
  // The skin before treatment (healthy, or shaped by the plan's lesion), built anew on each call: a
  // simulation keeps only what its observables read of it (a full copy is as large as the state).
  grid::FieldSet pre_treatment() const;
  std::vector<Stop> stops() const { return make_timeline(plan_.timeline); }

  // Healthy skin (shaped by the plan's lesion, if any) with the session's punctures applied at t = 0;
  // record.injury says what they did.
  CourseState start(RunRecord& record) const;
  // Gives session k >= 1 of the course to the state (its punctures on the tissue as it is now:
  // the vessels it finds bleed, the matrix it finds is torn), records it, and returns the stepper
  // to continue with, its dt schedule counted from the session.
  solver::Stepper apply_session(int k, CourseState& state) const;
  // Steps from state.next_stop to the end of the timeline, giving each later session at its stop
  // and sampling the observables at every sample stop into record.series.
  void advance(CourseState& state, RunRecord& record, const RunObserver& observer) const;
  // advance(), then the outcomes of the whole series (outcome::course_outcomes: a course's peaks,
  // the first session's closure, the sum of its sessions' redness). A caller that also wants each
  // session's own takes course_outcomes(section_series(record.series), ...) after advance().
  outcome::SessionOutcomes run(CourseState& state, RunRecord& record, const RunObserver& observer) const;
  // What this run adds to an ensemble, one segment per session in the series: its rows from the
  // session's day up to the next session's, and the healthy snapshot and counts of that session's
  // tracker.
  std::vector<outcome::SectionSeries> section_series(std::vector<outcome::Snapshot> series) const;
  // Where session k's punctures leave damage and open the epidermis on fresh skin (the wound zone
  // and openings its observables follow; for k = 0 exactly the state's footprint after start).
  grid::FieldSet session_footprint(std::size_t k) const;
  std::size_t sessions() const noexcept { return course_sessions(plan_); }
  // The state of a checkpoint, checked against this plan's grid (InputError naming `origin`).
  void check_resumable(const CourseState& state, const std::string& origin) const;

private:
  outcome::ObservableTracker tracker(const grid::FieldSet& footprint) const;
  const std::vector<device::Puncture>& session_punctures(std::size_t k) const;
  SimulationPlan plan_;
  model::HealingModel model_;
  // What the observables read of the skin before treatment, shared by every session's tracker, and
  // that skin's damage and epidermal coverage (the footprint a session's punctures are laid into).
  std::shared_ptr<const outcome::HealthyReference> reference_;
  grid::FieldSet untreated_footprint_;
  std::shared_ptr<const outcome::LesionGauge> gauge_;  // with a lesion
  std::vector<std::vector<device::Puncture>> lesion_punctures_;  // with a lesion: per session
};

// Where session k's needles strike and how deep they are set, for a grid placed at `placement`:
// the session's punctures, with those landing on the plan's lesion at the lesion zone's depth
// where the session has one (SessionSetup::lesion_zone_set_depth_mm).
std::vector<device::Puncture> session_strikes(const SimulationPlan& plan, std::size_t k,
                                              const injury::GridPlacement& placement);

// Section k of a 2D ensemble plan, as a plan of one section (std::out_of_range for k >= sections;
// a plan without sections is its own section 0).
SimulationPlan section_plan(const SimulationPlan& plan, std::size_t k);
// Where section k of the plan lies (its grid's placement in the treated area), without copying the plan.
injury::GridPlacement section_placement(const SimulationPlan& plan, std::size_t k);

// The damage the course's sessions leave in the plan's 2D grid placed at `placement` (each on
// fresh skin, summed over the sessions), in µm² of the plane
// (overlaps combined as the injury combines them: what InjurySummary::damaged_volume_um3 reports
// for the section, per µm of thickness): the auxiliary variable of injury-stratified sampling
// (sampling.hpp), cheap beside a run (no fields are built). With a lesion, what its depth hangs
// on instead: the damage under the lesion less that of as many columns of the reference skin
// around it (may be negative). std::invalid_argument for a 3D grid.
double placement_damage_um2(const SimulationPlan& plan, const injury::GridPlacement& placement);

// Every section of the plan without files, several side by side where there are threads to
// spare (core/parallel_tasks.hpp; the answer is the same bits either way): the ensemble's outcomes
// (a 3D patch or a single section is an ensemble of one). `progress` (may be empty) hears each
// section's index and simulated day, from the section's thread, one call at a time.
outcome::EnsembleOutcomes run_sections(const SimulationPlan& plan,
                                       const std::function<void(std::size_t section, double t_days)>& progress = {});

// Rows sampled before stop `next_stop` (a resumed run keeps that many rows of its series).
std::size_t samples_before(const std::vector<Stop>& stops, std::int64_t next_stop);

}  // namespace skintwin::course
