#pragma once
// The full state of a run, so that a killed run continues from its last checkpoint and ends
// bit-identical to an uninterrupted one. One HDF5 file, written under a temporary name and
// renamed, so the checkpoint on disk is always the previous complete one or the new complete one.
// Fields are stored with their exact bits (grid::Real) and checksummed. See docs/output.md.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <variant>

#include "skintwin/grid/field_set.hpp"

namespace skintwin::io {

// Extra stepper state (counters, the time of the last session, an adaptive controller's last
// error...): integers stay integers, doubles keep their exact bits.
using CheckpointValue = std::variant<std::int64_t, double>;

struct Checkpoint {
  grid::FieldSet fields;    // the grid and every species, in order
  double t_days = 0.0;      // simulated time
  std::int64_t step = 0;    // steps taken so far
  double dt_min = 0.0;      // the step size the stepper would take next, in minutes
  std::uint64_t seed = 0;   // the run's RNG seed
  std::string config_toml;  // the resolved configuration, as written to the output folder
  std::map<std::string, CheckpointValue> extra;
};

// Where a run keeps its (single, rolling) checkpoint: <output_dir>/checkpoint.h5.
std::filesystem::path checkpoint_path(const std::filesystem::path& output_dir);

// Species names and extra keys: letters, digits, '_', '-' and '.' (std::invalid_argument
// otherwise). A failed write -> OutputError naming the file and the reason ("disk full"); the previous
// checkpoint stays intact and no temporary file is left.
void write_checkpoint(const std::filesystem::path& path, const Checkpoint& checkpoint);

// A missing, truncated, damaged or foreign file, or one written by a build with another
// grid::Real -> InputError naming the file.
Checkpoint read_checkpoint(const std::filesystem::path& path);

}  // namespace skintwin::io
