#include "simulate_run.hpp"

#include <chrono>
#include <functional>
#include <mutex>
#include <vector>

#include <omp.h>

#include <fmt/format.h>
#include <iostream>
#include <string>
#include <utility>

#include "skintwin/core/error.hpp"
#include "skintwin/core/parallel_tasks.hpp"
#include "skintwin/core/units.hpp"
#include "skintwin/course/simulation.hpp"
#include "progress.hpp"
#include "skintwin/io/checkpoint.hpp"
#include "skintwin/io/files.hpp"
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
  // A section beside others reports to the ensemble's bar; its own stays silent.
  ProgressReporter progress(progress_out, progress_settings.is_tty,
                            progress_settings.quiet || !progress_settings.out || progress_settings.report != nullptr,
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
            if (progress_settings.report) progress_settings.report(t_days, static_cast<std::size_t>(steps - first_steps));
          }};
  simulation.advance(state, record, observer);
  progress.finish();
  // Every stop's files are written, and below only the state's sessions are read. The healthy
  // snapshot the series is cut against is built as a full field set, as large as the state's: the
  // state's fields go first, so the end of a large 3D run does not hold two.
  state.fields = grid::FieldSet(state.fields.grid(), {});

  // The series cut into its sessions once: the course's outcomes, each session's, and what the run
  // adds to an ensemble all come from it.
  std::vector<outcome::SectionSeries> section = simulation.section_series(record.series);
  outcome::CourseOutcomes outcomes =
      outcome::course_outcomes(section, setup.plan.parameters.observables.erythema.visible_threshold,
                               setup.plan.parameters.observables.scar_grading);
  SimulationResult result{.outcomes = std::move(outcomes.course),
                          .duration_days = setup.plan.timeline.duration_days,
                          .steps = state.steps,
                          .wall_s = wall_before_s + seconds_since(start),
                          .resumes = books.resumes};
  result.section = std::move(section);
  result.summary = io::simulation_summary_json(setup, state, record, result.outcomes, outcomes.sessions,
                                               {.steps = state.steps, .wall_s = result.wall_s, .resumes = books.resumes});
  files.finish(record, result.summary);
  return result;
}

SimulationResult run_one(const io::SimulationSetup& setup, const fs::path& dir, const ProgressSettings& progress) {
  // Locked before anything else, so a second run into the folder is refused before it starts.
  io::FolderLock lock = io::FolderLock::acquire(dir, "simulate");
  const course::Simulation simulation(setup.plan);
  course::RunRecord record;
  course::CourseState state = simulation.start(record);
  io::SimulationFiles files = io::SimulationFiles::create(std::move(lock), setup);
  return continue_run(setup, simulation, files, state, record,
                      {.checkpoint_every_days = setup.plan.timeline.checkpoint_every_days}, progress);
}

// Continues the run in `dir` from its checkpoint; `plan` turns the checkpoint's config into the
// run's setup (the whole plan, or one section of an ensemble plan).
using SetupOf = std::function<io::SimulationSetup(const io::Config&, double checkpoint_every_days)>;
SimulationResult resume_in(const fs::path& dir, double checkpoint_every_days, const ProgressSettings& progress,
                           const SetupOf& plan) {
  // Locked before the checkpoint is read, so no other run can replace it underneath.
  io::FolderLock lock = io::FolderLock::acquire(dir, "simulate --resume");
  io::StoredRun stored = io::SimulationFiles::read_checkpoint(dir);
  const io::Schema schema = io::default_schema();
  const io::Config config = io::Config::resolve_text(schema, stored.config_toml, io::checkpoint_path(dir).string());
  auto& books = stored.checkpoint.bookkeeping;
  if (checkpoint_every_days >= 0.0) books.checkpoint_every_days = checkpoint_every_days;
  const io::SimulationSetup setup = plan(config, books.checkpoint_every_days);
  const course::Simulation simulation(setup.plan);
  io::SimulationFiles files = io::SimulationFiles::resume(std::move(lock), setup, simulation, stored);
  for (const std::string& warning : files.warnings()) std::cerr << "skintwin: warning: " << warning << "\n";
  ++books.resumes;
  return continue_run(setup, simulation, files, stored.checkpoint.state, stored.checkpoint.record, books, progress);
}

constexpr const char* kSummaryFile = "summary.json";

// A section of the ensemble as a run setup of its own (the config stays the ensemble's, so a
// section's checkpoint plans the whole ensemble again and picks its section from its folder).
io::SimulationSetup section_setup(const io::SimulationSetup& ensemble, std::size_t k) {
  io::SimulationSetup one = ensemble;
  one.plan = course::section_plan(ensemble.plan, k);
  return one;
}

