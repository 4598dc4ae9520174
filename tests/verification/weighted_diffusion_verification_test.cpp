// Weighted diffusion (solver::WeightedDiffusionOperator, J = -D w grad(u / w)), both schemes:
// conserves mass to round-off, holds u = c w still (bit for bit in float storage), stays
// non-negative; against the analytic cosine-mode decay in two layers of different w behind a
// blocked face it converges at second order in space. In time the exponential scheme is exact
// (a lateral mode decays as the semi-discrete equations say, in one step of any length) and the
// explicit scheme converges to it at first order, on layered 3D grids with periodic and no-flux
// sides, a blocked face and a row that does not move.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numbers>
#include <random>
#include <stdexcept>
#include <vector>

#include "skintwin/solver/weighted_diffusion.hpp"

namespace {

namespace solver = skintwin::solver;
using skintwin::grid::Axis;
using skintwin::grid::FieldSet;
using skintwin::grid::Grid;
using skintwin::grid::Real;

constexpr double kPi = std::numbers::pi;

double total(const FieldSet& f, std::size_t field) {
  double sum = 0.0;
  for (const Real v : f.field(field)) sum += static_cast<double>(v);
  return sum;
}

// Row weights exact in float (so u = c w is stored exactly), one row with w = 0, and a blocked
// face in the middle.
solver::WeightedDiffusionSpec layered_spec(const Grid& g, std::size_t field, double D) {
  solver::WeightedDiffusionSpec s;
  s.field = field;
  s.D_um2_per_min = D;
  const double levels[] = {0.5, 1.25, 2.0, 3.0, 0.75};
  std::vector<bool> blocked;
  for (int k = 0; k < g.nz(); ++k) s.weight_by_z.push_back(k == g.nz() - 1 ? 0.0 : levels[(k / 3) % 5]);
  for (int k = 0; k + 1 < g.nz(); ++k) blocked.push_back(k == g.nz() / 2);
  s.face_weight_z = solver::harmonic_face_weights(s.weight_by_z, blocked);
  return s;
}

constexpr solver::WeightedDiffusionOptions kExplicit{.scheme = solver::WeightedDiffusionScheme::ExplicitEuler};
constexpr solver::WeightedDiffusionOptions kExponential{.scheme = solver::WeightedDiffusionScheme::Exponential};

FieldSet random_field(const Grid& g, unsigned seed) {
  FieldSet f(g, {"u"});
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> dist(0.0, 3.0);
  for (Real& v : f.field(0)) v = static_cast<Real>(dist(rng) * dist(rng));
  return f;
}

TEST(WeightedDiffusion, ConservesMassAndStaysNonNegative) {
  for (const auto options : {kExplicit, kExponential})
    for (const auto sides : {solver::LateralBoundary::Periodic, solver::LateralBoundary::NoFlux}) {
      const Grid g = Grid::make_3d(12, 10, 16, 5.0, 6.0, 4.0);
      FieldSet f = random_field(g, 7);
      solver::WeightedDiffusionOperator op(g, {layered_spec(g, 0, 50.0)}, sides, "test", options);
      const double before = total(f, 0);
      for (int step = 0; step < 20; ++step) op.advance(f, 0.0, 2.0);
      if (options.scheme == solver::WeightedDiffusionScheme::ExplicitEuler) {
        EXPECT_GT(op.last_substeps()[0], 1);
      }
      const double drift = std::abs(total(f, 0) - before) / before;
      std::printf("weighted diffusion: relative mass change after 20 steps %.2e\n", drift);
      EXPECT_LT(drift, 200.0 * std::numeric_limits<Real>::epsilon());
      for (const Real v : f.field(0)) EXPECT_GE(v, Real{0});
    }
}

TEST(WeightedDiffusion, HoldsTheReferenceProfileExactlyStill) {
  const Grid g = Grid::make_3d(6, 5, 16, 5.0, 5.0, 4.0);
  FieldSet f(g, {"u", "v"});
  const auto spec_u = layered_spec(g, 0, 80.0);
  for (int k = 0; k < g.nz(); ++k)
    for (int j = 0; j < g.ny(); ++j)
      for (int i = 0; i < g.nx(); ++i) {
        f.field(0)[g.index(i, j, k)] = static_cast<Real>(4.0 * spec_u.weight_by_z[static_cast<std::size_t>(k)]);
        f.field(1)[g.index(i, j, k)] = static_cast<Real>(i + j + k);
      }
  const std::vector<Real> start(f.field(0).begin(), f.field(0).end());
  for (const auto options : {kExplicit, kExponential}) {
    solver::WeightedDiffusionOperator op(g, {spec_u}, solver::LateralBoundary::Periodic, "test", options);
    for (int step = 0; step < 10; ++step) op.advance(f, 0.0, step % 2 ? 5.0 : 40.0);
    if (options.scheme == solver::WeightedDiffusionScheme::ExplicitEuler || sizeof(Real) == sizeof(float)) {
      EXPECT_TRUE(std::equal(start.begin(), start.end(), f.field(0).begin()));  // bit for bit
    } else {  // the exponential scheme holds it to round-off, which double storage keeps
      for (std::size_t i = 0; i < start.size(); ++i) EXPECT_NEAR(f.field(0)[i], start[i], 1e-13 * start[i]);
    }
  }
}

// Two layers of n x n cells (w = 0.5 above, 2 below) with a blocked face between them and no
// flux at every side: in each layer u / w = 1 + A cos(pi x / L) cos(pi z' / L) decays at
// exp(-2 D (pi / L)^2 t).
double two_layer_error(int n, solver::WeightedDiffusionOptions options) {
  const double L = 160.0, h = L / n, D = 100.0, T = L * L / (2.0 * kPi * kPi * D);  // lambda T = 1
  const Grid g = Grid::make_2d(n, 2 * n, h, h);
  solver::WeightedDiffusionSpec s;
  s.D_um2_per_min = D;
  std::vector<bool> blocked;
  for (int k = 0; k < 2 * n; ++k) s.weight_by_z.push_back(k < n ? 0.5 : 2.0);
  for (int k = 0; k + 1 < 2 * n; ++k) blocked.push_back(k == n - 1);
  s.face_weight_z = solver::harmonic_face_weights(s.weight_by_z, blocked);
  const auto exact = [&](int i, int k, double t) {
    const double x = g.center_um(Axis::X, i), z = g.center_um(Axis::Z, k % n);
    const double w = s.weight_by_z[static_cast<std::size_t>(k)];
    return w * (1.0 + 0.5 * std::exp(-2.0 * D * (kPi / L) * (kPi / L) * t) * std::cos(kPi * x / L) *
                          std::cos(kPi * z / L));
  };
  FieldSet f(g, {"u"});
  for (int k = 0; k < 2 * n; ++k)
    for (int i = 0; i < n; ++i) f.field(0)[g.index(i, 0, k)] = static_cast<Real>(exact(i, k, 0.0));
  solver::WeightedDiffusionOperator op(g, {s}, solver::LateralBoundary::NoFlux, "test", options);
  op.advance(f, 0.0, T);
  double error = 0.0;
  for (int k = 0; k < 2 * n; ++k)
    for (int i = 0; i < n; ++i)
      error = std::max(error, std::abs(static_cast<double>(f.field(0)[g.index(i, 0, k)]) - exact(i, k, T)));
  return error;
}

TEST(WeightedDiffusion, ConvergesAtSecondOrderInSpaceAcrossABlockedLayerFace) {
  for (const auto options : {kExplicit, kExponential}) {
    std::vector<double> errors;
    for (const int n : {8, 16, 32}) errors.push_back(two_layer_error(n, options));
    for (std::size_t i = 1; i < errors.size(); ++i) {
      const double order = std::log2(errors[i - 1] / errors[i]);
      std::printf("weighted diffusion, two layers: max error %.3e -> %.3e, observed order in h %.3f\n",
                  errors[i - 1], errors[i], order);
      EXPECT_GT(order, 1.8);
      EXPECT_LT(order, 2.2);
    }
  }
}

// A cell-centred cosine mode is an exact eigenvector of the no-flux discrete Laplacian
// (eigenvalue 2 D (1 - cos(pi h / L)) / h^2): the remaining error is forward Euler's, first order
// in the sub-step.
TEST(WeightedDiffusion, ConvergesAtFirstOrderInTime) {
  const int n = 16;
  const double L = 160.0, h = L / n, D = 100.0, w = 1.5;
  const double lambda = 2.0 * D * (1.0 - std::cos(kPi * h / L)) / (h * h), T = 1.0 / lambda;
  const Grid g = Grid::make_2d(n, 1, h, h);
  std::vector<double> errors, substeps;
  for (const double fraction : {0.4, 0.2, 0.1, 0.05}) {
    FieldSet f(g, {"u"});
    for (int i = 0; i < n; ++i)
      f.field(0)[g.index(i, 0, 0)] = static_cast<Real>(w * (1.0 + std::cos(kPi * g.center_um(Axis::X, i) / L)));
    solver::WeightedDiffusionOperator op(g, {{0, D, {w}, {}}}, solver::LateralBoundary::NoFlux, "test",
                                         {.scheme = solver::WeightedDiffusionScheme::ExplicitEuler,
                                          .stability_fraction = fraction});
    op.advance(f, 0.0, T);
    double error = 0.0;
    for (int i = 0; i < n; ++i) {
      const double exact = w * (1.0 + std::exp(-lambda * T) * std::cos(kPi * g.center_um(Axis::X, i) / L));
      error = std::max(error, std::abs(static_cast<double>(f.field(0)[g.index(i, 0, 0)]) - exact));
    }
    errors.push_back(error);
    substeps.push_back(op.last_substeps()[0]);
  }
  for (std::size_t i = 1; i < errors.size(); ++i) {
    const double order = std::log(errors[i - 1] / errors[i]) / std::log(substeps[i] / substeps[i - 1]);
    std::printf("weighted diffusion: %g -> %g sub-steps, error %.3e -> %.3e, observed order in dt %.3f\n",
                substeps[i - 1], substeps[i], errors[i - 1], errors[i], order);
    EXPECT_GT(order, 0.9);
    EXPECT_LT(order, 1.1);
  }
}

// Lateral modes are exact eigenvectors: a cosine along a no-flux line and a Fourier mode along a
// periodic one decay at exp(-(4 D / h^2) sin^2(theta) t) in one exponential step of any length (up
// to the float the field is stored in), along x and along y.
TEST(WeightedDiffusion, ExponentialSchemeIsExactForLateralModes) {
  const double h = 10.0, D = 100.0, w = 1.5;
  for (const bool periodic : {false, true})
    for (const Axis axis : {Axis::X, Axis::Y}) {
      const int n = 24, mode = 3;
      const Grid g = axis == Axis::X ? Grid::make_3d(n, 1, 1, h, h, h) : Grid::make_3d(1, n, 1, h, h, h);
      // no flux: cos(pi m (i + 1/2) / n), theta = pi m / 2n; periodic: cos(2 pi m i / n), theta = pi m / n
      const double theta = periodic ? kPi * mode / n : 0.5 * kPi * mode / n;
      const double rate = 4.0 * D / (h * h) * std::sin(theta) * std::sin(theta);
      const auto profile = [&](int i, double t) {
        const double phase = periodic ? 2.0 * kPi * mode * i / n : kPi * mode * (i + 0.5) / n;
        return w * (1.0 + 0.8 * std::exp(-rate * t) * std::cos(phase));
      };
      for (const double T : {0.3, 30.0, 3000.0}) {
        FieldSet f(g, {"u"});
        for (int i = 0; i < n; ++i) f.field(0)[static_cast<std::size_t>(i)] = static_cast<Real>(profile(i, 0.0));
        solver::WeightedDiffusionOperator op(
            g, {{0, D, {w}, {}}}, periodic ? solver::LateralBoundary::Periodic : solver::LateralBoundary::NoFlux,
            "test", kExponential);
        op.advance(f, 0.0, T);
        for (int i = 0; i < n; ++i)
          EXPECT_NEAR(f.field(0)[static_cast<std::size_t>(i)], profile(i, T), 1e-6 * w)
              << (periodic ? "periodic" : "no flux") << " axis " << static_cast<int>(axis) << " T " << T << " cell " << i;
      }
    }
}

// The explicit scheme converges to the exponential one at first order in its sub-step, on a
// layered 3D grid (a row that does not move, a blocked face, different spacings per axis).
TEST(WeightedDiffusion, ExplicitSchemeConvergesToTheExponentialOne) {
  for (const auto sides : {solver::LateralBoundary::Periodic, solver::LateralBoundary::NoFlux}) {
    const Grid g = Grid::make_3d(12, 10, 16, 5.0, 6.0, 4.0);
    const auto spec = layered_spec(g, 0, 50.0);
    const double dt = 3.0;
    FieldSet exact = random_field(g, 5);
    const FieldSet start = exact;
    solver::WeightedDiffusionOperator(g, {spec}, sides, "test", kExponential).advance(exact, 0.0, dt);
    std::vector<double> differences;
    for (const double fraction : {0.04, 0.01}) {
      FieldSet f = start;
      solver::WeightedDiffusionOperator(g, {spec}, sides, "test",
                                        {.scheme = solver::WeightedDiffusionScheme::ExplicitEuler,
                                         .stability_fraction = fraction})
          .advance(f, 0.0, dt);
      double difference = 0.0;
      for (std::size_t i = 0; i < f.field(0).size(); ++i)
        difference = std::max(difference, std::abs(static_cast<double>(f.field(0)[i]) - exact.field(0)[i]));
      differences.push_back(difference);
    }
    std::printf("weighted diffusion: explicit vs exponential, max difference %.3e -> %.3e (sub-steps / 4)\n",
                differences[0], differences[1]);
    EXPECT_LT(differences[0], 0.05);
    EXPECT_GT(differences[0] / differences[1], 3.0);  // first order: 4 x the sub-steps, 4 x less
    EXPECT_LT(differences[0] / differences[1], 5.0);
  }
}

TEST(WeightedDiffusion, RejectsBadSpecs) {
  const Grid g = Grid::make_2d(4, 3, 1.0, 1.0);
  EXPECT_THROW(solver::WeightedDiffusionOperator(g, {{0, 1.0, {1.0, 1.0}, {1.0}}}, solver::LateralBoundary::NoFlux),
               std::invalid_argument);
  EXPECT_THROW(solver::WeightedDiffusionOperator(g, {{0, 1.0, {1.0, -1.0, 1.0}, {1.0, 1.0}}},
                                                 solver::LateralBoundary::NoFlux),
               std::invalid_argument);
  EXPECT_THROW(solver::WeightedDiffusionOperator(g, {{0, 1.0, {1.0, 1.0, 1.0}, {1.0, 1.0}}},
                                                 solver::LateralBoundary::NoFlux, "x", {.stability_fraction = 0.6}),
               std::invalid_argument);
  // An open face next to a row that does not move (w = 0): the weights contradict each other.
  EXPECT_THROW(solver::WeightedDiffusionOperator(g, {{0, 1.0, {1.0, 0.0, 1.0}, {1.0, 0.0}}},
                                                 solver::LateralBoundary::NoFlux),
               std::invalid_argument);
}

}  // namespace
