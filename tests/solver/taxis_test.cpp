#include "skintwin/solver/taxis.hpp"

#include <memory>
#include <gtest/gtest.h>

#include <omp.h>

#include <cmath>
#include <cstring>
#include <numbers>
#include <random>
#include <stdexcept>
#include <vector>

#include "skintwin/solver/statistics.hpp"

namespace {

namespace solver = skintwin::solver;
using skintwin::grid::Axis;
using skintwin::grid::BoundarySet;
using skintwin::grid::Face;
using skintwin::grid::FieldSet;
using skintwin::grid::Grid;
using skintwin::grid::Real;

// u: a block of cells in the middle; c = x / 64 (exact in float): v = chi / 64 um/min.
FieldSet block_in_gradient(const Grid& g) {
  FieldSet fields(g, {"u", "c"});
  for (int k = 0; k < g.nz(); ++k)
    for (int i = 0; i < g.nx(); ++i) {
      const auto v = g.index(i, 0, k);
      fields.field(0)[v] = (i >= 20 && i < 30) ? Real{1} : Real{0};
      fields.field(1)[v] = static_cast<Real>(g.center_um(Axis::X, i) / 64.0);
    }
  return fields;
}

TEST(Taxis, SubstepCountFollowsTheFastestFace) {
  // v = 2 um/min, h = 4 um: outflow rate 0.5/min. dt = 10 min: 10 * 0.5 / 0.4 = 12.5 -> 13.
  const Grid g = Grid::make_2d(64, 2, 4.0, 4.0);
  FieldSet fields = block_in_gradient(g);
  solver::TaxisSolver taxis(g, {{0, 1, 128.0, 0.0, {}}}, BoundarySet(2));
  EXPECT_DOUBLE_EQ(taxis.max_outflow_rate_per_min(fields), 0.5);
  EXPECT_EQ(taxis.step(fields, 10.0), 13);
  EXPECT_EQ(taxis.step(fields, 0.0), 0);
  solver::TaxisSolver twice(g, {{0, 1, 256.0, 0.0, {}}}, BoundarySet(2));
  EXPECT_EQ(twice.step(fields, 10.0), 25);
}

TEST(Taxis, HugeStepStaysNonNegativeAndConservative) {
  // A step 1000x the explicit limit: sub-stepping keeps every density >= 0, mass exact.
  const Grid g = Grid::make_2d(64, 3, 4.0, 4.0);
  FieldSet fields = block_in_gradient(g);
  const double mass0 = solver::field_sum(fields.field(0));
  solver::TaxisSolver taxis(g, {{0, 1, 64.0, 0.0, {}}}, BoundarySet(2));
  EXPECT_GE(taxis.step(fields, 4000.0), 1000 * 4 * 0.25 / 1.0);
  EXPECT_GE(solver::field_min(fields.field(0)), 0.0);
  EXPECT_NEAR(solver::field_sum(fields.field(0)), mass0, 1e-6 * mass0);
  // After so long, all cells have piled against the closed x-max wall.
  const auto last_cells = solver::Region::box(g, {54, 64, 0, 1, 0, 3});
  EXPECT_GT(solver::summarize(fields, 0, last_cells).sum, 0.999 * mass0);
}

TEST(Taxis, ZeroSensitivityRegionIsABarrier) {
  // chi_scale = 0 from cell 35 on: the face at 35 has harmonic mean 0, nothing crosses it.
  const Grid g = Grid::make_2d(64, 2, 4.0, 4.0);
  FieldSet fields = block_in_gradient(g);
  skintwin::grid::AlignedVector scale(g.voxels(), Real{1});
  for (int k = 0; k < g.nz(); ++k)
    for (int i = 35; i < g.nx(); ++i) scale[g.index(i, 0, k)] = Real{0};
  solver::TaxisSolver taxis(g, {{0, 1, 64.0, 0.0, std::make_shared<const skintwin::grid::AlignedVector>(scale)}},
                            BoundarySet(2));
  for (int s = 0; s < 20; ++s) taxis.step(fields, 10.0);
  const auto beyond = solver::Region::box(g, {35, 64, 0, 1, 0, 2});
  EXPECT_EQ(solver::summarize(fields, 0, beyond).max, 0.0);
  const auto before = solver::Region::box(g, {30, 35, 0, 1, 0, 2});
  EXPECT_GT(solver::summarize(fields, 0, before).sum, 0.0);  // it did move up to the barrier
}

TEST(Taxis, NegativeSensitivityIsRepulsion) {
  const Grid g = Grid::make_2d(64, 2, 4.0, 4.0);
  FieldSet fields = block_in_gradient(g);
  const double x0 = 25.0 * 4.0;
  solver::TaxisSolver taxis(g, {{0, 1, -64.0, 0.0, {}}}, BoundarySet(2));
  for (int s = 0; s < 5; ++s) taxis.step(fields, 4.0);
  double m = 0.0, mx = 0.0;
  for (int i = 0; i < g.nx(); ++i) {
    m += fields.field(0)[static_cast<std::size_t>(i)];
    mx += fields.field(0)[static_cast<std::size_t>(i)] * g.center_um(Axis::X, i);
  }
  EXPECT_NEAR(mx / m, x0 - 20.0, 0.2);  // v = -1 um/min for 20 min
}

TEST(Taxis, RejectsBadTermsAndOptions) {
  const Grid g = Grid::make_2d(8, 8, 1.0, 1.0);
  EXPECT_THROW(solver::TaxisSolver(g, {{0, 0, 1.0, 0.0, {}}}, BoundarySet(2)), std::invalid_argument);
  EXPECT_THROW(solver::TaxisSolver(g, {{0, 2, 1.0, 0.0, {}}}, BoundarySet(2)), std::invalid_argument);
  EXPECT_THROW(solver::TaxisSolver(g, {{0, 1, 1.0, -1.0, {}}}, BoundarySet(2)), std::invalid_argument);
  EXPECT_THROW(solver::TaxisSolver(g, {{0, 1, 1.0, 0.0, std::make_shared<const skintwin::grid::AlignedVector>(3)}}, BoundarySet(2)), std::invalid_argument);
  solver::TaxisOptions too_fast;
  too_fast.courant = 0.6;
  EXPECT_THROW(solver::TaxisSolver(g, {{0, 1, 1.0, 0.0, {}}}, BoundarySet(2), too_fast), std::invalid_argument);
  BoundarySet half_periodic(2);
  half_periodic.set(0, Face::XMin, {skintwin::grid::BoundaryKind::Periodic, 0.0});
  half_periodic.set(0, Face::XMax, {skintwin::grid::BoundaryKind::Periodic, 0.0});
  EXPECT_THROW(solver::TaxisSolver(g, {{0, 1, 1.0, 0.0, {}}}, half_periodic), std::invalid_argument);
  solver::TaxisSolver ok(g, {{0, 1, 1.0, 0.0, {}}}, BoundarySet(2));
  FieldSet fields(g, {"u", "c"});
  EXPECT_THROW(ok.step(fields, -1.0), std::invalid_argument);
}

// Along x the solver sweeps contiguous rows; along y and z it sweeps whole grid rows at once (the
// other axes are laid out differently). The same one-dimensional problem put along each axis, uniform
// across the other two, must move the same way bit for bit: a pulse climbing a ramp (no-flux walls)
// and a pulse on a periodic wave.
void expect_every_axis_alike(bool periodic) {
  const int n = 48;
  const double h = 5.0, pi = std::numbers::pi;
  std::vector<std::vector<Real>> lines;
  for (const Axis axis : {Axis::X, Axis::Y, Axis::Z}) {
    const Grid g = axis == Axis::X   ? Grid::make_3d(n, 3, 2, h, h, h)
                   : axis == Axis::Y ? Grid::make_3d(3, n, 2, h, h, h)
                                     : Grid::make_3d(3, 2, n, h, h, h);
    BoundarySet bcs(2);
    if (periodic)
      for (const Face f : {Face::XMin, Face::YMin, Face::ZMin}) bcs.set_periodic(f);
    FieldSet fields(g, {"u", "c"});
    for (int k = 0; k < g.nz(); ++k)
      for (int j = 0; j < g.ny(); ++j)
        for (int i = 0; i < g.nx(); ++i) {
          const int along = axis == Axis::X ? i : axis == Axis::Y ? j : k;
          const auto v = g.index(i, j, k);
          fields.field(0)[v] = static_cast<Real>(along >= 10 && along < 18 ? 1.0 + 0.1 * (along - 10) : 0.05);
          fields.field(1)[v] = static_cast<Real>(periodic ? 1.0 + 0.5 * std::sin(2.0 * pi * along / n) : along / 16.0);
        }
    solver::TaxisSolver taxis(g, {{0, 1, 40.0, 2.0, {}}}, bcs);
    taxis.step(fields, 30.0);
    for (int k = 0; k < g.nz(); ++k)
      for (int j = 0; j < g.ny(); ++j)
        for (int i = 0; i < g.nx(); ++i) {
          std::vector<Real> line;
          for (int a = 0; a < n; ++a) {
            const int x = axis == Axis::X ? a : i, y = axis == Axis::Y ? a : j, z = axis == Axis::Z ? a : k;
            line.push_back(fields.field(0)[g.index(x, y, z)]);
          }
          if (axis == Axis::X ? i > 0 : axis == Axis::Y ? j > 0 : k > 0) continue;  // one line per transverse cell
          lines.push_back(line);
        }
  }
  ASSERT_EQ(lines.size(), 6u + 6u + 6u);
  for (const auto& line : lines) EXPECT_EQ(line, lines.front());
  EXPECT_NE(lines.front()[9], Real(0.05));  // it moved
}

TEST(Taxis, EveryAxisMovesTheSameProblemBitForBit) {
  expect_every_axis_alike(false);
  expect_every_axis_alike(true);
}

TEST(Taxis, OneAndTwoThreadsGiveBitIdenticalFields) {
  const Grid g = Grid::make_3d(64, 64, 64, 10.0, 10.0, 10.0);  // above kParallelMinVoxels: threads fork
  BoundarySet bcs(3);
  bcs.set_periodic(Face::XMin);
  bcs.set_periodic(Face::YMin);
  auto run = [&](int threads) {
    const int saved = omp_get_max_threads();
    omp_set_num_threads(threads);
    FieldSet fields(g, {"u", "c", "d"});
    std::mt19937 gen(9);
    std::uniform_real_distribution<double> dist(0.0, 2.0);
    for (std::size_t s = 0; s < 3; ++s)
      for (auto& x : fields.field(s)) x = static_cast<Real>(dist(gen));
    solver::TaxisSolver taxis(g, {{0, 1, 30.0, 1.0, {}}, {0, 2, 10.0, 0.0, {}}}, bcs);
    taxis.step(fields, 3.0);
    omp_set_num_threads(saved);
    return fields;
  };
  const FieldSet one = run(1), two = run(2);
  EXPECT_EQ(std::memcmp(one.field(0).data(), two.field(0).data(), one.field(0).size() * sizeof(Real)), 0);
}

// Each mover takes the sub-steps its own fastest face needs: a slow mover beside a fast one moves
// bit for bit as it would alone, on a small grid (movers side by side) and on a large one (one after
// the other, velocities taken just before each moves).
void expect_movers_move_as_alone(const Grid& g) {
  BoundarySet bcs(4);
  FieldSet start(g, {"fast", "slow", "c", "d"});
  for (int k = 0; k < g.nz(); ++k)
    for (int j = 0; j < g.ny(); ++j)
      for (int i = 0; i < g.nx(); ++i) {
        const auto v = g.index(i, j, k);
        start.field(0)[v] = start.field(1)[v] = static_cast<Real>(i >= 20 && i < 30 ? 1.0 : 0.1);
        start.field(2)[v] = static_cast<Real>(g.center_um(Axis::X, i) / 64.0);
        start.field(3)[v] = static_cast<Real>(g.center_um(Axis::X, i) / 64.0 + 0.01 * k);
      }
  const solver::TaxisTerm fast{0, 2, 256.0, 0.0, {}}, slow{1, 3, 16.0, 0.0, {}};
  FieldSet both = start, slow_alone = start, fast_alone = start;
  EXPECT_EQ(solver::TaxisSolver(g, {fast, slow}, bcs).step(both, 10.0), 25);  // the most any mover took
  EXPECT_EQ(solver::TaxisSolver(g, {slow}, bcs).step(slow_alone, 10.0), 2);
  solver::TaxisSolver(g, {fast}, bcs).step(fast_alone, 10.0);
  const auto bytes = both.field(0).size() * sizeof(Real);
  EXPECT_EQ(std::memcmp(both.field(1).data(), slow_alone.field(1).data(), bytes), 0);
  EXPECT_EQ(std::memcmp(both.field(0).data(), fast_alone.field(0).data(), bytes), 0);
}

TEST(Taxis, EachMoverTakesTheSubStepsItNeeds) {
  expect_movers_move_as_alone(Grid::make_2d(64, 3, 4.0, 4.0));
  expect_movers_move_as_alone(Grid::make_3d(64, 64, 64, 4.0, 4.0, 4.0));  // above kParallelMinVoxels
}

}  // namespace
