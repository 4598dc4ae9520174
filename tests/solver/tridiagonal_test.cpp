#include "skintwin/solver/tridiagonal.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "skintwin/solver/harmonic_mean.hpp"

namespace {

namespace solver = skintwin::solver;

TEST(Tridiagonal, SolvesAKnownSystem) {
  // A x = b with x = (1, 2, 3, 4): rows (-1, 4, -1) with b computed by hand.
  const std::vector<double> lower{0.0, -1.0, -1.0, -1.0}, diag{4.0, 4.0, 4.0, 4.0}, upper{-1.0, -1.0, -1.0, 0.0};
  const std::vector<double> rhs{4.0 - 2.0, -1.0 + 8.0 - 3.0, -2.0 + 12.0 - 4.0, -3.0 + 16.0};
  std::vector<double> x(4), scratch;
  solver::solve_tridiagonal(lower, diag, upper, rhs, x, scratch);
  for (int i = 0; i < 4; ++i) EXPECT_NEAR(x[static_cast<std::size_t>(i)], i + 1.0, 1e-14);
  std::vector<double> short_x(3);
  EXPECT_THROW(solver::solve_tridiagonal(lower, diag, upper, rhs, short_x, scratch), std::invalid_argument);
}

TEST(HarmonicMean, IsZeroNextToASealedCell) {
  EXPECT_EQ(solver::harmonic_mean(2.0, 2.0), 2.0);
  EXPECT_DOUBLE_EQ(solver::harmonic_mean(1.0, 3.0), 1.5);
  EXPECT_EQ(solver::harmonic_mean(0.0, 3.0), 0.0);
  EXPECT_EQ(solver::harmonic_mean(0.0, 0.0), 0.0);
}

}  // namespace
