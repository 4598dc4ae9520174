// Sign and balance of each reaction term of the healing model (docs/model.md, "Healing model").
#include <array>
#include <cmath>

#include <gtest/gtest.h>

#include "model_fixture.hpp"

namespace skintwin::model {
namespace {

constexpr int kReticularRow = 30;  // 610 µm deep on a 20 µm grid: reticular dermis

struct Probe {
  HealingModel model;
  HealingRhs rhs;
  std::array<double, kSpeciesCount> u{};

  explicit Probe(HealingParameters p = default_healing_parameters())
      : model(testing::make_model(grid::Grid::make_2d(1, 60, 20.0, 20.0), p)), rhs(model.reaction_rhs()) {
    reset();
  }
  void reset() {
    for (std::size_t s = 0; s < kSpeciesCount; ++s)
      u[s] = model.baseline(static_cast<Species>(s), static_cast<std::size_t>(kReticularRow));
  }
  double& operator[](Species s) { return u[index(s)]; }
  double baseline(Species s) const { return model.baseline(s, static_cast<std::size_t>(kReticularRow)); }
  std::array<double, kSpeciesCount> rates(double t_min = 1e4) const {
    std::array<double, kSpeciesCount> du{};
    solver::VoxelContext ctx;
    ctx.k = kReticularRow;
    ctx.t_min = t_min;
    rhs(u.data(), du.data(), kSpeciesCount, ctx);
    return du;
  }
  double rate(Species s) const { return rates()[index(s)]; }
};

TEST(ReactionTerms, DamageIsClearedFasterWithMoreDamageAndMoreInflammatoryCells) {
  Probe p;
  p[Species::Damage] = 0.4;
  const double few_cells = p.rate(Species::Damage);
  p[Species::InflammatoryCells] = 10.0;
  const double many_cells = p.rate(Species::Damage);
  p[Species::Damage] = 0.8;
  const double more_damage = p.rate(Species::Damage);
  EXPECT_LT(few_cells, 0.0);
  EXPECT_LT(many_cells, few_cells);
  EXPECT_LT(more_damage, many_cells);
}

TEST(ReactionTerms, DamageRecruitsInflammatoryCellsWhereVesselsAre) {
  Probe p;
  p[Species::Damage] = 0.5;
  const double perfused = p.rate(Species::InflammatoryCells);
  p[Species::Vessels] = 0.0;
  const double cut = p.rate(Species::InflammatoryCells);
  EXPECT_GT(perfused, 0.0);
  EXPECT_EQ(cut, 0.0);  // no vessels: no recruitment, and M is still at its baseline
  p.reset();
  p[Species::InflammatoryCells] = 5.0 * p.baseline(Species::InflammatoryCells);
  EXPECT_LT(p.rate(Species::InflammatoryCells), 0.0);  // surplus emigrates/dies back toward baseline
}

TEST(ReactionTerms, GrowthFactorRaisesFibroblastProliferation) {
  Probe p;
  EXPECT_EQ(p.rate(Species::Fibroblasts), 0.0);
  p[Species::GrowthFactor] = p.baseline(Species::GrowthFactor) + 0.5;
  const double some = p.rate(Species::Fibroblasts);
  p[Species::GrowthFactor] = p.baseline(Species::GrowthFactor) + 2.0;
  const double more = p.rate(Species::Fibroblasts);
  EXPECT_GT(some, 0.0);
  EXPECT_GT(more, some);
  p[Species::Oxygen] = 0.0;  // no oxygen, no proliferation
  EXPECT_LE(p.rate(Species::Fibroblasts), 0.0);
}

TEST(ReactionTerms, InflammatoryCellsSecreteGrowthFactorAndProteases) {
  Probe p;
  p[Species::InflammatoryCells] = 10.0;
  EXPECT_GT(p.rate(Species::GrowthFactor), 0.0);
  EXPECT_GT(p.rate(Species::Proteases), 0.0);
  p.reset();
  p[Species::ClotGrowthFactor] = 5.0;  // the clot store releases into free growth factor
  EXPECT_LT(p.rate(Species::ClotGrowthFactor), 0.0);
  EXPECT_NEAR(p.rate(Species::GrowthFactor), -p.rate(Species::ClotGrowthFactor), 1e-15);
}

TEST(ReactionTerms, RemodellingTurnsCollagenIIIIntoIWithoutLosingMass) {
  HealingParameters params = default_healing_parameters();
  params.rates.k_C_per_min = 0.0;  // no turnover: the homeostatic synthesis is 0 too (closure)
  Probe p(params);
  p[Species::CollagenIII] = 0.5;
  p[Species::CollagenI] = 0.5;
  p[Species::Fibroblasts] = 0.0;  // no synthesis
  const auto du = p.rates();
  EXPECT_LT(du[index(Species::CollagenIII)], 0.0);
  EXPECT_EQ(du[index(Species::CollagenIII)] + du[index(Species::CollagenI)], 0.0);
  // More protease activity remodels faster.
  p[Species::Proteases] = 3.0;
  EXPECT_LT(p.rate(Species::CollagenIII), du[index(Species::CollagenIII)]);
}

// New collagen I arrives uncross-linked and matures at k_xl; losses take mature and new fibres
// alike, so the cross-linked part never outgrows collagen I.
TEST(ReactionTerms, NewCollagenIMaturesOverWeeksAndNeverOutgrowsCollagenI) {
  Probe p;
  const double k_xl = default_healing_parameters().rates.k_xl_per_min;
  ASSERT_GT(k_xl, 0.0);
  EXPECT_NEAR(p.rate(Species::CollagenCrossLinked), 0.0, 1e-15);  // healthy skin is fully cross-linked
  p[Species::CollagenI] = 1.5 * p.baseline(Species::CollagenI);       // new collagen I, none of it cross-linked yet
  EXPECT_NEAR(p.rate(Species::CollagenCrossLinked), k_xl * 0.5 * p.baseline(Species::CollagenI),
              1e-3 * k_xl * p.baseline(Species::CollagenI));
  p.reset();
  p[Species::Damage] = 0.6;  // digestion of damaged matrix takes both at the same per-unit rate
  p[Species::Proteases] = 5.0;
  const auto du = p.rates();
  EXPECT_LT(du[index(Species::CollagenCrossLinked)], 0.0);
  EXPECT_LE(du[index(Species::CollagenCrossLinked)], du[index(Species::CollagenI)] + 1e-15);
}

// The diagonal the implicit method of long steps uses (HealingRhs::decay_rates) is each fast
// species' own loss rate: close to -∂f/∂u there, and never negative.
TEST(ReactionTerms, DecayRatesAreTheOwnLossesOfTheFastSpecies) {
  Probe p;
  p[Species::GrowthFactor] = 0.05;
  p[Species::Vegf] = 0.2;
  p[Species::SproutTips] = 0.1;
  p[Species::InflammatoryCells] = 3.0;
  std::array<double, kSpeciesCount> d{};
  p.rhs.decay_rates(p.u.data(), d.data(), kSpeciesCount, kReticularRow, 1e4);
  for (std::size_t s = 0; s < kSpeciesCount; ++s) EXPECT_GE(d[s], 0.0) << kSpeciesNames[s];
  for (const Species s : {Species::GrowthFactor, Species::Vegf, Species::SproutTips}) {
    const double u0 = p[s];
    const double h = 1e-6 * u0;
    p[s] = u0 + h;
    const double up = p.rate(s);
    p[s] = u0 - h;
    const double down = p.rate(s);
    p[s] = u0;
    const double loss = -(up - down) / (2.0 * h);
    EXPECT_GT(loss, 0.0) << species_name(s);
    EXPECT_NEAR(d[index(s)], loss, 0.1 * loss) << species_name(s);
  }
}

TEST(ReactionTerms, GrowthFactorMakesNewCollagenRicherInTypeIII) {
  Probe p;
  p[Species::CollagenIII] = 0.5 * p.baseline(Species::CollagenIII);
  p[Species::CollagenI] = 0.5 * p.baseline(Species::CollagenI);
  const auto quiet = p.rates();
  p[Species::GrowthFactor] = 3.0;
  const auto activated = p.rates();
  const double quiet_total = quiet[index(Species::CollagenIII)] + quiet[index(Species::CollagenI)];
  const double activated_total = activated[index(Species::CollagenIII)] + activated[index(Species::CollagenI)];
  EXPECT_GT(activated_total, quiet_total);
  EXPECT_GT(activated[index(Species::CollagenIII)] / activated_total, quiet[index(Species::CollagenIII)] / quiet_total);
}

TEST(ReactionTerms, HealthySynthesisReplacesTheSlowTurnoverOfCollagen) {
  // At rest fibroblasts lay down exactly what turnover removes: k_C x total collagen (half-life 15 y).
  Probe p;
  const LayerRow& row = p.model.rows()[kReticularRow];
  const double total = p.baseline(Species::CollagenI) + p.baseline(Species::CollagenIII);
  const double k_C = p.model.parameters().rates.k_C_per_min;
  EXPECT_NEAR(p.rhs.collagen_production(row, p.u.data()), k_C * total, 1e-12 * k_C * total);
  p[Species::GrowthFactor] = 2.0;
  EXPECT_GT(p.rhs.collagen_production(row, p.u.data()), 100.0 * k_C * total);
}

// Cells refill a matrix deficit toward the healthy set point at k_rep (in proportion to the
// fibroblasts and the oxygen synthesis needs, here both healthy); an excess gets no repair.
TEST(ReactionTerms, CellsRepairAMatrixDeficitButNotAnExcess) {
  HealingParameters without = default_healing_parameters();
  without.rates.k_Crep_per_min = 0.0;
  without.rates.k_Erep_per_min = 0.0;
  Probe repaired;
  Probe unrepaired(without);
  const LayerRow& row = repaired.model.rows()[kReticularRow];
  const auto& r = repaired.model.parameters().rates;
  for (Probe* p : {&repaired, &unrepaired}) {
    (*p)[Species::CollagenIII] = 0.4 * p->baseline(Species::CollagenIII);
    (*p)[Species::CollagenI] = 0.4 * p->baseline(Species::CollagenI);
    (*p)[Species::Elastin] = 0.7 * p->baseline(Species::Elastin);
  }
  const double deficit = 0.6 * (repaired.baseline(Species::CollagenIII) + repaired.baseline(Species::CollagenI));
  const double extra = repaired.rhs.collagen_production(row, repaired.u.data()) -
                       unrepaired.rhs.collagen_production(row, unrepaired.u.data());
  EXPECT_NEAR(extra, r.k_Crep_per_min * deficit, 1e-9 * r.k_Crep_per_min * deficit);
  EXPECT_NEAR(repaired.rate(Species::Elastin) - unrepaired.rate(Species::Elastin),
              r.k_Erep_per_min * 0.3 * repaired.baseline(Species::Elastin), 1e-9 * r.k_Erep_per_min);
  // Half the fibroblasts, half the repair.
  repaired[Species::Fibroblasts] = 0.5 * repaired.baseline(Species::Fibroblasts);
  unrepaired[Species::Fibroblasts] = repaired[Species::Fibroblasts];
  EXPECT_NEAR(repaired.rhs.collagen_production(row, repaired.u.data()) -
                  unrepaired.rhs.collagen_production(row, unrepaired.u.data()),
              0.5 * r.k_Crep_per_min * deficit, 1e-9 * r.k_Crep_per_min * deficit);
  // Above the set point: the same production with or without repair.
  for (Probe* p : {&repaired, &unrepaired}) {
    p->reset();
    (*p)[Species::CollagenI] = 1.3 * p->baseline(Species::CollagenI);
    (*p)[Species::Elastin] = 1.2 * p->baseline(Species::Elastin);
  }
  EXPECT_EQ(repaired.rhs.collagen_production(row, repaired.u.data()),
            unrepaired.rhs.collagen_production(row, unrepaired.u.data()));
  EXPECT_EQ(repaired.rate(Species::Elastin), unrepaired.rate(Species::Elastin));
}

// Dense matrix slows synthesis but never stops it (no hard cap): at twice the old cap, activated
// fibroblasts still lay down collagen and elastin, less the denser it is; and the feedback is
// continuous at the healthy density (no jump where the tail begins).
TEST(ReactionTerms, DensitySlowsSynthesisWithoutAHardCap) {
  Probe p;
  const LayerRow& row = p.model.rows()[kReticularRow];
  const double C_b = p.baseline(Species::CollagenI) + p.baseline(Species::CollagenIII);
  p[Species::GrowthFactor] = 2.0;
  auto production_at = [&](double collagen_factor) {
    p[Species::CollagenIII] = collagen_factor * p.baseline(Species::CollagenIII);
    p[Species::CollagenI] = collagen_factor * p.baseline(Species::CollagenI);
    return p.rhs.collagen_production(row, p.u.data());
  };
  const double cap = p.model.parameters().rates.C_max_factor;
  const double at_old_cap = production_at(cap);
  const double at_twice = production_at(2.0 * cap);
  EXPECT_GT(at_old_cap, 0.0);
  EXPECT_GT(at_twice, 0.0);
  EXPECT_LT(at_twice, at_old_cap);
  EXPECT_NEAR(production_at(1.0 + 1e-9), production_at(1.0), 1e-6 * production_at(1.0));
  // Continuous in value and in slope where the tail begins (one-sided differences agree).
  const double h = 1e-4 * C_b;
  const double at_b = density_room(C_b, C_b, row.C_max);
  EXPECT_NEAR(density_room(C_b + h, C_b, row.C_max), density_room(C_b - h, C_b, row.C_max), 1e-3 * at_b);
  const double slope_above = (density_room(C_b + h, C_b, row.C_max) - at_b) / h;
  const double slope_below = (at_b - density_room(C_b - h, C_b, row.C_max)) / h;
  EXPECT_NEAR(slope_above, slope_below, 1e-3 * std::abs(slope_below));
  EXPECT_NEAR(slope_below, -1.0 / row.C_max, 1e-6 / row.C_max);
  // Elastin at three times baseline with activated fibroblasts: still synthesised, at a good share of
  // the healthy rate (which balances turnover, k_E El_b); a hard cap would make it 0 up to round-off.
  p.reset();
  p[Species::GrowthFactor] = 2.0;
  p[Species::Elastin] = 3.0 * p.baseline(Species::Elastin);
  const double k_E = p.model.parameters().rates.k_E_per_min;
  const double elastin_dense = p.rate(Species::Elastin) + k_E * p[Species::Elastin];
  EXPECT_GT(elastin_dense, 0.2 * k_E * p.baseline(Species::Elastin)) << "elastin synthesis stopped at 3x baseline";
}

TEST(ReactionTerms, HypoxiaRaisesVegf) {
  Probe p;
  const double normoxic = p.rate(Species::Vegf);
  p[Species::Oxygen] = 2.0;
  EXPECT_EQ(normoxic, 0.0);
  EXPECT_GT(p.rate(Species::Vegf), 0.0);
}

TEST(ReactionTerms, VegfAboveThresholdSproutsTipsFromVessels) {
  Probe p;
  EXPECT_EQ(p.rate(Species::SproutTips), 0.0);
  p[Species::Vegf] = 1.0;
  EXPECT_GT(p.rate(Species::SproutTips), 0.0);
  p[Species::Vessels] = 0.0;
  EXPECT_EQ(p.rate(Species::SproutTips), 0.0);  // no parent vessel, no sprout
}

TEST(ReactionTerms, TipsLayDownVesselsInProportionToTheirDensity) {
  Probe p;
  p[Species::Vessels] = 0.5 * p.baseline(Species::Vessels);
  p[Species::SproutTips] = 0.0;
  const double none = p.rate(Species::Vessels);  // the deficit's own regrowth
  p[Species::SproutTips] = 0.2;
  const double some = p.rate(Species::Vessels) - none;
  p[Species::SproutTips] = 0.4;
  const double twice = p.rate(Species::Vessels) - none;
  EXPECT_GT(some, 0.0);
  EXPECT_NEAR(twice, 2.0 * some, 1e-9 * twice);
}

// A vessel deficit regrows toward the healthy density at k_Vrep, but not in damaged tissue, and a
// surplus gets no regrowth (it regresses instead).
TEST(ReactionTerms, AVesselDeficitRegrowsOutsideDamagedTissue) {
  Probe p;
  const double k = p.model.parameters().rates.k_Vrep_per_min;
  p[Species::Vessels] = 0.6 * p.baseline(Species::Vessels);
  EXPECT_NEAR(p.rate(Species::Vessels), k * 0.4 * p.baseline(Species::Vessels), 1e-9 * k);
  p[Species::Damage] = 1.0;
  EXPECT_EQ(p.rate(Species::Vessels), 0.0);
  p.reset();
  p[Species::Vessels] = 1.5 * p.baseline(Species::Vessels);
  EXPECT_LT(p.rate(Species::Vessels), 0.0);
}

TEST(ReactionTerms, SurplusVesselsRegressUnlessVegfProtectsThem) {
  Probe p;
  p[Species::Vessels] = 2.0 * p.baseline(Species::Vessels);
  const double low_vegf = p.rate(Species::Vessels);
  p[Species::Vegf] = 2.0;
  const double high_vegf = p.rate(Species::Vessels);
  EXPECT_LT(low_vegf, 0.0);
  EXPECT_LT(high_vegf, 0.0);
  EXPECT_GT(high_vegf, low_vegf);
}

TEST(ReactionTerms, EveryRateIsNonNegativeWhereItsSpeciesIsZero) {
  // Quasi-positivity: the solver's non-negative solution exists only if u_s = 0 gives du_s >= 0.
  Probe p;
  for (std::size_t s = 0; s < kSpeciesCount; ++s) {
    p.reset();
    p[Species::Damage] = 0.7;
    p[Species::GrowthFactor] = 2.0;
    p[Species::InflammatoryCells] = 8.0;
    p.u[s] = 0.0;
    EXPECT_GE(p.rates()[s], 0.0) << kSpeciesNames[s];
  }
}

}  // namespace
}  // namespace skintwin::model