// A section folder belongs to the ensemble being resumed only if it was written with the same
// config; anything else (copied in, or left by another run) is refused before it could be pooled.
[[noreturn]] void refuse_foreign_section(const fs::path& file) {
  const fs::path section_dir = file.parent_path();
  throw InputError(file.string(), "a config other than the ensemble's",
                   fmt::format("the run in {} (start the ensemble again in a new folder)",
                               section_dir.parent_path().string()));
}

// A section that finished earlier, read back: its series from its timeseries.csv, its healthy
// snapshots and counts from its sessions' trackers (their footprints are computed again: cheap and
// deterministic).
SimulationResult finished_section(const io::SimulationSetup& setup, const fs::path& dir) {
  SimulationResult r;
  r.summary = nlohmann::json::parse(io::read_text_file(dir / kSummaryFile));
  if (!r.summary.contains("config") || r.summary["config"] != setup.config_json)
    refuse_foreign_section(dir / kSummaryFile);
  const course::Simulation simulation(setup.plan);
  const fs::path csv = dir / "timeseries.csv";
  r.section = simulation.section_series(io::parse_timeseries_csv(io::read_text_file(csv), csv.string()));
  r.duration_days = setup.plan.timeline.duration_days;
  r.steps = r.summary["time"]["steps"].get<std::int64_t>();
  r.wall_s = r.summary["wall_time_s"].get<double>();
  r.resumes = r.summary["resumed"].get<std::int64_t>();
  return r;
}

// Runs (or resumes, or reads back) section k into its folder.
using SectionRun =
    std::function<SimulationResult(const io::SimulationSetup&, const fs::path&, std::size_t k, const ProgressSettings&)>;

// The sections' simulated days and steps added up into one bar, for sections run side by side.
class EnsembleProgress {
public:
  EnsembleProgress(const ProgressSettings& settings, std::size_t sections, double duration_days)
      : days_(sections, 0.0), steps_(sections, 0),
        bar_(settings.out ? *settings.out : std::cerr, settings.is_tty, settings.quiet || !settings.out,
             static_cast<double>(sections) * duration_days, steady_wall_clock(), "steps", "section-day") {}
  ProgressSettings for_section(std::size_t k) {
    return {.report = [this, k](double t_days, std::size_t steps) {
      const std::lock_guard<std::mutex> lock(mutex_);
      days_[k] = t_days;
      steps_[k] = steps;
      double days = 0.0;
      std::size_t total = 0;
      for (std::size_t m = 0; m < days_.size(); ++m) {
        days += days_[m];
        total += steps_[m];
      }
      bar_.update(days, total);
    }};
  }
  void finish() {
    const std::lock_guard<std::mutex> lock(mutex_);
    bar_.finish();
  }

private:
  std::mutex mutex_;
  std::vector<double> days_;
  std::vector<std::size_t> steps_;
  ProgressReporter bar_;
};

// Sections side by side, one OpenMP thread each, when there are threads to spare and the HDF5
// library lets several runs write their files at once; else one after the other, each threaded.
ThreadShare ensemble_threads(std::size_t sections) {
  if (!io::concurrent_writes_allowed()) return {};
  return share_threads(sections, omp_get_max_threads());
}

// Every section (run, resumed or read back by `one_section`), then the pooled outputs.
SimulationResult run_ensemble(const io::SimulationSetup& setup, const fs::path& dir, const ProgressSettings& progress,
                              const SectionRun& one_section) {
  const auto start = std::chrono::steady_clock::now();
  const std::size_t count = setup.plan.sampling.sections();
  std::vector<SimulationResult> results(count);
  const ThreadShare share = ensemble_threads(count);
  if (share.workers == 1) {
    for (std::size_t k = 0; k < count; ++k) {
      if (progress.out && !progress.quiet)
        *progress.out << fmt::format("section {} of {} (y = {:.3f} mm)\n", k + 1, count,
                                     setup.plan.sampling.section_y_mm[k]);
      results[k] = one_section(section_setup(setup, k), dir / io::section_folder_name(k), k, progress);
    }
  } else {
    if (progress.out && !progress.quiet)
      *progress.out << fmt::format("{} sections, {} at a time ({} thread{} each)\n", count, share.workers,
                                   share.threads_per_worker, share.threads_per_worker == 1 ? "" : "s");
    EnsembleProgress bar(progress, count, setup.plan.timeline.duration_days);
    run_tasks(count, share, [&](std::size_t k) {
      const ProgressSettings section_progress = bar.for_section(k);
      results[k] = one_section(section_setup(setup, k), dir / io::section_folder_name(k), k, section_progress);
      // A section read back finished (a resumed ensemble) never reported: count its days now.
      section_progress.report(results[k].duration_days, static_cast<std::size_t>(results[k].steps));
    });
    bar.finish();
  }
  std::vector<io::EnsembleMember> members;
  std::vector<std::vector<outcome::SectionSeries>> series;
  io::RunTotals totals;
  for (std::size_t k = 0; k < count; ++k) {
    SimulationResult& r = results[k];
    totals.steps += r.steps;
    totals.wall_s += r.wall_s;
    totals.resumes = std::max(totals.resumes, r.resumes);
    members.push_back({.dir = io::section_folder_name(k), .summary = r.summary});
    series.push_back(std::move(r.section));
  }
  const outcome::EnsembleOutcomes ensemble =
      outcome::ensemble_outcomes(series, setup.plan.parameters.observables.erythema, setup.plan.sampling.stratified(),
                                 setup.plan.parameters.observables.scar_grading);
  totals.elapsed_s = seconds_since(start);
  SimulationResult result{.outcomes = ensemble.pooled,
                          .summary = io::ensemble_summary_json(setup, ensemble, members, totals),
                          .duration_days = setup.plan.timeline.duration_days,
                          .steps = totals.steps,
                          .wall_s = totals.wall_s,
                          .elapsed_s = totals.elapsed_s,
                          .resumes = totals.resumes};
  io::write_file_atomic(dir / "timeseries.csv", io::timeseries_csv(ensemble.series));
  io::write_file_atomic(dir / kSummaryFile, result.summary.dump(2) + "\n");
  return result;
}

