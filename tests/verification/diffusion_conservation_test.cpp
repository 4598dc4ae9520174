// Conservation, decay, periodic and fixed-value boundaries, and thread-count independence of
// the diffusion solver, each against an analytic expectation.
#include <gtest/gtest.h>
#include <omp.h>

#include <cmath>
#include <cstring>
#include <numbers>
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

double total(std::span<const Real> u) {
  double sum = 0.0;
  for (const Real v : u) sum += static_cast<double>(v);
  return sum;
}

// Random field in [0.5, 1.5): every wavelength is present, so every sweep moves mass.
void fill_rough(std::span<Real> u, std::uint64_t seed) {
  CounterRng rng(seed, 0);
  for (Real& v : u) v = static_cast<Real>(rng.uniform(0.5, 1.5));
}

TEST(DiffusionConservation, MassConservedWithNoFluxAndNoDecay) {
  const auto g = grid::Grid::make_3d(24, 20, 28, 10.0, 10.0, 10.0);
  grid::FieldSet fields(g, {"a", "b"});
  fill_rough(fields.field(0), 1);
  fill_rough(fields.field(1), 2);
  // D dt / h^2 = 10 and 0.1: far beyond and well within the explicit stability limit.
  solver::DiffusionSolver solver(g, {{1e4, 0.0, {}}, {1e2, 0.0, {}}}, grid::BoundarySet(2));
  const double m0 = total(fields.field(0)), m1 = total(fields.field(1));
  for (int n = 0; n < 50; ++n) solver.step(fields, 0.1);
  EXPECT_NEAR(total(fields.field(0)) / m0, 1.0, 1e-6);
  EXPECT_NEAR(total(fields.field(1)) / m1, 1.0, 1e-6);
}

TEST(DiffusionConservation, MassConservedWithPerVoxelDiffusivity) {
  const auto g = grid::Grid::make_3d(16, 12, 20, 10.0, 10.0, 10.0);
  grid::FieldSet fields(g, {"a"});
  fill_rough(fields.field(0), 3);
  grid::AlignedVector scale(g.voxels());
  for (int k = 0; k < g.nz(); ++k)
    for (int j = 0; j < g.ny(); ++j)
      for (int i = 0; i < g.nx(); ++i) scale[g.index(i, j, k)] = k < 5 ? Real{0.1} : Real{1} + Real(0.05) * Real(i % 3);
  solver::DiffusionSolver solver(g, {{1e4, 0.0, scale}}, grid::BoundarySet(1));
  const double m0 = total(fields.field(0));
  for (int n = 0; n < 50; ++n) solver.step(fields, 0.1);
  EXPECT_NEAR(total(fields.field(0)) / m0, 1.0, 1e-6);
}

// With no-flux walls diffusion moves mass but never changes it, so the mean obeys the decay
// alone: backward Euler gives exactly (1 + k dt)^-n, which differs from exp(-k t) by
// exp(-k t) k^2 t dt / 2 to leading order.
TEST(DiffusionConservation, MeanDecaysAsBackwardEuler) {
  const auto g = grid::Grid::make_2d(40, 30, 10.0, 10.0);
  grid::FieldSet fields(g, {"a"});
  fill_rough(fields.field(0), 4);
  const double k_per_min = 0.1, dt = 0.5;
  const int steps = 40;
  solver::DiffusionSolver solver(g, {{1e3, k_per_min, {}}}, grid::BoundarySet(1));
  const double m0 = total(fields.field(0));
  for (int n = 0; n < steps; ++n) solver.step(fields, dt);
  const double ratio = total(fields.field(0)) / m0;
  const double backward_euler = std::pow(1.0 + k_per_min * dt, -steps);
  EXPECT_NEAR(ratio / backward_euler, 1.0, 2e-6);
  const double t = steps * dt;
  const double exact = std::exp(-k_per_min * t);
  const double leading_error = exact * k_per_min * k_per_min * t * dt / 2.0;
  EXPECT_GT(ratio - exact, 0.8 * leading_error);
  EXPECT_LT(ratio - exact, 1.2 * leading_error);
}

