// Observables on hand-made fields, against values worked out by hand.
#include "skintwin/outcome/observables.hpp"
#include "skintwin/outcome/session_outcomes.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <stdexcept>
#include <utility>
#include <vector>

#include "injury/skin_fixture.hpp"

namespace skintwin {
namespace {

using model::Species;
using tissue::LayerKind;

// 2D, 10 µm voxels, cheek-like layers: rows 0-5 epidermis, 6-29 papillary, 30-149 reticular, 150+ fat.
struct Skin {
  grid::Grid grid = grid::Grid::make_2d(60, 170, 10.0, 10.0);
  tissue::Site site = test::cheek_like();
  tissue::LayerMap layers{grid, site, tissue::Sex::Female};
  grid::FieldSet healthy = test::healthy_fields(grid, layers);

  void set(grid::FieldSet& f, Species s, int i, int k, double value) const {
    f.field(model::index(s))[grid.index(i, 0, k)] = static_cast<grid::Real>(value);
  }
};

TEST(LayerMeans, AreTheMeansOverEachLayersRows) {
  Skin s;
  auto f = s.healthy;
  // Elastin = row index k: the mean over a layer's rows k0..k1 is (k0 + k1) / 2.
  for (int k = 0; k < s.grid.nz(); ++k)
    for (int i = 0; i < s.grid.nx(); ++i) s.set(f, Species::Elastin, i, k, k);
  const outcome::ObservableTracker tracker(s.layers, s.healthy, s.healthy);
  const auto snap = tracker.measure(f, 2.5);
  const auto el = model::index(Species::Elastin);
  EXPECT_DOUBLE_EQ(snap.t_days, 2.5);
  EXPECT_NEAR(snap.layer_means[0][el], 2.5, 1e-9);
  EXPECT_NEAR(snap.layer_means[1][el], 17.5, 1e-9);
  EXPECT_NEAR(snap.layer_means[2][el], 89.5, 1e-9);
  EXPECT_NEAR(snap.layer_means[3][el], 159.5, 1e-9);
  EXPECT_NEAR(snap.layer_means[1][model::index(Species::CollagenI)], 0.58, 1e-6);
  EXPECT_NEAR(snap.vessel_ratio[1], 1.0, 1e-9);
  EXPECT_EQ(snap.vessel_ratio[0], 0.0);  // no vessels in the epidermis
}

// Injured state: three separate openings in the epidermis (one across the periodic side) and a
// wound zone below one of them.
grid::FieldSet injured_state(const Skin& s) {
  auto f = s.healthy;
  for (int k = 0; k < 6; ++k) {
    for (int i : {10, 11, 12, 30, 31, 0, 59}) s.set(f, Species::EpidermalCoverage, i, k, 0.2);
  }
  for (int k = 0; k < 20; ++k)
    for (int i = 29; i <= 32; ++i) s.set(f, Species::Damage, i, k, 0.5);
  return f;
}

TEST(Closure, CountsOpeningsAndClosesThemWhenTheirLowestCoverageIsBackAboveThreshold) {
  Skin s;
  const auto injured = injured_state(s);
  const outcome::ObservableTracker tracker(s.layers, s.healthy, injured);
  ASSERT_EQ(tracker.openings(), 3u);
  EXPECT_EQ(tracker.wound_voxels(), 80u);
  EXPECT_EQ(tracker.measure(injured, 0.0).closure_fraction, 0.0);
  auto f = injured;
  for (int k = 0; k < 6; ++k)
    for (int i : {10, 11, 12}) s.set(f, Species::EpidermalCoverage, i, k, 0.95);
  EXPECT_NEAR(tracker.measure(f, 0.2).closure_fraction, 1.0 / 3.0, 1e-12);
  s.set(f, Species::EpidermalCoverage, 11, 3, 0.85);  // one voxel still open keeps it open
  EXPECT_EQ(tracker.measure(f, 0.3).closure_fraction, 0.0);
  EXPECT_EQ(tracker.measure(s.healthy, 1.0).closure_fraction, 1.0);
}

TEST(WoundZone, CollagenIiiFractionHypoxiaAndRatios) {
  Skin s;
  const auto injured = injured_state(s);
  const outcome::ObservableTracker tracker(s.layers, s.healthy, injured);
  auto f = s.healthy;
  // Wound zone: columns 29-32, rows 0-19 (6 epidermal rows with no collagen, 14 papillary rows).
  for (int k = 0; k < 20; ++k)
    for (int i = 29; i <= 32; ++i) {
      s.set(f, Species::CollagenIII, i, k, 0.3);
      s.set(f, Species::CollagenI, i, k, 0.7);
      s.set(f, Species::Oxygen, i, k, k < 5 ? 5.0 : 30.0);
      s.set(f, Species::Fibroblasts, i, k, 3.0);
    }
  const auto snap = tracker.measure(f, 5.0);
  EXPECT_NEAR(snap.collagen_iii_fraction_wound, 0.3, 1e-6);
  EXPECT_NEAR(snap.hypoxic_fraction_wound, 5.0 / 20.0, 1e-12);
  // Healthy F over the wound: 6 rows of 0 (epidermis) and 14 of 1.5 -> mean 1.05; now 3.
  EXPECT_NEAR(snap.fibroblast_ratio_wound, 3.0 / 1.05, 1e-5);
  EXPECT_NEAR(snap.wound_means[model::index(Species::Fibroblasts)], 3.0, 1e-6);
  EXPECT_NEAR(snap.inflammation_ratio_wound, 1.0, 1e-6);
}

TEST(HealthyReference, KeepsFourFieldsAndMeasuresAsTheFullHealthyStateDoes) {
  Skin s;
  const auto injured = injured_state(s);
  auto f = injured;  // a state a day later: more cells, new vessels, less mature collagen in the wound
  for (int k = 6; k < 20; ++k)
    for (int i = 28; i <= 33; ++i) {
      s.set(f, Species::InflammatoryCells, i, k, 6.0);
      s.set(f, Species::Vessels, i, k, 1.4);
      s.set(f, Species::CollagenCrossLinked, i, k, 0.2);
    }
  const auto reference = std::make_shared<const outcome::HealthyReference>(s.layers, s.healthy, outcome::ErythemaParameters{});
  EXPECT_THROW((void)reference->field(Species::CollagenI), std::out_of_range);
  EXPECT_EQ(reference->field(Species::Vessels).size(), s.grid.voxels());
  const auto shared = outcome::ObservableTracker(s.layers, reference, injured).measure(f, 1.0);
  const auto full = outcome::ObservableTracker(s.layers, s.healthy, injured).measure(f, 1.0);
  EXPECT_GT(full.erythema_index, 0.0);
  EXPECT_EQ(shared.erythema_index, full.erythema_index);
  EXPECT_EQ(shared.inflammation_ratio_wound, full.inflammation_ratio_wound);
  EXPECT_EQ(shared.tensile_strength_wound, full.tensile_strength_wound);
  EXPECT_EQ(shared.vessel_ratio, full.vessel_ratio);
  EXPECT_EQ(shared.dermal_thickness_change_um, full.dermal_thickness_change_um);
  // A reference from another grid is refused.
  const grid::Grid other = grid::Grid::make_2d(30, 170, 10.0, 10.0);
  const auto other_injured = test::healthy_fields(other, tissue::LayerMap(other, s.site, tissue::Sex::Female));
  EXPECT_THROW(outcome::ObservableTracker(s.layers, reference, other_injured), std::invalid_argument);
}

TEST(Erythema, ZeroWhenHealthyAndHalfMaximalWhenTheColumnHoldsOneLoadLengthOfDamage) {
  Skin s;
  EXPECT_NEAR(outcome::erythema_index(s.layers, s.healthy, s.healthy), 0.0, 1e-12);
  const outcome::ErythemaParameters p;
  // Damage d in the 24 papillary rows of every column: load I = 24 * 10 µm * d / ℓ_I. With
  // I = 1 the whole plexus dilates by gain / 2: ΔEI = 100 * 1.5 / 2 = 75, whatever the weights.
  auto f = s.healthy;
  const double d = p.load_length_um / 240.0;
  for (int k = 6; k < 30; ++k)
    for (int i = 0; i < s.grid.nx(); ++i) s.set(f, Species::Damage, i, k, d);
  EXPECT_NEAR(outcome::erythema_index(s.layers, s.healthy, f, p), 75.0, 1e-3);
  const outcome::ObservableTracker tracker(s.layers, s.healthy, s.healthy);
  EXPECT_NEAR(tracker.measure(f, 1.0).erythema_index, 75.0, 1e-3);
  // Damage in the epidermis feeds no vessels and is not counted.
  auto e = s.healthy;
  for (int k = 0; k < 6; ++k)
    for (int i = 0; i < s.grid.nx(); ++i) s.set(e, Species::Damage, i, k, 1.0);
  EXPECT_EQ(outcome::erythema_index(s.layers, s.healthy, e, p), 0.0);
}

TEST(Erythema, InflammationDeepInTheColumnReddensTheSurfaceAboveIt) {
  Skin s;
  const outcome::ErythemaParameters p;
  // Excess R_M (M = (1 + R_M) M_b) in the 20 fat rows of half the columns weighs like damage 1
  // there: 200 µm of load in those columns, 0 in the others; the area's load is their mean.
  auto f = s.healthy;
  auto m = f.field(model::index(Species::InflammatoryCells));
  const auto m_b = s.healthy.field(model::index(Species::InflammatoryCells));
  for (int k = 150; k < 170; ++k)
    for (int i = 0; i < 30; ++i) {
      const std::size_t v = s.grid.index(i, 0, k);
      m[v] = static_cast<grid::Real>((1.0 + p.inflammation_per_damage) * static_cast<double>(m_b[v]));
    }
  const double load = 0.5 * 200.0 / p.load_length_um;
  const double expected = 100.0 * p.dilation_gain * load / (1.0 + load);
  EXPECT_NEAR(outcome::erythema_index(s.layers, s.healthy, f, p), expected, 1e-2);
  // Deeper inflammation of the same amount per row reddens more: the load adds up along the column.
  auto shallow = s.healthy;
  auto ms = shallow.field(model::index(Species::InflammatoryCells));
  for (int k = 150; k < 160; ++k)
    for (int i = 0; i < 30; ++i) {
      const std::size_t v = s.grid.index(i, 0, k);
      ms[v] = static_cast<grid::Real>((1.0 + p.inflammation_per_damage) * static_cast<double>(m_b[v]));
    }
  EXPECT_LT(outcome::erythema_index(s.layers, s.healthy, shallow, p), outcome::erythema_index(s.layers, s.healthy, f, p));
}

TEST(Erythema, NewVesselsCountByTheirPerfusedShareWeighedByTheOpticalDepth) {
  Skin s;
  const outcome::ErythemaParameters p;
  auto f = s.healthy;
  auto vessels = f.field(model::index(Species::Vessels));
  for (std::size_t v = 0; v < vessels.size(); ++v)
    if (s.layers.layer_of_voxel(v) == LayerKind::PapillaryDermis) vessels[v] *= 2.0f;
  // Weights exp(-z/150) at row centres z = 10k + 5: papillary rows 6-29 with V = 1,
  // reticular rows 30-149 with V = 0.3. ΔEI = 100 φ Σ_P w / (Σ_P w + 0.3 Σ_R w).
  double sum_p = 0.0;
  double sum_r = 0.0;
  for (int k = 6; k < 30; ++k) sum_p += std::exp(-(10.0 * k + 5.0) / 150.0);
  for (int k = 30; k < 150; ++k) sum_r += std::exp(-(10.0 * k + 5.0) / 150.0);
  EXPECT_NEAR(outcome::erythema_index(s.layers, s.healthy, f, p),
              100.0 * p.new_vessel_perfusion * sum_p / (sum_p + 0.3 * sum_r), 1e-4);
  // Vessels lost (below healthy) leave the mature plexus as it was: the channel fills with blood.
  auto g = s.healthy;
  auto vg = g.field(model::index(Species::Vessels));
  for (std::size_t v = 0; v < vg.size(); ++v) vg[v] *= 0.5f;
  EXPECT_EQ(outcome::erythema_index(s.layers, s.healthy, g, p), 0.0);
}

std::vector<outcome::Snapshot> series(double dt_days, int n, double (*ei)(double), double (*closure)(double)) {
  std::vector<outcome::Snapshot> out;
  for (int i = 0; i <= n; ++i) {
    outcome::Snapshot s;
    s.t_days = i * dt_days;
    s.erythema_index = ei(s.t_days);
    s.closure_fraction = closure(s.t_days);
    out.push_back(s);
  }
  return out;
}

// The wound's strength is its cross-linked collagen I against the same voxels' healthy amount; a
// session's recovery is the share of the gap the injury left that has closed since.
TEST(WoundZone, TensileStrengthAndItsRecovery) {
  Skin s;
  const auto injured = injured_state(s);
  const outcome::ObservableTracker tracker(s.layers, s.healthy, injured);
  // Wound zone: columns 29-32, rows 0-19: 6 epidermal rows (no collagen), 14 papillary (X_b 0.58).
  const auto with_cross_linked = [&](double share, double t_days) {
    auto f = s.healthy;
    for (int k = 6; k < 20; ++k)
      for (int i = 29; i <= 32; ++i) s.set(f, Species::CollagenCrossLinked, i, k, share * 0.58);
    return tracker.measure(f, t_days);
  };
  const outcome::Snapshot healthy = tracker.measure(s.healthy, 0.0);
  EXPECT_NEAR(healthy.tensile_strength_wound, 1.0, 1e-6);
  std::vector<outcome::Snapshot> series;
  for (const auto& [share, day] : std::vector<std::pair<double, double>>{{0.4, 0.0}, {0.5, 7.0}, {0.76, 21.0}, {0.88, 42.0}})
    series.push_back(with_cross_linked(share, day));
  EXPECT_NEAR(series.front().tensile_strength_wound, 0.4, 1e-6);
  const auto o = outcome::session_outcomes(series, healthy, 31.0, {});
  EXPECT_NEAR(o.tensile_strength_after_injury, 0.4, 1e-6);
  EXPECT_NEAR(o.tensile_strength_final, 0.88, 1e-6);
  EXPECT_NEAR(*o.tensile_strength_recovery, 0.48 / 0.6, 1e-5);
  // 80 % of the 0.6 gap closed at strength 0.88: day 42, interpolated between 21 (0.6) and 42 (0.8).
  EXPECT_NEAR(*o.tensile_strength_80pct_days, 42.0, 1e-4);
  // A session that left no wound zone has no strength to recover.
  const outcome::ObservableTracker unwounded(s.layers, s.healthy, s.healthy);
  const auto none = outcome::session_outcomes(std::vector{unwounded.measure(s.healthy, 0.0), unwounded.measure(s.healthy, 1.0)},
                                              unwounded.measure(s.healthy, 0.0), 31.0, {});
  EXPECT_FALSE(none.tensile_strength_recovery.has_value());
  EXPECT_FALSE(none.tensile_strength_80pct_days.has_value());
}

TEST(TimeSeries, PeakDowntimeAndClosureTime) {
  // ΔEI = 60 t e^(1 - t): peak 60 at t = 1 day.
  const auto bump = series(0.05, 200, [](double t) { return 60.0 * t * std::exp(1.0 - t); },
                           [](double t) { return std::min(1.0, t / 0.5); });
  const auto peak = outcome::peak_of(bump, [](const outcome::Snapshot& s) { return s.erythema_index; });
  EXPECT_NEAR(peak.value, 60.0, 1e-9);
  EXPECT_NEAR(peak.t_days, 1.0, 1e-9);
  // Closure fraction t / 0.5 days reaches 0.99 at t = 0.495 days.
  EXPECT_NEAR(*outcome::closure_time_days(bump), 0.495, 1e-9);
  // Linear fall 50 - 10 t sampled daily crosses 15 at t = 3.5 days.
  const auto fall = series(1.0, 10, [](double t) { return 50.0 - 10.0 * t; }, [](double) { return 0.5; });
  EXPECT_NEAR(outcome::redness_downtime_days(fall, 15.0), 3.5, 1e-12);
  EXPECT_NEAR(outcome::redness_downtime_days(fall, 15.0, 0.5), 3.0, 1e-12);
  EXPECT_EQ(outcome::redness_downtime_days(fall, 100.0), 0.0);
  EXPECT_FALSE(outcome::closure_time_days(fall).has_value());
  // Still red at the end of the series: the downtime is at least the series length.
  EXPECT_NEAR(outcome::redness_downtime_days(fall, -100.0), 10.0, 1e-12);
  EXPECT_THROW(outcome::peak_of({}, [](const outcome::Snapshot& s) { return s.t_days; }), std::invalid_argument);
}

}  // namespace
}  // namespace skintwin

