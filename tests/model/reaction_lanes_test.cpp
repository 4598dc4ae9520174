// The batched reaction integrator (solver/reaction_lanes.hpp) against the scalar one on the healing
// model's own right-hand side: every voxel must end bitwise where integrate_voxel puts it, with the
// same sub-step counts, whatever its neighbours in the batch do, at both lane widths (8 where there is
// AVX-512, 4 elsewhere). Built with -ffp-contract=off, as
// the model's kernel and every file are (cmake/SkintwinWarnings.cmake).
#include "skintwin/solver/reaction_lanes.hpp"

#include <cstring>
#include <random>
#include <stdexcept>

#include <gtest/gtest.h>

#include "model_fixture.hpp"

#if defined(SKINTWIN_HAVE_LANES)
namespace skintwin::model {
namespace {

// 37 voxels per row (four full batches and a tail of 5), 60 rows through every layer, each voxel
// somewhere between healthy and freshly wounded: damage, clot, growth factor, cells and matrix
// drawn independently, so neighbouring lanes take very different sub-step sequences.
grid::FieldSet wounded_states(const HealingModel& model, unsigned seed) {
  grid::FieldSet fields = model.healthy_state();
  std::mt19937 gen(seed);
  std::uniform_real_distribution<double> factor(0.0, 3.0), unit(0.0, 1.2);
  for (std::size_t s = 0; s < kSpeciesCount; ++s) {
    auto f = fields.field(s);
    for (auto& x : f) {
      const double draw = (s == index(Species::Damage) || s == index(Species::Fibrin) ||
                           s == index(Species::EpidermalCoverage))
                              ? unit(gen)
                              : static_cast<double>(x) * factor(gen) + (s == index(Species::ClotGrowthFactor) ? unit(gen) : 0.0);
      x = static_cast<grid::Real>(draw);
    }
  }
  return fields;
}

bool bitwise_equal(const grid::FieldSet& a, const grid::FieldSet& b) {
  for (std::size_t s = 0; s < a.count(); ++s)
    if (std::memcmp(a.field(s).data(), b.field(s).data(), a.field(s).size() * sizeof(grid::Real)) != 0) return false;
  return true;
}

struct Case {
  double t_min;
  double dt_min;
  solver::ReactionOptions options;
};

template <class V>
void expect_width_equal_scalar(const Case& c, unsigned seed) {
  const HealingModel model = testing::make_model(grid::Grid::make_2d(37, 60, 20.0, 20.0));
  const HealingRhs rhs = model.reaction_rhs(0.0);
  grid::FieldSet scalar = wounded_states(model, seed);
  grid::FieldSet lanes = scalar;
  const auto a = solver::integrate_reactions(scalar, rhs, c.t_min, c.dt_min, c.options);
  const auto b = solver::integrate_reactions(lanes, rhs, c.t_min, c.dt_min, c.options,
                                             [&](const solver::ReactionRow& row) {
                                               return solver::integrate_row_lanes<V>(rhs, row, c.t_min, c.dt_min, c.options);
                                             });
  EXPECT_GT(a.accepted_substeps, 37 * 60);
  EXPECT_EQ(a.accepted_substeps, b.accepted_substeps);
  EXPECT_EQ(a.rejected_substeps, b.rejected_substeps);
  EXPECT_EQ(a.max_substeps_in_a_voxel, b.max_substeps_in_a_voxel);
  EXPECT_TRUE(bitwise_equal(scalar, lanes));
}

void expect_lanes_equal_scalar(const Case& c, unsigned seed) {
  expect_width_equal_scalar<solver::LaneDouble>(c, seed);
  expect_width_equal_scalar<solver::LaneDouble4>(c, seed);
}

TEST(ReactionLanes, EveryVoxelEndsBitwiseWhereTheScalarIntegratorPutsIt) {
  expect_lanes_equal_scalar({.t_min = 30.0, .dt_min = 60.0, .options = {}}, 1);
  expect_lanes_equal_scalar({.t_min = 0.0, .dt_min = 600.0, .options = {}}, 2);  // epidermal clock starts at 0
}

TEST(ReactionLanes, FixedSubStepsAndLooseTolerancesAgreeToo) {
  expect_lanes_equal_scalar({.t_min = 5.0, .dt_min = 120.0, .options = {.fixed_substeps = 7}}, 3);
  expect_lanes_equal_scalar({.t_min = 5.0, .dt_min = 240.0, .options = {.rel_tol = 1e-2, .abs_tol = 1e-4}}, 4);
}

TEST(ReactionLanes, TheLinearlyImplicitMethodOfLongStepsAgreesBitwiseToo) {
  expect_lanes_equal_scalar({.t_min = 30.0, .dt_min = 1440.0, .options = {.stiff_from_dt_min = 1000.0}}, 5);
  expect_lanes_equal_scalar({.t_min = 5.0, .dt_min = 720.0, .options = {.fixed_substeps = 3, .stiff_from_dt_min = 0.0}}, 6);
}

template <class V>
void expect_failure_reported_as_in_the_scalar_path() {
  const HealingModel model = testing::make_model(grid::Grid::make_2d(37, 60, 20.0, 20.0));
  const HealingRhs rhs = model.reaction_rhs(0.0);
  grid::FieldSet fields = wounded_states(model, 5);
  const solver::ReactionOptions tight{.max_substeps = 2};
  EXPECT_THROW(solver::integrate_reactions(fields, rhs, 0.0, 600.0, tight,
                                           [&](const solver::ReactionRow& row) {
                                             return solver::integrate_row_lanes<V>(rhs, row, 0.0, 600.0, tight);
                                           }),
               std::runtime_error);
  // The row reports its failed voxels and leaves them as they were.
  grid::FieldSet before = wounded_states(model, 5);
  grid::FieldSet after = before;
  grid::Real* data[solver::kMaxReactionSpecies];
  for (std::size_t s = 0; s < after.count(); ++s) data[s] = after.field(s).data();
  const solver::ReactionRow row{data, after.count(), 40 * 37, 37, 40};  // row k = 40 of the 37-wide grid
  const auto o = solver::integrate_row_lanes<V>(rhs, row, 0.0, 600.0, tight);
  ASSERT_NE(o.first_failed_voxel, static_cast<std::size_t>(-1));
  const std::size_t v = o.first_failed_voxel;
  for (std::size_t s = 0; s < after.count(); ++s) EXPECT_EQ(after.field(s)[v], before.field(s)[v]);
}

TEST(ReactionLanes, AVoxelOverItsBudgetFailsAndIsReportedAsInTheScalarPath) {
  expect_failure_reported_as_in_the_scalar_path<solver::LaneDouble>();
  expect_failure_reported_as_in_the_scalar_path<solver::LaneDouble4>();
}

}  // namespace
}  // namespace skintwin::model
#endif
