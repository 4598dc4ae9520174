#pragma once
// Oxygen is quasi-steady on every time scale of the healing model (reaction time ~0.05 min):
// instead of stepping it, each call solves the steady balance (docs/model.md, 2.10)
//   -div(D_O grad O) + h_V V (O - O_cap) + q(x) O / (K_Oq + O) = 0
// with the stratum-corneum Robin flux h (O_air - O) at the surface, no flux at the bottom,
// periodic (3D) or no-flux (2D) sides. The uptake is linearised about the current O (Newton),
// which keeps the matrix symmetric positive definite; conjugate gradients with a Jacobi
// preconditioner, warm-started from the current field (a single column: Thomas algorithm).
#include <vector>

#include "skintwin/grid/field_set.hpp"
#include "skintwin/model/healing_rhs.hpp"

namespace skintwin::model::detail {

struct OxygenSolveStats {
  int newton_passes = 0;
  int cg_iterations = 0;
  double relative_residual = 0.0;
};

class OxygenSolver {
public:
  // rows: one per grid z index (baselines, layer flags); D per z index (µm²/min).
  OxygenSolver(const grid::Grid& grid, std::vector<LayerRow> rows, std::vector<double> D_by_z_um2_per_min,
               HealingRates rates);

  // Leaves O untouched when the correction it still needs is below `skip_tolerance` (RMS,
  // relative to RMS O), so a steady field stays bit-identical; otherwise Newton passes solve to
  // `tolerance`.
  OxygenSolveStats solve(grid::FieldSet& fields, double tolerance = 1e-6, double skip_tolerance = 1e-4,
                         int max_newton = 3, int max_cg = 400);

private:
  void assemble(const grid::FieldSet& fields, const std::vector<double>& O);
  void apply(const std::vector<double>& x, std::vector<double>& out) const;
  // Residual of the linearised balance in r; returns its Jacobi-scaled RMS relative to RMS(x).
  double residual(const std::vector<double>& x, std::vector<double>& r) const;
  double scaled_norm(const std::vector<double>& r, const std::vector<double>& x) const;
  void solve_column(std::vector<double>& x) const;
  int conjugate_gradients(std::vector<double>& x, double tolerance, int max_iterations);

  grid::Grid grid_;
  std::vector<LayerRow> rows_;
  std::vector<double> D_face_z_;  // D at the face between z rows k and k+1 (harmonic mean)
  std::vector<double> D_z_;
  HealingRates rates_;
  // Per-voxel linear system: diagonal sink and right-hand side.
  std::vector<double> sink_, rhs_, diag_;
  std::vector<double> x_, r_, z_, p_, q_;
  };

}  // namespace skintwin::model::detail
