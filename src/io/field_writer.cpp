#include "skintwin/io/field_writer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <system_error>
#include <utility>

#include "hdf5_util.hpp"
#include "skintwin/core/error.hpp"
#include "skintwin/core/notice.hpp"
#include "skintwin/io/files.hpp"

namespace skintwin::io {
namespace {

bool is_plain_name(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

void check_names(const std::string& base_name, const std::vector<std::string>& species) {
  if (!is_plain_name(base_name)) throw std::invalid_argument("FieldSeriesWriter: bad base name '" + base_name + "'");
  if (species.empty()) throw std::invalid_argument("FieldSeriesWriter: no species to write");
  for (const std::string& name : species)
    if (!is_plain_name(name)) throw std::invalid_argument("FieldSeriesWriter: bad species name '" + name + "'");
}

bool same_grid(const grid::Grid& a, const grid::Grid& b) {
  for (const grid::Axis axis : {grid::Axis::X, grid::Axis::Y, grid::Axis::Z})
    if (a.n(axis) != b.n(axis) || a.spacing_um(axis) != b.spacing_um(axis)) return false;
  return a.dimensions() == b.dimensions();
}

// x, y, z order, as in the grid; XDMF wants the reverse (see xdmf_text).
std::array<double, 3> spacing_xyz_um(const grid::Grid& grid) {
  return {grid.spacing_um(grid::Axis::X), grid.spacing_um(grid::Axis::Y), grid.spacing_um(grid::Axis::Z)};
}

void write_root_attributes(hid_t file, const grid::Grid& grid, double t_days) {
  h5::write_attribute(file, "notice", kNotice);
  h5::write_attribute(file, "t_days", t_days);
  h5::write_attribute(file, "dimensions", std::int64_t{grid.dimensions()});
  const std::array<std::int64_t, 3> cells{grid.nx(), grid.ny(), grid.nz()};
  h5::write_attribute(file, "cells_xyz", std::span<const std::int64_t>(cells));
  const std::array<double, 3> spacing = spacing_xyz_um(grid);
  h5::write_attribute(file, "spacing_xyz_um", std::span<const double>(spacing));
  h5::write_attribute(file, "layout", "datasets (nz, ny, nx), x fastest; z is depth below the skin surface");
}

}  // namespace

FieldSeriesWriter::FieldSeriesWriter(std::filesystem::path dir, std::string base_name, const grid::Grid& grid,
                                     std::vector<std::string> species, FieldSeriesOptions options)
    : dir_(std::move(dir)),
      base_name_(std::move(base_name)),
      grid_(grid),
      species_(std::move(species)),
      options_(std::move(options)) {
  check_names(base_name_, species_);
  if (options_.gzip_level < 0 || options_.gzip_level > 9)
    throw std::invalid_argument("FieldSeriesWriter: gzip level must be 0 (off) to 9");
  ensure_directory(dir_);
}

FieldSeriesWriter FieldSeriesWriter::resume(std::filesystem::path dir, std::string base_name, const grid::Grid& grid,
                                            std::vector<std::string> species, double t_resume_days,
                                            FieldSeriesOptions options) {
  FieldSeriesWriter writer(std::move(dir), std::move(base_name), grid, std::move(species), std::move(options));
  const h5::QuietErrors quiet;
  bool keeping = true;
  for (std::size_t index = 0;; ++index) {
    const std::filesystem::path path = writer.snapshot_path(index);
    if (!std::filesystem::exists(path)) break;
    double t_days = 0.0;
    try {
      const h5::Handle file = h5::open_file_read(path);
      t_days = h5::read_double_attribute(file.id(), "t_days");
    } catch (const h5::Failure& e) {
      throw InputError("fields", path.string(), std::string("a readable skintwin field snapshot (") + e.what() + ")");
    }
    // The kept points are a prefix of the series: after the first one dropped, all later go too.
    keeping = keeping && t_days <= t_resume_days && (writer.times_days_.empty() || t_days > writer.times_days_.back());
    std::error_code ec;
    if (keeping)
      writer.times_days_.push_back(t_days);
    else
      std::filesystem::remove(path, ec);
  }
  // Left by a run killed mid-write: "<base>_NNNNNN.h5.tmp.<pid>" and "<base>.xdmf.tmp.<pid>".
  const std::string temp_prefix = writer.base_name_ + "_";
  for (const auto& entry : std::filesystem::directory_iterator(writer.dir_)) {
    const std::string name = entry.path().filename().string();
    const bool ours = name.starts_with(temp_prefix) || name.starts_with(writer.base_name_ + ".xdmf");
    std::error_code ec;
    if (ours && name.find(".tmp.") != std::string::npos) std::filesystem::remove(entry.path(), ec);
  }
  if (!writer.times_days_.empty()) writer.write_xdmf();
  return writer;
}

std::filesystem::path FieldSeriesWriter::xdmf_path() const { return dir_ / (base_name_ + ".xdmf"); }

std::filesystem::path FieldSeriesWriter::snapshot_path(std::size_t index) const {
  return dir_ / fmt::format("{}_{:06d}.h5", base_name_, index);
}

std::string FieldSeriesWriter::units_of(const std::string& species) const {
  const auto it = options_.units.find(species);
  return it == options_.units.end() ? std::string("1") : it->second;
}

void FieldSeriesWriter::append(const grid::FieldSet& fields, double t_days) {
  if (!same_grid(fields.grid(), grid_)) throw std::invalid_argument("FieldSeriesWriter::append: fields on another grid");
  if (fields.names() != species_) throw std::invalid_argument("FieldSeriesWriter::append: species differ from the series");
  if (!std::isfinite(t_days) || (!times_days_.empty() && !(t_days > times_days_.back())))
    throw std::invalid_argument(fmt::format("FieldSeriesWriter::append: time {} days is not after the last point", t_days));
  const std::filesystem::path path = snapshot_path(times_days_.size());
  write_file_atomic(path, snapshot_image(fields, t_days, path));
  times_days_.push_back(t_days);
  write_xdmf();
}

std::string FieldSeriesWriter::snapshot_image(const grid::FieldSet& fields, double t_days,
                                              const std::filesystem::path& path) const {
  const h5::QuietErrors quiet;
  try {
    const std::size_t raw_bytes = species_.size() * grid_.voxels() * sizeof(grid::Real);
    h5::Handle file = h5::create_memory_file(path, false, options_.gzip_level > 0 ? raw_bytes / 4 : raw_bytes);
    write_root_attributes(file.id(), grid_, t_days);
    const h5::DatasetLayout layout{.gzip_level = options_.gzip_level, .checksum = h5::Checksum::None};
    for (std::size_t s = 0; s < species_.size(); ++s) {
      h5::Handle dataset = h5::write_field(file.id(), species_[s], grid_, fields.field(s), layout);
      h5::write_attribute(dataset.id(), "units", units_of(species_[s]));
      h5::write_attribute(dataset.id(), "t_days", t_days);
      h5::write_attribute(dataset.id(), "notice", kNotice);
      dataset.close();  // compresses and stores the data: the last step that can fail
    }
    return h5::close_to_image(file);
  } catch (const h5::Failure& e) {
    throw OutputError(path.string(), std::string("HDF5 could not build the file in memory (") + e.what() + ")");
  }
}

void FieldSeriesWriter::write_xdmf() const { write_file_atomic(xdmf_path(), xdmf_text()); }

// XDMF lists dimensions, origin and spacing slowest axis first (z, y, x), the reverse of the
// grid's (x, y, z); VTK's readers reverse them back. Topology dimensions count nodes, one more
// than cells per axis, so the attributes are cell-centred with the datasets' (nz, ny, nx) shape.
// A 2D (x, z) grid is written as a 3D mesh one cell thick in y: ParaView's XDMF readers handle
// 3DCoRectMesh reliably, and slicing or "Plot Over Line" work on it as on any image.
std::string FieldSeriesWriter::xdmf_text() const {
  const int precision = sizeof(grid::Real);
  const std::array<double, 3> h = spacing_xyz_um(grid_);
  const std::string cells = fmt::format("{} {} {}", grid_.nz(), grid_.ny(), grid_.nx());
  std::string out;
  out += "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
  out += fmt::format("<!-- {} -->\n", kNotice);
  out += "<Xdmf xmlns:xi=\"http://www.w3.org/2001/XInclude\" Version=\"3.0\">\n  <Domain>\n";
  out += fmt::format("    <Information Name=\"notice\" Value=\"{}\"/>\n", kNotice);
  out += fmt::format("    <Grid Name=\"{}\" GridType=\"Collection\" CollectionType=\"Temporal\">\n", base_name_);
  for (std::size_t i = 0; i < times_days_.size(); ++i) {
    const std::string file = snapshot_path(i).filename().string();
    out += fmt::format("      <Grid Name=\"{}_{:06d}\" GridType=\"Uniform\">\n", base_name_, i);
    out += fmt::format("        <Time Value=\"{}\"/>\n", times_days_[i]);
    out += fmt::format("        <Topology TopologyType=\"3DCoRectMesh\" Dimensions=\"{} {} {}\"/>\n", grid_.nz() + 1,
                       grid_.ny() + 1, grid_.nx() + 1);
    out += "        <Geometry GeometryType=\"ORIGIN_DXDYDZ\">\n";
    out += "          <DataItem Name=\"Origin\" Dimensions=\"3\" NumberType=\"Float\" Precision=\"8\" Format=\"XML\">0 0 0</DataItem>\n";
    out += fmt::format(
        "          <DataItem Name=\"Spacing\" Dimensions=\"3\" NumberType=\"Float\" Precision=\"8\" Format=\"XML\">{} {} {}</DataItem>\n",
        h[2], h[1], h[0]);
    out += "        </Geometry>\n";
    for (const std::string& name : species_) {
      out += fmt::format("        <Attribute Name=\"{}\" AttributeType=\"Scalar\" Center=\"Cell\">\n", name);
      out += fmt::format(
          "          <DataItem Dimensions=\"{}\" NumberType=\"Float\" Precision=\"{}\" Format=\"HDF\">{}:/{}</DataItem>\n",
          cells, precision, file, name);
      out += "        </Attribute>\n";
    }
    out += "      </Grid>\n";
  }
  out += "    </Grid>\n  </Domain>\n</Xdmf>\n";
  return out;
}

}  // namespace skintwin::io
