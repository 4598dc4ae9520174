#include "skintwin/solver/reaction.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include <stdexcept>

namespace {

namespace solver = skintwin::solver;
using skintwin::grid::FieldSet;
using skintwin::grid::Grid;
using skintwin::grid::Real;
using solver::VoxelContext;

// A -> B at a rate growing with depth: k = k0 (1 + z / 100 um).
struct DepthConversion {
  double k0_per_min;
  SKINTWIN_HOST_DEVICE void operator()(const double* u, double* du, std::size_t, const VoxelContext& ctx) const {
    const double rate = k0_per_min * (1.0 + ctx.z_um / 100.0) * u[0];
    du[0] = -rate;
    du[1] = rate;
  }
};

struct ClockDriven {  // u' = cos(t): checks the time handed to each stage
  SKINTWIN_HOST_DEVICE void operator()(const double*, double* du, std::size_t, const VoxelContext& ctx) const {
    du[0] = std::cos(ctx.t_min) + 1.0;  // + 1 keeps u' >= 0, so u stays positive
  }
};

TEST(Reactions, ClosedConversionOnAGridConservesAPlusBAndFollowsTheLocalRate) {
  const Grid g = Grid::make_2d(16, 20, 10.0, 10.0);
  FieldSet fields(g, {"A", "B"});
  std::mt19937 gen(7);
  std::uniform_real_distribution<double> dist(0.0, 2.0);
  for (auto& x : fields.field(0)) x = static_cast<Real>(dist(gen));
  for (auto& x : fields.field(1)) x = static_cast<Real>(dist(gen));
  const FieldSet initial = fields;
  solver::ReactionOptions opt;
  opt.rel_tol = 1e-7;
  opt.abs_tol = 1e-9;
  const double k0 = 0.05, dt = 10.0;
  const auto stats = solver::integrate_reactions(fields, DepthConversion{k0}, 0.0, dt, opt);
  EXPECT_GT(stats.accepted_substeps, static_cast<long long>(g.voxels()));
  for (int k = 0; k < g.nz(); ++k) {
    const double kz = k0 * (1.0 + g.center_um(skintwin::grid::Axis::Z, k) / 100.0);
    for (int i = 0; i < g.nx(); ++i) {
      const auto v = g.index(i, 0, k);
      const double a0 = initial.field(0)[v], b0 = initial.field(1)[v];
      const double a = fields.field(0)[v], b = fields.field(1)[v];
      EXPECT_NEAR(a + b, a0 + b0, 1e-6 * (a0 + b0));  // float storage
      EXPECT_NEAR(a, a0 * std::exp(-kz * dt), 2e-6 * a0 + 1e-7);
    }
  }
}

TEST(Reactions, StiffDecayOnAGridIsNonNegative) {
  struct Stiff {
    SKINTWIN_HOST_DEVICE void operator()(const double* u, double* du, std::size_t, const VoxelContext&) const {
      du[0] = -5000.0 * u[0];
    }
  };
  FieldSet fields(Grid::make_2d(4, 4, 1.0, 1.0), {"u"}, Real{1});
  solver::integrate_reactions(fields, Stiff{}, 0.0, 1.0);
  for (Real x : fields.field(0)) {
    EXPECT_GE(x, 0.0f);
    EXPECT_LT(x, 1e-5f);
  }
}

TEST(Reactions, StagesSeeTheirOwnTime) {
  double u[1] = {0.5};
  VoxelContext ctx;
  ctx.t_min = 1.0;
  solver::ReactionOptions opt;
  opt.rel_tol = 1e-10;
  opt.abs_tol = 1e-12;
  ASSERT_TRUE(solver::integrate_voxel(ClockDriven{}, u, 1, ctx, 4.0, opt).ok);
  EXPECT_NEAR(u[0], 0.5 + std::sin(5.0) - std::sin(1.0) + 4.0, 1e-8);
}

TEST(Reactions, RoundOffNegativeInputsAreLiftedToZero) {
  struct Nothing {
    SKINTWIN_HOST_DEVICE void operator()(const double*, double* du, std::size_t n, const VoxelContext&) const {
      for (std::size_t s = 0; s < n; ++s) du[s] = 0.0;
    }
  };
  FieldSet fields(Grid::make_2d(2, 2, 1.0, 1.0), {"u"}, Real{-1e-9f});
  solver::integrate_reactions(fields, Nothing{}, 0.0, 1.0);
  for (Real x : fields.field(0)) EXPECT_EQ(x, 0.0f);
}

TEST(Reactions, ExhaustedSubstepBudgetThrows) {
  struct Stiff {
    SKINTWIN_HOST_DEVICE void operator()(const double* u, double* du, std::size_t, const VoxelContext&) const {
      du[0] = -1e6 * u[0];
    }
  };
  FieldSet fields(Grid::make_2d(2, 2, 1.0, 1.0), {"u"}, Real{1});
  solver::ReactionOptions opt;
  opt.max_substeps = 50;
  EXPECT_THROW(solver::integrate_reactions(fields, Stiff{}, 0.0, 1.0, opt), std::runtime_error);
  EXPECT_THROW(solver::integrate_reactions(fields, Stiff{}, 0.0, -1.0), std::invalid_argument);
  solver::ReactionOptions zero_tol;
  zero_tol.rel_tol = 0.0;
  zero_tol.abs_tol = 0.0;
  EXPECT_THROW(solver::integrate_reactions(fields, Stiff{}, 0.0, 1.0, zero_tol), std::invalid_argument);
}

}  // namespace
