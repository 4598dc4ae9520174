#pragma once
// `skintwin simulate`: one microneedling session on a 2D section or 3D patch of a site, healed
// over days to weeks. Builds everything from a resolved config (validated before any file is
// written), runs the course, and writes DIR/timeseries.csv, DIR/summary.json, DIR/config.toml,
// DIR/fields.xdmf + fields_*.h5 and DIR/checkpoint.h5, each atomically. See docs/simulate.md.
#include <cstdint>
#include <filesystem>
#include <ostream>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "skintwin/course/timeline.hpp"
#include "skintwin/grid/grid.hpp"
#include "skintwin/injury/injury.hpp"
#include "skintwin/io/config.hpp"
#include "skintwin/io/puncture_run.hpp"
#include "skintwin/outcome/observables.hpp"
#include "skintwin/solver/stepper.hpp"

namespace skintwin::io {

// What a simulation is, derived from the config: the punctures of the session, the grid and
// where it lies in the treated area, the stops and the step schedule.
struct SimulationPlan {
  PunctureRun session;  // device, site, sex and the session's punctures
  grid::Grid grid = grid::Grid::make_2d(1, 1, 1.0, 1.0);
  injury::GridPlacement placement;
  course::TimelineSettings timeline;
  solver::DtSchedule schedule;
  int fields_gzip_level = 0;
  std::uint64_t seed = 1;
  std::string config_toml;    // the resolved config, as written to DIR/config.toml
  nlohmann::json config_json; // the same, echoed in summary.json
};

// Throws InputError naming the key before any work: a grid that leaves the treated area, too
// many voxels, a step schedule with dt_max < dt_initial, bad cadences, and everything
// run_punctures() rejects. checkpoint_every_days: 0 = no checkpoints.
SimulationPlan plan_simulation(const Config& config, double checkpoint_every_days);

// Grid depth for the config's simulate.depth_mm: itself if > 0, otherwise 0.5 mm below the
// deeper of the dermis bottom and the deepest channel, in whole voxels.
double grid_depth_um(double depth_mm, double dermis_bottom_um, double deepest_channel_um, double spacing_um);

struct ProgressSettings {
  std::ostream* out = nullptr;  // nullptr: no progress
  bool is_tty = false;
  bool quiet = false;
};

struct SimulationResult {
  nlohmann::json summary;  // as written to summary.json
  std::int64_t steps = 0;
  double wall_s = 0.0;     // this process's share (a resumed run adds the earlier share)
};

// Runs a new simulation into `dir` (created if missing).
SimulationResult run_simulation(const SimulationPlan& plan, const std::filesystem::path& dir,
                                const ProgressSettings& progress);

// Continues the run in `dir` from its checkpoint.h5 (config and seed from the checkpoint) to the
// end. checkpoint_every_days < 0 keeps the cadence the run was started with. A missing or
// damaged checkpoint -> InputError naming it.
SimulationResult resume_simulation(const std::filesystem::path& dir, double checkpoint_every_days,
                                   const ProgressSettings& progress);

// The time series as CSV: a comment line with the notice, a header, one row per sample. Numbers
// are written in their shortest exact form, so parse_timeseries_csv() gives back the same bits.
std::string timeseries_csv(std::span<const outcome::Snapshot> series);
std::vector<std::string> timeseries_columns();
// Throws InputError naming `origin` on a header that does not match or a malformed row.
std::vector<outcome::Snapshot> parse_timeseries_csv(const std::string& text, const std::string& origin);

// Outcomes of one session from its time series: peaks and their days, closure, redness downtime.
// `healthy` is the healthy state measured by the same tracker (wound-zone baselines).
nlohmann::json session_outcomes(std::span<const outcome::Snapshot> series, const outcome::Snapshot& healthy,
                                double redness_threshold);

}  // namespace skintwin::io
