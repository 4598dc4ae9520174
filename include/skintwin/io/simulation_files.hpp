#pragma once
// The output folder of `skintwin simulate`: DIR/config.toml, DIR/timeseries.csv, DIR/summary.json,
// DIR/fields.xdmf + fields_*.h5 and DIR/checkpoint.h5, each written atomically; the run's typed
// checkpoint in and out of DIR/checkpoint.h5. Files only: the pipeline is course::Simulation.
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
#include "skintwin/io/simulation_config.hpp"
#include "skintwin/outcome/session_outcomes.hpp"

namespace skintwin::io {

// A checkpoint as read back: the run's state and the config it was started with.
struct StoredRun {
  course::RunCheckpoint checkpoint;
  std::string config_toml;
  std::uint64_t seed = 0;
};

class SimulationFiles {
public:
  // A new run in `dir` (created if missing): removes what an earlier run left under our names,
  // writes config.toml and starts the field series.
  static SimulationFiles create(const std::filesystem::path& dir, const SimulationSetup& setup);
  // Reads DIR/checkpoint.h5 (InputError naming it when missing or damaged).
  static StoredRun read_checkpoint(const std::filesystem::path& dir);
  // Continues the run in `dir` whose checkpoint was `stored`: loads the rows sampled before it
  // into stored.checkpoint.record.series, drops field snapshots after it and leftover temporaries.
  static SimulationFiles resume(const std::filesystem::path& dir, const SimulationSetup& setup,
                                const course::Simulation& simulation, StoredRun& stored);

  // At a stop: a field snapshot and/or a checkpoint (the rows so far go beside it).
  void at_stop(const course::Stop& stop, const course::CourseState& state, const course::RunRecord& record,
               const course::RunBookkeeping& bookkeeping);
  // The final outputs; removes the partial rows.
  void finish(const course::RunRecord& record, const nlohmann::json& summary);

  const std::filesystem::path& dir() const noexcept { return dir_; }

private:
  SimulationFiles(std::filesystem::path dir, const SimulationSetup& setup);
  std::filesystem::path dir_;
  const SimulationSetup* setup_;
  std::optional<FieldSeriesWriter> fields_;
};

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

// summary.json of a finished run.
struct RunTotals {
  std::int64_t steps = 0;
  double wall_s = 0.0;
  std::int64_t resumes = 0;
};
nlohmann::json simulation_summary_json(const SimulationSetup& setup, const course::CourseState& state,
                                       const course::RunRecord& record, const outcome::SessionOutcomes& outcomes,
                                       const RunTotals& totals);

}  // namespace skintwin::io
