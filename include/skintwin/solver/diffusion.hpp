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
  // One spec and one boundary set per species of the FieldSets it will step (same order).
  // Throws std::invalid_argument on negative or non-finite D or decay, or a D_scale of the wrong size or
  // with negative values; std::invalid_argument on a one-sided periodic axis.
  DiffusionSolver(const grid::Grid& grid, std::vector<DiffusionSpec> species, grid::BoundarySet boundaries);
  ~DiffusionSolver();
  DiffusionSolver(DiffusionSolver&&) noexcept;
  DiffusionSolver& operator=(DiffusionSolver&&) noexcept;

  // Advances every active species of `fields` by dt_min (minutes); first order in time.
  // dt may change between calls: the line factorisations are cached for the last dt and
  // recomputed when it changes. Opens its own OpenMP parallel region: call it from serial code
  // (not from inside another parallel region). Results are bit-identical for any thread count.
  // Throws std::invalid_argument if fields do not match the solver (species count, grid) or dt <= 0.
  void step(grid::FieldSet& fields, double dt_min);

  // False for species with D = 0 and decay = 0: step() never touches them.
  bool is_active(std::size_t species) const;
  const grid::BoundarySet& boundaries() const noexcept;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace skintwin::solver
