#pragma once
// One-dimensional backward-Euler diffusion line solves (private to the diffusion solver).
//
// Along one axis a line of n cells obeys
//   -w[i] u[i-1] + (1 + w[i] + w[i+1]) u[i] - w[i+1] u[i+1] = s * f[i] + boundary terms,
// where w[i] = dt * D_face / h^2 is the weight of the face between cells i-1 and i
// (w[0] and w[n] are the boundary faces) and s scales the right-hand side (implicit decay).
// The Thomas elimination multipliers depend on the weights only, never on the data, so they
// are computed once and applied to many lines and many steps. Multipliers and recurrences are
// double even for float fields: the diagonal 1 + 2w with w = D dt / h^2 >> 1 would otherwise
// carry a rounding error of order w * 6e-8 that is the same on every line, and mass would drift
// by about that much every sweep.
#include <cstddef>
#include <span>
#include <vector>

#include "skintwin/grid/boundary.hpp"
#include "skintwin/grid/real.hpp"

namespace skintwin::solver::detail {

using grid::Real;

struct LineBoundary {
  grid::BoundaryKind kind = grid::BoundaryKind::NoFlux;
  double value = 0.0;  // FixedValue only
};

struct LineFactors {
  int n = 0;
  std::vector<double> lower;      // w[i]: weight of the previous cell in the forward sweep (0 at i = 0)
  std::vector<double> inv_pivot;  // 1 / (b[i] - w[i] * ratio[i-1])
  std::vector<double> ratio;      // w[i+1] * inv_pivot[i]: weight of the next cell in the back sweep
  std::vector<double> rhs_add;    // fixed-value face terms 2 w g (zero inside)
  // Periodic lines (cyclic tridiagonal, Sherman-Morrison): u = y - z (y0 + corner y[n-1]) * inv_sm.
  bool periodic = false;
  std::vector<double> z;
  double corner = 0;  // w_wrap / b[0]
  double inv_sm = 0;  // 1 / (1 + z[0] + corner z[n-1])
};

// face_w has n + 1 entries. For a periodic line face_w[0] (= face_w[n]) is the wrap-around face;
// for a fixed-value face it is the half-cell weight 2 dt D / h^2; for no-flux it is ignored.
void factorise(std::span<const double> face_w, LineBoundary lo, LineBoundary hi, LineFactors& out);

// Lane count solved with straight-line vector code (one 16 x 16 transpose tile of x rows).
inline constexpr std::size_t kBatchLanes = 16;

// Solves `lanes` independent lines at once, in place. Element (position i, lane l) lives at
// base[i * elem_stride + l]; lanes are contiguous, so the inner loops vectorise.
// work holds at least (n + 1) * lanes doubles: the eliminated right-hand side and, for periodic
// lines, the Sherman-Morrison factor of each lane.
void solve_lines(const LineFactors& f, Real* base, std::size_t lanes, std::size_t elem_stride, double rhs_scale,
                 double* work);

inline std::size_t work_size(int n, std::size_t lanes) { return (static_cast<std::size_t>(n) + 1) * lanes; }

// A line family whose D multiplier varies from cell to cell (and lane to lane): the
// coefficients are built and eliminated on the fly, lane-parallel, in one forward pass.
struct PerVoxelLines {
  int n = 0;
  double c = 0.0;  // dt D / h^2 for a multiplier of 1
  LineBoundary lo, hi;
};

// As solve_lines; scale holds the D multipliers in the same layout as base.
void solve_lines_per_voxel(const PerVoxelLines& v, const Real* scale, Real* base, std::size_t lanes,
                           std::size_t elem_stride, double rhs_scale, double* work);

inline std::size_t per_voxel_work_size(int n, std::size_t lanes) {
  return (3 * static_cast<std::size_t>(n) + 3) * lanes;
}

}  // namespace skintwin::solver::detail
