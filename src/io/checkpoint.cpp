#include "skintwin/io/checkpoint.hpp"

#include <algorithm>
#include <array>
#include <climits>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <type_traits>
#include <vector>

#include <fmt/format.h>

#include "hdf5_util.hpp"
#include "skintwin/core/error.hpp"
#include "skintwin/core/notice.hpp"
#include "skintwin/io/files.hpp"

namespace skintwin::io {
namespace {

constexpr std::string_view kFormat = "skintwin checkpoint";
// 2: adds the checksums of the config and of the state (config_toml_fnv1a64, state_fnv1a64).
constexpr std::int64_t kFormatVersion = 2;

bool is_plain_key(const std::string& name) {
  return !name.empty() && name.front() != '.' && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
           c == '.';
  });
}

void check_keys(const Checkpoint& checkpoint) {
  for (const std::string& name : checkpoint.fields.names())
    if (!is_plain_key(name)) throw std::invalid_argument("write_checkpoint: bad species name '" + name + "'");
  for (const auto& [key, value] : checkpoint.extra)
    if (!is_plain_key(key)) throw std::invalid_argument("write_checkpoint: bad extra key '" + key + "'");
}

std::string join_lines(const std::vector<std::string>& names) {
  std::string joined;
  for (const std::string& name : names) joined += name + "\n";
  return joined;
}

std::vector<std::string> split_lines(const std::string& joined) {
  std::vector<std::string> names;
  std::istringstream in(joined);
  for (std::string line; std::getline(in, line);) names.push_back(line);
  return names;
}

void write_grid(hid_t file, const grid::Grid& grid) {
  h5::write_attribute(file, "dimensions", std::int64_t{grid.dimensions()});
  const std::array<std::int64_t, 3> cells{grid.nx(), grid.ny(), grid.nz()};
  h5::write_attribute(file, "cells_xyz", std::span<const std::int64_t>(cells));
  const std::array<double, 3> spacing{grid.spacing_um(grid::Axis::X), grid.spacing_um(grid::Axis::Y),
                                      grid.spacing_um(grid::Axis::Z)};
  h5::write_attribute(file, "spacing_xyz_um", std::span<const double>(spacing));
}

grid::Grid read_grid(hid_t file) {
  const std::int64_t dimensions = h5::read_int64_attribute(file, "dimensions");
  const std::vector<std::int64_t> cells = h5::read_int64_attributes(file, "cells_xyz");
  const std::vector<double> h = h5::read_double_attributes(file, "spacing_xyz_um");
  const auto in_range = [](std::int64_t n) { return n >= 1 && n <= INT_MAX; };
  if ((dimensions != 2 && dimensions != 3) || cells.size() != 3 || h.size() != 3 ||
      !std::all_of(cells.begin(), cells.end(), in_range))
    throw h5::Failure("grid description is inconsistent");
  const auto n = [&](std::size_t axis) { return static_cast<int>(cells[axis]); };
  try {
    if (dimensions == 2) {
      if (n(1) != 1) throw h5::Failure("a 2D grid with more than one cell in y");
      return grid::Grid::make_2d(n(0), n(2), h[0], h[2]);
    }
    return grid::Grid::make_3d(n(0), n(1), n(2), h[0], h[1], h[2]);
  } catch (const std::invalid_argument& e) {
    throw h5::Failure(e.what());
  }
}

void write_extra(hid_t file, const std::map<std::string, CheckpointValue>& extra) {
  h5::Handle group = h5::create_group(file, "extra");
  for (const auto& [key, value] : extra)
    std::visit([&, &name = key](auto v) { h5::write_attribute(group.id(), name, v); }, value);
  group.close();
}

std::map<std::string, CheckpointValue> read_extra(hid_t file) {
  const h5::Handle group = h5::open_group(file, "extra");
  std::map<std::string, CheckpointValue> extra;
  for (const h5::AttributeInfo& info : h5::list_attributes(group.id())) {
    if (info.is_integer)
      extra.emplace(info.name, h5::read_int64_attribute(group.id(), info.name));
    else
      extra.emplace(info.name, h5::read_double_attribute(group.id(), info.name));
  }
  return extra;
}

