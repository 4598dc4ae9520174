#pragma once
// `skintwin simulate` glue: the pipeline (course::Simulation) stepping, the output folder
// (io::SimulationFiles) writing at its stops, and the progress bar on the terminal.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <ostream>

#include <nlohmann/json.hpp>

#include "skintwin/io/simulation_config.hpp"
#include "skintwin/outcome/ensemble.hpp"
#include "skintwin/outcome/session_outcomes.hpp"

namespace skintwin::cli {

struct ProgressSettings {
  std::ostream* out = nullptr;  // nullptr: no progress
  bool is_tty = false;
  bool quiet = false;
  // A section run beside others: its simulated day and steps go here (to the ensemble's one
  // progress bar) instead of to a bar of its own. May be called from the section's own thread.
  std::function<void(double t_days, std::size_t steps)> report;
};

struct SimulationResult {
  outcome::SessionOutcomes outcomes;
  nlohmann::json summary;  // as written to summary.json
  double duration_days = 0.0;
  std::int64_t steps = 0;
  double wall_s = 0.0;     // this run's processes together (a resumed run adds the earlier share)
  double elapsed_s = -1.0;  // an ensemble: this process's wall time over its sections (-1: not an ensemble)
  std::int64_t resumes = 0;
  // What the run adds to an ensemble (a section of one): its series, healthy snapshot and counts,
  // one segment per session of the course.
  std::vector<outcome::SectionSeries> section;
};

// A new simulation into `dir` (created if missing), locked for the whole run (io::FolderLock:
// another live run there -> InputError naming the folder and its pid). A 2D plan of several
// sections runs each into DIR/section_NN (a complete run folder of its own) and writes the pooled
// timeseries.csv and summary.json (docs/simulate.md, "Sampling") into DIR.
SimulationResult run_simulation(const io::SimulationSetup& setup, const std::filesystem::path& dir,
                                const ProgressSettings& progress);

// Continues the run in `dir` from its checkpoint.h5 (config and seed from the checkpoint) to the
// end. checkpoint_every_days < 0 keeps the cadence the run was started with. The folder is locked
// first. A missing, damaged or edited checkpoint, or outputs in `dir` that are not its run's
// (snapshots on another grid, other time-series rows) -> InputError naming the file; an edited
// config.toml is rewritten from the checkpoint with a warning on stderr. In an ensemble's DIR
// (section_01/ holds a checkpoint, DIR none) every section is continued: finished ones are read
// back, killed ones resumed, ones not yet started run.
SimulationResult resume_simulation(const std::filesystem::path& dir, double checkpoint_every_days,
                                   const ProgressSettings& progress);

}  // namespace skintwin::cli