TEST(DiffusionConservation, DecayWithoutDiffusionIsPointwise) {
  const auto g = grid::Grid::make_2d(7, 5, 10.0, 10.0);
  grid::FieldSet fields(g, {"a"});
  fill_rough(fields.field(0), 5);
  const std::vector<Real> before(fields.field(0).begin(), fields.field(0).end());
  solver::DiffusionSolver solver(g, {{0.0, 2.0, {}}}, grid::BoundarySet(1));
  solver.step(fields, 0.25);
  for (std::size_t v = 0; v < before.size(); ++v) EXPECT_NEAR(fields.field(0)[v], before[v] / 1.5, 1e-6);
}

// Periodic wrapped Gaussian: the sum of its images one period apart.
double wrapped_gaussian(double x_um, double centre_um, double period_um, double variance_um2) {
  double sum = 0.0;
  for (int m = -3; m <= 3; ++m) {
    const double d = x_um - centre_um + m * period_um;
    sum += std::exp(-d * d / (2.0 * variance_um2)) / std::sqrt(2.0 * std::numbers::pi * variance_um2);
  }
  return sum;
}

// A pulse started next to the x-max face leaves through it and re-enters through x-min.
void check_periodic_pulse(Axis axis) {
  const int n = 60;
  const double h = 5.0, D = 100.0, t0 = 1.0, t_run = 4.0;
  const auto g = axis == Axis::Y ? grid::Grid::make_3d(3, n, 2, h, h, h) : grid::Grid::make_2d(n, n, h, h);
  grid::BoundarySet bcs(1);
  bcs.set_periodic(axis == Axis::X ? Face::XMin : axis == Axis::Y ? Face::YMin : Face::ZMin);
  const double period = n * h, centre = period - 2.0 * h;
  auto fill = [&](grid::FieldSet& f, double t) {
    for (int k = 0; k < g.nz(); ++k)
      for (int j = 0; j < g.ny(); ++j)
        for (int i = 0; i < g.nx(); ++i) {
          const int c = axis == Axis::X ? i : axis == Axis::Y ? j : k;
          f.field(0)[g.index(i, j, k)] = static_cast<Real>(wrapped_gaussian(g.center_um(axis, c), centre, period, 2.0 * D * t));
        }
  };
  grid::FieldSet fields(g, {"u"}), exact(g, {"u"});
  fill(fields, t0);
  fill(exact, t0 + t_run);
  const double m0 = total(fields.field(0));
  solver::DiffusionSolver solver(g, {{D, 0.0, {}}}, bcs);
  for (int s = 0; s < 200; ++s) solver.step(fields, t_run / 200);
  EXPECT_NEAR(total(fields.field(0)) / m0, 1.0, 1e-6);
  // The first cell past the face is 12.5 um from the pulse centre across the face (0.92 of the
  // peak at the end); the long way round, through no-flux walls, it is 287.5 um (9 widths):
  // it would hold nothing. Half the peak is the pass mark.
  const auto cell = [&](int c) {
    return axis == Axis::X ? g.index(c, 0, 0) : axis == Axis::Y ? g.index(0, c, 0) : g.index(0, 0, c);
  };
  const double peak = wrapped_gaussian(centre, centre, period, 2.0 * D * (t0 + t_run));
  for (int c = 0; c < n; ++c) EXPECT_NEAR(fields.field(0)[cell(c)], exact.field(0)[cell(c)], 0.01 * peak) << "cell " << c;
  EXPECT_GT(fields.field(0)[cell(0)], 0.5 * peak);
}

TEST(DiffusionPeriodic, PulseReentersAlongX) { check_periodic_pulse(Axis::X); }
TEST(DiffusionPeriodic, PulseReentersAlongY) { check_periodic_pulse(Axis::Y); }
TEST(DiffusionPeriodic, PulseReentersAlongZ) { check_periodic_pulse(Axis::Z); }

