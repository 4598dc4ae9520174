#pragma once
// The diffusion reference problem of docs/performance.md: 100^3 voxels of 10 um (or a 2D
// 1000 x 300 sheet), 10 species with D = 1e5 um^2/min scaled 0.75-1.25 across species,
// decay 0.1/min, dt = 0.01 min, no-flux faces.
#include <fmt/core.h>

#include <string>
#include <vector>

#include "skintwin/grid/boundary.hpp"
#include "skintwin/grid/field_set.hpp"
#include "skintwin/grid/grid.hpp"
#include "skintwin/solver/diffusion.hpp"

namespace skintwin::bench {

inline constexpr double kReferenceD_um2_per_min = 1e5;
inline constexpr double kReferenceDecay_per_min = 0.1;
inline constexpr double kReferenceDt_min = 0.01;
// Memory-bandwidth limits of the 2-core reference machine in voxel-species-steps per second
// (one read and one write of each value per step), as given in the project brief.
inline constexpr double kBandwidthLimitFloat = 3.6e9;
inline constexpr double kBandwidthLimitDouble = 1.8e9;

inline grid::Grid reference_grid(bool two_d) {
  return two_d ? grid::Grid::make_2d(1000, 300, 10.0, 10.0) : grid::Grid::make_3d(100, 100, 100, 10.0, 10.0, 10.0);
}

// Optional D multiplier, to time the other coefficient paths: Layered halves D in the top
// tenth of the depth (an epidermis over dermis); PerVoxel also varies it along x.
enum class Multiplier { None, Layered, PerVoxel };

inline const char* multiplier_name(Multiplier m) {
  return m == Multiplier::None ? "none" : m == Multiplier::Layered ? "layered" : "per-voxel";
}

inline grid::AlignedVector multiplier_field(const grid::Grid& g, Multiplier m) {
  if (m == Multiplier::None) return {};
  grid::AlignedVector scale(g.voxels());
  for (int k = 0; k < g.nz(); ++k)
    for (int j = 0; j < g.ny(); ++j)
      for (int i = 0; i < g.nx(); ++i) {
        const double layer = k < g.nz() / 10 ? 0.5 : 1.0;
        const double along_x = m == Multiplier::PerVoxel ? 1.0 + 0.2 * (i % 5) / 4.0 : 1.0;
        scale[g.index(i, j, k)] = static_cast<grid::Real>(layer * along_x);
      }
  return scale;
}

inline std::vector<solver::DiffusionSpec> reference_species(int count, const grid::Grid& g,
                                                            Multiplier m = Multiplier::None) {
  std::vector<solver::DiffusionSpec> specs;
  const grid::AlignedVector scale = multiplier_field(g, m);
  for (int s = 0; s < count; ++s) {
    const double spread = count > 1 ? 0.75 + 0.5 * s / (count - 1) : 1.0;
    specs.push_back({kReferenceD_um2_per_min * spread, kReferenceDecay_per_min, scale});
  }
  return specs;
}

inline std::vector<std::string> species_names(int count) {
  std::vector<std::string> names;
  for (int s = 0; s < count; ++s) names.push_back(fmt::format("s{}", s));
  return names;
}

// A smooth bump per species so that every sweep does real work (no zero fast paths).
inline void fill_reference(grid::FieldSet& fields) {
  const grid::Grid& g = fields.grid();
  for (std::size_t s = 0; s < fields.count(); ++s) {
    auto u = fields.field(s);
    for (int k = 0; k < g.nz(); ++k)
      for (int j = 0; j < g.ny(); ++j)
        for (int i = 0; i < g.nx(); ++i)
          u[g.index(i, j, k)] = static_cast<grid::Real>(1.0 + 0.5 * ((i + j + k + static_cast<int>(s)) % 17) / 17.0);
  }
}

}  // namespace skintwin::bench
