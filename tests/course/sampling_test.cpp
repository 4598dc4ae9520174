// Section positions of a 2D ensemble: one per stratum, reproducible, seed-dependent, and uniform
// within their strata.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "skintwin/course/sampling.hpp"

using skintwin::course::stratified_positions_mm;

TEST(StratifiedPositions, OnePerStratumInsideTheBand) {
  const auto y = stratified_positions_mm(2.0, 6.0, 4, 7);
  ASSERT_EQ(y.size(), 4u);
  for (std::size_t k = 0; k < y.size(); ++k) {
    EXPECT_GE(y[k], 2.0 + static_cast<double>(k)) << k;
    EXPECT_LT(y[k], 3.0 + static_cast<double>(k)) << k;
  }
  EXPECT_EQ(stratified_positions_mm(2.0, 6.0, 4, 7), y);
  EXPECT_NE(stratified_positions_mm(2.0, 6.0, 4, 8), y);
  const auto one = stratified_positions_mm(5.0, 5.0, 1, 3);
  EXPECT_EQ(one, std::vector<double>{5.0});  // an empty band: every section on it
}

// Within a stratum the position is uniform: over many seeds the mean offset is 1/2 and the
// variance 1/12 of the stratum (to within 5 standard errors).
TEST(StratifiedPositions, UniformWithinItsStratum) {
  constexpr int kSeeds = 4000;
  double sum = 0.0;
  double squares = 0.0;
  for (int seed = 1; seed <= kSeeds; ++seed) {
    const double u = stratified_positions_mm(0.0, 1.0, 1, static_cast<std::uint64_t>(seed)).front();
    sum += u;
    squares += u * u;
  }
  const double mean = sum / kSeeds;
  const double variance = squares / kSeeds - mean * mean;
  EXPECT_NEAR(mean, 0.5, 5.0 * std::sqrt(1.0 / 12.0 / kSeeds));
  EXPECT_NEAR(variance, 1.0 / 12.0, 0.005);
}

// Permuted strata: still one position per stratum, in an order the seed decides, and its own draw
// (not the unpermuted positions reordered).
TEST(StratifiedPositions, PermutedStrataAreAPermutation) {
  const auto x = skintwin::course::permuted_stratified_positions_mm(0.0, 8.0, 8, 5);
  ASSERT_EQ(x.size(), 8u);
  std::vector<int> strata;
  for (const double v : x) strata.push_back(static_cast<int>(v));
  std::vector<int> sorted = strata;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7}));
  EXPECT_NE(strata, sorted) << "seed 5 left the strata in order";
  EXPECT_EQ(skintwin::course::permuted_stratified_positions_mm(0.0, 8.0, 8, 5), x);
  EXPECT_NE(skintwin::course::permuted_stratified_positions_mm(0.0, 8.0, 8, 6), x);
  EXPECT_THROW(skintwin::course::permuted_stratified_positions_mm(0.0, 1.0, 0, 1), std::invalid_argument);
}

TEST(StratifiedPositions, RefusesNoSectionsOrAReversedBand) {
  EXPECT_THROW(stratified_positions_mm(0.0, 1.0, 0, 1), std::invalid_argument);
  EXPECT_THROW(stratified_positions_mm(1.0, 0.0, 2, 1), std::invalid_argument);
}

// Stratified on an auxiliary variable: candidates ranked by their load, one drawn from each of N
// equal rank strata, lowest first; reproducible and seed-dependent.
TEST(RankedStrata, OnePickPerRankStratum) {
  // 12 candidates, loads in a scrambled order; ranks 0-2, 3-5, 6-8, 9-11 are the four strata.
  const std::vector<double> loads = {5.0, 11.0, 0.0, 7.0, 2.0, 9.0, 1.0, 10.0, 4.0, 3.0, 8.0, 6.0};
  const auto chosen = skintwin::course::pick_one_per_ranked_stratum(loads, 4, 3);
  ASSERT_EQ(chosen.size(), 4u);
  for (std::size_t k = 0; k < 4; ++k) {
    // Here the load of a candidate is its rank.
    EXPECT_GE(loads[chosen[k]], 3.0 * static_cast<double>(k)) << k;
    EXPECT_LT(loads[chosen[k]], 3.0 * static_cast<double>(k + 1)) << k;
  }
  EXPECT_EQ(skintwin::course::pick_one_per_ranked_stratum(loads, 4, 3), chosen);
  bool moved = false;
  for (std::uint64_t seed = 4; seed < 20 && !moved; ++seed)
    moved = skintwin::course::pick_one_per_ranked_stratum(loads, 4, seed) != chosen;
  EXPECT_TRUE(moved) << "the seed never changes the picks";
  // Equal loads keep the candidates' order: one stratum of all four, any of them.
  const std::vector<double> flat(4, 1.0);
  EXPECT_LT(skintwin::course::pick_one_per_ranked_stratum(flat, 1, 1).front(), 4u);
}

// The point of the design: over many seeds the mean of the picks is the mean over all candidates
// (unbiased), and its spread is far smaller than that of as many candidates drawn at random
// (here the loads are the values, so only the within-stratum spread is left).
TEST(RankedStrata, UnbiasedAndLessSpreadThanRandomDraws) {
  std::vector<double> loads;
  for (int k = 0; k < 64; ++k) loads.push_back(static_cast<double>((k * 37) % 64));  // 0..63 scrambled
  const double truth = 31.5;
  constexpr int kSeeds = 4000;
  double sum = 0.0;
  double squares = 0.0;
  for (int seed = 1; seed <= kSeeds; ++seed) {
    double mean = 0.0;
    for (const std::size_t c : skintwin::course::pick_one_per_ranked_stratum(loads, 8, static_cast<std::uint64_t>(seed)))
      mean += loads[c] / 8.0;
    sum += mean;
    squares += (mean - truth) * (mean - truth);
  }
  const double variance = squares / kSeeds;
  // Within a stratum of 8 consecutive ranks the variance is (8^2 - 1) / 12; of the mean of 8
  // independent strata, 1/8 of that. Random draws of 8 of the 64: (64^2 - 1) / 12 / 8, 64x more.
  const double stratified = (64.0 - 1.0) / 12.0 / 8.0;
  EXPECT_NEAR(sum / kSeeds, truth, 5.0 * std::sqrt(stratified / kSeeds));
  EXPECT_NEAR(variance, stratified, 0.1 * stratified);
}

TEST(RankedStrata, RefusesCandidatesThatDoNotFillTheStrata) {
  const std::vector<double> five(5, 0.0);
  EXPECT_THROW(skintwin::course::pick_one_per_ranked_stratum(five, 2, 1), std::invalid_argument);
  EXPECT_THROW(skintwin::course::pick_one_per_ranked_stratum(five, 0, 1), std::invalid_argument);
  EXPECT_THROW(skintwin::course::pick_one_per_ranked_stratum({}, 1, 1), std::invalid_argument);
}
