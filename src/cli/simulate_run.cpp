#include "simulate_run.hpp"

#include <chrono>
#include <iostream>
#include <string>
#include <utility>

#include "skintwin/core/units.hpp"
#include "skintwin/course/simulation.hpp"
#include "progress.hpp"
#include "skintwin/io/checkpoint.hpp"
#include "skintwin/io/folder_lock.hpp"
#include "skintwin/io/simulation_files.hpp"

namespace skintwin::cli {
namespace {

namespace fs = std::filesystem;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// From the state at some stop to the end: the pipeline steps, the files follow every stop.
SimulationResult continue_run(const io::SimulationSetup& setup, const course::Simulation& simulation,
                              io::SimulationFiles& files, course::CourseState& state, course::RunRecord& record,
                              course::RunBookkeeping books, const ProgressSettings& progress_settings) {
  const auto start = std::chrono::steady_clock::now();
  const double wall_before_s = books.wall_s;
  std::ostream& progress_out = progress_settings.out ? *progress_settings.out : std::cerr;
  ProgressReporter progress(progress_out, progress_settings.is_tty, progress_settings.quiet || !progress_settings.out,
                                setup.plan.timeline.duration_days);
  const std::int64_t first_steps = state.steps;
  progress.update(units::days(state.t_min), 0);

  const course::RunObserver observer{
      .at_stop =
          [&](const course::Stop& stop, const course::CourseState& st, const course::RunRecord& rec) {
            books.wall_s = wall_before_s + seconds_since(start);
            files.at_stop(stop, st, rec, books);
          },
      .progress =
          [&](double t_days, std::int64_t steps) {
            progress.update(t_days, static_cast<std::size_t>(steps - first_steps));
          }};
  const outcome::SessionOutcomes outcomes = simulation.run(state, record, observer);
  progress.finish();

  SimulationResult result{.outcomes = outcomes,
                          .duration_days = setup.plan.timeline.duration_days,
                          .steps = state.steps,
                          .wall_s = wall_before_s + seconds_since(start)};
  result.summary = io::simulation_summary_json(setup, state, record, result.outcomes,
                                               {.steps = state.steps, .wall_s = result.wall_s, .resumes = books.resumes});
  files.finish(record, result.summary);
  return result;
}

}  // namespace

SimulationResult run_simulation(const io::SimulationSetup& setup, const fs::path& dir,
                                const ProgressSettings& progress) {
  // Locked before anything else, so a second run into the folder is refused before it starts.
  io::FolderLock lock = io::FolderLock::acquire(dir, "simulate");
  const course::Simulation simulation(setup.plan);
  course::RunRecord record;
  course::CourseState state = simulation.start(record);
  io::SimulationFiles files = io::SimulationFiles::create(std::move(lock), setup);
  return continue_run(setup, simulation, files, state, record,
                      {.checkpoint_every_days = setup.plan.timeline.checkpoint_every_days}, progress);
}

SimulationResult resume_simulation(const fs::path& dir, double checkpoint_every_days,
                                   const ProgressSettings& progress) {
  // Locked before the checkpoint is read, so no other run can replace it underneath.
  io::FolderLock lock = io::FolderLock::acquire(dir, "simulate --resume");
  io::StoredRun stored = io::SimulationFiles::read_checkpoint(dir);
  const io::Schema schema = io::default_schema();
  const io::Config config = io::Config::resolve_text(schema, stored.config_toml, io::checkpoint_path(dir).string());
  auto& books = stored.checkpoint.bookkeeping;
  if (checkpoint_every_days >= 0.0) books.checkpoint_every_days = checkpoint_every_days;
  const io::SimulationSetup setup = io::plan_simulation(config, books.checkpoint_every_days);
  const course::Simulation simulation(setup.plan);
  io::SimulationFiles files = io::SimulationFiles::resume(std::move(lock), setup, simulation, stored);
  for (const std::string& warning : files.warnings()) std::cerr << "skintwin: warning: " << warning << "\n";
  ++books.resumes;
  return continue_run(setup, simulation, files, stored.checkpoint.state, stored.checkpoint.record, books, progress);
}

}  // namespace skintwin::cli
