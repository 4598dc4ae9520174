// The weighted-diffusion operator's explicit scheme gathers each cell's face flows itself (so cells
// are written once, by one thread). These tests hold it to the plain face loop it replaced: every
// face once, in grid order, flow added to one cell and taken from the other. Same numbers bitwise;
// both schemes give the same bits on any thread count.
#include "skintwin/solver/weighted_diffusion.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace skintwin::solver {
namespace {

using grid::FieldSet;
using grid::Grid;
using grid::Real;

// One forward-Euler sub-step of dt, face by face (the operator's sub-step, written the simple way).
void face_loop_substep(const Grid& g, FieldSet& fields, const WeightedDiffusionSpec& s, bool periodic, double dt) {
  auto u = fields.field(s.field);
  const int nx = g.nx(), ny = g.ny(), nz = g.nz();
  const std::size_t plane = static_cast<std::size_t>(nx) * static_cast<std::size_t>(ny);
  std::vector<double> ratio(u.size()), change(u.size(), 0.0);
  for (std::size_t idx = 0; idx < u.size(); ++idx) {
    const double w = s.weight_by_z[idx / plane];
    ratio[idx] = w > 0.0 ? static_cast<double>(u[idx]) / w : 0.0;
  }
  const double h2 = g.spacing_um(grid::Axis::X) * g.spacing_um(grid::Axis::X);
  auto exchange = [&](std::size_t a, std::size_t b, double c) {
    const double flow = c * (ratio[a] - ratio[b]);
    change[a] -= flow;
    change[b] += flow;
  };
  for (int k = 0; k < nz; ++k) {
    const double w = s.weight_by_z[static_cast<std::size_t>(k)];
    const double lateral = dt * s.D_um2_per_min * w / h2;
    const double vertical = k + 1 < nz ? dt * s.D_um2_per_min * s.face_weight_z[static_cast<std::size_t>(k)] / h2 : 0.0;
    for (int j = 0; j < ny; ++j)
      for (int i = 0; i < nx; ++i) {
        const std::size_t idx = g.index(i, j, k);
        if (w > 0.0 && nx > 1 && (i + 1 < nx || (periodic && nx > 2))) exchange(idx, g.index(i + 1 < nx ? i + 1 : 0, j, k), lateral);
        if (w > 0.0 && ny > 1 && (j + 1 < ny || (periodic && ny > 2))) exchange(idx, g.index(i, j + 1 < ny ? j + 1 : 0, k), lateral);
        if (vertical > 0.0) exchange(idx, g.index(i, j, k + 1), vertical);
      }
  }
  for (std::size_t idx = 0; idx < u.size(); ++idx)
    if (change[idx] != 0.0) u[idx] = static_cast<Real>(std::max(0.0, static_cast<double>(u[idx]) + change[idx]));
}

WeightedDiffusionSpec layered_spec(int nz) {
  WeightedDiffusionSpec s;
  s.field = 0;
  s.D_um2_per_min = 10.0;
  std::vector<bool> blocked;
  for (int k = 0; k < nz; ++k) {
    s.weight_by_z.push_back(k == 1 ? 0.0 : 0.5 + 0.1 * k);  // one row that does not move
    blocked.push_back(k == nz / 2);                          // one closed face
  }
  s.face_weight_z = harmonic_face_weights(s.weight_by_z, blocked);
  return s;
}

FieldSet random_fields(const Grid& g, unsigned seed) {
  FieldSet fields(g, {"u"});
  std::mt19937 gen(seed);
  std::uniform_real_distribution<double> dist(0.0, 2.0);
  for (auto& x : fields.field(0)) x = static_cast<Real>(dist(gen));
  return fields;
}

bool same_bits(const FieldSet& a, const FieldSet& b) {
  return std::memcmp(a.field(0).data(), b.field(0).data(), a.field(0).size() * sizeof(Real)) == 0;
}

void expect_face_loop_numbers(const Grid& g, LateralBoundary sides) {
  const WeightedDiffusionSpec spec = layered_spec(g.nz());
  FieldSet mine = random_fields(g, 11);
  FieldSet reference = mine;
  WeightedDiffusionOperator op(g, {spec}, sides, "test", {.scheme = WeightedDiffusionScheme::ExplicitEuler});
  const double dt = 0.3;  // one sub-step: below the stability bound of these weights
  op.advance(mine, 0.0, dt);
  ASSERT_EQ(op.last_substeps()[0], 1);
  face_loop_substep(g, reference, spec, sides == LateralBoundary::Periodic, dt);
  EXPECT_TRUE(same_bits(mine, reference));
  EXPECT_FALSE(same_bits(mine, random_fields(g, 11)));  // it moved something
}

TEST(WeightedDiffusionGather, GivesTheFaceLoopsNumbersBitwise) {
  expect_face_loop_numbers(Grid::make_2d(9, 7, 20.0, 20.0), LateralBoundary::NoFlux);
  expect_face_loop_numbers(Grid::make_3d(5, 4, 6, 20.0, 20.0, 20.0), LateralBoundary::Periodic);
  expect_face_loop_numbers(Grid::make_3d(5, 4, 6, 20.0, 20.0, 20.0), LateralBoundary::NoFlux);
  // Two cells per side share one face even when periodic; one cell has no lateral face.
  expect_face_loop_numbers(Grid::make_3d(2, 3, 5, 20.0, 20.0, 20.0), LateralBoundary::Periodic);
  expect_face_loop_numbers(Grid::make_3d(1, 3, 5, 20.0, 20.0, 20.0), LateralBoundary::Periodic);
}

TEST(WeightedDiffusionGather, OneAndTwoThreadsGiveBitIdenticalFields) {
  const Grid g = Grid::make_3d(64, 64, 64, 20.0, 20.0, 20.0);  // above kParallelMinVoxels: threads fork
  const WeightedDiffusionSpec spec = layered_spec(g.nz());
  for (const auto scheme : {WeightedDiffusionScheme::ExplicitEuler, WeightedDiffusionScheme::Exponential}) {
    auto run = [&](int threads) {
      const int saved = omp_get_max_threads();
      omp_set_num_threads(threads);
      FieldSet fields = random_fields(g, 3);
      WeightedDiffusionOperator op(g, {spec}, LateralBoundary::Periodic, "test", {.scheme = scheme});
      op.advance(fields, 0.0, 5.0);
      omp_set_num_threads(saved);
      return fields;
    };
    const FieldSet one = run(1);
    EXPECT_TRUE(same_bits(one, run(2)));
    EXPECT_FALSE(same_bits(one, random_fields(g, 3)));  // it moved something
  }
}

}  // namespace
}  // namespace skintwin::solver
