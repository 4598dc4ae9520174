#pragma once
// The output folder of `skintwin simulate`: DIR/config.toml, DIR/timeseries.csv, DIR/summary.json,
// DIR/fields.xdmf + fields_*.h5 and DIR/checkpoint.h5, each written atomically; the run's typed
// checkpoint in and out of DIR/checkpoint.h5. Files only: the pipeline is course::Simulation.
// The folder is locked (io::FolderLock) for as long as a SimulationFiles lives.
// See docs/simulate.md and docs/output.md.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "skintwin/course/simulation.hpp"
#include "skintwin/io/field_writer.hpp"
#include "skintwin/io/folder_lock.hpp"
#include "skintwin/io/simulation_config.hpp"
#include "skintwin/outcome/ensemble.hpp"
#include "skintwin/outcome/session_outcomes.hpp"

namespace skintwin::io {

// A checkpoint as read back: the run's state and the config it was started with.
struct StoredRun {
  course::RunCheckpoint checkpoint;
  std::string config_toml;
  std::uint64_t seed = 0;
  // The time-series rows written beside the checkpoint: how many, and the checksum of their CSV.
  std::int64_t timeseries_rows = 0;
  std::uint64_t timeseries_fnv1a64 = 0;
  // Where the grid lay in the treated area (absent from checkpoints before 2026-11-30, session 7).
  std::optional<injury::GridPlacement> placement;
};

class SimulationFiles {
public:
  // A new run in the locked folder: removes what an earlier run left under our names (leftover
  // temporaries `*.tmp.<pid>` of every file we write included), writes config.toml and starts
  // the field series. Holds the lock until destroyed.
  static SimulationFiles create(FolderLock lock, const SimulationSetup& setup);
  // Reads DIR/checkpoint.h5 (InputError naming it when missing, damaged or edited).
  static StoredRun read_checkpoint(const std::filesystem::path& dir);
  // Continues the run in the locked folder whose checkpoint was `stored`. First checks that the
  // folder's outputs belong to that checkpoint: field snapshots on the checkpoint's grid, and the
  // time-series rows it was written with (InputError naming the file and what differs; nothing is
  // changed then). Then loads those rows into stored.checkpoint.record.series, drops field
  // snapshots after it and leftover temporaries, and rewrites config.toml from the checkpoint's
  // config if it is missing or differs (with a warning in warnings(): --resume ignores edits).
  static SimulationFiles resume(FolderLock lock, const SimulationSetup& setup, const course::Simulation& simulation,
                                StoredRun& stored);

  // At a stop: a field snapshot and/or a checkpoint (the rows so far go beside it).
  void at_stop(const course::Stop& stop, const course::CourseState& state, const course::RunRecord& record,
               const course::RunBookkeeping& bookkeeping);
  // The final outputs; removes the partial rows.
  void finish(const course::RunRecord& record, const nlohmann::json& summary);

  const std::filesystem::path& dir() const noexcept { return dir_; }
  // One line each, for the user (the CLI prints them on stderr).
  const std::vector<std::string>& warnings() const noexcept { return warnings_; }

private:
  SimulationFiles(FolderLock lock, const SimulationSetup& setup);
  FolderLock lock_;
  std::filesystem::path dir_;
  std::vector<std::string> warnings_;
  const SimulationSetup* setup_;
  std::optional<FieldSeriesWriter> fields_;
};

// Removes what an earlier run left in `dir` under the names a run writes: its time series, summary,
// checkpoint, field series and their leftover temporaries, and every section_NN folder of an
// ensemble. Anything else in the folder is left. OutputError naming the path if something cannot be
// removed.
void remove_previous_outputs(const std::filesystem::path& dir);
// The folder of section k (0-based) of an ensemble: section_01, section_02, ...
std::string section_folder_name(std::size_t k);
// Whether several runs may write their files (HDF5 fields and checkpoints) from threads of one
// process at once: the HDF5 library was built thread-safe (Debian's is).
bool concurrent_writes_allowed();

// The time series as CSV: the header on the first line, one row per sample (no comment line, so
// CSV readers with their defaults read it; the notice is in summary.json and config.toml). Numbers
// are written in their shortest exact form, so parse_timeseries_csv() gives back the same bits.
std::string timeseries_csv(std::span<const outcome::Snapshot> series);
std::vector<std::string> timeseries_columns();
// Skips empty lines and lines starting with '#' (older files start with a "# notice" line).
// Throws InputError naming `origin` on a header that does not match or a malformed row.
std::vector<outcome::Snapshot> parse_timeseries_csv(const std::string& text, const std::string& origin);

// summary.json's "outcomes".
nlohmann::json outcomes_json(const outcome::SessionOutcomes& outcomes);
// summary.json's "baseline": baseline.<layer>.<species> and baseline.<layer>.collagen_total, the
// healthy state of every layer on the grid.
nlohmann::json baseline_json(const outcome::SessionOutcomes& outcomes);

// summary.json's "sampling": how the run sampled the treated area (method, section positions and
// band, or which section of an ensemble it is).
nlohmann::json sampling_json(const course::SimulationPlan& plan);
// summary.json's "spread": per outcome, its members, mean, sd, sem, min and max over the sections.
nlohmann::json spread_json(std::span<const outcome::OutcomeSpread> spread);

// summary.json of a finished run.
struct RunTotals {
  std::int64_t steps = 0;
  double wall_s = 0.0;  // an ensemble: its sections' wall times summed
  std::int64_t resumes = 0;
  double elapsed_s = -1.0;  // an ensemble: this process's wall time over its sections (side by side); -1: none
};
nlohmann::json simulation_summary_json(const SimulationSetup& setup, const course::CourseState& state,
                                       const course::RunRecord& record, const outcome::SessionOutcomes& outcomes,
                                       std::span<const outcome::SessionOutcomes> sessions, const RunTotals& totals);

// summary.json of a finished ensemble (DIR/summary.json above the sections' folders): the
// pooled outcomes and baseline, "sampling", "spread" and "members" (each section's folder,
// position, punctures and outcomes); the rest as in the first section's summary.
struct EnsembleMember {
  std::string dir;          // the section's folder, relative to the ensemble's
  nlohmann::json summary;   // its own summary.json
};
nlohmann::json ensemble_summary_json(const SimulationSetup& setup, const outcome::EnsembleOutcomes& ensemble,
                                     std::span<const EnsembleMember> members, const RunTotals& totals);

}  // namespace skintwin::io
