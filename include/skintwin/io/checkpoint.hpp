#pragma once
// The full state of a run, so that a killed run continues from its last checkpoint and ends
// bit-identical to an uninterrupted one. One HDF5 file, written under a temporary name and
// renamed, so the checkpoint on disk is always the previous complete one or the new complete one.
// Fields are stored with their exact bits (grid::Real) and checksummed. See docs/output.md.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
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

// FNV-1a, 64 bit: the checksum the checkpoint stores of its config and its state (and that
// simulation_files stores of the time-series rows written beside it). Chain by passing `hash`.
inline constexpr std::uint64_t kFnv1a64Offset = 0xcbf29ce484222325ULL;
std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t hash = kFnv1a64Offset);

// Where a run keeps its (single, rolling) checkpoint: <output_dir>/checkpoint.h5.
std::filesystem::path checkpoint_path(const std::filesystem::path& output_dir);

// Species names and extra keys: letters, digits, '_', '-' and '.' (std::invalid_argument
// otherwise). A failed write -> OutputError naming the file and the reason ("disk full"); the previous
// checkpoint stays intact and no temporary file is left.
void write_checkpoint(const std::filesystem::path& path, const Checkpoint& checkpoint);

// A missing, truncated, damaged or foreign file, one written by a build with another
// grid::Real, or one whose config_toml or state does not match the checksum written with it
// (edited afterwards) -> InputError naming the file (and config_toml or state).
Checkpoint read_checkpoint(const std::filesystem::path& path);

}  // namespace skintwin::io
