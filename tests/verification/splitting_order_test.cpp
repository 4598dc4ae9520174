// Observed temporal order of Lie (1) and Strang (2) splitting on a problem with an exact
// solution: species A and B diffuse with different D (a Fourier mode on a periodic line) while
// A converts to B at rate k. The two operators do not commute (D_A != D_B), so the splitting
// error is real. Diffusion is advanced by its exact semi-discrete flow (so only the splitting
// is measured), reactions by the library's integrator at tight tolerance, composed by the
// library's Stepper.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <memory>
#include <numbers>
#include <vector>

#include "skintwin/solver/stepper.hpp"

namespace {

namespace solver = skintwin::solver;
using skintwin::grid::Axis;
using skintwin::grid::FieldSet;
using skintwin::grid::Grid;
using skintwin::grid::Real;

constexpr double kPi = std::numbers::pi;
constexpr int kCells = 32;
constexpr double kH = 10.0, kL = kCells * kH;
constexpr double kQ = 2.0 * kPi / kL;
constexpr double kD[2] = {100.0, 10.0};  // um^2/min
constexpr double kRate = 0.05;           // A -> B, 1/min
constexpr double kMean0 = 1.0, kAmp0 = 0.5, kT = 40.0;

// Decay rate of the mode under the 3-point Laplacian: D (4 / h^2) sin^2(q h / 2).
double mode_rate(double D) { return D * 4.0 / (kH * kH) * std::pow(std::sin(kQ * kH / 2.0), 2); }

struct Conversion {
  SKINTWIN_HOST_DEVICE void operator()(const double* u, double* du, std::size_t, const solver::VoxelContext&) const {
    du[0] = -kRate * u[0];
    du[1] = kRate * u[0];
  }
};

// Exact flow of the semi-discrete diffusion for fields in span{1, cos(q x)}.
class ExactModeDiffusion final : public solver::SplitOperator {
public:
  void advance(FieldSet& fields, double, double dt_min) override {
    const Grid& g = fields.grid();
    for (std::size_t s = 0; s < 2; ++s) {
      auto u = fields.field(s);
      double mean = 0.0, amp = 0.0;
      for (int i = 0; i < kCells; ++i) {
        mean += u[static_cast<std::size_t>(i)] / kCells;
        amp += 2.0 * u[static_cast<std::size_t>(i)] * std::cos(kQ * g.center_um(Axis::X, i)) / kCells;
      }
      amp *= std::exp(-mode_rate(kD[s]) * dt_min);
      for (int i = 0; i < kCells; ++i)
        u[static_cast<std::size_t>(i)] = static_cast<Real>(mean + amp * std::cos(kQ * g.center_um(Axis::X, i)));
    }
  }
  std::string name() const override { return "exact mode diffusion"; }
};

// Exact solution: mean and mode evolve as independent linear 2x2 systems.
void exact(double t, double mu_a, double mu_b, double a0, double& a, double& b) {
  const double la = mu_a + kRate;
  a = a0 * std::exp(-la * t);
  b = (std::fabs(la - mu_b) > 0.0) ? kRate * a0 * (std::exp(-mu_b * t) - std::exp(-la * t)) / (la - mu_b)
                                   : kRate * a0 * t * std::exp(-la * t);
}

double max_error(solver::Splitting splitting, bool reactions_outside, double dt, bool library_diffusion = false) {
  const Grid g = Grid::make_2d(kCells, 1, kH, kH);
  FieldSet fields(g, {"A", "B"});
  for (int i = 0; i < kCells; ++i)
    fields.field(0)[static_cast<std::size_t>(i)] = static_cast<Real>(kMean0 + kAmp0 * std::cos(kQ * g.center_um(Axis::X, i)));
  solver::ReactionOptions tight;
  tight.rel_tol = 1e-11;
  tight.abs_tol = 1e-13;
  std::vector<std::unique_ptr<solver::SplitOperator>> ops;
  auto reactions = std::make_unique<solver::ReactionOperator<Conversion>>(Conversion{}, tight);
  std::unique_ptr<solver::SplitOperator> diffusion = std::make_unique<ExactModeDiffusion>();
  if (library_diffusion) {
    skintwin::grid::BoundarySet periodic(2);
    periodic.set_periodic(skintwin::grid::Face::XMin);
    diffusion = std::make_unique<solver::DiffusionOperator>(solver::DiffusionSolver(
        g, {solver::DiffusionSpec{kD[0], 0.0, {}}, solver::DiffusionSpec{kD[1], 0.0, {}}}, periodic));
  }
  if (reactions_outside) {
    ops.push_back(std::move(reactions));
    ops.push_back(std::move(diffusion));
  } else {
    ops.push_back(std::move(diffusion));
    ops.push_back(std::move(reactions));
  }
  solver::Stepper stepper(splitting, std::move(ops));
  stepper.advance_to(fields, kT, dt);
  double am, bm, a1, b1;
  exact(kT, 0.0, 0.0, kMean0, am, bm);
  exact(kT, mode_rate(kD[0]), mode_rate(kD[1]), kAmp0, a1, b1);
  double err = 0.0;
  for (int i = 0; i < kCells; ++i) {
    const double c = std::cos(kQ * g.center_um(Axis::X, i));
    err = std::max(err, std::fabs(fields.field(0)[static_cast<std::size_t>(i)] - (am + a1 * c)));
    err = std::max(err, std::fabs(fields.field(1)[static_cast<std::size_t>(i)] - (bm + b1 * c)));
  }
  return err;
}

std::vector<double> orders(solver::Splitting splitting, bool reactions_outside) {
  std::vector<double> errors;
  for (double dt : {8.0, 4.0, 2.0, 1.0}) errors.push_back(max_error(splitting, reactions_outside, dt));
  std::vector<double> p;
  for (std::size_t i = 1; i < errors.size(); ++i) {
    p.push_back(std::log2(errors[i - 1] / errors[i]));
    std::printf("%s dt %.1f -> %.1f min: error %.3e -> %.3e, observed order %.3f\n",
                splitting == solver::Splitting::Lie ? "Lie" : "Strang", 16.0 / std::pow(2.0, static_cast<double>(i)),
                8.0 / std::pow(2.0, static_cast<double>(i)), errors[i - 1], errors[i], p.back());
  }
  return p;
}

TEST(SplittingOrder, LieIsFirstOrder) {
  for (double p : orders(solver::Splitting::Lie, true)) EXPECT_NEAR(p, 1.0, 0.1);
  for (double p : orders(solver::Splitting::Lie, false)) EXPECT_NEAR(p, 1.0, 0.1);
}

TEST(SplittingOrder, StrangIsSecondOrderWithEitherOperatorInTheMiddle) {
  for (double p : orders(solver::Splitting::Strang, true)) EXPECT_NEAR(p, 2.0, 0.1);
  for (double p : orders(solver::Splitting::Strang, false)) EXPECT_NEAR(p, 2.0, 0.1);
}

TEST(SplittingOrder, StrangBeatsLieAtEqualStep) {
  EXPECT_LT(max_error(solver::Splitting::Strang, true, 4.0), 0.1 * max_error(solver::Splitting::Lie, true, 4.0));
}

TEST(SplittingOrder, WithBackwardEulerDiffusionStrangIsFirstOrder) {
  // The library's diffusion is backward Euler (first order in time): its own error, not the
  // splitting, then sets the order of the whole step. Strang still halves the error per halving.
  std::vector<double> errors;
  for (double dt : {8.0, 4.0, 2.0, 1.0}) errors.push_back(max_error(solver::Splitting::Strang, true, dt, true));
  for (std::size_t i = 1; i < errors.size(); ++i) {
    const double p = std::log2(errors[i - 1] / errors[i]);
    std::printf("Strang with LOD diffusion: error %.3e -> %.3e, observed order %.3f\n", errors[i - 1], errors[i], p);
    EXPECT_NEAR(p, 1.0, 0.15);
  }
}

}  // namespace
