#pragma once
// Implicit diffusion with linear decay for every diffusing species of a FieldSet, by locally
// one-dimensional (LOD) splitting: one backward-Euler tridiagonal solve per grid line and axis
// (Thomas algorithm; cyclic variant on periodic axes). Unconditionally stable. See docs/solver.md.
#include <cstddef>
#include <memory>
#include <vector>

#include "skintwin/grid/boundary.hpp"
#include "skintwin/grid/field_set.hpp"
#include "skintwin/grid/grid.hpp"

namespace skintwin::solver {

struct DiffusionSpec {
  double D_um2_per_min = 0.0;  // 0 and decay 0: the species is skipped entirely (collagen, vessels)
  double decay_per_min = 0.0;  // linear decay rate, applied implicitly with the diffusion
  // Optional per-voxel multiplier of D (layer-dependent diffusivity), grid order, size = voxels;
  // empty means uniform. Face coefficients use the harmonic mean of the two cells.
  grid::AlignedVector D_scale;
};

class DiffusionSolver {
public:
  DiffusionSolver(const grid::Grid& grid, std::vector<DiffusionSpec> species, grid::BoundarySet boundaries);
  ~DiffusionSolver();
  DiffusionSolver(DiffusionSolver&&) noexcept;
  DiffusionSolver& operator=(DiffusionSolver&&) noexcept;

  // Advances every active species of `fields` by dt_min (minutes). dt may change between calls.
  void step(grid::FieldSet& fields, double dt_min);

  bool is_active(std::size_t species) const;
  const grid::BoundarySet& boundaries() const noexcept;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace skintwin::solver
