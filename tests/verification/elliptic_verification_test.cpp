// Steady reaction-diffusion (solver::SteadyReactionDiffusion) against manufactured solutions:
// second order in space with no-flux (2D, conjugate gradients) and periodic (3D) sides and a
// depth-dependent D; first order with a Robin surface flux (single column, Thomas), because the
// Robin face uses the top cell's centre value; Newton on a Michaelis-Menten uptake converges
// quadratically, and the nonlinear solve is second order in space too.
#include <memory>
#include <gtest/gtest.h>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <numbers>
#include <stdexcept>
#include <vector>

#include "skintwin/solver/elliptic.hpp"
#include "skintwin/solver/parallel.hpp"

namespace {

namespace solver = skintwin::solver;
using skintwin::grid::Axis;
using skintwin::grid::Grid;

constexpr double kPi = std::numbers::pi;

// u = 2 + X(x) Y(y) cos(pi z / Lz) with X = cos(kx x), Y = cos(ky y) (1 in 2D), and
// D(z) = D0 (1 + z / Lz), a linear sink a and an optional uptake q u / (K + u): the source is
// s = -d/dz(D du/dz) - D (u_xx + u_yy) + a u + q u / (K + u).
struct Manufactured {
  double Lx = 200.0, Ly = 200.0, Lz = 200.0;
  double kx = kPi / 200.0, ky = 0.0;
  double D0 = 100.0, a = 0.05;
  double q = 0.0, K = 0.5;

