// A right-hand side that is not quasi-positive (a fixed-rate sink) is refused with a message that
// names the species and its rate at zero, instead of "step size underflowed".
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

#include "skintwin/solver/reaction.hpp"
#include "skintwin/solver/stepper.hpp"

namespace {

namespace solver = skintwin::solver;
using skintwin::grid::FieldSet;
using skintwin::grid::Grid;
using skintwin::grid::Real;
using solver::VoxelContext;

// Species 0 decays as it should (-k u); species 1 loses a fixed 0.25 per min whatever its value.
struct FixedRateSink {
  SKINTWIN_HOST_DEVICE void operator()(const double* u, double* du, std::size_t, const VoxelContext&) const {
    du[0] = -0.01 * u[0];
    du[1] = -0.25;
  }
};

// Species 1 is consumed by species 0 at a rate that does not vanish with species 1 itself.
struct HiddenSink {
  SKINTWIN_HOST_DEVICE void operator()(const double* u, double* du, std::size_t, const VoxelContext&) const {
    du[0] = 0.0;
    du[1] = -0.5 * u[0];
  }
};

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  } catch (const std::exception& e) {
    return std::string("wrong exception type: ") + e.what();
  }
  return "no exception";
}

// Through the operator the stepper uses: this threw std::runtime_error "... step size underflowed".
TEST(ReactionsQuasiPositivity, AFixedRateSinkIsRefusedNamingTheSpeciesAndRate) {
  FieldSet fields(Grid::make_2d(3, 2, 10.0, 10.0), {"a", "b"}, Real{1});
  solver::ReactionOperator<FixedRateSink> op{FixedRateSink{}};
  const std::string what = message_of([&] { op.advance(fields, 0.0, 60.0); });
  EXPECT_NE(what.find("not quasi-positive"), std::string::npos) << what;
  EXPECT_NE(what.find("species 1"), std::string::npos) << what;
  EXPECT_NE(what.find("-0.25"), std::string::npos) << what;
  EXPECT_NE(what.find("voxel (0, 0, 0)"), std::string::npos) << what;  // the lowest voxel is named
  EXPECT_EQ(what.find("underflow"), std::string::npos) << what;
}

TEST(ReactionsQuasiPositivity, ASinkDrivenByAnotherSpeciesIsRefused) {
  FieldSet fields(Grid::make_2d(2, 2, 10.0, 10.0), {"a", "b"}, Real{1});
  const std::string what = message_of([&] { solver::integrate_reactions(fields, HiddenSink{}, 0.0, 10.0); });
  EXPECT_NE(what.find("species 1"), std::string::npos) << what;
  EXPECT_NE(what.find("-0.5"), std::string::npos) << what;
}

TEST(ReactionsQuasiPositivity, TheVoxelOutcomeCarriesTheDiagnosis) {
  double u[2] = {1.0, 1.0};
  const auto out = solver::integrate_voxel(FixedRateSink{}, u, 2, VoxelContext{}, 60.0, {});
  EXPECT_FALSE(out.ok);
  EXPECT_EQ(out.species_negative_at_zero, 1);
  EXPECT_EQ(out.rate_at_zero_per_min, -0.25);
  EXPECT_NEAR(out.t_stopped_min, 4.0, 1e-6);  // 1 / 0.25 min: where b reaches zero
  EXPECT_GE(u[1], 0.0);
}

// Until a species reaches zero, the right-hand side is integrated as given (no clamping).
TEST(ReactionsQuasiPositivity, ASinkThatDoesNotReachZeroInTheStepIsIntegrated) {
  double u[2] = {1.0, 1.0};
  const auto out = solver::integrate_voxel(FixedRateSink{}, u, 2, VoxelContext{}, 2.0, {});
  EXPECT_TRUE(out.ok);
  EXPECT_EQ(out.species_negative_at_zero, -1);
  EXPECT_NEAR(u[1], 0.5, 1e-12);
}

// A quasi-positive system that fails only for lack of sub-steps keeps its runtime_error.
TEST(ReactionsQuasiPositivity, AStiffQuasiPositiveSystemStillFailsAsABudgetError) {
  struct Stiff {
    SKINTWIN_HOST_DEVICE void operator()(const double* u, double* du, std::size_t, const VoxelContext&) const {
      du[0] = -1e6 * u[0];
    }
  };
  FieldSet fields(Grid::make_2d(2, 2, 1.0, 1.0), {"u"}, Real{1});
  solver::ReactionOptions opt;
  opt.max_substeps = 50;
  double u[1] = {1.0};
  EXPECT_EQ(solver::integrate_voxel(Stiff{}, u, 1, VoxelContext{}, 1.0, opt).species_negative_at_zero, -1);
  EXPECT_THROW(solver::integrate_reactions(fields, Stiff{}, 0.0, 1.0, opt), std::runtime_error);
}

}  // namespace
