// Convergence of the LOD backward-Euler diffusion solver against the analytic spreading of a
// Gaussian: u(r, t) = (t0 / t)^(d/2) exp(-r^2 / (4 D t)), which starts at t0 with width
// sigma0^2 = 2 D t0. Expected orders from analysis: 2 in space (central differences),
// 1 in time (backward Euler and the LOD splitting error are both O(dt)).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "skintwin/grid/boundary.hpp"
#include "skintwin/grid/field_set.hpp"
#include "skintwin/grid/grid.hpp"
#include "skintwin/solver/diffusion.hpp"

namespace skintwin {
namespace {

using grid::Axis;
using grid::Real;

constexpr double kD_um2_per_min = 100.0;

struct GaussianCase {
  double half_width_um;  // domain is [0, 2 half_width] on every axis, pulse in the middle
  double sigma0_um;
  double t_run_min;
};

double gaussian(const GaussianCase& c, double r2_um2, double t_extra_min, int dims) {
  const double t0 = c.sigma0_um * c.sigma0_um / (2.0 * kD_um2_per_min);
  const double t = t0 + t_extra_min;
  return std::pow(t0 / t, 0.5 * dims) * std::exp(-r2_um2 / (4.0 * kD_um2_per_min * t));
}

grid::Grid make_grid(int dims, double h_um, const GaussianCase& c) {
  const int n = static_cast<int>(std::lround(2.0 * c.half_width_um / h_um));
  return dims == 2 ? grid::Grid::make_2d(n, n, h_um, h_um) : grid::Grid::make_3d(n, n, n, h_um, h_um, h_um);
}

double r2_of(const grid::Grid& g, int i, int j, int k, double centre_um) {
  const double x = g.center_um(Axis::X, i) - centre_um;
  const double y = g.is_2d() ? 0.0 : g.center_um(Axis::Y, j) - centre_um;
  const double z = g.center_um(Axis::Z, k) - centre_um;
  return x * x + y * y + z * z;
}

void fill_gaussian(const grid::Grid& g, const GaussianCase& c, double t_extra_min, std::span<Real> u) {
  for (int k = 0; k < g.nz(); ++k)
    for (int j = 0; j < g.ny(); ++j)
      for (int i = 0; i < g.nx(); ++i)
        u[g.index(i, j, k)] = static_cast<Real>(gaussian(c, r2_of(g, i, j, k, c.half_width_um), t_extra_min, g.dimensions()));
}

// Runs the case to t_run with `steps` equal steps and returns the final field.
std::vector<double> run(const grid::Grid& g, const GaussianCase& c, int steps) {
  grid::FieldSet fields(g, {"u"});
  fill_gaussian(g, c, 0.0, fields.field(0));
  solver::DiffusionSolver solver(g, {{kD_um2_per_min, 0.0, {}}}, grid::BoundarySet(1));
  const double dt = c.t_run_min / steps;
  for (int n = 0; n < steps; ++n) solver.step(fields, dt);
  const auto u = fields.field(0);
  return {u.begin(), u.end()};
}

// Largest pointwise error against the analytic solution, relative to the analytic peak.
double max_error(const grid::Grid& g, const GaussianCase& c, const std::vector<double>& u) {
  grid::FieldSet exact(g, {"u"});
  fill_gaussian(g, c, c.t_run_min, exact.field(0));
  const auto e = exact.field(0);
  double err = 0.0, peak = 0.0;
  for (std::size_t v = 0; v < u.size(); ++v) {
    err = std::max(err, std::abs(u[v] - static_cast<double>(e[v])));
    peak = std::max(peak, static_cast<double>(e[v]));
  }
  return err / peak;
}

double max_difference(const std::vector<double>& a, const std::vector<double>& b) {
  double d = 0.0;
  for (std::size_t v = 0; v < a.size(); ++v) d = std::max(d, std::abs(a[v] - b[v]));
  return d;
}

// Spatial refinement with dt tied to h^2 (fixed D dt / h^2), so the O(dt) time error also
// shrinks as h^2 and the observed order in h is 2.
std::vector<double> spatial_orders(int dims, const GaussianCase& c, const std::vector<double>& h_um,
                                   double steps_at_coarsest) {
  std::vector<double> errors;
  for (const double h : h_um) {
    const double refine = h_um.front() / h;
    const int steps = static_cast<int>(std::lround(steps_at_coarsest * refine * refine));
    const grid::Grid g = make_grid(dims, h, c);
    errors.push_back(max_error(g, c, run(g, c, steps)));
  }
  std::vector<double> orders;
  for (std::size_t i = 1; i < errors.size(); ++i)
    orders.push_back(std::log(errors[i - 1] / errors[i]) / std::log(h_um[i - 1] / h_um[i]));
  return orders;
}

TEST(DiffusionGaussian, SpatialOrderIsTwoIn2D) {
  const GaussianCase c{160.0, 20.0, 2.0};
  for (const double order : spatial_orders(2, c, {10.0, 5.0, 2.5}, 10)) {
    EXPECT_GT(order, 1.8);
    EXPECT_LT(order, 2.2);
  }
}

TEST(DiffusionGaussian, SpatialOrderIsTwoIn3D) {
  // Final width 28 um; the no-flux walls 4.3 widths away perturb the peak-relative error by
  // about 1e-4, below the smallest discretisation error (about 4e-3).
  const GaussianCase c{120.0, 20.0, 2.0};
  for (const double order : spatial_orders(3, c, {10.0, 7.5, 5.0}, 9)) {
    EXPECT_GT(order, 1.8);
    EXPECT_LT(order, 2.2);
  }
}

// Time order on a fixed grid by successive halving of dt: the differences between runs with
// dt, dt/2, dt/4 shrink by 2^p, which removes the (fixed) spatial error from the estimate.
TEST(DiffusionGaussian, TemporalOrderIsOne) {
  const GaussianCase c{160.0, 20.0, 2.0};
  const grid::Grid g = make_grid(2, 5.0, c);
  const auto u1 = run(g, c, 8);
  const auto u2 = run(g, c, 16);
  const auto u4 = run(g, c, 32);
  const double order = std::log2(max_difference(u1, u2) / max_difference(u2, u4));
  EXPECT_GT(order, 0.85);
  EXPECT_LT(order, 1.15);
}

}  // namespace
}  // namespace skintwin
