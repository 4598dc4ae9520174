#pragma once
// Summaries of solver fields: sum, min, max, mean, integrals and per-region means.
// Sums accumulate in double over fixed blocks of voxels whose partial sums are added in block
// order, so every result is bit-identical whatever the number of OpenMP threads.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "skintwin/grid/field_set.hpp"
#include "skintwin/grid/grid.hpp"
#include "skintwin/grid/real.hpp"

namespace skintwin::solver {

// Voxels per block of the fixed-order reduction. Part of the result's definition: changing it
// changes the last bits of sums.
inline constexpr std::size_t kReductionBlockVoxels = 4096;

struct FieldSummary {
  double sum = 0.0;   // plain sum of voxel values
  double min = 0.0;
  double max = 0.0;
  double mean = 0.0;  // sum / voxel count
  std::size_t voxels = 0;
};

// Half-open cell-index box [i_begin, i_end) x [j_begin, j_end) x [k_begin, k_end).
struct CellBox {
  int i_begin = 0, i_end = 0;
  int j_begin = 0, j_end = 0;
  int k_begin = 0, k_end = 0;
};

// A set of voxels of one grid, stored as a byte mask in grid order.
class Region {
public:
  // Every voxel whose centre lies at depth z in [z_top_um, z_bottom_um) (a layer or a band).
  static Region depth_range_um(const grid::Grid& grid, double z_top_um, double z_bottom_um);
  // Cells of the box, clipped to the grid.
  static Region box(const grid::Grid& grid, const CellBox& cells);
  // Any mask in grid order (non-zero = inside); size must equal grid.voxels().
  static Region mask(const grid::Grid& grid, std::vector<std::uint8_t> inside);

  std::size_t voxels() const noexcept { return count_; }
  std::span<const std::uint8_t> inside() const noexcept { return inside_; }
  std::size_t grid_voxels() const noexcept { return inside_.size(); }

private:
  explicit Region(std::vector<std::uint8_t> inside);
  std::vector<std::uint8_t> inside_;
  std::size_t count_ = 0;
};

double field_sum(std::span<const grid::Real> values);
double field_min(std::span<const grid::Real> values);  // +inf for an empty span
double field_max(std::span<const grid::Real> values);  // -inf for an empty span
FieldSummary summarize(std::span<const grid::Real> values);
FieldSummary summarize(const grid::FieldSet& fields, std::size_t species);

// Integral over the domain: sum x voxel volume (um^3; a 2D grid counts 1 um of thickness).
// Midpoint rule: exact for fields linear in x, y, z.
double integral_um3(const grid::FieldSet& fields, std::size_t species);

// Summary over the voxels of a region (mean = sum / region voxels; min/max over the region).
// Throws std::invalid_argument if the region belongs to a grid of another size.
FieldSummary summarize(const grid::FieldSet& fields, std::size_t species, const Region& region);
double region_mean(const grid::FieldSet& fields, std::size_t species, const Region& region);
// Mean of one species in each region, in the order given.
std::vector<double> region_means(const grid::FieldSet& fields, std::size_t species, std::span<const Region> regions);

}  // namespace skintwin::solver
