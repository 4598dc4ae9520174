#pragma once
// Oxygen is quasi-steady on every time scale of the healing model (reaction time ~0.05 min):
// instead of stepping it, each call solves the steady balance (docs/model.md, 2.10)
//   -div(D_O grad O) + h_V V (O - O_cap) + q(x) O / (K_Oq + O) = 0
// with the stratum-corneum Robin flux h (O_air - O) at the surface, no flux at the bottom,
// periodic (3D) or no-flux (2D) sides. This file holds the biology only (which supply, which
// consumers, which surface resistance); the numerics (Newton, Jacobi-preconditioned conjugate
// gradients, Thomas for a single column) are solver::SteadyReactionDiffusion.
#include <vector>

#include "skintwin/grid/field_set.hpp"
#include "skintwin/model/healing_rhs.hpp"
#include "skintwin/solver/elliptic.hpp"

namespace skintwin::model::detail {

using OxygenSolveStats = solver::SteadySolveStats;

class OxygenSolver {
public:
  // rows: one per grid z index (baselines, layer flags); D per z index (µm²/min).
  // Its work arrays come from `scratch` (null: a pool of its own).
  OxygenSolver(const grid::Grid& grid, std::vector<LayerRow> rows, std::vector<double> D_by_z_um2_per_min,
               HealingRates rates, std::shared_ptr<solver::ScratchPool> scratch = nullptr);

  // Leaves O untouched when the correction it still needs is below `skip_tolerance` (RMS,
  // relative to RMS O), so a steady field stays bit-identical; otherwise Newton passes solve to
  // `tolerance`.
  OxygenSolveStats solve(grid::FieldSet& fields, double tolerance = 1e-6, double skip_tolerance = 1e-4,
                         int max_newton = 3, int max_cg = 400);

private:
  // Supply, consumers and the surface resistance from the other fields (the local terms read
  // `fields` during the solve that follows).
  void set_coefficients(const grid::FieldSet& fields);

  std::vector<LayerRow> rows_;
  HealingRates rates_;
  solver::SteadyReactionDiffusion solver_;
};

}  // namespace skintwin::model::detail