  double D(double z) const { return D0 * (1.0 + z / Lz); }
  double lateral(double x, double y) const { return std::cos(kx * x) * std::cos(ky * y); }
  double u(double x, double y, double z) const { return 2.0 + lateral(x, y) * std::cos(kPi * z / Lz); }
  double source(double x, double y, double z) const {
    const double kz = kPi / Lz, XY = lateral(x, y);
    const double u_z = -kz * XY * std::sin(kz * z);
    const double u_zz = -kz * kz * XY * std::cos(kz * z);
    const double u_lat = -(kx * kx + ky * ky) * XY * std::cos(kz * z);
    const double value = u(x, y, z);
    return -(D0 / Lz * u_z + D(z) * u_zz) - D(z) * u_lat + a * value + q * value / (K + value);
  }
};

solver::Uptake michaelis_menten(double K) {
  return [K](double q, double u0) {
    const double u = std::max(0.0, u0), Ku = K + u;
    return solver::UptakeTangent{.slope = q * K / (Ku * Ku), .intercept = q * u * u / (Ku * Ku)};
  };
}

double centre(const Grid& g, Axis a, int cell) { return g.center_um(a, cell); }

// Fills the coefficients of the manufactured problem (no surface flux); returns the exact u.
std::vector<double> set_up(solver::SteadyReactionDiffusion& s, const Manufactured& m) {
  const Grid& g = s.grid();
  auto terms = std::make_shared<std::vector<solver::LocalTerms>>(g.voxels());
  std::vector<double> exact(g.voxels());
  for (int k = 0; k < g.nz(); ++k)
    for (int j = 0; j < g.ny(); ++j)
      for (int i = 0; i < g.nx(); ++i) {
        const std::size_t idx = g.index(i, j, k);
        const double x = centre(g, Axis::X, i), y = g.is_2d() ? 0.0 : centre(g, Axis::Y, j), z = centre(g, Axis::Z, k);
        (*terms)[idx] = {.sink = m.a, .source = m.source(x, y, z), .uptake_scale = m.q};
        exact[idx] = m.u(x, y, z);
      }
  s.coefficients().local = [terms](std::size_t first, std::size_t count, solver::LocalTerms* out) {
    std::copy_n(terms->begin() + static_cast<std::ptrdiff_t>(first), count, out);
  };
  return exact;
}

std::vector<double> D_rows(const Grid& g, const Manufactured& m) {
  std::vector<double> D(static_cast<std::size_t>(g.nz()));
  for (int k = 0; k < g.nz(); ++k) D[static_cast<std::size_t>(k)] = m.D(centre(g, Axis::Z, k));
  return D;
}

double max_error(const std::vector<double>& u, const std::vector<double>& exact) {
  double e = 0.0;
  for (std::size_t i = 0; i < u.size(); ++i) e = std::max(e, std::abs(u[i] - exact[i]));
  return e;
}

constexpr solver::SteadySolveOptions kLinear{.tolerance = 1e-13, .skip_tolerance = 0.0, .max_newton = 1, .max_cg = 5000};

std::vector<double> orders_of(const std::vector<double>& errors, const char* label) {
  std::vector<double> orders;
  for (std::size_t i = 1; i < errors.size(); ++i) {
    orders.push_back(std::log2(errors[i - 1] / errors[i]));
    std::printf("%s: max error %.3e -> %.3e, observed order %.3f\n", label, errors[i - 1], errors[i], orders.back());
  }
  return orders;
}

TEST(SteadyReactionDiffusion, NoFluxSides2DConvergesAtSecondOrder) {
  const Manufactured m;
  std::vector<double> errors;
  for (const int n : {16, 32, 64}) {
    const double h = m.Lx / n;
    const Grid g = Grid::make_2d(n, n, h, h);
    solver::SteadyReactionDiffusion s(g, D_rows(g, m), solver::LateralSides::NoFlux);
    const auto exact = set_up(s, m);
    std::vector<double> u(g.voxels(), 1.0);
    const auto stats = s.solve(u, {}, kLinear);
    EXPECT_EQ(stats.newton_passes, 1);
    EXPECT_LT(stats.cg_iterations, kLinear.max_cg);
    errors.push_back(max_error(u, exact));
  }
  for (const double order : orders_of(errors, "elliptic 2D no-flux (CG)")) {
    EXPECT_GT(order, 1.8);
    EXPECT_LT(order, 2.2);
  }
}

TEST(SteadyReactionDiffusion, PeriodicSides3DConvergesAtSecondOrder) {
  Manufactured m;
  m.kx = 2.0 * kPi / m.Lx;
  m.ky = 2.0 * kPi / m.Ly;
  std::vector<double> errors;
  for (const int n : {8, 16, 32}) {
    const double h = m.Lx / n;
    const Grid g = Grid::make_3d(n, n, n, h, h, h);
    solver::SteadyReactionDiffusion s(g, D_rows(g, m), solver::LateralSides::Periodic);
    const auto exact = set_up(s, m);
    std::vector<double> u(g.voxels(), 1.0);
    s.solve(u, {}, kLinear);
    errors.push_back(max_error(u, exact));
  }
  for (const double order : orders_of(errors, "elliptic 3D periodic (CG)")) {
    EXPECT_GT(order, 1.8);
    EXPECT_LT(order, 2.2);
  }
}

// One column (Thomas): u = 2 + sin(pi z / 2L), no flux at z = L, Robin D u'(0) = h (u(0) - u_ext)
// at the top with a Biot number h L / D = 1.
TEST(SteadyReactionDiffusion, RobinColumnConvergesAtFirstOrderAndNeumannAtSecond) {
  const double L = 200.0, D = 100.0, a = 0.05, k = kPi / (2.0 * L);
  for (const bool robin : {true, false}) {
    const double h_surface = robin ? D / L : 0.0;
    std::vector<double> errors;
    for (const int n : {16, 32, 64, 128}) {
      const double h = L / n;
      const Grid g = Grid::make_2d(1, n, h, h);
      solver::SteadyReactionDiffusion s(g, std::vector<double>(static_cast<std::size_t>(n), D),
                                        solver::LateralSides::NoFlux);
      auto& c = s.coefficients();
      // Neumann case: u = 2 + cos(pi z / L) instead (u'(0) = 0 = u'(L)).
      const auto exact_at = [&](double z) { return robin ? 2.0 + std::sin(k * z) : 2.0 + std::cos(kPi * z / L); };
      const auto source_at = [&](double z) {
        return robin ? D * k * k * std::sin(k * z) + a * exact_at(z)
                     : D * (kPi / L) * (kPi / L) * std::cos(kPi * z / L) + a * exact_at(z);
      };
      c.surface_transfer[0] = h_surface;
      c.surface_value = robin ? 2.0 - D * k / h_surface : 0.0;
      std::vector<double> exact(g.voxels()), u(g.voxels(), 1.0);
      for (int z = 0; z < n; ++z) exact[static_cast<std::size_t>(z)] = exact_at(g.center_um(Axis::Z, z));
      c.local = [&](std::size_t first, std::size_t count, solver::LocalTerms* out) {
        for (std::size_t v = 0; v < count; ++v)  // a column: voxel index = z row
          out[v] = {.sink = a, .source = source_at(g.center_um(Axis::Z, static_cast<int>(first + v)))};
      };
      const auto stats = s.solve(u, {}, kLinear);
      EXPECT_EQ(stats.cg_iterations, 0);  // a column is solved by Thomas, not CG
      errors.push_back(max_error(u, exact));
    }
    for (const double order : orders_of(errors, robin ? "elliptic column, Robin top (Thomas)"
                                                       : "elliptic column, no-flux top (Thomas)")) {
      EXPECT_GT(order, robin ? 0.9 : 1.8);
      EXPECT_LT(order, robin ? 1.2 : 2.2);
    }
  }
}

TEST(SteadyReactionDiffusion, NewtonConvergesQuadraticallyOnMichaelisMentenUptake) {
  Manufactured m;
  m.q = 0.2;  // uptake comparable to diffusion and the linear sink
  const int n = 32;
  const double h = m.Lx / n;
  const Grid g = Grid::make_2d(n, n, h, h);
  solver::SteadyReactionDiffusion s(g, D_rows(g, m), solver::LateralSides::NoFlux);
  const auto exact = set_up(s, m);
  const auto uptake = michaelis_menten(m.K);
  std::vector<double> u(g.voxels(), 0.1);  // far from the solution
  // One Newton pass per call: the residual reported is the nonlinear one at the current u.
  std::vector<double> residuals;
  for (int pass = 0; pass < 10; ++pass) {
    const auto stats = s.solve(u, uptake, kLinear);
    residuals.push_back(stats.relative_residual);
    std::printf("Newton pass %d: scaled residual %.3e\n", pass, stats.relative_residual);
    if (stats.relative_residual < 1e-12) break;
  }
  ASSERT_LE(residuals.size(), 8u) << "Newton took more than 7 passes";
  EXPECT_LT(residuals.back(), 1e-12);
  // Quadratic: once in the basin, each residual is below a fixed multiple of the square of the
  // last (measured: r_{k+1} / r_k^2 = 10 to 80 here; a linearly converging iteration would see
  // this ratio grow without bound).
  for (std::size_t i = 1; i < residuals.size(); ++i) {
    if (residuals[i - 1] < 1e-2 && residuals[i] > 1e-13) {
      std::printf("Newton: r_{k+1} / r_k^2 = %.1f\n", residuals[i] / (residuals[i - 1] * residuals[i - 1]));
      EXPECT_LT(residuals[i], 200.0 * residuals[i - 1] * residuals[i - 1]);
    }
  }

  // The same driver in one call, and second order in space for the nonlinear problem.
  std::vector<double> errors;
  for (const int cells : {16, 32, 64}) {
    const double hc = m.Lx / cells;
    const Grid gc = Grid::make_2d(cells, cells, hc, hc);
    solver::SteadyReactionDiffusion sc(gc, D_rows(gc, m), solver::LateralSides::NoFlux);
    const auto exact_c = set_up(sc, m);
    std::vector<double> uc(gc.voxels(), 0.1);
    const auto stats = sc.solve(uc, uptake,
                                {.tolerance = 1e-12, .skip_tolerance = 0.0, .max_newton = 10, .max_cg = 5000});
    EXPECT_LT(stats.newton_passes, 10);
    EXPECT_LE(stats.relative_residual, 1e-12);
    errors.push_back(max_error(uc, exact_c));
  }
  for (const double order : orders_of(errors, "elliptic 2D with Michaelis-Menten uptake (Newton)")) {
    EXPECT_GT(order, 1.8);
    EXPECT_LT(order, 2.2);
  }
  (void)exact;
}

// Above kParallelMinVoxels the solver's sums run in fixed blocks on the threads: the same numbers on
// one thread and on two.
TEST(SteadyReactionDiffusion, OneAndTwoThreadsGiveBitIdenticalSolutions) {
  Manufactured m;
  m.ky = kPi / 200.0;
  m.q = 0.3;
  const Grid g = Grid::make_3d(64, 64, 64, 200.0 / 64, 200.0 / 64, 200.0 / 64);
  ASSERT_GE(g.voxels(), solver::kParallelMinVoxels);
  auto run = [&](int threads) {
    const int saved = omp_get_max_threads();
    omp_set_num_threads(threads);
    solver::SteadyReactionDiffusion s(g, D_rows(g, m), solver::LateralSides::Periodic);
    set_up(s, m);
    std::vector<double> u(g.voxels(), 1.0);
    const auto stats = s.solve(u, michaelis_menten(m.K), {.tolerance = 1e-8, .skip_tolerance = 0.0, .max_newton = 1});
    omp_set_num_threads(saved);
    EXPECT_GT(stats.cg_iterations, 10);
    return u;
  };
  const auto one = run(1), two = run(2);
  EXPECT_EQ(std::memcmp(one.data(), two.data(), one.size() * sizeof(double)), 0);
}

TEST(SteadyReactionDiffusion, SkipToleranceLeavesASolvedFieldUntouched) {
  const Manufactured m;
  const Grid g = Grid::make_2d(16, 16, 12.5, 12.5);
  solver::SteadyReactionDiffusion s(g, D_rows(g, m), solver::LateralSides::NoFlux);
  set_up(s, m);
  std::vector<double> u(g.voxels(), 1.0);
  s.solve(u, {}, kLinear);
  const auto solved = u;
  const auto stats = s.solve(u, {}, {.tolerance = 1e-6, .skip_tolerance = 1e-8});
  EXPECT_EQ(stats.newton_passes, 0);
  EXPECT_EQ(u, solved);
  EXPECT_THROW(solver::SteadyReactionDiffusion(g, {1.0, 2.0}, solver::LateralSides::NoFlux), std::invalid_argument);
}

}  // namespace
