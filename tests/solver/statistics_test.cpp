#include "skintwin/solver/statistics.hpp"

#include <gtest/gtest.h>
#include <omp.h>

#include <cstring>
#include <random>
#include <vector>

namespace {

using skintwin::grid::FieldSet;
using skintwin::grid::Grid;
using skintwin::grid::Real;
namespace solver = skintwin::solver;

TEST(Statistics, SumMinMaxMeanOfAnArithmeticSeriesAcrossManyBlocks) {
  // 1, 2, ..., N spans several reduction blocks; integers below 2^24 are exact in float.
  const int n = 3 * static_cast<int>(solver::kReductionBlockVoxels) + 17;
  FieldSet fields(Grid::make_2d(n, 1, 1.0, 1.0), {"u"});
  auto u = fields.field(0);
  for (int v = 0; v < n; ++v) u[static_cast<std::size_t>(v)] = static_cast<Real>(v + 1);
  const auto s = solver::summarize(fields, 0);
  const double nd = n;
  EXPECT_EQ(s.sum, nd * (nd + 1.0) / 2.0);
  EXPECT_EQ(s.min, 1.0);
  EXPECT_EQ(s.max, nd);
  EXPECT_DOUBLE_EQ(s.mean, (nd + 1.0) / 2.0);
  EXPECT_EQ(s.voxels, static_cast<std::size_t>(n));
  EXPECT_EQ(solver::field_sum(u), s.sum);
  EXPECT_EQ(solver::field_min(u), 1.0);
  EXPECT_EQ(solver::field_max(u), nd);
}

TEST(Statistics, IntegralOfALinearFieldIsExactByTheMidpointRule) {
  // f = 2 + 0.01 x + 0.02 z on a 200 x 300 um slab (2D counts 1 um thickness):
  // integral = 2 A + 0.01 * 300 * 200^2 / 2 + 0.02 * 200 * 300^2 / 2.
  const Grid g = Grid::make_2d(40, 30, 5.0, 10.0);
  FieldSet fields(g, {"u"});
  auto u = fields.field(0);
  for (int k = 0; k < g.nz(); ++k)
    for (int i = 0; i < g.nx(); ++i)
      u[g.index(i, 0, k)] = static_cast<Real>(2.0 + 0.01 * g.center_um(skintwin::grid::Axis::X, i) +
                                              0.02 * g.center_um(skintwin::grid::Axis::Z, k));
  const double area = 200.0 * 300.0;
  const double expected = 2.0 * area + 0.01 * 300.0 * 200.0 * 200.0 / 2.0 + 0.02 * 200.0 * 300.0 * 300.0 / 2.0;
  EXPECT_NEAR(solver::integral_um3(fields, 0), expected, 1e-6 * expected);
}

TEST(Statistics, DepthBandMeanOfADepthProfile) {
  // u = z: the band [100, 200) um with 10 um cells holds centres 105 ... 195, mean 150.
  const Grid g = Grid::make_3d(4, 3, 50, 10.0, 10.0, 10.0);
  FieldSet fields(g, {"u"});
  auto u = fields.field(0);
  for (int k = 0; k < g.nz(); ++k)
    for (int j = 0; j < g.ny(); ++j)
      for (int i = 0; i < g.nx(); ++i) u[g.index(i, j, k)] = static_cast<Real>(g.center_um(skintwin::grid::Axis::Z, k));
  const auto band = solver::Region::depth_range_um(g, 100.0, 200.0);
  EXPECT_EQ(band.voxels(), 10u * 4u * 3u);
  const auto s = solver::summarize(fields, 0, band);
  EXPECT_DOUBLE_EQ(s.mean, 150.0);
  EXPECT_EQ(s.min, 105.0);
  EXPECT_EQ(s.max, 195.0);
}

TEST(Statistics, BoxAndMaskRegionsSelectTheirVoxels) {
  const Grid g = Grid::make_2d(10, 10, 1.0, 1.0);
  FieldSet fields(g, {"u"});
  auto u = fields.field(0);
  for (int k = 0; k < 10; ++k)
    for (int i = 0; i < 10; ++i) u[g.index(i, 0, k)] = static_cast<Real>(10 * k + i);
  // Box i in [2, 5), k in [1, 3): values 12,13,14,22,23,24, mean 18. Clipping past the edge.
  const auto box = solver::Region::box(g, {2, 5, 0, 1, 1, 3});
  EXPECT_DOUBLE_EQ(solver::region_mean(fields, 0, box), 18.0);
  const auto clipped = solver::Region::box(g, {8, 20, -5, 5, 9, 30});
  EXPECT_EQ(clipped.voxels(), 2u);
  EXPECT_DOUBLE_EQ(solver::region_mean(fields, 0, clipped), 98.5);
  std::vector<std::uint8_t> even(g.voxels(), 0);
  for (std::size_t v = 0; v < even.size(); v += 2) even[v] = 1;
  const auto mask = solver::Region::mask(g, even);
  EXPECT_DOUBLE_EQ(solver::region_mean(fields, 0, mask), 49.0);  // 0, 2, ..., 98
  const std::vector<solver::Region> regions{box, mask};
  const auto means = solver::region_means(fields, 0, regions);
  ASSERT_EQ(means.size(), 2u);
  EXPECT_DOUBLE_EQ(means[1], 49.0);
  EXPECT_THROW(solver::Region::mask(g, std::vector<std::uint8_t>(5, 1)), std::invalid_argument);
  const auto other = solver::Region::box(Grid::make_2d(3, 3, 1.0, 1.0), {0, 3, 0, 1, 0, 3});
  EXPECT_THROW(solver::region_mean(fields, 0, other), std::invalid_argument);
}

TEST(Statistics, SumIsBitIdenticalForOneAndTwoThreads) {
  const Grid g = Grid::make_3d(37, 29, 41, 1.0, 1.0, 1.0);
  FieldSet fields(g, {"u"});
  std::mt19937_64 gen(12345);
  std::uniform_real_distribution<double> dist(0.0, 1e3);
  for (auto& x : fields.field(0)) x = static_cast<Real>(dist(gen));
  const int saved = omp_get_max_threads();
  omp_set_num_threads(1);
  const auto one = solver::summarize(fields, 0);
  omp_set_num_threads(2);
  const auto two = solver::summarize(fields, 0);
  omp_set_num_threads(saved);
  EXPECT_EQ(std::memcmp(&one.sum, &two.sum, sizeof(double)), 0);
  EXPECT_EQ(one.min, two.min);
  EXPECT_EQ(one.max, two.max);
  // And the block sum is an accurate sum: compare with a long double serial sum.
  long double reference = 0.0L;
  for (Real x : fields.field(0)) reference += static_cast<long double>(x);
  EXPECT_NEAR(one.sum, static_cast<double>(reference), 1e-12 * static_cast<double>(reference));
}

}  // namespace
