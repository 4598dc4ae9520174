#pragma once
// Taxis: species u climbs the gradient of species c with flux  J = chi(c) u grad c
// (chemotaxis up a growth factor, haptotaxis up fibrin). Finite-volume, conservative:
// face velocities v = chi * dc/dx from the attractants frozen at the start of the step,
// face values of u by MUSCL reconstruction (minmod or van Leer limiter) or first-order upwind,
// SSP-RK2 (Heun) sub-steps for the limited schemes, forward Euler for upwind. Each mover's sub-step
// count keeps  dt_sub * max over cells of (sum of its outward face speeds / h) <= courant  (<= 1/2),
// which keeps every density non-negative. See docs/solver.md.
#include <cstddef>
#include <memory>
#include <vector>

#include "skintwin/grid/boundary.hpp"
#include "skintwin/grid/field_set.hpp"
#include "skintwin/grid/grid.hpp"
#include "skintwin/solver/scratch_pool.hpp"

namespace skintwin::solver {

enum class TaxisLimiter {
  Upwind,   // first order, most diffusive, positive for courant <= 1
  Minmod,   // second order where smooth, most cautious limiter
  VanLeer,  // second order where smooth, sharper fronts
};

struct TaxisTerm {
  std::size_t mover = 0;       // species index of u (moves)
  std::size_t attractant = 0;  // species index of c (its gradient drives u); must differ from mover
  // chi0: sensitivity, um^2 / (min * unit of c). Negative values mean repulsion.
  double chi_um2_per_min_per_unit = 0.0;
  // > 0: receptor saturation, chi(c) = chi0 * K / (K + c) with K in units of c; 0: chi = chi0.
  double half_saturation = 0.0;
  // Optional per-voxel multiplier of chi (grid order, size = voxels, finite, >= 0); null means 1.
  // A face uses the harmonic mean of its two cells (0 if either is 0). Shared, not copied: the terms
  // of one model use one mask, each copy of which is a float per voxel.
  std::shared_ptr<const grid::AlignedVector> chi_scale;
};

struct TaxisOptions {
  TaxisLimiter limiter = TaxisLimiter::VanLeer;
  double courant = 0.4;      // in (0, 0.5]: target of dt_sub * max outflow rate
  int max_substeps = 100000; // per step; more throws std::runtime_error
};

class TaxisSolver {
public:
  // Boundaries per species (the same BoundarySet the diffusion solver uses). For the mover:
  // no-flux = no flux through the face; fixed value = that value enters on inflow, outflow
  // leaves with the cell's value; periodic = wraps. For the attractant the face value sets
  // the gradient at the face (no-flux: zero gradient). A periodic axis must be periodic for
  // both species of a term. Throws std::invalid_argument on bad terms or options. Face velocities
  // and the sub-steps' arrays come from `scratch` during a step (shared with the other operators
  // of a step; null: a pool of its own).
  TaxisSolver(const grid::Grid& grid, std::vector<TaxisTerm> terms, grid::BoundarySet boundaries,
              TaxisOptions options = {}, std::shared_ptr<ScratchPool> scratch = nullptr);
  ~TaxisSolver();
  TaxisSolver(TaxisSolver&&) noexcept;
  TaxisSolver& operator=(TaxisSolver&&) noexcept;

  // Advances all movers by dt_min, each with the sub-steps its own fastest face needs; returns the
  // most sub-steps any mover took.
  int step(grid::FieldSet& fields, double dt_min);

  // Largest outward face speed sum over h of any mover cell, 1/min, for the current attractants:
  // a step of dt needs ceil(dt * rate / courant) sub-steps.
  double max_outflow_rate_per_min(const grid::FieldSet& fields) const;

  const TaxisOptions& options() const noexcept;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace skintwin::solver