template <class T>
std::uint64_t hash_value(std::uint64_t hash, const T& value) {
  static_assert(std::is_trivially_copyable_v<T>);
  return fnv1a64(std::string_view(reinterpret_cast<const char*>(&value), sizeof value), hash);
}

// Everything but the config: time, counters, seed, grid, species, extra values and field bits.
// HDF5 checksums the metadata and Fletcher32 the fields, but neither stops a file rewritten on
// purpose with another state; this does, together with the config's own checksum.
std::uint64_t state_checksum(const Checkpoint& c) {
  std::uint64_t h = fnv1a64("skintwin checkpoint state");
  h = hash_value(h, c.t_days);
  h = hash_value(h, c.step);
  h = hash_value(h, c.dt_min);
  h = hash_value(h, c.seed);
  const grid::Grid& g = c.fields.grid();
  h = hash_value(h, g.dimensions());
  for (const grid::Axis axis : {grid::Axis::X, grid::Axis::Y, grid::Axis::Z}) {
    h = hash_value(h, g.n(axis));
    h = hash_value(h, g.spacing_um(axis));
  }
  h = fnv1a64(join_lines(c.fields.names()), h);
  for (std::size_t s = 0; s < c.fields.count(); ++s) {
    const auto field = c.fields.field(s);
    h = fnv1a64(std::string_view(reinterpret_cast<const char*>(field.data()), field.size_bytes()), h);
  }
  for (const auto& [key, value] : c.extra) {
    h = fnv1a64(key + "\n", h);
    h = hash_value(h, value.index());
    h = std::visit([&](auto v) { return hash_value(h, v); }, value);
  }
  return h;
}

// The complete file's bytes, built in memory (see hdf5_util.hpp).
std::string checkpoint_image(const std::filesystem::path& path, const Checkpoint& checkpoint) {
  const std::size_t field_bytes = checkpoint.fields.count() * checkpoint.fields.grid().voxels() * sizeof(grid::Real);
  h5::Handle file = h5::create_memory_file(path, true, field_bytes + checkpoint.config_toml.size());
  const hid_t root = file.id();
  h5::write_attribute(root, "format", kFormat);
  h5::write_attribute(root, "format_version", kFormatVersion);
  h5::write_attribute(root, "notice", kNotice);
  h5::write_attribute(root, "real_type", h5::real_type_name());
  h5::write_attribute(root, "t_days", checkpoint.t_days);
  h5::write_attribute(root, "step", checkpoint.step);
  h5::write_attribute(root, "dt_min", checkpoint.dt_min);
  h5::write_attribute(root, "seed", checkpoint.seed);
  h5::write_attribute(root, "species", join_lines(checkpoint.fields.names()));
  write_grid(root, checkpoint.fields.grid());
  h5::write_text_dataset(root, "config_toml", checkpoint.config_toml);
  h5::Handle fields = h5::create_group(root, "fields");
  const h5::DatasetLayout layout{.gzip_level = 0, .checksum = h5::Checksum::Fletcher32};
  for (std::size_t s = 0; s < checkpoint.fields.count(); ++s)
    h5::write_field(fields.id(), checkpoint.fields.names()[s], checkpoint.fields.grid(), checkpoint.fields.field(s), layout)
        .close();
  fields.close();
  write_extra(root, checkpoint.extra);
  h5::write_attribute(root, "config_toml_fnv1a64", fnv1a64(checkpoint.config_toml));
  h5::write_attribute(root, "state_fnv1a64", state_checksum(checkpoint));
  return h5::close_to_image(file);
}

