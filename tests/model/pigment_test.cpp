// Epidermal melanin and a topical agent (docs/model.md, "Topical delivery and pigment").
#include <cmath>

#include <gtest/gtest.h>

#include "model_fixture.hpp"

namespace skintwin::model {
namespace {

std::array<double, kSpeciesCount> epidermis_voxel(const grid::FieldSet& healthy) {
  std::array<double, kSpeciesCount> u{};
  for (std::size_t s = 0; s < kSpeciesCount; ++s) u[s] = healthy.field(s)[healthy.grid().index(0, 0, 1)];
  return u;
}

double melanin_rate(const HealingRhs& rhs, const std::array<double, kSpeciesCount>& u, double t_min) {
  std::array<double, kSpeciesCount> du{};
  solver::VoxelContext ctx;
  ctx.k = 1;  // 30 µm: epidermis
  ctx.t_min = t_min;
  rhs(u.data(), du.data(), kSpeciesCount, ctx);
  return du[index(Species::Melanin)];
}

// Melanin is at rest wherever it matches its melanocytes' output, healthy or melasma; it turns over
// toward that output at k_mel, and the agent lowers the output by up to e_max.
TEST(Pigment, MelaninTurnsOverTowardItsMelanocytesOutputWhichTheAgentLowers) {
  const auto grid = grid::Grid::make_2d(1, 60, 20.0, 20.0);
  HealingParameters p = default_healing_parameters();
  const HealingModel model = testing::make_model(grid, p);
  const HealingRhs rhs = model.reaction_rhs();
  auto u = epidermis_voxel(model.healthy_state());
  ASSERT_EQ(u[index(Species::Melanin)], 1.0);
  EXPECT_EQ(melanin_rate(rhs, u, 1e5), 0.0);
  u[index(Species::Melanogenesis)] = 2.0;
  u[index(Species::Melanin)] = 2.0;
  EXPECT_EQ(melanin_rate(rhs, u, 1e5), 0.0) << "a melasma voxel at its own steady state drifts";
  u[index(Species::Melanin)] = 1.0;
  EXPECT_NEAR(melanin_rate(rhs, u, 1e5), p.rates.k_melanin_per_min * 1.0, 1e-15);
  u[index(Species::Melanin)] = 2.0;
  u[index(Species::TopicalAgent)] = p.rates.K_agent_melanin;  // half the largest suppression
  EXPECT_NEAR(melanin_rate(rhs, u, 1e5), -p.rates.k_melanin_per_min * 2.0 * 0.5 * p.rates.e_agent_melanin, 1e-15);
}

// The agent enters only while it is on the skin: through open mouths of the epidermis far faster
// than through the intact stratum corneum of the top row, which the control copy sees alone.
TEST(Pigment, TheAgentEntersThroughOpenMouthsOnlyWhileItIsApplied) {
  const auto grid = grid::Grid::make_2d(1, 60, 20.0, 20.0);
  const HealingParameters p = default_healing_parameters();
  const HealingModel model(grid, tissue::LayerMap(grid, testing::test_site(), tissue::Sex::Female), p,
                           TopicalApplication{.on_skin_min = 240.0});
  const HealingRhs rhs = model.reaction_rhs(0.0);
  const grid::FieldSet healthy = model.healthy_state();
  const auto rates_at = [&](int k, double coverage, double t_min) {
    std::array<double, kSpeciesCount> u{}, du{};
    for (std::size_t s = 0; s < kSpeciesCount; ++s) u[s] = healthy.field(s)[grid.index(0, 0, k)];
    u[index(Species::EpidermalCoverage)] = coverage;
    solver::VoxelContext ctx;
    ctx.k = k;
    ctx.t_min = t_min;
    rhs(u.data(), du.data(), kSpeciesCount, ctx);
    return std::pair{du[index(Species::TopicalAgent)], du[index(Species::TopicalAgentIntact)]};
  };
  const auto [top_intact, top_control] = rates_at(0, 1.0, 60.0);
  EXPECT_NEAR(top_intact, p.rates.P_agent_sc_um_per_min / 20.0, 1e-15);
  EXPECT_EQ(top_control, top_intact);
  const auto [open, open_control] = rates_at(1, 0.0, 60.0);
  EXPECT_NEAR(open, p.rates.k_agent_open_per_min, 1e-12);
  EXPECT_EQ(open_control, 0.0);
  EXPECT_GT(open, 100.0 * top_intact);
  const auto [after, after_control] = rates_at(1, 0.0, 300.0);
  EXPECT_EQ(after, 0.0);
  EXPECT_EQ(after_control, 0.0);
}

// A home regimen: after the session's own application the agent is on the intact skin a share of
// each day (its daily mean), through the stratum corneum only; before the first session nothing.
TEST(Pigment, AHomeRegimenAppliesTheDailyShareAfterTheSessionsOwnApplication) {
  const auto grid = grid::Grid::make_2d(1, 60, 20.0, 20.0);
  const HealingParameters p = default_healing_parameters();
  const HealingModel model(grid, tissue::LayerMap(grid, testing::test_site(), tissue::Sex::Female), p,
                           TopicalApplication{.on_skin_min = 240.0, .daily_min = 360.0});
  const HealingRhs rhs = model.reaction_rhs(0.0);
  const grid::FieldSet healthy = model.healthy_state();
  const auto top_rate = [&](double t_min) {
    std::array<double, kSpeciesCount> u{}, du{};
    for (std::size_t s = 0; s < kSpeciesCount; ++s) u[s] = healthy.field(s)[grid.index(0, 0, 0)];
    solver::VoxelContext ctx;
    ctx.k = 0;
    ctx.t_min = t_min;
    rhs(u.data(), du.data(), kSpeciesCount, ctx);
    return std::pair{du[index(Species::TopicalAgent)], du[index(Species::TopicalAgentIntact)]};
  };
  const double full = p.rates.P_agent_sc_um_per_min / 20.0;
  EXPECT_NEAR(top_rate(60.0).first, full, 1e-15);            // the session's own 4 h
  EXPECT_NEAR(top_rate(3000.0).first, 0.25 * full, 1e-15);   // then 6 h a day: a quarter of the time
  EXPECT_NEAR(top_rate(3000.0).second, 0.25 * full, 1e-15);  // the control gets the same regimen
  EXPECT_EQ(top_rate(-10.0).first, 0.0);                     // nothing before the first session
  EXPECT_EQ(model.reaction_rhs(0.0).agent_daily_share, 0.25);
}

}  // namespace
}  // namespace skintwin::model
