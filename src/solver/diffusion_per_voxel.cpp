// Line solves with per-voxel coefficients (private to the diffusion solver); the scheme is the
// one of diffusion_line.cpp, with each lane's tridiagonal system assembled as it is eliminated.
#include "diffusion_line.hpp"
#include "skintwin/solver/harmonic_mean.hpp"

namespace skintwin::solver::detail {
void solve_lines_per_voxel(const PerVoxelLines& v, const Real* scale, Real* base, std::size_t lanes,
                           std::size_t elem_stride, double rhs_scale, double* work) {
  using grid::BoundaryKind;
  const auto n = static_cast<std::size_t>(v.n);
  const double c = v.c;
  const bool periodic = v.lo.kind == BoundaryKind::Periodic && n > 1;
  const bool lo_fixed = v.lo.kind == BoundaryKind::FixedValue;
  const bool hi_fixed = v.hi.kind == BoundaryKind::FixedValue;
  double* const d = work;
  double* const ratio = d + n * lanes;
  double* const z = ratio + n * lanes;
  double* const face_below = z + n * lanes;  // weight of the face on the low side of the current cell
  double* const b0 = face_below + lanes;
  double* const wrap = b0 + lanes;
  auto m = [&](std::size_t i, std::size_t l) { return static_cast<double>(scale[i * elem_stride + l]); };

  for (std::size_t l = 0; l < lanes; ++l) {
    wrap[l] = periodic ? c * harmonic_mean(m(n - 1, l), m(0, l)) : 0.0;
    face_below[l] = lo_fixed ? 2.0 * c * m(0, l) : wrap[l];
  }
  for (std::size_t i = 0; i < n; ++i) {
    const bool first = i == 0, last = i + 1 == n;
    Real* __restrict u = base + i * elem_stride;
    double* __restrict di = d + i * lanes;
    double* __restrict ri = ratio + i * lanes;
    double* __restrict zi = z + i * lanes;
    const double* __restrict d_prev = first ? di : di - lanes;
    const double* __restrict r_prev = first ? ri : ri - lanes;
    const double* __restrict z_prev = first ? zi : zi - lanes;
#pragma omp simd
    for (std::size_t l = 0; l < lanes; ++l) {
      const double w_lo = face_below[l];
      const double w_hi = !last ? c * harmonic_mean(m(i, l), m(i + 1, l)) : hi_fixed ? 2.0 * c * m(i, l) : wrap[l];
      double diag = 1.0 + w_lo + w_hi;
      if (periodic && first) {
        // Sherman-Morrison modification of the cyclic system, as in factorise().
        b0[l] = diag;
        diag += diag;
      }
      if (periodic && last) diag += wrap[l] * wrap[l] / b0[l];
      const double a = first ? 0.0 : w_lo;
      const double inv = 1.0 / (diag - a * (first ? 0.0 : r_prev[l]));
      ri[l] = last ? 0.0 : w_hi * inv;
      const double add = (first && lo_fixed ? w_lo * v.lo.value : 0.0) + (last && hi_fixed ? w_hi * v.hi.value : 0.0);
      di[l] = (static_cast<double>(u[l]) * rhs_scale + add + a * (first ? 0.0 : d_prev[l])) * inv;
      if (periodic) {
        const double corner_term = (first ? -b0[l] : 0.0) + (last ? -wrap[l] : 0.0);
        zi[l] = (corner_term + a * (first ? 0.0 : z_prev[l])) * inv;
      }
      face_below[l] = w_hi;
    }
  }
  for (std::size_t i = n - 1; i-- > 0;) {
    double* __restrict di = d + i * lanes;
    double* __restrict zi = z + i * lanes;
    const double* __restrict ri = ratio + i * lanes;
#pragma omp simd
    for (std::size_t l = 0; l < lanes; ++l) {
      di[l] += ri[l] * di[l + lanes];
      if (periodic) zi[l] += ri[l] * zi[l + lanes];
    }
  }
  double* const factor = face_below;  // reused: one Sherman-Morrison factor per lane
  for (std::size_t l = 0; periodic && l < lanes; ++l) {
    const double corner = wrap[l] / b0[l];
    const double* dl = d + l;
    const double* zl = z + l;
    factor[l] = (dl[0] + corner * dl[(n - 1) * lanes]) / (1.0 + zl[0] + corner * zl[(n - 1) * lanes]);
  }
  for (std::size_t i = 0; i < n; ++i) {
    Real* __restrict u = base + i * elem_stride;
    const double* __restrict di = d + i * lanes;
    const double* __restrict zi = z + i * lanes;
    if (periodic) {
#pragma omp simd
      for (std::size_t l = 0; l < lanes; ++l) u[l] = static_cast<Real>(di[l] - zi[l] * factor[l]);
    } else {
#pragma omp simd
      for (std::size_t l = 0; l < lanes; ++l) u[l] = static_cast<Real>(di[l]);
    }
  }
}

}  // namespace skintwin::solver::detail