// Between two fixed faces the steady state is linear in the face-to-face distance; the
// half-cell boundary discretisation reproduces it exactly at the cell centres.
TEST(DiffusionFixedValue, SteadyLinearProfileBetweenFixedFaces) {
  const auto g = grid::Grid::make_2d(4, 25, 10.0, 8.0);
  grid::BoundarySet bcs(1);
  bcs.set(0, Face::ZMin, {BoundaryKind::FixedValue, 2.0});
  bcs.set(0, Face::ZMax, {BoundaryKind::FixedValue, 0.5});
  grid::FieldSet fields(g, {"u"});
  solver::DiffusionSolver solver(g, {{1e3, 0.0, {}}}, bcs);
  for (int s = 0; s < 400; ++s) solver.step(fields, 1.0);
  const double depth = g.extent_um(Axis::Z);
  for (int k = 0; k < g.nz(); ++k) {
    const double expected = 2.0 + (0.5 - 2.0) * g.center_um(Axis::Z, k) / depth;
    for (int i = 0; i < g.nx(); ++i) EXPECT_NEAR(fields.field(0)[g.index(i, 0, k)], expected, 2e-5);
  }
}

// Two layers in series, D ratio 4, interface on a cell face: flux continuity puts the interface
// value at 1 - 0.5 / (0.5 + 0.5 / 4) = 0.2 and makes each layer linear.
TEST(DiffusionFixedValue, TwoLayerSteadyStateWithPerVoxelDiffusivity) {
  const int n = 20;
  const double h = 10.0, depth = n * h;
  const auto g = grid::Grid::make_3d(2, 3, n, h, h, h);
  grid::AlignedVector scale(g.voxels());
  for (int k = 0; k < n; ++k)
    for (int j = 0; j < 3; ++j)
      for (int i = 0; i < 2; ++i) scale[g.index(i, j, k)] = k < n / 2 ? Real{1} : Real{4};
  grid::BoundarySet bcs(1);
  bcs.set(0, Face::ZMin, {BoundaryKind::FixedValue, 1.0});
  bcs.set(0, Face::ZMax, {BoundaryKind::FixedValue, 0.0});
  grid::FieldSet fields(g, {"u"});
  solver::DiffusionSolver solver(g, {{1e3, 0.0, scale}}, bcs);
  for (int s = 0; s < 600; ++s) solver.step(fields, 1.0);
  const double interface = 0.2;
  for (int k = 0; k < n; ++k) {
    const double z = g.center_um(Axis::Z, k);
    const double expected = z < depth / 2 ? 1.0 - (1.0 - interface) * z / (depth / 2)
                                          : interface * (depth - z) / (depth / 2);
    EXPECT_NEAR(fields.field(0)[g.index(1, 2, k)], expected, 2e-5) << "k " << k;
  }
}

// Results must not depend on the number of threads: every line is solved by one thread with
// the same operations in the same order.
TEST(DiffusionThreads, OneAndTwoThreadsBitIdentical) {
  const auto g = grid::Grid::make_3d(21, 18, 15, 10.0, 10.0, 12.0);
  grid::AlignedVector scale(g.voxels());
  for (std::size_t v = 0; v < scale.size(); ++v) scale[v] = Real{1} + Real(v % 7) * Real(0.1);
  grid::BoundarySet bcs(4);
  bcs.set_periodic(Face::XMin);
  bcs.set_all_species(Face::ZMin, {BoundaryKind::FixedValue, 1.0});
  const std::vector<solver::DiffusionSpec> specs{{1e4, 0.1, {}}, {1e3, 0.0, scale}, {0.0, 0.5, {}}, {5e3, 0.0, {}}};
  auto run = [&](int threads) {
    grid::FieldSet fields(g, {"a", "b", "c", "d"});
    for (std::size_t s = 0; s < 4; ++s) fill_rough(fields.field(s), 10 + s);
    solver::DiffusionSolver solver(g, specs, bcs);
    const int saved = omp_get_max_threads();
    omp_set_num_threads(threads);
    for (int n = 0; n < 5; ++n) solver.step(fields, n % 2 == 0 ? 0.01 : 0.02);
    omp_set_num_threads(saved);
    std::vector<Real> all;
    for (std::size_t s = 0; s < 4; ++s) all.insert(all.end(), fields.field(s).begin(), fields.field(s).end());
    return all;
  };
  const auto one = run(1), two = run(2);
  ASSERT_EQ(one.size(), two.size());
  EXPECT_EQ(std::memcmp(one.data(), two.data(), one.size() * sizeof(Real)), 0);
}

}  // namespace
}  // namespace skintwin
