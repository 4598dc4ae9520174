// Morris screening: trajectories move one factor at a time by delta on the level grid, and the
// elementary effects of a known function come out as its slopes.
#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <stdexcept>
#include <vector>

#include "skintwin/plan/morris.hpp"

namespace plan = skintwin::plan;

TEST(Morris, TrajectoriesMoveEachFactorOnceByDeltaOnTheGrid) {
  const auto trajectories = plan::morris_trajectories(5, 6, 4, 11);
  ASSERT_EQ(trajectories.size(), 6u);
  const double delta = plan::morris_delta(4);
  EXPECT_DOUBLE_EQ(delta, 2.0 / 3.0);
  for (const auto& tr : trajectories) {
    ASSERT_EQ(tr.points.size(), 6u);
    ASSERT_EQ(tr.moved.size(), 5u);
    EXPECT_EQ(std::set<std::size_t>(tr.moved.begin(), tr.moved.end()).size(), 5u) << "a factor moved twice";
    for (std::size_t j = 0; j < tr.moved.size(); ++j) {
      for (std::size_t i = 0; i < 5; ++i) {
        const double change = tr.points[j + 1][i] - tr.points[j][i];
        if (i == tr.moved[j]) EXPECT_NEAR(std::abs(change), delta, 1e-12);
        else EXPECT_EQ(change, 0.0);
      }
    }
    for (const auto& p : tr.points)
      for (const double x : p) {
        EXPECT_GE(x, -1e-12);
        EXPECT_LE(x, 1.0 + 1e-12);
        const double level = x * 3.0;  // 4 levels: 0, 1/3, 2/3, 1
        EXPECT_NEAR(level, std::round(level), 1e-9);
      }
  }
  EXPECT_EQ(plan::morris_trajectories(5, 6, 4, 11)[2].points, trajectories[2].points);
  EXPECT_NE(plan::morris_trajectories(5, 6, 4, 12)[2].points, trajectories[2].points);
}

// y = 3 a - 2 b + 0 c + a d: EEs of a are 3 + d (d in [0, 1]), of b exactly -2, of c 0, of d a.
TEST(Morris, ElementaryEffectsOfAKnownFunction) {
  const auto trajectories = plan::morris_trajectories(4, 20, 4, 3);
  std::vector<std::vector<double>> outputs;
  for (const auto& tr : trajectories) {
    std::vector<double> y;
    for (const auto& x : tr.points) y.push_back(3.0 * x[0] - 2.0 * x[1] + 0.0 * x[2] + x[0] * x[3]);
    outputs.push_back(y);
  }
  const auto effects = plan::elementary_effects(trajectories, outputs);
  ASSERT_EQ(effects.size(), 4u);
  EXPECT_EQ(effects[1].effects, 20u);
  EXPECT_NEAR(effects[1].mu, -2.0, 1e-12);
  EXPECT_NEAR(effects[1].mu_star, 2.0, 1e-12);
  EXPECT_NEAR(effects[1].sigma, 0.0, 1e-12);
  EXPECT_NEAR(effects[2].mu_star, 0.0, 1e-12);
  EXPECT_GT(effects[0].mu_star, 3.0 - 1e-12);
  EXPECT_LT(effects[0].mu_star, 4.0 + 1e-12);
  EXPECT_GT(effects[0].sigma, 0.0) << "a's effect depends on d: an interaction";
  // Ranking: a, then b, then d, then c.
  EXPECT_GT(effects[0].mu_star, effects[1].mu_star);
  EXPECT_GT(effects[1].mu_star, effects[3].mu_star);
  EXPECT_GT(effects[3].mu_star, effects[2].mu_star);
}

// A failed run (NaN) leaves out the two elementary effects it takes part in, nothing else.
TEST(Morris, AFailedRunLeavesOutItsOwnEffects) {
  const auto trajectories = plan::morris_trajectories(2, 3, 4, 5);
  std::vector<std::vector<double>> outputs;
  for (const auto& tr : trajectories) {
    std::vector<double> y;
    for (const auto& x : tr.points) y.push_back(2.0 * x[0] + x[1]);
    outputs.push_back(y);
  }
  outputs[1][1] = std::nan("");  // the middle point of trajectory 2: both its moves lose their EE
  const auto effects = plan::elementary_effects(trajectories, outputs);
  EXPECT_EQ(effects[0].effects + effects[1].effects, 6u - 2u);
  EXPECT_NEAR(effects[0].mu, 2.0, 1e-12);
  EXPECT_NEAR(effects[1].mu, 1.0, 1e-12);
  for (auto& y : outputs) y.assign(y.size(), std::nan(""));
  const auto none = plan::elementary_effects(trajectories, outputs);
  EXPECT_EQ(none[0].effects, 0u);
  EXPECT_TRUE(std::isnan(none[0].mu_star));
}

// The ranking: largest mu* first, ties in factor order, a factor without effects (NaN) last
// wherever it stands (a NaN key would break the sort's strict weak ordering).
TEST(Morris, RanksByMuStarWithFactorsWithoutEffectsLast) {
  const double nan = std::nan("");
  const std::vector<plan::FactorEffects> effects = {
      {.mu_star = nan}, {.mu_star = 1.0}, {.mu_star = 3.0}, {.mu_star = 1.0}, {.mu_star = 0.0}, {.mu_star = nan}};
  EXPECT_EQ(plan::ranked_by_mu_star(effects), (std::vector<std::size_t>{2, 1, 3, 4, 0, 5}));
}

TEST(Morris, RefusesBadDesignsAndMismatchedOutputs) {
  EXPECT_THROW(plan::morris_trajectories(0, 1, 4, 1), std::invalid_argument);
  EXPECT_THROW(plan::morris_trajectories(2, 0, 4, 1), std::invalid_argument);
  EXPECT_THROW(plan::morris_trajectories(2, 1, 3, 1), std::invalid_argument);
  const auto trajectories = plan::morris_trajectories(2, 2, 4, 1);
  const std::vector<std::vector<double>> short_outputs = {{1.0, 2.0}, {1.0, 2.0, 3.0}};
  EXPECT_THROW(plan::elementary_effects(trajectories, short_outputs), std::invalid_argument);
}
