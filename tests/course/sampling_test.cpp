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
