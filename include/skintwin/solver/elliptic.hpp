#pragma once
// Steady reaction-diffusion (elliptic) solve on a grid::Grid (see docs/solver.md, "Steady
// reaction-diffusion"):
//
//   -div(D(z) grad u) + a(x) u + r(q(x), u) = s(x)
//
// D varies with depth only (one value per z row; faces between rows use the harmonic mean).
// Boundaries: Robin at the top face z = 0, a flux h(x, y) (u_ext - u) into the domain (h per
// surface column, u_ext one value; h = 0 is no flux); no flux at the bottom; sides periodic or
// no flux. a >= 0 is a linear sink, s a source, r(q, u) a pointwise nonlinear uptake with a
// per-voxel scale q, supplied by the caller with its tangent.
//
// Cell-centred finite volumes, the 5-point (2D) / 7-point (3D) stencil: second order in space
// with no-flux or periodic boundaries; the Robin face uses the top cell's centre value, which
// is first order in the surface flux (error of order h dz / D). Newton passes linearise r about
// the current u; each linear system is symmetric positive definite as long as a + dr/du > 0
// somewhere (or h > 0) and dr/du >= 0, and is solved by conjugate gradients with a Jacobi
// preconditioner, warm-started from u; a single column (nx = ny = 1) is solved exactly with
// the Thomas algorithm (solver/tridiagonal.hpp).
#include <functional>
#include <vector>

#include "skintwin/grid/grid.hpp"
#include "skintwin/solver/scratch_pool.hpp"

namespace skintwin::solver {

// The uptake's Newton tangent about u0: r(q, u) ~ slope * u + intercept, that is
// slope = dr/du(q, u0) and intercept = r(q, u0) - slope * u0. The caller computes both, so it
// can use a closed form for the intercept (no cancellation), e.g. for r = q u / (K + u):
// slope = q K / (K + u0)^2, intercept = q u0^2 / (K + u0)^2.
struct UptakeTangent {
  double slope = 0.0;
  double intercept = 0.0;
};
using Uptake = std::function<UptakeTangent(double q, double u0)>;

// The local terms of one voxel: a linear sink a (1/min), a source s (units of u per min) and the
// scale q passed to the uptake.
struct LocalTerms {
  double sink = 0.0;
  double source = 0.0;
  double uptake_scale = 0.0;
};

// Everything but D, set by the caller before each solve. The local terms are asked for a run of
// voxels at a time (one z-plane, in index order, from the calling thread, once per Newton pass)
// rather than stored: on a large 3D grid three arrays of doubles would be a third of the memory of
// the whole state. `local(first, count, out)` writes the terms of voxels first .. first + count - 1
// to out[0 .. count - 1]. An empty `local` means a = s = q = 0.
struct SteadyCoefficients {
  std::function<void(std::size_t first, std::size_t count, LocalTerms* out)> local;
  std::vector<double> surface_transfer;  // h per surface column, index i + nx * j (µm/min; sized by the solver)
  double surface_value = 0.0;            // u_ext
};

struct SteadySolveOptions {
  // Newton passes stop once the Jacobi-scaled residual (the RMS correction each voxel still
  // needs, relative to RMS u) is <= tolerance; CG iterates to the same tolerance.
  double tolerance = 1e-6;
  // A u whose first residual is already <= skip_tolerance is returned untouched (a steady field
  // stays bit-identical: stats.newton_passes == 0).
  double skip_tolerance = 1e-4;
  int max_newton = 3;
  int max_cg = 400;
  // Clip u at 0 after each pass (a linearised uptake can overshoot below zero where it wins).
  bool non_negative = true;
};

struct SteadySolveStats {
  int newton_passes = 0;
  int cg_iterations = 0;
  double relative_residual = 0.0;  // of the last assembled (linearised) system, before its solve
};

enum class LateralSides { NoFlux, Periodic };

class SteadyReactionDiffusion {
public:
  // D_by_z: one diffusivity per z row (µm²/min, >= 0). Throws std::invalid_argument on a size
  // mismatch. The work arrays of a solve come from `scratch` (shared with the other operators of a
  // step; null: a pool of its own).
  SteadyReactionDiffusion(const grid::Grid& grid, std::vector<double> D_by_z, LateralSides sides,
                          std::shared_ptr<ScratchPool> scratch = nullptr);
  ScratchPool& scratch() noexcept { return *pool_; }

  const grid::Grid& grid() const noexcept { return grid_; }
  SteadyCoefficients& coefficients() noexcept { return coefficients_; }
  const SteadyCoefficients& coefficients() const noexcept { return coefficients_; }

  // Newton passes on u (one value per voxel, the initial guess; overwritten unless the skip
  // tolerance holds). An empty uptake means r = 0 (a linear problem: one pass). The assembled
  // system and the CG vectors exist only during the call, so a solver held between steps costs no
  // per-voxel memory while other operators run.
  SteadySolveStats solve(std::vector<double>& u, const Uptake& uptake, const SteadySolveOptions& options = {});

private:
  void assemble(const std::vector<double>& u, const Uptake& uptake);
  void drop_missing_lateral_neighbours();
  void apply(const std::vector<double>& x, std::vector<double>& out) const;
  double residual(const std::vector<double>& x, std::vector<double>& r) const;
  double scaled_norm(const std::vector<double>& r, const std::vector<double>& x) const;
  void solve_column(std::vector<double>& x);
  int conjugate_gradients(std::vector<double>& x, double tolerance, int max_iterations);

  grid::Grid grid_;
  bool periodic_;
  std::vector<double> D_z_;
  std::vector<double> D_face_z_;  // D at the face between z rows k and k+1 (harmonic mean)
  SteadyCoefficients coefficients_;
  // During a solve only: the assembled linear system (diagonal, its reciprocal and the right-hand
  // side per voxel) and the CG vectors.
  void allocate_workspace();
  void release_workspace();
  std::shared_ptr<ScratchPool> pool_;
  std::vector<double> rhs_, diag_, inverse_diag_;
  std::vector<double> r_, p_, q_;
  std::vector<double> lower_, upper_, scratch_;  // single-column Thomas solve
  std::vector<LocalTerms> plane_terms_;           // one z-plane's local terms while assembling
};

}  // namespace skintwin::solver
