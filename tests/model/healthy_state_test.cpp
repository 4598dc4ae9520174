// Healthy skin is an exact steady state of the model (baseline closure, docs/model.md 2.14).
#include <algorithm>
#include <cmath>

#include <gtest/gtest.h>

#include "model_fixture.hpp"
#include "skintwin/core/error.hpp"

namespace skintwin::model {
namespace {

TEST(HealthyState, EveryReactionRateVanishesAtTheBaseline) {
  const auto grid = grid::Grid::make_2d(2, 60, 20.0, 20.0);
  const HealingModel model = testing::make_model(grid);
  const grid::FieldSet healthy = model.healthy_state();
  const HealingRhs rhs = model.reaction_rhs();
  for (int k = 0; k < grid.nz(); ++k) {
    double u[kSpeciesCount], du[kSpeciesCount];
    for (std::size_t s = 0; s < kSpeciesCount; ++s) u[s] = healthy.field(s)[grid.index(0, 0, k)];
    solver::VoxelContext ctx;
    ctx.k = k;
    ctx.t_min = 5000.0;
    rhs(u, du, kSpeciesCount, ctx);
    for (std::size_t s = 0; s < kSpeciesCount; ++s)
      EXPECT_LE(std::fabs(du[s]), 1e-15 * std::max(1.0, u[s])) << kSpeciesNames[s] << " at row " << k;
  }
}

TEST(HealthyState, LayerBaselinesFollowTheLayers) {
  const auto grid = grid::Grid::make_2d(2, 60, 20.0, 20.0);
  const HealingModel model = testing::make_model(grid);
  // Row 1 (30 µm) is epidermis, row 5 (110 µm) papillary, row 30 (610 µm) reticular.
  EXPECT_EQ(model.baseline(Species::Fibroblasts, grid.index(0, 0, 1)), 0.0);
  EXPECT_FLOAT_EQ(model.baseline(Species::Fibroblasts, grid.index(0, 0, 5)), 1.5f);
  EXPECT_FLOAT_EQ(model.baseline(Species::Vessels, grid.index(0, 0, 30)), 0.3f);
  EXPECT_FLOAT_EQ(model.baseline(Species::EpidermalCoverage, grid.index(1, 0, 1)), 1.0f);
  EXPECT_EQ(model.baseline(Species::EpidermalCoverage, grid.index(1, 0, 5)), 0.0);
}

// Far from any interface the reticular dermis is a Krogh-type balance with no net diffusion:
// h_V V_b (O_cap - O) = q_0 O / (K_Oq + O), a quadratic in O.
TEST(HealthyState, DeepReticularOxygenMatchesTheLocalSupplyDemandBalance) {
  const auto grid = grid::Grid::make_2d(1, 75, 20.0, 20.0);  // reticular 300-1500 µm: row 45 is 600 µm from both ends
  const HealingModel model = testing::make_model(grid);
  const HealingParameters p = default_healing_parameters();
  const double a = p.rates.h_V_per_min * p.baselines.vessels[2];
  const double q = p.rates.q_0_mmHg_per_min[2];
  const double K = p.rates.K_Oq_mmHg, Oc = p.rates.O_cap_mmHg;
  // a (Oc - O)(K + O) = q O  ->  a O^2 + (q + a K - a Oc) O - a Oc K = 0
  const double B = q + a * K - a * Oc;
  const double expected = (-B + std::sqrt(B * B + 4.0 * a * a * Oc * K)) / (2.0 * a);
  EXPECT_NEAR(model.baseline(Species::Oxygen, grid.index(0, 0, 45)), expected, 0.01 * expected);
}

TEST(HealthyState, StaysStillFor180Days) {
  const auto grid = grid::Grid::make_2d(4, 50, 25.0, 20.0);
  const HealingModel model = testing::make_model(grid);
  const grid::FieldSet healthy = model.healthy_state();
  grid::FieldSet fields = healthy;
  solver::Stepper stepper = model.make_stepper(0.0);
  stepper.advance_to(fields, 180.0 * 1440.0, 360.0);
  for (std::size_t s = 0; s < kSpeciesCount; ++s) {
    double worst = 0.0;
    for (std::size_t i = 0; i < grid.voxels(); ++i) {
      const double ref = healthy.field(s)[i];
      const double change = std::fabs(fields.field(s)[i] - ref) / std::max(std::fabs(ref), 1e-3);
      worst = std::max(worst, change);
    }
    EXPECT_LT(worst, 1e-5) << kSpeciesNames[s];
  }
}

// A 3D patch has periodic sides in every operator (cell motility, taxis, diffusion, oxygen).
TEST(HealthyState, ThreeDimensionalPatchStaysStillAndAPunctureSpreadsSymmetrically) {
  const auto grid = grid::Grid::make_3d(9, 9, 30, 20.0, 20.0, 20.0);
  const HealingModel model = testing::make_model(grid);
  const grid::FieldSet healthy = model.healthy_state();
  grid::FieldSet fields = healthy;
  solver::Stepper still = model.make_stepper(0.0);
  still.advance_to(fields, 30.0 * 1440.0, 360.0);
  for (std::size_t s = 0; s < kSpeciesCount; ++s)
    for (std::size_t i = 0; i < grid.voxels(); ++i)
      ASSERT_NEAR(fields.field(s)[i], healthy.field(s)[i], 1e-5 * std::max(1.0f, std::fabs(healthy.field(s)[i])))
          << kSpeciesNames[s];
  // A damaged column at the patch centre: after a day the response is symmetric under x <-> y.
  for (int k = 0; k < 20; ++k) {
    const std::size_t idx = grid.index(4, 4, k);
    fields.field(index(Species::Damage))[idx] = 1.0f;
    fields.field(index(Species::GrowthFactor))[idx] = 5.0f;
    fields.field(index(Species::Vessels))[idx] = 0.0f;
  }
  solver::Stepper stepper = model.make_stepper(0.0, 0.0);
  stepper.advance_to(fields, 1440.0, solver::DtSchedule{0.5, 60.0, 0.1}, 0.0);
  const auto M = fields.field(index(Species::InflammatoryCells));
  for (int k = 0; k < 20; k += 5) {
    EXPECT_NEAR(M[grid.index(2, 4, k)], M[grid.index(4, 2, k)], 1e-4 * M[grid.index(2, 4, k)]);
    EXPECT_NEAR(M[grid.index(2, 4, k)], M[grid.index(6, 4, k)], 1e-4 * M[grid.index(2, 4, k)]);
  }
  EXPECT_GT(M[grid.index(3, 4, 10)], healthy.field(index(Species::InflammatoryCells))[grid.index(3, 4, 10)]);
}

TEST(Parameters, DefaultsAreValidAndBadValuesAreNamed) {
  EXPECT_NO_THROW(validate(default_healing_parameters()));
  HealingParameters p = default_healing_parameters();
  p.rates.k_M_per_min = -1.0;
  try {
    validate(p);
    FAIL() << "a negative removal rate was accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.key(), "model.rates.k_M_per_min");
  }
  p = default_healing_parameters();
  p.rates.K_G = 0.0;
  EXPECT_THROW(validate(p), InputError);
  p = default_healing_parameters();
  p.baselines.vessels[1] = std::nan("");
  EXPECT_THROW(validate(p), InputError);
  p = default_healing_parameters();
  p.rates.f3_max = 1.5;
  EXPECT_THROW(validate(p), InputError);
}

}  // namespace
}  // namespace skintwin::model