// A checkpoint whose config or state no longer matches what was written with it was edited (or
// damaged past what HDF5 notices): resuming it would give another run under the same name.
void check_checksums(hid_t root, const Checkpoint& checkpoint, const std::filesystem::path& path) {
  const auto refuse = [&](const std::string& what, const std::string& why) {
    throw InputError("checkpoint", path.string(),
                     fmt::format("a checkpoint whose {} matches the checksum written with it; this one's does not ({}), "
                                 "so resuming it would not continue the run that wrote it",
                                 what, why));
  };
  if (h5::read_uint64_attribute(root, "config_toml_fnv1a64") != fnv1a64(checkpoint.config_toml))
    refuse("config_toml", "its config was changed after the run wrote it");
  if (h5::read_uint64_attribute(root, "state_fnv1a64") != state_checksum(checkpoint))
    refuse("state", "its time, counters, grid, extra values or fields were changed after the run wrote them");
}

void check_identity(hid_t root) {
  if (!h5::has_attribute(root, "format") || h5::read_string_attribute(root, "format") != kFormat)
    throw h5::Failure("an HDF5 file, but not a skintwin checkpoint");
  const std::int64_t version = h5::read_int64_attribute(root, "format_version");
  if (version != kFormatVersion)
    throw h5::Failure("checkpoint format version " + std::to_string(version) + ", this build reads version " +
                      std::to_string(kFormatVersion));
  const std::string real_type = h5::read_string_attribute(root, "real_type");
  if (real_type != h5::real_type_name())
    throw h5::Failure("fields stored as " + real_type + " but this build computes in " +
                      std::string(h5::real_type_name()) + " (SKINTWIN_DOUBLE), so a resumed run would not be exact");
}

Checkpoint read_contents(const std::filesystem::path& path) {
  const h5::Handle file = h5::open_file_read(path);
  const hid_t root = file.id();
  check_identity(root);
  Checkpoint checkpoint{.fields = grid::FieldSet(read_grid(root), split_lines(h5::read_string_attribute(root, "species"))),
                        .t_days = h5::read_double_attribute(root, "t_days"),
                        .step = h5::read_int64_attribute(root, "step"),
                        .dt_min = h5::read_double_attribute(root, "dt_min"),
                        .seed = h5::read_uint64_attribute(root, "seed"),
                        .config_toml = h5::read_text_dataset(root, "config_toml"),
                        .extra = read_extra(root)};
  const h5::Handle fields = h5::open_group(root, "fields");
  for (std::size_t s = 0; s < checkpoint.fields.count(); ++s)
    h5::read_field(fields.id(), checkpoint.fields.names()[s], checkpoint.fields.grid(), checkpoint.fields.field(s));
  check_checksums(root, checkpoint, path);
  return checkpoint;
}

}  // namespace

std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t hash) {
  for (const char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

std::filesystem::path checkpoint_path(const std::filesystem::path& output_dir) { return output_dir / "checkpoint.h5"; }

void write_checkpoint(const std::filesystem::path& path, const Checkpoint& checkpoint) {
  check_keys(checkpoint);
  std::string image;
  {
    const h5::QuietErrors quiet;
    try {
      image = checkpoint_image(path, checkpoint);
    } catch (const h5::Failure& e) {
      throw OutputError(path.string(), std::string("HDF5 could not build the file in memory (") + e.what() + ")");
    }
  }
  write_file_atomic(path, image);
}

Checkpoint read_checkpoint(const std::filesystem::path& path) {
  if (!std::filesystem::is_regular_file(path))
    throw InputError("checkpoint", path.string(), "an existing checkpoint file (none found there)");
  const h5::QuietErrors quiet;
  try {
    return read_contents(path);
  } catch (const h5::Failure& e) {
    throw InputError("checkpoint", path.string(),
                     std::string("a complete skintwin checkpoint; this one is truncated, damaged or foreign (") +
                         e.what() + ")");
  } catch (const std::invalid_argument& e) {
    // FieldSet rejects a species list with duplicates or gaps, which only a damaged file has.
    throw InputError("checkpoint", path.string(), std::string("a consistent skintwin checkpoint (") + e.what() + ")");
  }
}

}  // namespace skintwin::io
