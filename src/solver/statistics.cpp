#include "skintwin/solver/statistics.hpp"

#include "skintwin/solver/parallel.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace skintwin::solver {
namespace {

struct Partial {
  double sum = 0.0;
  double min = std::numeric_limits<double>::infinity();
  double max = -std::numeric_limits<double>::infinity();
  std::size_t count = 0;
};

// Sum, min and max of values[begin, end), restricted to mask where one is given (empty = all).
Partial reduce_block(std::span<const grid::Real> values, std::span<const std::uint8_t> mask, std::size_t begin,
                     std::size_t end) {
  Partial p;
  for (std::size_t v = begin; v < end; ++v) {
    if (!mask.empty() && mask[v] == 0) continue;
    const double x = static_cast<double>(values[v]);
    p.sum += x;
    p.min = std::min(p.min, x);
    p.max = std::max(p.max, x);
    ++p.count;
  }
  return p;
}

// Threads fill fixed blocks; the blocks are then combined in index order, so the rounding of
// the sum does not depend on how blocks were shared among threads.
FieldSummary reduce(std::span<const grid::Real> values, std::span<const std::uint8_t> mask) {
  const std::size_t n = values.size();
  const std::size_t blocks = (n + kReductionBlockVoxels - 1) / kReductionBlockVoxels;
  std::vector<Partial> partials(blocks);
  const auto block_count = static_cast<std::ptrdiff_t>(blocks);
#pragma omp parallel for schedule(static) if (n >= kParallelMinVoxels)
  for (std::ptrdiff_t b = 0; b < block_count; ++b) {
    const auto begin = static_cast<std::size_t>(b) * kReductionBlockVoxels;
    partials[static_cast<std::size_t>(b)] = reduce_block(values, mask, begin, std::min(n, begin + kReductionBlockVoxels));
  }
  Partial total;
  for (const Partial& p : partials) {
    total.sum += p.sum;
    total.min = std::min(total.min, p.min);
    total.max = std::max(total.max, p.max);
    total.count += p.count;
  }
  FieldSummary s;
  s.sum = total.sum;
  s.min = total.min;
  s.max = total.max;
  s.voxels = total.count;
  s.mean = total.count > 0 ? total.sum / static_cast<double>(total.count) : std::numeric_limits<double>::quiet_NaN();
  return s;
}

void check_region(const grid::FieldSet& fields, const Region& region) {
  if (region.grid_voxels() != fields.grid().voxels())
    throw std::invalid_argument("statistics: region has " + std::to_string(region.grid_voxels()) +
                                " voxels, the fields' grid " + std::to_string(fields.grid().voxels()));
}

}  // namespace

Region::Region(std::vector<std::uint8_t> inside) : inside_(std::move(inside)) {
  count_ = static_cast<std::size_t>(std::count_if(inside_.begin(), inside_.end(), [](std::uint8_t m) { return m != 0; }));
}

Region Region::depth_range_um(const grid::Grid& grid, double z_top_um, double z_bottom_um) {
  std::vector<std::uint8_t> inside(grid.voxels(), 0);
  for (int k = 0; k < grid.nz(); ++k) {
    const double z_um = grid.center_um(grid::Axis::Z, k);
    if (z_um < z_top_um || z_um >= z_bottom_um) continue;
    const auto first = grid.index(0, 0, k);
    std::fill_n(inside.begin() + static_cast<std::ptrdiff_t>(first), grid.stride(grid::Axis::Z), std::uint8_t{1});
  }
  return Region(std::move(inside));
}

Region Region::box(const grid::Grid& grid, const CellBox& cells) {
  std::vector<std::uint8_t> inside(grid.voxels(), 0);
  const int i0 = std::max(cells.i_begin, 0), i1 = std::min(cells.i_end, grid.nx());
  const int j0 = std::max(cells.j_begin, 0), j1 = std::min(cells.j_end, grid.ny());
  const int k0 = std::max(cells.k_begin, 0), k1 = std::min(cells.k_end, grid.nz());
  for (int k = k0; k < k1; ++k)
    for (int j = j0; j < j1; ++j)
      for (int i = i0; i < i1; ++i) inside[grid.index(i, j, k)] = 1;
  return Region(std::move(inside));
}

Region Region::mask(const grid::Grid& grid, std::vector<std::uint8_t> inside) {
  if (inside.size() != grid.voxels())
    throw std::invalid_argument("statistics: mask has " + std::to_string(inside.size()) + " entries, the grid " +
                                std::to_string(grid.voxels()) + " voxels");
  return Region(std::move(inside));
}

double field_sum(std::span<const grid::Real> values) { return reduce(values, {}).sum; }
double field_min(std::span<const grid::Real> values) { return reduce(values, {}).min; }
double field_max(std::span<const grid::Real> values) { return reduce(values, {}).max; }
FieldSummary summarize(std::span<const grid::Real> values) { return reduce(values, {}); }

FieldSummary summarize(const grid::FieldSet& fields, std::size_t species) { return reduce(fields.field(species), {}); }

double integral_um3(const grid::FieldSet& fields, std::size_t species) {
  return reduce(fields.field(species), {}).sum * fields.grid().voxel_volume_um3();
}

FieldSummary summarize(const grid::FieldSet& fields, std::size_t species, const Region& region) {
  check_region(fields, region);
  return reduce(fields.field(species), region.inside());
}

double region_mean(const grid::FieldSet& fields, std::size_t species, const Region& region) {
  return summarize(fields, species, region).mean;
}

std::vector<double> region_means(const grid::FieldSet& fields, std::size_t species, std::span<const Region> regions) {
  std::vector<double> means;
  means.reserve(regions.size());
  for (const Region& r : regions) means.push_back(region_mean(fields, species, r));
  return means;
}

}  // namespace skintwin::solver
