#include "diffusion_line.hpp"

#include <stdexcept>

namespace skintwin::solver::detail {
namespace {

using grid::BoundaryKind;

// Weight of the boundary face as it enters the diagonal: a no-flux face carries no flux.
double boundary_weight(const LineBoundary& bc, double w) { return bc.kind == BoundaryKind::NoFlux ? 0.0 : w; }

}  // namespace

void factorise(std::span<const double> face_w, LineBoundary lo, LineBoundary hi, LineFactors& out) {
  if (face_w.size() < 2) throw std::invalid_argument("diffusion: a line needs at least one cell");
  const int n = static_cast<int>(face_w.size()) - 1;
  const auto un = static_cast<std::size_t>(n);
  // A periodic line of one cell exchanges only with itself: nothing moves.
  const bool periodic = lo.kind == BoundaryKind::Periodic && n > 1;
  if (lo.kind == BoundaryKind::Periodic && n == 1) lo.kind = hi.kind = BoundaryKind::NoFlux;

  // Works in out's vectors so that repeated factorisations (per-voxel D) reuse their storage.
  out.n = n;
  out.periodic = periodic;
  auto& lower = out.lower;
  auto& inv_pivot = out.inv_pivot;  // holds the diagonal until its pivot replaces it
  auto& ratio = out.ratio;
  auto& rhs_add = out.rhs_add;
  lower.assign(un, 0.0);
  inv_pivot.assign(un, 0.0);
  ratio.assign(un, 0.0);
  rhs_add.assign(un, 0.0);
  for (std::size_t i = 0; i < un; ++i) {
    const double left = i > 0 ? face_w[i] : boundary_weight(lo, face_w[0]);
    const double right = i + 1 < un ? face_w[i + 1] : boundary_weight(hi, face_w[un]);
    inv_pivot[i] = 1.0 + left + right;
  }
  const double wrap = periodic ? face_w[0] : 0.0;
  const double b0 = inv_pivot[0];
  if (periodic) {
    // Sherman-Morrison split of the cyclic matrix: A = A' + u v^T with u = (-b0, 0.., -wrap),
    // v = (1, 0.., wrap / b0); gamma = -b0 keeps the modified diagonal away from cancellation.
    inv_pivot[0] += b0;
    inv_pivot[un - 1] += wrap * wrap / b0;
  }
  for (std::size_t i = 0; i < un; ++i) {
    lower[i] = i > 0 ? face_w[i] : 0.0;
    const double pivot = inv_pivot[i] - (i > 0 ? lower[i] * ratio[i - 1] : 0.0);
    inv_pivot[i] = 1.0 / pivot;
    ratio[i] = i + 1 < un ? face_w[i + 1] * inv_pivot[i] : 0.0;
  }
  if (lo.kind == BoundaryKind::FixedValue) rhs_add[0] += face_w[0] * lo.value;
  if (hi.kind == BoundaryKind::FixedValue) rhs_add[un - 1] += face_w[un] * hi.value;

  out.corner = 0;
  out.inv_sm = 0;
  if (!periodic) {
    out.z.clear();
    return;
  }
  auto& z = out.z;
  z.assign(un, 0.0);
  for (std::size_t i = 0; i < un; ++i) {
    const double u_i = (i == 0 ? -b0 : 0.0) + (i + 1 == un ? -wrap : 0.0);
    z[i] = (u_i + (i > 0 ? lower[i] * z[i - 1] : 0.0)) * inv_pivot[i];
  }
  for (std::size_t i = un - 1; i-- > 0;) z[i] += ratio[i] * z[i + 1];
  out.corner = wrap / b0;
  out.inv_sm = 1.0 / (1.0 + z.front() + out.corner * z.back());
}

namespace {

// GCC tunes for 256-bit vectors on AVX-512 CPUs by default; these loops are plain streams of
// fused multiply-adds where 512-bit vectors measured ~10% faster. No effect without AVX-512.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define SKINTWIN_WIDE_VECTORS __attribute__((target("prefer-vector-width=512")))
#else
#define SKINTWIN_WIDE_VECTORS
#endif

// FixedLanes > 0 fixes the lane count at compile time (the 16-row x batches), so the inner
// loops become straight-line vector code without remainder handling.
template <std::size_t FixedLanes>
SKINTWIN_WIDE_VECTORS void solve_lines_impl(const LineFactors& f, Real* base, std::size_t runtime_lanes,
                                            std::size_t elem_stride, double rhs_scale, double* work) {
  const std::size_t lanes = FixedLanes > 0 ? FixedLanes : runtime_lanes;
  const auto n = static_cast<std::size_t>(f.n);
  {
    const Real* __restrict in = base;
    double* __restrict out = work;
    const double add = f.rhs_add[0], inv = f.inv_pivot[0];
#pragma omp simd
    for (std::size_t l = 0; l < lanes; ++l) out[l] = (static_cast<double>(in[l]) * rhs_scale + add) * inv;
  }
  for (std::size_t i = 1; i < n; ++i) {
    const Real* __restrict in = base + i * elem_stride;
    double* __restrict out = work + i * lanes;
    const double* __restrict prev = out - lanes;
    const double add = f.rhs_add[i], inv = f.inv_pivot[i], w = f.lower[i];
#pragma omp simd
    for (std::size_t l = 0; l < lanes; ++l) out[l] = (static_cast<double>(in[l]) * rhs_scale + add + w * prev[l]) * inv;
  }
  if (!f.periodic) {
    {
      Real* __restrict last = base + (n - 1) * elem_stride;
      const double* __restrict src = work + (n - 1) * lanes;
#pragma omp simd
      for (std::size_t l = 0; l < lanes; ++l) last[l] = static_cast<Real>(src[l]);
    }
    for (std::size_t i = n - 1; i-- > 0;) {
      double* __restrict cur = work + i * lanes;
      const double* __restrict next = cur + lanes;
      Real* __restrict out = base + i * elem_stride;
      const double r = f.ratio[i];
#pragma omp simd
      for (std::size_t l = 0; l < lanes; ++l) {
        cur[l] += r * next[l];
        out[l] = static_cast<Real>(cur[l]);
      }
    }
    return;
  }

  for (std::size_t i = n - 1; i-- > 0;) {
    double* __restrict cur = work + i * lanes;
    const double* __restrict next = cur + lanes;
    const double r = f.ratio[i];
#pragma omp simd
    for (std::size_t l = 0; l < lanes; ++l) cur[l] += r * next[l];
  }
  double* __restrict factor = work + n * lanes;
  {
    const double* __restrict first = work;
    const double* __restrict last = work + (n - 1) * lanes;
#pragma omp simd
    for (std::size_t l = 0; l < lanes; ++l) factor[l] = (first[l] + f.corner * last[l]) * f.inv_sm;
  }
  for (std::size_t i = 0; i < n; ++i) {
    const double* __restrict y = work + i * lanes;
    Real* __restrict out = base + i * elem_stride;
    const double zi = f.z[i];
#pragma omp simd
    for (std::size_t l = 0; l < lanes; ++l) out[l] = static_cast<Real>(y[l] - zi * factor[l]);
  }
}

#undef SKINTWIN_WIDE_VECTORS

}  // namespace

void solve_lines(const LineFactors& f, Real* base, std::size_t lanes, std::size_t elem_stride, double rhs_scale,
                 double* work) {
  if (lanes == kBatchLanes)
    solve_lines_impl<kBatchLanes>(f, base, lanes, elem_stride, rhs_scale, work);
  else
    solve_lines_impl<0>(f, base, lanes, elem_stride, rhs_scale, work);
}

}  // namespace skintwin::solver::detail
