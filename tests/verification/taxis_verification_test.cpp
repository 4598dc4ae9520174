// Taxis vs analytic transport: a pulse in a linear attractant gradient moves at chi |grad c|,
// mass is conserved and densities stay non-negative; periodic wrap follows the characteristic;
// two terms add their drifts; a fixed-value face lets in exactly v * u_b per unit area.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <numbers>
#include <string>

#include "skintwin/solver/statistics.hpp"
#include "skintwin/solver/taxis.hpp"

namespace {

namespace solver = skintwin::solver;
using skintwin::grid::Axis;
using skintwin::grid::BoundaryCondition;
using skintwin::grid::BoundaryKind;
using skintwin::grid::BoundarySet;
using skintwin::grid::Face;
using skintwin::grid::FieldSet;
using skintwin::grid::Grid;
using skintwin::grid::Real;

constexpr double kPi = std::numbers::pi;

template <class F>
void fill(FieldSet& fields, std::size_t species, F f) {
  const Grid& g = fields.grid();
  auto u = fields.field(species);
  for (int k = 0; k < g.nz(); ++k)
    for (int j = 0; j < g.ny(); ++j)
      for (int i = 0; i < g.nx(); ++i)
        u[g.index(i, j, k)] =
            static_cast<Real>(f(g.center_um(Axis::X, i), g.center_um(Axis::Z, k)));
}

double centre_of_mass(const FieldSet& fields, std::size_t species, Axis a) {
  const Grid& g = fields.grid();
  double m = 0.0, mx = 0.0;
  for (int k = 0; k < g.nz(); ++k)
    for (int i = 0; i < g.nx(); ++i) {
      const double u = fields.field(species)[g.index(i, 0, k)];
      m += u;
      mx += u * g.center_um(a, a == Axis::X ? i : k);
    }
  return mx / m;
}

double gaussian(double x, double x0, double sigma) { return std::exp(-0.5 * (x - x0) * (x - x0) / (sigma * sigma)); }

class PulseInLinearGradient : public ::testing::TestWithParam<solver::TaxisLimiter> {};

TEST_P(PulseInLinearGradient, MovesAtChiTimesGradientConservesMassStaysPositive) {
  // c = g x with g = 1/64 unit/um and chi = 64 um^2/(min unit): v = 1 um/min. (Values exact in
  // float, so the sub-step count below is exact: 8 min * (1 um/min / 4 um) / 0.4 = 5.)
  const Grid g = Grid::make_2d(250, 4, 4.0, 4.0);
  FieldSet fields(g, {"u", "c"});
  fill(fields, 0, [](double x, double) { return gaussian(x, 300.0, 30.0); });
  fill(fields, 1, [](double x, double) { return x / 64.0; });
  solver::TaxisOptions opt;
  opt.limiter = GetParam();
  solver::TaxisSolver taxis(g, {{0, 1, 64.0, 0.0, {}}}, BoundarySet(2), opt);
  const double mass0 = solver::field_sum(fields.field(0));
  const double x0 = centre_of_mass(fields, 0, Axis::X);
  for (int s = 0; s < 50; ++s) ASSERT_EQ(taxis.step(fields, 8.0), 5);
  const double moved = centre_of_mass(fields, 0, Axis::X) - x0;
  const double mass = solver::field_sum(fields.field(0));
  std::printf("limiter %d: centre of mass moved %.3f um (exact 400), relative mass change %.2e, peak %.4f\n",
              static_cast<int>(GetParam()), moved, mass / mass0 - 1.0, solver::field_max(fields.field(0)));
  EXPECT_NEAR(moved, 400.0, 4.0);  // 1% of v T
  EXPECT_NEAR(solver::field_sum(fields.field(0)), mass0, 1e-6 * mass0);
  EXPECT_GE(solver::field_min(fields.field(0)), 0.0);
  // The attractant does not move.
  EXPECT_EQ(fields.field(1)[g.index(100, 0, 2)], static_cast<Real>(402.0 / 64.0));
}

std::string limiter_name(const ::testing::TestParamInfo<solver::TaxisLimiter>& info) {
  switch (info.param) {
    case solver::TaxisLimiter::Upwind: return "Upwind";
    case solver::TaxisLimiter::Minmod: return "Minmod";
    case solver::TaxisLimiter::VanLeer: return "VanLeer";
  }
  return "Unknown";
}

INSTANTIATE_TEST_SUITE_P(Limiters, PulseInLinearGradient,
                         ::testing::Values(solver::TaxisLimiter::Upwind, solver::TaxisLimiter::Minmod,
                                           solver::TaxisLimiter::VanLeer),
                         limiter_name);

TEST(TaxisVerification, LimitedSchemesKeepThePulseSharperThanUpwind) {
  // Same run as above: numerical diffusion lowers the peak; MUSCL must lose far less than upwind.
  const auto peak_after = [](solver::TaxisLimiter limiter) {
    const Grid g = Grid::make_2d(250, 2, 4.0, 4.0);
    FieldSet fields(g, {"u", "c"});
    fill(fields, 0, [](double x, double) { return gaussian(x, 300.0, 30.0); });
    fill(fields, 1, [](double x, double) { return x / 64.0; });
    solver::TaxisOptions opt;
    opt.limiter = limiter;
    solver::TaxisSolver taxis(g, {{0, 1, 64.0, 0.0, {}}}, BoundarySet(2), opt);
    for (int s = 0; s < 50; ++s) taxis.step(fields, 8.0);
    return solver::field_max(fields.field(0));
  };
  // Exact: the peak stays 1. Upwind (forward Euler, Courant number 0.4) has the modified
  // equation's numerical diffusion D = v h (1 - 0.4) / 2 = 1.2 um^2/min: the variance grows by
  // 2 D T = 960 um^2, peak 30 / sqrt(900 + 960) = 0.696.
  const double upwind = peak_after(solver::TaxisLimiter::Upwind);
  EXPECT_NEAR(upwind, 30.0 / std::sqrt(900.0 + 960.0), 0.01);
  EXPECT_GT(peak_after(solver::TaxisLimiter::VanLeer), 0.9);
  EXPECT_GT(peak_after(solver::TaxisLimiter::Minmod), 0.85);
}

TEST(TaxisVerification, PeriodicWrapFollowsTheCharacteristic) {
  // c = sin(2 pi x / L), v = V cos(theta) with theta = 2 pi x / L and V = chi 2 pi / L.
  // Characteristics: asinh(tan theta) = asinh(tan theta0) + (2 pi V / L) t. A pulse starting at
  // theta0 = -pi/4 (x = 7L/8) crosses the periodic face and reaches theta = pi/8 (x = L/16).
  const double L = 1000.0, chi = 1000.0;
  const Grid g = Grid::make_2d(400, 2, 2.5, 2.5);
  FieldSet fields(g, {"u", "c"});
  fill(fields, 0, [&](double x, double) { return gaussian(x, 7.0 * L / 8.0, 20.0); });
  fill(fields, 1, [&](double x, double) { return std::sin(2.0 * kPi * x / L); });
  BoundarySet bcs(2);
  bcs.set_periodic(Face::XMin);
  solver::TaxisSolver taxis(g, {{0, 1, chi, 0.0, {}}}, bcs);
  const double V = chi * 2.0 * kPi / L;
  const double kappa = 2.0 * kPi * V / L;
  const double t_end = (std::asinh(std::tan(kPi / 8.0)) - std::asinh(-1.0)) / kappa;
  const double mass0 = solver::field_sum(fields.field(0));
  const int steps = 40;
  for (int s = 0; s < steps; ++s) taxis.step(fields, t_end / steps);
  // Circular centre of mass.
  double cs = 0.0, sn = 0.0;
  for (int k = 0; k < g.nz(); ++k)
    for (int i = 0; i < g.nx(); ++i) {
      const double th = 2.0 * kPi * g.center_um(Axis::X, i) / L;
      cs += fields.field(0)[g.index(i, 0, k)] * std::cos(th);
      sn += fields.field(0)[g.index(i, 0, k)] * std::sin(th);
    }
  const double theta = std::atan2(sn, cs);
  std::printf("periodic wrap: circular centre at theta %.4f (characteristic %.4f)\n", theta, kPi / 8.0);
  EXPECT_NEAR(theta, kPi / 8.0, 0.02 * 2.0 * kPi);  // within 2% of the period
  EXPECT_NEAR(solver::field_sum(fields.field(0)), mass0, 1e-6 * mass0);
  EXPECT_GE(solver::field_min(fields.field(0)), 0.0);
  // Mass between the images of theta0 -+ 4 sigma (all of it initially) stays there.
  const auto image = [&](double th0) { return std::atan(std::sinh(std::asinh(std::tan(th0)) + kappa * t_end)); };
  const double s_theta = 2.0 * kPi * 20.0 / L;
  const double lo = image(-kPi / 4.0 - 4.0 * s_theta), hi = image(-kPi / 4.0 + 4.0 * s_theta);
  ASSERT_LT(lo, 0.0);  // the interval straddles the periodic face
  double inside = 0.0;
  for (int k = 0; k < g.nz(); ++k)
    for (int i = 0; i < g.nx(); ++i) {
      double th = 2.0 * kPi * g.center_um(Axis::X, i) / L;
      if (th > kPi) th -= 2.0 * kPi;
      if (th >= lo && th <= hi) inside += fields.field(0)[g.index(i, 0, k)];
    }
  EXPECT_GT(inside / mass0, 0.97);
}

TEST(TaxisVerification, TwoTermsAddTheirDrifts) {
  // Up c1 = 0.01 x (chi 100: 1 um/min along x) and up c2 = 0.02 z (chi 100: 2 um/min along z).
  const Grid g = Grid::make_2d(100, 100, 5.0, 5.0);
  FieldSet fields(g, {"u", "c1", "c2"});
  fill(fields, 0, [](double x, double z) { return gaussian(x, 150.0, 25.0) * gaussian(z, 150.0, 25.0); });
  fill(fields, 1, [](double x, double) { return 0.01 * x; });
  fill(fields, 2, [](double, double z) { return 0.02 * z; });
  solver::TaxisSolver taxis(g, {{0, 1, 100.0, 0.0, {}}, {0, 2, 100.0, 0.0, {}}}, BoundarySet(3));
  const double x0 = centre_of_mass(fields, 0, Axis::X), z0 = centre_of_mass(fields, 0, Axis::Z);
  const double mass0 = solver::field_sum(fields.field(0));
  for (int s = 0; s < 10; ++s) taxis.step(fields, 10.0);
  EXPECT_NEAR(centre_of_mass(fields, 0, Axis::X) - x0, 100.0, 1.0);
  EXPECT_NEAR(centre_of_mass(fields, 0, Axis::Z) - z0, 200.0, 2.0);
  EXPECT_NEAR(solver::field_sum(fields.field(0)), mass0, 1e-6 * mass0);
}

TEST(TaxisVerification, SaturatingSensitivitySlowsAlongTheCharacteristic) {
  // chi(c) = chi0 K / (K + c), c = g x: dx/dt = chi0 K g / (K + g x), so
  // K x + g x^2 / 2 grows by chi0 K g t along a characteristic.
  const double chi0 = 100.0, K = 2.0, gr = 0.01, t_end = 300.0;
  const Grid g = Grid::make_2d(200, 2, 5.0, 5.0);
  FieldSet fields(g, {"u", "c"});
  fill(fields, 0, [](double x, double) { return gaussian(x, 200.0, 15.0); });
  fill(fields, 1, [&](double x, double) { return gr * x; });
  solver::TaxisSolver taxis(g, {{0, 1, chi0, K, {}}}, BoundarySet(2));
  const double x0 = centre_of_mass(fields, 0, Axis::X);
  for (int s = 0; s < 30; ++s) taxis.step(fields, t_end / 30);
  const double invariant = K * x0 + 0.5 * gr * x0 * x0 + chi0 * K * gr * t_end;
  const double x_expected = (-K + std::sqrt(K * K + 2.0 * gr * invariant)) / gr;
  const double moved = centre_of_mass(fields, 0, Axis::X) - x0;
  EXPECT_NEAR(moved, x_expected - x0, 0.02 * (x_expected - x0));
  EXPECT_LT(moved, 0.6 * chi0 * gr * t_end);  // clearly slower than unsaturated (x_expected: ~0.5)
}

TEST(TaxisVerification, FixedValueFaceLetsInVTimesBoundaryValue) {
  // u = 0.5 on the x-min face, c = g x (c = 0 on that face): inflow flux v u_b through a face of
  // nz dz x 1 um; the far wall is closed. Mass after T: v u_b T nz dz.
  const Grid g = Grid::make_2d(100, 3, 5.0, 5.0);
  FieldSet fields(g, {"u", "c"});
  fill(fields, 1, [](double x, double) { return 0.01 * x; });
  BoundarySet bcs(2);
  bcs.set(0, Face::XMin, BoundaryCondition{BoundaryKind::FixedValue, 0.5});
  bcs.set(1, Face::XMin, BoundaryCondition{BoundaryKind::FixedValue, 0.0});
  solver::TaxisSolver taxis(g, {{0, 1, 100.0, 0.0, {}}}, bcs);
  const double T = 200.0;
  for (int s = 0; s < 20; ++s) taxis.step(fields, T / 20);
  const double expected = 1.0 * 0.5 * T * 3 * 5.0;
  EXPECT_NEAR(solver::integral_um3(fields, 0), expected, 1e-6 * expected);
  // Behind the front (x < v T = 200 um, away from it) the channel is filled at u_b.
  const auto behind = solver::Region::box(g, {0, 30, 0, 1, 0, 3});
  EXPECT_NEAR(solver::region_mean(fields, 0, behind), 0.5, 0.005);
  const auto ahead = solver::Region::box(g, {50, 100, 0, 1, 0, 3});
  EXPECT_LT(solver::summarize(fields, 0, ahead).max, 1e-3);
}

}  // namespace
