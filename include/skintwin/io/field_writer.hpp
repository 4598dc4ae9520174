#pragma once
// Field snapshots as a time series that ParaView opens: one HDF5 file per time point
// (<base>_000000.h5, <base>_000001.h5, ...) plus <base>.xdmf (XDMF 3) listing them as a
// temporal collection. Each file is written under a temporary name and renamed, and the XDMF file
// is rewritten the same way after it, so a killed run leaves a series that ends at the last
// complete time point. See docs/output.md for the layout.
#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "skintwin/grid/field_set.hpp"
#include "skintwin/grid/grid.hpp"

namespace skintwin::io {

struct FieldSeriesOptions {
  // 0 writes uncompressed (fastest); 1..9 is the HDF5 deflate (gzip) level.
  int gzip_level = 0;
  // Units per species, stored as the dataset's "units" attribute. Species not listed get "1"
  // (dimensionless; most species are normalised to the healthy baseline).
  std::map<std::string, std::string> units;
};

class FieldSeriesWriter {
public:
  // Starts a new series in `dir` (created if missing). Species names must be non-empty and use
  // only letters, digits, '_' and '-' (they become HDF5 dataset and ParaView array names);
  // otherwise std::invalid_argument. A bad gzip level is std::invalid_argument too.
  FieldSeriesWriter(std::filesystem::path dir, std::string base_name, const grid::Grid& grid,
                    std::vector<std::string> species, FieldSeriesOptions options = {});

  // Continues a series after a restart from a checkpoint at t_resume_days: keeps the time points
  // already on disk with t <= t_resume_days, deletes later ones and leftover temporary files of
  // this series, and rewrites the XDMF file to match. (The run must therefore write its fields
  // before its checkpoint at the same time.) An unreadable snapshot -> InputError naming it.
  static FieldSeriesWriter resume(std::filesystem::path dir, std::string base_name, const grid::Grid& grid,
                                  std::vector<std::string> species, double t_resume_days,
                                  FieldSeriesOptions options = {});

  // Writes one time point. `fields` must be on this writer's grid with the same species in the
  // same order, and t_days must be finite and later than the previous point (std::invalid_argument
  // otherwise). A failed write -> OutputError naming the file and the reason; the
  // earlier snapshots and fields.xdmf stay as they were and no temporary file is left.
  void append(const grid::FieldSet& fields, double t_days);

  std::size_t size() const noexcept { return times_days_.size(); }
  const std::vector<double>& times_days() const noexcept { return times_days_; }
  std::filesystem::path xdmf_path() const;
  std::filesystem::path snapshot_path(std::size_t index) const;

private:
  // The snapshot file's bytes, built in memory; `path` names it in errors.
  std::string snapshot_image(const grid::FieldSet& fields, double t_days, const std::filesystem::path& path) const;
  void write_xdmf() const;
  std::string xdmf_text() const;
  std::string units_of(const std::string& species) const;

  std::filesystem::path dir_;
  std::string base_name_;
  grid::Grid grid_;
  std::vector<std::string> species_;
  FieldSeriesOptions options_;
  std::vector<double> times_days_;
};

}  // namespace skintwin::io