namespace skintwin {
namespace {

// The dermis' volume follows its collagen: 10 % more collagen in every dermis row is 10 % more
// dermis; a single row with twice its collagen adds one row's thickness; the fat does not count.
TEST(DermalThickness, FollowsTheCollagenOfTheDermisRows) {
  Skin s;
  const outcome::ObservableTracker tracker(s.layers, s.healthy, s.healthy);
  EXPECT_NEAR(tracker.measure(s.healthy, 0.0).dermal_thickness_change_um, 0.0, 1e-9);
  auto more = s.healthy;
  int dermis_rows = 0;
  for (int k = 0; k < s.grid.nz(); ++k) {
    const bool dermis = tissue::is_dermis(s.layers.layer_of_z(k));
    dermis_rows += dermis ? 1 : 0;
    for (int i = 0; i < s.grid.nx(); ++i)
      for (const Species c : {Species::CollagenI, Species::CollagenIII}) {
        const double h = s.healthy.field(model::index(c))[s.grid.index(i, 0, k)];
        s.set(more, c, i, k, h * 1.1);
      }
  }
  EXPECT_NEAR(tracker.measure(more, 1.0).dermal_thickness_change_um, 0.1 * dermis_rows * 10.0, 1e-3);
  auto one_row = s.healthy;
  for (int i = 0; i < s.grid.nx(); ++i)
    for (const Species c : {Species::CollagenI, Species::CollagenIII})
      s.set(one_row, c, i, 40, 2.0 * s.healthy.field(model::index(c))[s.grid.index(i, 0, 40)]);
  EXPECT_NEAR(tracker.measure(one_row, 1.0).dermal_thickness_change_um, 10.0, 1e-4);
}

}  // namespace
}  // namespace skintwin
