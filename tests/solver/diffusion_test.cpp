// Unit checks of the diffusion solver's API: validation, skipped species, dt caching, and
// small systems whose backward-Euler step can be solved by hand.
#include <gtest/gtest.h>
#include <omp.h>

#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <random>
#include <stdexcept>
#include <vector>

#include "skintwin/grid/boundary.hpp"
#include "skintwin/grid/field_set.hpp"
#include "skintwin/grid/grid.hpp"
#include "skintwin/solver/diffusion.hpp"

namespace skintwin {
namespace {

using grid::BoundaryKind;
using grid::Face;
using grid::Real;
using solver::DiffusionSolver;
using solver::DiffusionSpec;

// The solver's contract errors read "<what> = <value>: <allowed>"; returns <what>.
std::string thrown_key(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    const std::string what = e.what();
    return what.substr(0, what.find(" = "));
  }
  return "(nothing thrown)";
}

TEST(DiffusionSolver, RejectsBadSpecies) {
  const auto g = grid::Grid::make_2d(4, 3, 10.0, 10.0);
  EXPECT_EQ(thrown_key([&] { DiffusionSolver(g, {{-1.0, 0.0, {}}}, grid::BoundarySet(1)); }),
            "diffusion: species[0].D_um2_per_min");
  EXPECT_EQ(thrown_key([&] {
              DiffusionSolver(g, {{1.0, 0.0, {}}, {1.0, std::numeric_limits<double>::quiet_NaN(), {}}},
                              grid::BoundarySet(2));
            }),
            "diffusion: species[1].decay_per_min");
  EXPECT_EQ(thrown_key([&] { DiffusionSolver(g, {{1.0, 0.0, grid::AlignedVector(5, 1)}}, grid::BoundarySet(1)); }),
            "diffusion: species[0].D_scale");
  EXPECT_EQ(thrown_key([&] { DiffusionSolver(g, {{1.0, 0.0, grid::AlignedVector(12, -1)}}, grid::BoundarySet(1)); }),
            "diffusion: species[0].D_scale");
  EXPECT_EQ(thrown_key([&] { DiffusionSolver(g, {{1.0, 0.0, {}}}, grid::BoundarySet(2)); }), "diffusion: boundaries");
}

TEST(DiffusionSolver, RejectsOneSidedPeriodicAxis) {
  const auto g = grid::Grid::make_2d(4, 3, 10.0, 10.0);
  grid::BoundarySet bcs(1);
  bcs.set(0, Face::XMin, {BoundaryKind::Periodic, 0.0});
  EXPECT_THROW(DiffusionSolver(g, {{1.0, 0.0, {}}}, bcs), std::invalid_argument);
}

TEST(DiffusionSolver, RejectsBadStepArguments) {
  const auto g = grid::Grid::make_2d(4, 3, 10.0, 10.0);
  DiffusionSolver solver(g, {{1.0, 0.0, {}}}, grid::BoundarySet(1));
  grid::FieldSet one(g, {"a"}), two(g, {"a", "b"});
  grid::FieldSet other_grid(grid::Grid::make_2d(3, 4, 10.0, 10.0), {"a"});
  EXPECT_EQ(thrown_key([&] { solver.step(one, 0.0); }), "diffusion: dt_min");
  EXPECT_EQ(thrown_key([&] { solver.step(one, -1.0); }), "diffusion: dt_min");
  EXPECT_EQ(thrown_key([&] { solver.step(two, 1.0); }), "diffusion: fields");
  EXPECT_EQ(thrown_key([&] { solver.step(other_grid, 1.0); }), "diffusion: fields");
}

// A species with neither diffusion nor decay must cost nothing: its storage is not even read
// (NaN stays bit-for-bit NaN, and a non-finite value in an active species would spread).
TEST(DiffusionSolver, InertSpeciesIsSkipped) {
  const auto g = grid::Grid::make_3d(5, 4, 3, 10.0, 10.0, 10.0);
  grid::FieldSet fields(g, {"collagen", "growth_factor"}, Real{1});
  const Real nan = std::numeric_limits<Real>::quiet_NaN();
  for (Real& v : fields.field(0)) v = nan;
  DiffusionSolver solver(g, {{0.0, 0.0, {}}, {100.0, 0.1, {}}}, grid::BoundarySet(2));
  EXPECT_FALSE(solver.is_active(0));
  EXPECT_TRUE(solver.is_active(1));
  solver.step(fields, 0.5);
  for (const Real v : fields.field(0)) EXPECT_TRUE(std::isnan(v));
  EXPECT_NEAR(fields.field(1)[7], 1.0 / 1.05, 1e-6);
}

// One cell between two fixed faces along x (the other axes no-flux): backward Euler gives
// u1 = (u0 + 2w g_lo + 2w g_hi) / (1 + 4w), with w = D dt / h^2 (half-cell faces: weight 2w).
TEST(DiffusionSolver, SingleCellBetweenFixedFaces) {
  const auto g = grid::Grid::make_2d(1, 1, 10.0, 10.0);
  grid::BoundarySet bcs(1);
  bcs.set(0, Face::XMin, {BoundaryKind::FixedValue, 3.0});
  bcs.set(0, Face::XMax, {BoundaryKind::FixedValue, 1.0});
  grid::FieldSet fields(g, {"u"}, Real{0.5});
  DiffusionSolver solver(g, {{100.0, 0.0, {}}}, bcs);
  solver.step(fields, 0.5);
  const double w = 100.0 * 0.5 / 100.0;
  EXPECT_NEAR(fields.field(0)[0], (0.5 + 2 * w * 3.0 + 2 * w * 1.0) / (1 + 4 * w), 1e-6);
}

// Two periodic cells are neighbours through both faces: [[1+2w, -2w], [-2w, 1+2w]] u1 = (1, 0)
// gives u1 = ((1+2w), 2w) / (1+4w). Exercises the smallest cyclic system.
TEST(DiffusionSolver, TwoPeriodicCells) {
  const auto g = grid::Grid::make_2d(2, 1, 10.0, 10.0);
  grid::BoundarySet bcs(1);
  bcs.set_periodic(Face::XMax);
  grid::FieldSet fields(g, {"u"});
  fields.field(0)[0] = 1;
  DiffusionSolver solver(g, {{100.0, 0.0, {}}}, bcs);
  solver.step(fields, 0.5);
  const double w = 0.5;
  EXPECT_NEAR(fields.field(0)[0], (1 + 2 * w) / (1 + 4 * w), 1e-6);
  EXPECT_NEAR(fields.field(0)[1], 2 * w / (1 + 4 * w), 1e-6);
}

// Three no-flux cells, u = (1, 0, 0): solve [[1+w, -w, 0], [-w, 1+2w, -w], [0, -w, 1+w]] by hand
// with w = 1: determinant 8 (= (1+w)(1+2w)(1+w) - 2w^2(1+w) at w=1: 12 - 4), first column of the
// inverse (5, 2, 1) / 8.
TEST(DiffusionSolver, ThreeNoFluxCellsByHand) {
  const auto g = grid::Grid::make_3d(1, 1, 3, 10.0, 10.0, 10.0);
  grid::FieldSet fields(g, {"u"});
  fields.field(0)[0] = 1;
  DiffusionSolver solver(g, {{100.0, 0.0, {}}}, grid::BoundarySet(1));
  solver.step(fields, 1.0);
  EXPECT_NEAR(fields.field(0)[0], 5.0 / 8.0, 1e-6);
  EXPECT_NEAR(fields.field(0)[1], 2.0 / 8.0, 1e-6);
  EXPECT_NEAR(fields.field(0)[2], 1.0 / 8.0, 1e-6);
}

std::vector<Real> stepped(const grid::Grid& g, DiffusionSolver& solver, std::span<const Real> start,
                          const std::vector<double>& dts) {
  grid::FieldSet fields(g, {"u"});
  std::copy(start.begin(), start.end(), fields.field(0).begin());
  for (const double dt : dts) solver.step(fields, dt);
  return {fields.field(0).begin(), fields.field(0).end()};
}

// Factors are cached per dt: a changed dt must refactorise, and returning to an earlier dt
// must give what a fresh solver gives.
TEST(DiffusionSolver, VariableDtMatchesFreshSolvers) {
  const auto g = grid::Grid::make_3d(6, 5, 7, 10.0, 10.0, 10.0);
  const std::vector<DiffusionSpec> specs{{300.0, 0.2, {}}};
  grid::BoundarySet bcs(1);
  bcs.set_periodic(Face::YMin);
  bcs.set(0, Face::ZMin, {BoundaryKind::FixedValue, 2.0});
  std::vector<Real> start(g.voxels());
  for (std::size_t v = 0; v < start.size(); ++v) start[v] = static_cast<Real>((v * 37) % 11);

  DiffusionSolver reused(g, specs, bcs);
  const auto chained = stepped(g, reused, start, {0.1, 0.3, 0.1});
  std::vector<Real> fresh = start;
  for (const double dt : {0.1, 0.3, 0.1}) {
    DiffusionSolver once(g, specs, bcs);
    fresh = stepped(g, once, fresh, {dt});
  }
  EXPECT_EQ(std::memcmp(chained.data(), fresh.data(), fresh.size() * sizeof(Real)), 0);
  DiffusionSolver constant(g, specs, bcs);
  const auto same_dt = stepped(g, constant, start, {0.1, 0.1, 0.1});
  EXPECT_NE(std::memcmp(chained.data(), same_dt.data(), fresh.size() * sizeof(Real)), 0);
}

// A per-voxel multiplier of 1 everywhere is the uniform problem (harmonic mean of 1 and 1 is 1).
TEST(DiffusionSolver, UnitMultiplierEqualsUniform) {
  const auto g = grid::Grid::make_3d(9, 6, 8, 10.0, 12.0, 8.0);
  grid::BoundarySet bcs(2);
  bcs.set_periodic(Face::XMin);
  bcs.set_all_species(Face::ZMax, {BoundaryKind::FixedValue, 0.5});
  grid::FieldSet fields(g, {"uniform", "scaled"});
  for (std::size_t v = 0; v < g.voxels(); ++v)
    fields.field(0)[v] = fields.field(1)[v] = static_cast<Real>((v * 13) % 7);
  DiffusionSolver solver(g, {{500.0, 0.1, {}}, {500.0, 0.1, grid::AlignedVector(g.voxels(), Real{1})}}, bcs);
  for (int n = 0; n < 3; ++n) solver.step(fields, 0.2);
  for (std::size_t v = 0; v < g.voxels(); ++v) EXPECT_NEAR(fields.field(0)[v], fields.field(1)[v], 2e-6) << v;
}

// A zero multiplier isolates a cell: no flux crosses any of its faces (harmonic mean 0).
TEST(DiffusionSolver, ZeroMultiplierBlocksFlux) {
  const auto g = grid::Grid::make_2d(5, 5, 10.0, 10.0);
  grid::AlignedVector scale(g.voxels(), Real{1});
  scale[g.index(2, 0, 2)] = 0;
  grid::FieldSet fields(g, {"u"});
  fields.field(0)[g.index(2, 0, 2)] = 4;
  fields.field(0)[g.index(0, 0, 0)] = 1;
  DiffusionSolver solver(g, {{1e3, 0.0, scale}}, grid::BoundarySet(1));
  for (int n = 0; n < 5; ++n) solver.step(fields, 1.0);
  EXPECT_FLOAT_EQ(fields.field(0)[g.index(2, 0, 2)], 4.0f);
  EXPECT_GT(fields.field(0)[g.index(4, 0, 4)], 0.0f);
}

// 2D grids have no y faces: a condition set there changes nothing.
TEST(DiffusionSolver, TwoDimensionalGridIgnoresYFaces) {
  const auto g = grid::Grid::make_2d(6, 4, 10.0, 10.0);
  grid::BoundarySet plain(1), with_y(1);
  with_y.set(0, Face::YMin, {BoundaryKind::FixedValue, 9.0});
  grid::FieldSet a(g, {"u"}, Real{1}), b(g, {"u"}, Real{1});
  a.field(0)[3] = b.field(0)[3] = 5;
  DiffusionSolver sa(g, {{200.0, 0.0, {}}}, plain), sb(g, {{200.0, 0.0, {}}}, with_y);
  sa.step(a, 0.3);
  sb.step(b, 0.3);
  EXPECT_EQ(std::memcmp(a.field(0).data(), b.field(0).data(), g.voxels() * sizeof(Real)), 0);
}

TEST(DiffusionSolver, MovedSolverKeepsWorking) {
  const auto g = grid::Grid::make_2d(3, 3, 10.0, 10.0);
  grid::BoundarySet bcs(1);
  bcs.set(0, Face::ZMin, {BoundaryKind::FixedValue, 1.0});
  DiffusionSolver first(g, {{100.0, 0.0, {}}}, bcs);
  DiffusionSolver moved(std::move(first));
  EXPECT_EQ(moved.boundaries().get(0, Face::ZMin).kind, BoundaryKind::FixedValue);
  grid::FieldSet fields(g, {"u"});
  moved.step(fields, 0.1);
  EXPECT_GT(fields.field(0)[0], 0.0f);
}

// Below the threading threshold the species run side by side, one per thread, each with its own
// scratch: five species of every kind (uniform, layered, per-voxel multiplier, decay only, inert)
// on a small grid give the same bits on 1 and 2 threads, and each the bits it gets alone.
TEST(DiffusionSolver, SmallGridSpeciesSideBySideGiveTheSameBits) {
  const auto g = grid::Grid::make_3d(12, 10, 24, 10.0, 10.0, 10.0);
  grid::AlignedVector layered(g.voxels()), per_voxel(g.voxels());
  std::mt19937 gen(4);
  std::uniform_real_distribution<double> dist(0.2, 2.0);
  for (std::size_t v = 0; v < g.voxels(); ++v) {
    layered[v] = static_cast<Real>(v / (12 * 10) < 6 ? 0.5 : 1.0);
    per_voxel[v] = static_cast<Real>(dist(gen));
  }
  const std::vector<DiffusionSpec> specs{
      {300.0, 0.0, {}}, {50.0, 0.01, layered}, {20.0, 0.0, per_voxel}, {0.0, 0.02, {}}, {0.0, 0.0, {}}};
  grid::BoundarySet bcs(specs.size());
  bcs.set_periodic(Face::XMin);
  grid::FieldSet start(g, {"a", "b", "c", "d", "e"});
  for (std::size_t s = 0; s < specs.size(); ++s)
    for (auto& x : start.field(s)) x = static_cast<Real>(dist(gen));
  auto run = [&](int threads, const std::vector<DiffusionSpec>& these) {
    const int saved = omp_get_max_threads();
    omp_set_num_threads(threads);
    grid::FieldSet f = start;
    DiffusionSolver solver(g, these, bcs);
    solver.step(f, 2.0);
    solver.step(f, 3.0);
    omp_set_num_threads(saved);
    return f;
  };
  const grid::FieldSet one = run(1, specs), two = run(2, specs);
  for (std::size_t s = 0; s < specs.size(); ++s) {
    EXPECT_EQ(std::memcmp(one.field(s).data(), two.field(s).data(), g.voxels() * sizeof(Real)), 0) << "species " << s;
    std::vector<DiffusionSpec> alone(specs.size(), DiffusionSpec{0.0, 0.0, {}});
    alone[s] = specs[s];
    const grid::FieldSet single = run(2, alone);
    EXPECT_EQ(std::memcmp(one.field(s).data(), single.field(s).data(), g.voxels() * sizeof(Real)), 0) << "species " << s;
  }
  EXPECT_NE(std::memcmp(one.field(0).data(), start.field(0).data(), g.voxels() * sizeof(Real)), 0);  // it moved
}

}  // namespace
}  // namespace skintwin