bool is_ensemble(const io::SimulationSetup& setup) { return setup.plan.sampling.sections() > 1; }

}  // namespace

SimulationResult run_simulation(const io::SimulationSetup& setup, const fs::path& dir,
                                const ProgressSettings& progress) {
  if (!is_ensemble(setup)) return run_one(setup, dir, progress);
  const io::FolderLock lock = io::FolderLock::acquire(dir, "simulate");
  // Every section folder goes, not only those beyond this ensemble's count: a section left from an
  // earlier run would otherwise be read back as finished if this run were killed and resumed.
  io::remove_previous_outputs(dir);
  io::write_file_atomic(dir / "config.toml", setup.config_toml);
  return run_ensemble(setup, dir, progress,
                      [](const io::SimulationSetup& one, const fs::path& section_dir, std::size_t,
                         const ProgressSettings& section_progress) { return run_one(one, section_dir, section_progress); });
}

SimulationResult resume_simulation(const fs::path& dir, double checkpoint_every_days,
                                   const ProgressSettings& progress) {
  const fs::path first = dir / io::section_folder_name(0);
  if (fs::exists(io::checkpoint_path(dir)) || !fs::exists(io::checkpoint_path(first)))
    return resume_in(dir, checkpoint_every_days, progress, [&dir](const io::Config& config, double every_days) {
      io::SimulationSetup setup = io::plan_simulation(config, every_days);
      // A section's own folder holds the ensemble's config: resuming it alone would plan the
      // ensemble's first section and leave the pooled outputs stale.
      if (is_ensemble(setup))
        throw InputError("--resume", dir.string(),
                         fmt::format("the ensemble's folder {} (this is one of its sections; resuming the ensemble "
                                     "continues every section and pools them)",
                                     dir.parent_path().string()));
      return setup;
    });
  const io::FolderLock lock = io::FolderLock::acquire(dir, "simulate --resume");
  // The ensemble's config, as its first section's checkpoint holds it (edits to DIR/config.toml
  // are ignored, as for a single run).
  const io::StoredRun stored = io::SimulationFiles::read_checkpoint(first);
  const io::Schema schema = io::default_schema();
  const io::Config config = io::Config::resolve_text(schema, stored.config_toml, io::checkpoint_path(first).string());
  const double cadence = checkpoint_every_days >= 0.0 ? checkpoint_every_days : stored.checkpoint.bookkeeping.checkpoint_every_days;
  const io::SimulationSetup setup = io::plan_simulation(config, cadence);
  io::write_file_atomic(dir / "config.toml", setup.config_toml);
  return run_ensemble(setup, dir, progress,
                      [&](const io::SimulationSetup& one, const fs::path& section_dir, std::size_t section,
                          const ProgressSettings& section_progress) {
    if (fs::exists(section_dir / kSummaryFile)) return finished_section(one, section_dir);
    if (!fs::exists(io::checkpoint_path(section_dir))) return run_one(one, section_dir, section_progress);
    return resume_in(section_dir, checkpoint_every_days, section_progress, [&](const io::Config& c, double every_days) {
      io::SimulationSetup own = section_setup(io::plan_simulation(c, every_days), section);
      if (own.config_toml != setup.config_toml) refuse_foreign_section(io::checkpoint_path(section_dir));
      return own;
    });
  });
}

}  // namespace skintwin::cli
