// The solver's three coefficient paths (uniform D, D multiplier constant per z-plane, general
// per-voxel multiplier) against an independent reference: the same LOD backward-Euler step
// written from its definition (docs/solver.md), each line system assembled as a dense matrix and
// solved by Gaussian elimination in double.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "skintwin/core/rng.hpp"
#include "skintwin/grid/boundary.hpp"
#include "skintwin/grid/field_set.hpp"
#include "skintwin/grid/grid.hpp"
#include "skintwin/solver/diffusion.hpp"

namespace skintwin {
namespace {

using grid::Axis;
using grid::BoundaryKind;
using grid::Face;
using grid::Real;

using Matrix = std::vector<std::vector<double>>;

std::vector<double> gauss_solve(Matrix a, std::vector<double> b) {
  const std::size_t n = b.size();
  for (std::size_t c = 0; c < n; ++c) {
    const std::size_t pivot = static_cast<std::size_t>(
        std::max_element(a.begin() + static_cast<std::ptrdiff_t>(c), a.end(),
                         [&](const auto& r1, const auto& r2) { return std::abs(r1[c]) < std::abs(r2[c]); }) -
        a.begin());
    std::swap(a[c], a[pivot]);
    std::swap(b[c], b[pivot]);
    for (std::size_t r = c + 1; r < n; ++r) {
      const double f = a[r][c] / a[c][c];
      for (std::size_t k = c; k < n; ++k) a[r][k] -= f * a[c][k];
      b[r] -= f * b[c];
    }
  }
  std::vector<double> x(n);
  for (std::size_t r = n; r-- > 0;) {
    double s = b[r];
    for (std::size_t k = r + 1; k < n; ++k) s -= a[r][k] * x[k];
    x[r] = s / a[r][r];
  }
  return x;
}

struct Problem {
  grid::Grid grid;
  double D = 0.0, decay = 0.0;
  grid::AlignedVector scale;  // empty: uniform
  grid::BoundarySet bcs{1};
};

// One reference LOD step of species 0, in double.
void reference_step(const Problem& p, std::vector<double>& u, double dt) {
  const grid::Grid& g = p.grid;
  bool first = true;
  for (const Axis a : {Axis::X, Axis::Y, Axis::Z}) {
    if (g.is_2d() && a == Axis::Y) continue;
    const auto n = static_cast<std::size_t>(g.n(a));
    const auto ai = static_cast<std::size_t>(a);
    const auto lo = p.bcs.get(0, static_cast<Face>(2 * ai)), hi = p.bcs.get(0, static_cast<Face>(2 * ai + 1));
    const double c = dt * p.D / (g.spacing_um(a) * g.spacing_um(a));
    const double rhs_scale = first ? 1.0 / (1.0 + p.decay * dt) : 1.0;
    first = false;
    const std::size_t stride = g.stride(a);
    for (std::size_t start = 0; start < g.voxels(); ++start) {
      if ((start / stride) % n != 0) continue;  // not the first cell of a line along a
      auto m = [&](std::size_t i) { return p.scale.empty() ? 1.0 : static_cast<double>(p.scale[start + i * stride]); };
      auto harm = [](double x, double y) { return x + y > 0 ? 2 * x * y / (x + y) : 0.0; };
      Matrix mat(n, std::vector<double>(n, 0.0));
      std::vector<double> rhs(n);
      for (std::size_t i = 0; i < n; ++i) {
        mat[i][i] += 1.0;
        rhs[i] = rhs_scale * u[start + i * stride];
      }
      auto couple = [&](std::size_t i, std::size_t j, double w) {
        mat[i][i] += w;
        mat[j][j] += w;
        mat[i][j] -= w;
        mat[j][i] -= w;
      };
      for (std::size_t i = 1; i < n; ++i) couple(i - 1, i, c * harm(m(i - 1), m(i)));
      if (lo.kind == BoundaryKind::Periodic && n > 1) couple(n - 1, 0, c * harm(m(n - 1), m(0)));
      if (lo.kind == BoundaryKind::FixedValue) {
        mat[0][0] += 2 * c * m(0);
        rhs[0] += 2 * c * m(0) * lo.value;
      }
      if (hi.kind == BoundaryKind::FixedValue) {
        mat[n - 1][n - 1] += 2 * c * m(n - 1);
        rhs[n - 1] += 2 * c * m(n - 1) * hi.value;
      }
      const auto x = gauss_solve(mat, rhs);
      for (std::size_t i = 0; i < n; ++i) u[start + i * stride] = x[i];
    }
  }
}

double compare(const Problem& p, int steps) {
  grid::FieldSet fields(p.grid, {"u"});
  CounterRng rng(7, 1);
  for (Real& v : fields.field(0)) v = static_cast<Real>(rng.uniform(0.0, 2.0));
  std::vector<double> ref(fields.field(0).begin(), fields.field(0).end());
  solver::DiffusionSolver solver(p.grid, {{p.D, p.decay, p.scale}}, p.bcs);
  double worst = 0.0;
  for (int s = 0; s < steps; ++s) {
    const double dt = s % 2 == 0 ? 0.05 : 0.11;  // dt changes: factors must follow
    solver.step(fields, dt);
    reference_step(p, ref, dt);
    for (std::size_t v = 0; v < ref.size(); ++v)
      worst = std::max(worst, std::abs(static_cast<double>(fields.field(0)[v]) - ref[v]));
  }
  return worst;
}

grid::BoundarySet mixed_boundaries() {
  grid::BoundarySet bcs(1);
  bcs.set_periodic(Face::XMin);
  bcs.set(0, Face::YMax, {BoundaryKind::FixedValue, 0.5});
  bcs.set(0, Face::ZMin, {BoundaryKind::FixedValue, 3.0});
  return bcs;
}

// Layers: multiplier set per z-plane (epidermis-like top, dermis below).
grid::AlignedVector layered_scale(const grid::Grid& g) {
  grid::AlignedVector s(g.voxels());
  for (int k = 0; k < g.nz(); ++k)
    for (int j = 0; j < g.ny(); ++j)
      for (int i = 0; i < g.nx(); ++i) s[g.index(i, j, k)] = k < 3 ? Real{0.2} : Real(1.0 + 0.1 * k);
  return s;
}

grid::AlignedVector rough_scale(const grid::Grid& g) {
  grid::AlignedVector s(g.voxels());
  CounterRng rng(9, 2);
  for (Real& v : s) v = static_cast<Real>(rng.uniform(0.1, 3.0));
  return s;
}

// Largest difference allowed: float storage of a field of order 1 after a few steps.
constexpr double kTolerance = 2e-6;

TEST(DiffusionReference, UniformD3D) {
  const auto g = grid::Grid::make_3d(19, 17, 9, 10.0, 8.0, 12.0);
  EXPECT_LT(compare({g, 800.0, 0.3, {}, mixed_boundaries()}, 4), kTolerance);
}

TEST(DiffusionReference, LayeredD3D) {
  const auto g = grid::Grid::make_3d(19, 17, 9, 10.0, 8.0, 12.0);
  EXPECT_LT(compare({g, 800.0, 0.3, layered_scale(g), mixed_boundaries()}, 4), kTolerance);
}

TEST(DiffusionReference, LayeredD2D) {
  const auto g = grid::Grid::make_2d(23, 37, 10.0, 12.0);
  EXPECT_LT(compare({g, 800.0, 0.0, layered_scale(g), mixed_boundaries()}, 4), kTolerance);
}

TEST(DiffusionReference, PerVoxelD3D) {
  const auto g = grid::Grid::make_3d(11, 7, 9, 10.0, 8.0, 12.0);
  EXPECT_LT(compare({g, 800.0, 0.3, rough_scale(g), mixed_boundaries()}, 4), kTolerance);
}

TEST(DiffusionReference, PerVoxelD2DWithPeriodicZ) {
  const auto g = grid::Grid::make_2d(13, 21, 10.0, 12.0);
  grid::BoundarySet bcs(1);
  bcs.set_periodic(Face::ZMin);
  bcs.set(0, Face::XMax, {BoundaryKind::FixedValue, 1.5});
  EXPECT_LT(compare({g, 500.0, 0.1, rough_scale(g), bcs}, 4), kTolerance);
}

// Degenerate shapes: a single x line (a 1D problem on a 2D grid) and a 3D grid one cell thick in y.
TEST(DiffusionReference, SingleLineAndThinSlab) {
  grid::BoundarySet line_bcs(1);
  line_bcs.set_periodic(Face::XMin);
  EXPECT_LT(compare({grid::Grid::make_2d(40, 1, 5.0, 5.0), 300.0, 0.2, {}, line_bcs}, 4), kTolerance);
  const auto slab = grid::Grid::make_3d(21, 1, 18, 10.0, 10.0, 10.0);
  EXPECT_LT(compare({slab, 800.0, 0.0, layered_scale(slab), mixed_boundaries()}, 4), kTolerance);
  EXPECT_LT(compare({slab, 800.0, 0.0, rough_scale(slab), mixed_boundaries()}, 4), kTolerance);
}

}  // namespace
}  // namespace skintwin
