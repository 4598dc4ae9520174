// Injury geometry, t0 updates and bleeding against analysis of the channel model (spec section 4).
#include "core/parameter_table_checks.hpp"
#include "skintwin/injury/injury.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "injury/skin_fixture.hpp"
#include "skintwin/core/error.hpp"

namespace skintwin {
namespace {

using model::Species;

device::Needle test_needle() { return {200.0, 4.0, 300.0, "stainless steel"}; }

device::PenetrationModel recoil(double factor) {
  device::PenetrationModel m;
  m.channel_recoil = factor;
  return m;
}

device::Puncture puncture_at(double x_mm, double y_mm, double depth_um) {
  device::Puncture p;
  p.x_mm = x_mm;
  p.y_mm = y_mm;
  p.depth_um = depth_um;
  return p;
}

// In-plane area of the lumen of a channel cut through its axis: 2 ∫ r(z) dz with the linear taper
// of the needle over its last `taper` µm and the shaft above, times the recoil factor.
double lumen_section_um2(double depth_um, double recoil_factor, const device::Needle& n) {
  const double shaft = 0.5 * n.base_diameter_um;
  const double taper = std::min(depth_um, n.taper_length_um);
  const double r_top_of_taper = n.tip_radius_um + (shaft - n.tip_radius_um) * taper / n.taper_length_um;
  const double integral = taper * 0.5 * (n.tip_radius_um + r_top_of_taper) + (depth_um - taper) * shaft;
  return 2.0 * recoil_factor * integral;
}

// Crush zone of the same section: two bands exp(-s/w) cut off at damage eps along the depth,
// plus the half-disc below the tip (∫ exp(-s/w) over a half-plane within the cutoff radius c).
double crush_section_um2(double depth_um, double w, double eps) {
  const double c = w * std::log(1.0 / eps);
  const double sides = 2.0 * depth_um * w * (1.0 - eps);
  const double below_tip = std::numbers::pi * (w * w - eps * (w * w + c * w));
  return sides + below_tip;
}

struct Section {
  double damage_um2 = 0.0;
  double lumen_um2 = 0.0;
};

Section section_of(const std::vector<injury::VoxelHit>& hits, const grid::Grid& g) {
  Section s;
  for (const auto& h : hits) {
    s.damage_um2 += h.damage * g.voxel_volume_um3();
    s.lumen_um2 += h.lumen * g.voxel_volume_um3();
  }
  return s;
}

TEST(InjuryGeometry, SectionThroughTheAxisMatchesTheAnalyticChannel) {
  const auto g = grid::Grid::make_2d(200, 400, 2.5, 2.5);  // 500 x 1000 µm
  const auto needle = test_needle();
  const auto pen = recoil(0.6);
  const auto params = injury::default_injury_parameters();
  const double depth_um = 600.0;
  const auto hits = injury::puncture_footprint(g, params, puncture_at(0.25, 0.0, depth_um), needle, pen, {});
  const Section s = section_of(hits, g);
  const double lumen = lumen_section_um2(depth_um, 0.6, needle);
  const double crush = crush_section_um2(depth_um, params.crush_width_um, params.crush_cutoff_damage);
  std::printf("lumen %.0f um2 (analytic %.0f), damage %.0f um2 (analytic %.0f)\n", s.lumen_um2, lumen, s.damage_um2,
              lumen + crush);
  EXPECT_NEAR(s.lumen_um2, lumen, 0.02 * lumen);
  EXPECT_NEAR(s.damage_um2, lumen + crush, 0.02 * (lumen + crush));
}

TEST(InjuryGeometry, CoarseGridKeepsTheAreaThanksToSubsampling) {
  const auto g = grid::Grid::make_2d(50, 100, 10.0, 10.0);
  const auto needle = test_needle();
  const auto params = injury::default_injury_parameters();
  const auto hits = injury::puncture_footprint(g, params, puncture_at(0.253, 0.0, 600.0), needle, recoil(0.6), {});
  const double lumen = lumen_section_um2(600.0, 0.6, needle);
  EXPECT_NEAR(section_of(hits, g).lumen_um2, lumen, 0.04 * lumen);
}

TEST(InjuryGeometry, PunctureOffThePlaneByMoreThanItsRadiusLeavesNoLumen) {
  const auto g = grid::Grid::make_2d(100, 100, 5.0, 5.0);
  const auto needle = test_needle();
  const double mouth_radius_um = 0.6 * 0.5 * needle.base_diameter_um;  // 60 µm
  const auto params = injury::default_injury_parameters();
  auto lumen_of = [&](double offset_um) {
    const auto hits =
        injury::puncture_footprint(g, params, puncture_at(0.25, offset_um * 1e-3, 600.0), needle, recoil(0.6), {});
    return section_of(hits, g);
  };
  EXPECT_GT(lumen_of(mouth_radius_um - 10.0).lumen_um2, 0.0);
  const Section beside = lumen_of(mouth_radius_um + 1.0);
  EXPECT_EQ(beside.lumen_um2, 0.0);
  EXPECT_GT(beside.damage_um2, 0.0);  // the crush zone still reaches the plane
  EXPECT_EQ(lumen_of(mouth_radius_um + 200.0).damage_um2, 0.0);
}

struct Skin2d {
  grid::Grid grid = grid::Grid::make_2d(100, 180, 10.0, 10.0);  // 1 mm x 1.8 mm
  tissue::Site site = test::cheek_like();
  tissue::LayerMap layers{grid, site, tissue::Sex::Female};
  grid::FieldSet fields = test::healthy_fields(grid, layers);
};

double deepest_damage_um(const grid::FieldSet& f, double level) {
  const auto d = f.field(model::index(Species::Damage));
  const auto& g = f.grid();
  double deepest = 0.0;
  for (std::size_t v = 0; v < d.size(); ++v)
    if (d[v] > level) deepest = std::max(deepest, g.center_um(grid::Axis::Z, static_cast<int>(v / g.nx())));
  return deepest;
}

double layer_damage(const Skin2d& s, tissue::LayerKind layer) {
  const auto d = s.fields.field(model::index(Species::Damage));
  double sum = 0.0;
  for (std::size_t v = 0; v < d.size(); ++v)
    if (s.layers.layer_of_voxel(v) == layer) sum += d[v];
  return sum;
}

TEST(InjuryGeometry, DeeperPuncturesReachDeeperLayers) {
  Skin2d shallow;
  Skin2d deep;
  const auto params = injury::default_injury_parameters();
  const auto needle = test_needle();
  const std::vector<device::Puncture> a{puncture_at(0.5, 0.0, 150.0)};
  const std::vector<device::Puncture> b{puncture_at(0.5, 0.0, 1200.0)};
  injury::apply_punctures(shallow.fields, shallow.layers, params, a, needle, recoil(0.6), {});
  injury::apply_punctures(deep.fields, deep.layers, params, b, needle, recoil(0.6), {});
  EXPECT_NEAR(deepest_damage_um(shallow.fields, 0.5), 150.0, 10.0);
  EXPECT_NEAR(deepest_damage_um(deep.fields, 0.5), 1200.0, 10.0);
  // 150 µm + 6.9 crush widths (104 µm) stays above the reticular dermis at 300 µm.
  EXPECT_EQ(layer_damage(shallow, tissue::LayerKind::ReticularDermis), 0.0);
  EXPECT_GT(layer_damage(deep, tissue::LayerKind::ReticularDermis), 0.0);
  EXPECT_GT(layer_damage(shallow, tissue::LayerKind::PapillaryDermis), 0.0);
}

TEST(InjuryOverlap, TwoCoincidentPuncturesCombineWithSaturation) {
  const auto params = injury::default_injury_parameters();
  const auto needle = test_needle();
  Skin2d once;
  Skin2d twice;
  const auto p = puncture_at(0.5, 0.01, 800.0);
  const std::vector<device::Puncture> one{p};
  const std::vector<device::Puncture> two{p, p};
  injury::apply_punctures(once.fields, once.layers, params, one, needle, recoil(0.6), {});
  injury::apply_punctures(twice.fields, twice.layers, params, two, needle, recoil(0.6), {});
  const auto d1 = once.fields.field(model::index(Species::Damage));
  const auto d2 = twice.fields.field(model::index(Species::Damage));
  for (std::size_t v = 0; v < d1.size(); ++v) {
    const double expected = 1.0 - (1.0 - d1[v]) * (1.0 - d1[v]);
    ASSERT_NEAR(d2[v], expected, 1e-5) << "voxel " << v;
  }
}

TEST(InjuryOverlap, ManyPuncturesNeverExceedTotalDestruction) {
  Skin2d s;
  auto params = injury::default_injury_parameters();
  params.bleed_per_cut_vessel = 50.0;  // every channel overflows with blood
  std::vector<device::Puncture> many;
  for (int n = 0; n < 40; ++n) many.push_back(puncture_at(0.45 + 0.0025 * n, 0.0, 900.0 + 5.0 * n));
  injury::apply_punctures(s.fields, s.layers, params, many, test_needle(), recoil(0.6), {});
  for (const Species sp : {Species::Damage, Species::Fibrin}) {
    const auto f = s.fields.field(model::index(sp));
    EXPECT_LE(*std::max_element(f.begin(), f.end()), 1.0f);
    EXPECT_GE(*std::min_element(f.begin(), f.end()), 0.0f);
  }
  for (const Species sp : {Species::GrowthFactor, Species::ClotGrowthFactor}) {
    const auto f = s.fields.field(model::index(sp));
    EXPECT_LE(*std::max_element(f.begin(), f.end()), params.growth_factor_saturation);
  }
  for (const Species sp : {Species::Vessels, Species::CollagenI, Species::Fibroblasts}) {
    const auto f = s.fields.field(model::index(sp));
    EXPECT_GE(*std::min_element(f.begin(), f.end()), 0.0f);
  }
}

TEST(InjuryUpdates, LumenLosesCellsVesselsAndPartOfTheMatrix) {
  Skin2d s;
  const auto params = injury::default_injury_parameters();
  const std::vector<device::Puncture> one{puncture_at(0.505, 0.0, 1000.0)};
  injury::apply_punctures(s.fields, s.layers, params, one, test_needle(), recoil(0.6), {});
  // Voxel (50, 15): centre at x = 505 µm on the axis, z = 155 µm in the papillary dermis, deep in the lumen.
  const std::size_t v = s.grid.index(50, 0, 15);
  auto at = [&](Species sp, std::size_t voxel) { return static_cast<double>(s.fields.field(model::index(sp))[voxel]); };
  EXPECT_NEAR(at(Species::Damage, v), 1.0, 1e-6);
  EXPECT_NEAR(at(Species::Vessels, v), 0.0, 1e-6);
  EXPECT_NEAR(at(Species::Fibroblasts, v), 0.0, 1e-6);
  EXPECT_NEAR(at(Species::InflammatoryCells, v), 0.0, 1e-6);
  EXPECT_NEAR(at(Species::CollagenI, v), 0.58 * (1.0 - params.matrix_loss_lumen), 1e-5);
  EXPECT_NEAR(at(Species::Elastin, v), 0.5 * (1.0 - params.matrix_loss_lumen), 1e-5);
  EXPECT_GT(at(Species::Fibrin, v), 0.0);
  EXPECT_GT(at(Species::ClotGrowthFactor, v), at(Species::GrowthFactor, v) - 0.02);
  // The epidermal opening at the mouth.
  EXPECT_NEAR(at(Species::EpidermalCoverage, s.grid.index(50, 0, 2)), 0.0, 1e-6);
  // Far from the channel nothing changed.
  const std::size_t far = s.grid.index(5, 0, 15);
  EXPECT_EQ(at(Species::Damage, far), 0.0);
  EXPECT_NEAR(at(Species::Vessels, far), 1.0, 1e-7);
  EXPECT_NEAR(at(Species::EpidermalCoverage, s.grid.index(5, 0, 2)), 1.0, 1e-7);
}

// λ_K and λ_V below 1: the crush zone beside the channel kills a share of its cells and cuts a share of
// its capillaries; the lumen still takes them all; the damage field is the same.
TEST(InjuryUpdates, TheCrushZoneKillsTheCellsAndVesselsItsLossSharesSay) {
  auto params = injury::default_injury_parameters();
  Skin2d all, part;
  const std::vector<device::Puncture> one{puncture_at(0.505, 0.0, 1000.0)};
  const auto bled_all = injury::apply_punctures(all.fields, all.layers, params, one, test_needle(), recoil(0.6), {});
  params.cell_loss_crush = 0.3;
  params.vessel_loss_crush = 0.5;
  const auto bled_part = injury::apply_punctures(part.fields, part.layers, params, one, test_needle(), recoil(0.6), {});
  // Fewer capillaries cut, less blood: the lumen's vessels bleed as before, the crush zone's half.
  EXPECT_LT(bled_part.blood_volume_um3, bled_all.blood_volume_um3);
  EXPECT_GT(bled_part.blood_volume_um3, 0.5 * bled_all.blood_volume_um3);
  EXPECT_EQ(bled_part.damaged_volume_um3, bled_all.damaged_volume_um3);
  const auto at = [](const Skin2d& s, Species sp, std::size_t v) {
    return static_cast<double>(s.fields.field(model::index(sp))[v]);
  };
  const std::size_t lumen = all.grid.index(50, 0, 15);
  for (const Species sp : {Species::Fibroblasts, Species::InflammatoryCells, Species::Vessels})
    EXPECT_NEAR(at(part, sp, lumen), 0.0, 1e-6);
  // A voxel beside the lumen, in the crush zone only (no lumen in it, some damage).
  std::size_t crush = 0;
  for (int i = 50; i < 100 && crush == 0; ++i) {
    const std::size_t v = all.grid.index(i, 0, 15);
    const double d = at(all, Species::Damage, v);
    if (d > 0.2 && d < 0.8) crush = v;
  }
  ASSERT_NE(crush, 0u);
  const double d = at(all, Species::Damage, crush);
  EXPECT_EQ(at(part, Species::Damage, crush), d);
  const double f_b = at(all, Species::Fibroblasts, crush) / (1.0 - d);  // healthy density there
  EXPECT_NEAR(at(part, Species::Fibroblasts, crush), f_b * (1.0 - 0.3 * d), 1e-5 * f_b);
  const double v_b = at(all, Species::Vessels, crush) / (1.0 - d);
  EXPECT_NEAR(at(part, Species::Vessels, crush), v_b * (1.0 - 0.5 * d), 1e-5 * v_b);
}

injury::InjurySummary bleed_once(const tissue::Site& site, double depth_um, double vessel_scale = 1.0) {
  const auto g = grid::Grid::make_2d(100, 180, 10.0, 10.0);
  const tissue::LayerMap layers(g, site, tissue::Sex::Female);
  auto fields = test::healthy_fields(g, layers);
  for (auto& x : fields.field(model::index(Species::Vessels))) x = static_cast<grid::Real>(x * vessel_scale);
  const std::vector<device::Puncture> one{puncture_at(0.5, 0.0, depth_um)};
  return injury::apply_punctures(fields, layers, injury::default_injury_parameters(), one, test_needle(), recoil(0.6),
                                 {});
}

TEST(InjuryBleeding, EpidermisOnlyBleedsNothingAndThePapillaryPlexusBleeds) {
  // A thick epidermis (150 µm) so that a 40 µm channel and its crush zone (104 µm) stay in it.
  const auto thick_epidermis = test::layered_site(150.0, 240.0, 1200.0, 3000.0);
  const auto epidermal = bleed_once(thick_epidermis, 40.0);
  const auto papillary = bleed_once(thick_epidermis, 350.0);
  EXPECT_EQ(epidermal.blood_volume_um3, 0.0);
  EXPECT_EQ(epidermal.surface_bleed_um3, 0.0);
  EXPECT_GT(papillary.blood_volume_um3, 0.0);
  // Deeper channels cut more vessels and bleed more.
  EXPECT_GT(bleed_once(thick_epidermis, 1200.0).blood_volume_um3, papillary.blood_volume_um3);
}

TEST(InjuryBleeding, BloodIsProportionalToTheVesselsCut) {
  const auto site = test::cheek_like();
  const auto base = bleed_once(site, 800.0);
  const auto denser = bleed_once(site, 800.0, 2.0);
  const auto none = bleed_once(site, 800.0, 0.0);
  EXPECT_NEAR(denser.blood_volume_um3, 2.0 * base.blood_volume_um3, 1e-9 * base.blood_volume_um3);
  EXPECT_EQ(none.blood_volume_um3, 0.0);
  ASSERT_EQ(base.blood_per_puncture_um3.size(), 1u);
  EXPECT_EQ(base.channel_depths_um.front(), 800.0);
}

TEST(InjuryBleeding, SurplusOverTheLumenIsSurfaceBleeding) {
  // κ = 50 cuts more blood than the lumen holds: the lumen fills (fibrin 1) and the rest overflows.
  const auto g = grid::Grid::make_2d(100, 180, 10.0, 10.0);
  const auto site = test::cheek_like();
  const tissue::LayerMap layers(g, site, tissue::Sex::Female);
  auto fields = test::healthy_fields(g, layers);
  auto params = injury::default_injury_parameters();
  params.bleed_per_cut_vessel = 50.0;
  const auto p = puncture_at(0.505, 0.0, 1000.0);
  const std::vector<device::Puncture> one{p};
  const auto summary = injury::apply_punctures(fields, layers, params, one, test_needle(), recoil(0.6), {});
  const Section s = section_of(injury::puncture_footprint(g, params, p, test_needle(), recoil(0.6), {}), g);
  EXPECT_NEAR(summary.surface_bleed_um3, summary.blood_volume_um3 - s.lumen_um2, 1e-6 * summary.blood_volume_um3);
  EXPECT_NEAR(fields.field(model::index(Species::Fibrin))[g.index(50, 0, 15)], 1.0, 1e-6);
  // The lumen's growth factor: fast share g_blood g_fast on top of the baseline, saturated at X_sat.
  const double fast = params.blood_growth_factor * params.fast_growth_factor_fraction;
  const double expected = params.growth_factor_saturation * (1.0 - std::exp(-(0.02 + fast) / params.growth_factor_saturation));
  EXPECT_NEAR(fields.field(model::index(Species::GrowthFactor))[g.index(50, 0, 15)], expected, 1e-5);
}

TEST(InjuryGeometry3d, PunctureAtTheEdgeWrapsAroundThePeriodicSides) {
  const auto g = grid::Grid::make_3d(40, 40, 60, 10.0, 10.0, 10.0);
  const auto params = injury::default_injury_parameters();
  const auto needle = test_needle();
  const auto edge = injury::puncture_footprint(g, params, puncture_at(0.005, 0.205, 300.0), needle, recoil(0.6), {});
  const auto centre = injury::puncture_footprint(g, params, puncture_at(0.205, 0.205, 300.0), needle, recoil(0.6), {});
  const bool reaches_far_side =
      std::any_of(edge.begin(), edge.end(), [&](const auto& h) { return h.voxel % 40 == 39 && h.lumen > 0.0; });
  EXPECT_TRUE(reaches_far_side);
  const double v_edge = section_of(edge, g).damage_um2;
  const double v_centre = section_of(centre, g).damage_um2;
  EXPECT_NEAR(v_edge, v_centre, 1e-9 * v_centre);
  // Volume of the lumen, a body of revolution π ∫ r² dz: the whole 300 µm lie on the taper,
  // r = 0.6 (4 + 96 t / 300) at t µm above the tip, so ∫ r² dt = 0.36 [(4 + 0.32 t)³ / 0.96] from 0 to 300.
  const double integral = 0.36 * (std::pow(4.0 + 0.32 * 300.0, 3) - std::pow(4.0, 3)) / (3.0 * 0.32);
  const double lumen_um3 = std::numbers::pi * integral;
  EXPECT_NEAR(section_of(centre, g).lumen_um2, lumen_um3, 0.04 * lumen_um3);
}

TEST(InjuryPlacement, OnlyPuncturesOnThePatchCount) {
  const auto g3 = grid::Grid::make_3d(40, 40, 60, 10.0, 10.0, 10.0);
  const injury::GridPlacement at{1.0, 2.0};
  EXPECT_TRUE(injury::puncture_on_grid(g3, puncture_at(1.1, 2.1, 100.0), at));
  EXPECT_FALSE(injury::puncture_on_grid(g3, puncture_at(1.5, 2.1, 100.0), at));
  EXPECT_FALSE(injury::puncture_on_grid(g3, puncture_at(1.1, 1.9, 100.0), at));
  const auto g2 = grid::Grid::make_2d(40, 60, 10.0, 10.0);
  EXPECT_TRUE(injury::puncture_on_grid(g2, puncture_at(1.1, 5.0, 100.0), at));  // any y: the plane decides
}

// Nine doubles and one integer (sub-samples per axis): ten rows.
TEST(InjuryParameters, OneRowPerMemberDocumentedAndValidated) {
  EXPECT_EQ(injury::injury_parameter_table().prefix(), "injury");
  test::expect_complete_table(injury::injury_parameter_table(), 12);
}

TEST(InjuryParameters, InvalidValuesAreInputErrors) {
  auto p = injury::default_injury_parameters();
  EXPECT_NO_THROW(injury::validate(p));
  p.crush_width_um = -1.0;
  EXPECT_THROW(injury::validate(p), InputError);
  p = injury::default_injury_parameters();
  p.matrix_loss_lumen = NAN;
  EXPECT_THROW(injury::validate(p), InputError);
  p = injury::default_injury_parameters();
  p.subsamples_per_axis = 0;
  try {
    injury::validate(p);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.key(), "injury.subsamples_per_axis");
  }
}

}  // namespace
}  // namespace skintwin
