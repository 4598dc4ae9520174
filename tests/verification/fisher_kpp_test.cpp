// Fisher-KPP u_t = D u_xx + r u (1 - u): a front invading u = 0 travels at 2 sqrt(D r)
// (Kolmogorov-Petrovsky-Piskunov 1937; Fisher 1937), approached from below as
// x(t) = 2 sqrt(D r) t - (3/2) sqrt(D/r) ln(r t) + const (Bramson 1983) for step-like data.
// Solved with the library's Strang stepper: reactions (adaptive RK) around implicit LOD diffusion.
#include <gtest/gtest.h>

#include <cmath>
#include <algorithm>
#include <cstdio>
#include <memory>

#include "skintwin/solver/stepper.hpp"

namespace {

namespace solver = skintwin::solver;
using skintwin::grid::Axis;
using skintwin::grid::BoundarySet;
using skintwin::grid::FieldSet;
using skintwin::grid::Grid;
using skintwin::grid::Real;

struct Logistic {
  double r_per_min;
  SKINTWIN_HOST_DEVICE void operator()(const double* u, double* du, std::size_t, const solver::VoxelContext&) const {
    du[0] = r_per_min * u[0] * (1.0 - u[0]);
  }
};

// Linear spreading speed of the discrete scheme (reaction exact, backward-Euler diffusion with the
// 3-point Laplacian): min over decay rates l of [r dt - ln(1 - dt D k2(l))] / (l dt), where
// k2(l) = (2 cosh(l h) - 2) / h^2 is the discrete second derivative of exp(-l x) over itself.
double discrete_front_speed(double D, double r, double h, double dt) {
  double best = 1e300;
  for (int n = 1; n < 20000; ++n) {
    const double l = n * 1e-5;  // 1/um
    const double k2 = (2.0 * std::cosh(l * h) - 2.0) / (h * h);
    if (dt * D * k2 >= 1.0) break;
    best = std::min(best, (r * dt - std::log(1.0 - dt * D * k2)) / (l * dt));
  }
  return best;
}

// Position of the rightmost crossing of u = 0.5, linear between cell centres.
double front_position_um(const FieldSet& fields) {
  const Grid& g = fields.grid();
  const auto u = fields.field(0);
  for (int i = g.nx() - 2; i >= 0; --i) {
    const double a = u[static_cast<std::size_t>(i)], b = u[static_cast<std::size_t>(i + 1)];
    if (a >= 0.5 && b < 0.5) return g.center_um(Axis::X, i) + (a - 0.5) / (a - b) * g.spacing_um(Axis::X);
  }
  return 0.0;
}

TEST(FisherKppVerification, FrontSpeedIsTwoSqrtDr) {
  // D = 100 um^2/min, r = 0.01/min: speed 2 um/min, length scale sqrt(D/r) = 100 um, time 1/r = 100 min.
  // h = 25 um (0.25 length units), dt = 1 min (0.01 time units): the discrete linear spreading
  // speed of this scheme is 0.5% above 2 sqrt(D r) (backward Euler in time, 3-point Laplacian).
  const double D = 100.0, r = 0.01, c_star = 2.0 * std::sqrt(D * r);
  const Grid g = Grid::make_2d(960, 1, 25.0, 25.0);
  FieldSet fields(g, {"u"});
  for (int i = 0; i < 20; ++i) fields.field(0)[static_cast<std::size_t>(i)] = Real{1};
  std::vector<std::unique_ptr<solver::SplitOperator>> ops;
  ops.push_back(std::make_unique<solver::ReactionOperator<Logistic>>(Logistic{r}));
  ops.push_back(std::make_unique<solver::DiffusionOperator>(
      solver::DiffusionSolver(g, {solver::DiffusionSpec{D, 0.0, {}}}, BoundarySet(1))));
  solver::Stepper stepper(solver::Splitting::Strang, std::move(ops));
  const double t1 = 5000.0, t2 = 10000.0, dt = 1.0;
  stepper.advance_to(fields, t1, dt);
  const double x1 = front_position_um(fields);
  stepper.advance_to(fields, t2, dt);
  const double x2 = front_position_um(fields);
  ASSERT_LT(x2, 0.9 * g.extent_um(Axis::X));  // the front never felt the far wall
  const double speed = (x2 - x1) / (t2 - t1);
  // Bramson's logarithmic delay over [t1, t2]: (3/2) sqrt(D/r) ln(t2/t1) / (t2 - t1).
  const double bramson = 1.5 * std::sqrt(D / r) * std::log(t2 / t1) / (t2 - t1);
  std::printf("Fisher-KPP front speed %.5f um/min (c* = %.5f, %+.3f%%), Bramson-corrected %.5f (%+.3f%%)\n", speed,
              c_star, 100.0 * (speed / c_star - 1.0), speed + bramson, 100.0 * ((speed + bramson) / c_star - 1.0));
  EXPECT_NEAR(speed, c_star, 0.02 * c_star);
  // With the delay removed, the speed is the scheme's own spreading speed (+0.5% here).
  const double c_discrete = discrete_front_speed(D, r, g.spacing_um(Axis::X), dt);
  std::printf("discrete spreading speed %.5f um/min\n", c_discrete);
  EXPECT_NEAR(speed + bramson, c_discrete, 0.003 * c_star);
  EXPECT_GE(*std::min_element(fields.field(0).begin(), fields.field(0).end()), 0.0f);
  EXPECT_LE(*std::max_element(fields.field(0).begin(), fields.field(0).end()), 1.0f + 1e-6f);
}

}  // namespace
