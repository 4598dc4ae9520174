#pragma once
// `skintwin simulate` glue: the pipeline (course::Simulation) stepping, the output folder
// (io::SimulationFiles) writing at its stops, and the progress bar on the terminal.
#include <filesystem>
#include <ostream>

#include <nlohmann/json.hpp>

#include "skintwin/io/simulation_config.hpp"
#include "skintwin/outcome/session_outcomes.hpp"

namespace skintwin::cli {

struct ProgressSettings {
  std::ostream* out = nullptr;  // nullptr: no progress
  bool is_tty = false;
  bool quiet = false;
};

struct SimulationResult {
  outcome::SessionOutcomes outcomes;
  nlohmann::json summary;  // as written to summary.json
  double duration_days = 0.0;
  std::int64_t steps = 0;
  double wall_s = 0.0;     // this run's processes together (a resumed run adds the earlier share)
};

// A new simulation into `dir` (created if missing), locked for the whole run (io::FolderLock:
// another live run there -> InputError naming the folder and its pid).
SimulationResult run_simulation(const io::SimulationSetup& setup, const std::filesystem::path& dir,
                                const ProgressSettings& progress);

// Continues the run in `dir` from its checkpoint.h5 (config and seed from the checkpoint) to the
// end. checkpoint_every_days < 0 keeps the cadence the run was started with. The folder is locked
// first. A missing, damaged or edited checkpoint, or outputs in `dir` that are not its run's
// (snapshots on another grid, other time-series rows) -> InputError naming the file; an edited
// config.toml is rewritten from the checkpoint with a warning on stderr.
SimulationResult resume_simulation(const std::filesystem::path& dir, double checkpoint_every_days,
                                   const ProgressSettings& progress);

}  // namespace skintwin::cli
