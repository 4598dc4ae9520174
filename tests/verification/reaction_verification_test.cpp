// Reaction integrator vs exact solutions: observed order of the Bogacki-Shampine 3(2) steps,
// error control, positivity under stiffness, conservation of closed reactions.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <vector>

#include "skintwin/solver/reaction.hpp"

namespace {

namespace solver = skintwin::solver;
using solver::VoxelContext;

struct LinearDecay {
  double k_per_min;
  SKINTWIN_HOST_DEVICE void operator()(const double* u, double* du, std::size_t n, const VoxelContext&) const {
    for (std::size_t s = 0; s < n; ++s) du[s] = -k_per_min * u[s];
  }
};

struct Logistic {
  double r_per_min;
  SKINTWIN_HOST_DEVICE void operator()(const double* u, double* du, std::size_t, const VoxelContext&) const {
    du[0] = r_per_min * u[0] * (1.0 - u[0]);
  }
};

// Saturating consumption u' = -k u / (K + u): explicit Euler with a large step overshoots below 0.
struct MichaelisMenten {
  double k_per_min, K;
  SKINTWIN_HOST_DEVICE void operator()(const double* u, double* du, std::size_t, const VoxelContext&) const {
    du[0] = -k_per_min * u[0] / (K + u[0]);
  }
};

// A + B -> C at rate k a b: a + c and b + c are invariants.
struct Binding {
  double k;
  SKINTWIN_HOST_DEVICE void operator()(const double* u, double* du, std::size_t, const VoxelContext&) const {
    const double rate = k * u[0] * u[1];
    du[0] = -rate;
    du[1] = -rate;
    du[2] = rate;
  }
};

template <class Rhs>
double solve_fixed(const Rhs& rhs, double u0, double t_min, int substeps) {
  double u[1] = {u0};
  solver::ReactionOptions opt;
  opt.fixed_substeps = substeps;
  const auto out = solver::integrate_voxel(rhs, u, 1, VoxelContext{}, t_min, opt);
  EXPECT_TRUE(out.ok);
  EXPECT_EQ(out.accepted, substeps);
  return u[0];
}

// log2 of successive error ratios when the sub-step is halved.
template <class Rhs, class Exact>
std::vector<double> observed_orders(const Rhs& rhs, double u0, double t_min, Exact exact, int n0) {
  std::vector<double> errors;
  for (int n = n0; n <= 8 * n0; n *= 2) errors.push_back(std::fabs(solve_fixed(rhs, u0, t_min, n) - exact));
  std::vector<double> orders;
  for (std::size_t i = 1; i < errors.size(); ++i) orders.push_back(std::log2(errors[i - 1] / errors[i]));
  for (double p : orders) std::printf("observed order %.3f\n", p);
  return orders;
}

TEST(ReactionVerification, LinearDecayConvergesAtThirdOrder) {
  // u' = -u, u(0) = 1: u(2) = exp(-2). Bogacki-Shampine's propagated solution is third order.
  const auto orders = observed_orders(LinearDecay{1.0}, 1.0, 2.0, std::exp(-2.0), 8);
  for (double p : orders) EXPECT_NEAR(p, 3.0, 0.2);
}

TEST(ReactionVerification, LogisticGrowthConvergesAtThirdOrder) {
  // u' = r u (1 - u): u(t) = 1 / (1 + (1/u0 - 1) exp(-r t)).
  const double r = 0.8, u0 = 0.05, t = 10.0;
  const double exact = 1.0 / (1.0 + (1.0 / u0 - 1.0) * std::exp(-r * t));
  const auto orders = observed_orders(Logistic{r}, u0, t, exact, 40);
  for (double p : orders) EXPECT_NEAR(p, 3.0, 0.2);
}

TEST(ReactionVerification, AdaptiveErrorFollowsTheTolerance) {
  const double r = 0.8, u0 = 0.05, t = 10.0;
  const double exact = 1.0 / (1.0 + (1.0 / u0 - 1.0) * std::exp(-r * t));
  double previous = 1.0;
  for (double tol : {1e-4, 1e-6, 1e-8}) {
    double u[1] = {u0};
    solver::ReactionOptions opt;
    opt.rel_tol = tol;
    opt.abs_tol = tol;
    ASSERT_TRUE(solver::integrate_voxel(Logistic{r}, u, 1, VoxelContext{}, t, opt).ok);
    const double err = std::fabs(u[0] - exact);
    // Local control keeps the global error within a small multiple of the tolerance.
    EXPECT_LT(err, 20.0 * tol) << "tol " << tol;
    EXPECT_LT(err, previous);
    previous = err;
  }
}

TEST(ReactionVerification, StiffDecayStaysNonNegativeAndReachesItsEquilibrium) {
  // u' = S - k u with k dt = 1000: from 0 the exact value after dt is S/k (1 - e^-1000) = S/k.
  struct SourceDecay {
    SKINTWIN_HOST_DEVICE void operator()(const double* u, double* du, std::size_t, const VoxelContext&) const {
      du[0] = 2000.0 - 1000.0 * u[0];
      du[1] = -1000.0 * u[1];
    }
  };
  double u[2] = {0.0, 1.0};
  const auto out = solver::integrate_voxel(SourceDecay{}, u, 2, VoxelContext{}, 1.0, solver::ReactionOptions{});
  ASSERT_TRUE(out.ok);
  EXPECT_NEAR(u[0], 2.0, 1e-4);
  EXPECT_GE(u[1], 0.0);
  EXPECT_LT(u[1], 1e-6);
}

TEST(ReactionVerification, SaturatingConsumptionNeverOvershootsBelowZero) {
  // K ln(u/u0) + u - u0 = -k t: with u0 = 1, K = 0.01, k t = 1.5, u = exp(-50 - 100 u) ~ 2e-22.
  // One explicit Euler step of the same size would give 1 - 1.5 / 1.01 < 0.
  double u[1] = {1.0};
  ASSERT_TRUE(solver::integrate_voxel(MichaelisMenten{5.0, 0.01}, u, 1, VoxelContext{}, 0.3, {}).ok);
  EXPECT_GE(u[0], 0.0);
  EXPECT_LT(u[0], 1e-6);
  // Before exhaustion the solution matches the implicit exact relation: at k t = 0.5,
  // u solves 0.01 ln u + u = 0.5.
  double v[1] = {1.0};
  solver::ReactionOptions tight;
  tight.rel_tol = 1e-9;
  tight.abs_tol = 1e-12;
  ASSERT_TRUE(solver::integrate_voxel(MichaelisMenten{5.0, 0.01}, v, 1, VoxelContext{}, 0.1, tight).ok);
  EXPECT_NEAR(0.01 * std::log(v[0]) + v[0], 0.5, 1e-7);
}

TEST(ReactionVerification, ClosedReactionConservesItsInvariantsToRoundOff) {
  double u[3] = {0.7, 0.4, 0.1};
  solver::ReactionOptions opt;
  opt.rel_tol = 1e-3;  // loose: conservation must not depend on accuracy
  ASSERT_TRUE(solver::integrate_voxel(Binding{50.0}, u, 3, VoxelContext{}, 3.0, opt).ok);
  EXPECT_NEAR(u[0] + u[2], 0.8, 1e-14);
  EXPECT_NEAR(u[1] + u[2], 0.5, 1e-14);
  EXPECT_GE(u[1], 0.0);
  EXPECT_NEAR(u[0], 0.3, 1e-3);  // B is used up: A keeps 0.7 - 0.4
}

}  // namespace
