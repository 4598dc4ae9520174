// Properties of the injury for random sets of punctures: bounds, order independence and the
// blood balance Σ B_i = κ Σ V_before · (1 − S) ΔV that follows from cutting each vessel once.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>

#include "injury/skin_fixture.hpp"
#include "skintwin/injury/injury.hpp"

namespace skintwin {
namespace {

using model::Species;

// A 0.4 mm x 0.8 mm cheek-like section at 10 µm and the needle that punctures it.
struct Bench {
  grid::Grid grid = grid::Grid::make_2d(40, 80, 10.0, 10.0);
  tissue::Site site = test::cheek_like();
  tissue::LayerMap layers{grid, site, tissue::Sex::Female};
  grid::FieldSet fields = test::healthy_fields(grid, layers);
  device::PenetrationModel pen = [] {
    device::PenetrationModel m;
    m.channel_recoil = 0.6;
    return m;
  }();
  device::Needle needle{200.0, 4.0, 300.0, "stainless steel"};

  injury::InjurySummary injure(const std::vector<device::Puncture>& punctures,
                               const injury::InjuryParameters& params = injury::default_injury_parameters()) {
    return injury::apply_punctures(fields, layers, params, punctures, needle, pen, {});
  }
};

std::vector<device::Puncture> random_punctures() {
  const int count = *rc::gen::inRange(1, 7);
  std::vector<device::Puncture> out;
  for (int n = 0; n < count; ++n) {
    device::Puncture p;
    p.x_mm = *rc::gen::inRange(0, 400) * 1e-3;
    p.y_mm = *rc::gen::inRange(-80, 80) * 1e-3;
    p.depth_um = *rc::gen::inRange(20, 700);
    out.push_back(p);
  }
  return out;
}

RC_GTEST_PROP(InjuryProperty, BoundedOrderIndependentAndBloodBalanced, ()) {
  const auto punctures = random_punctures();
  Bench forward;
  Bench backward;
  const auto summary = forward.injure(punctures);
  const auto summary_back = backward.injure({punctures.rbegin(), punctures.rend()});
  const auto damage = forward.fields.field(model::index(Species::Damage));
  const auto damage_back = backward.fields.field(model::index(Species::Damage));
  for (std::size_t v = 0; v < damage.size(); ++v) {
    RC_ASSERT(damage[v] >= 0.0f && damage[v] <= 1.0f);
    RC_ASSERT(std::abs(damage[v] - damage_back[v]) <= 1e-5f);
  }
  const auto fibrin = forward.fields.field(model::index(Species::Fibrin));
  RC_ASSERT(*std::max_element(fibrin.begin(), fibrin.end()) <= 1.0f);
  RC_ASSERT(std::abs(summary.blood_volume_um3 - summary_back.blood_volume_um3) <=
            1e-9 * (1.0 + summary.blood_volume_um3));

  // Healthy vessels are known per voxel, so the blood can be recomputed from the damage left.
  double expected_blood = 0.0;
  for (std::size_t v = 0; v < damage.size(); ++v)
    expected_blood += injury::default_injury_parameters().bleed_per_cut_vessel *
                      test::healthy_value(Species::Vessels, forward.layers.layer_of_voxel(v)) * damage[v] *
                      forward.grid.voxel_volume_um3();
  RC_ASSERT(std::abs(summary.blood_volume_um3 - expected_blood) <= 1e-5 * (1.0 + expected_blood));
}

TEST(InjurySessions, SecondSessionOnTheSameSpotBleedsOnlyFromTheVesselsLeft) {
  Bench b;
  device::Puncture p;
  p.x_mm = 0.2;
  p.depth_um = 500.0;
  const std::vector<device::Puncture> one{p};
  const auto params = injury::default_injury_parameters();
  const auto first = b.injure(one, params);
  const auto second = b.injure(one, params);
  // The lumen (d = 1) has no vessels left; the crush zone keeps V (1 - d) and bleeds that times d.
  double expected_first = 0.0;
  double expected_second = 0.0;
  for (const auto& h : injury::puncture_footprint(b.grid, params, p, b.needle, b.pen, {})) {
    const double cut = params.bleed_per_cut_vessel *
                       test::healthy_value(Species::Vessels, b.layers.layer_of_voxel(h.voxel)) * h.damage *
                       b.grid.voxel_volume_um3();
    expected_first += cut;
    expected_second += cut * (1.0 - h.damage);
  }
  EXPECT_NEAR(first.blood_volume_um3, expected_first, 1e-6 * expected_first);  // fields are float
  EXPECT_NEAR(second.blood_volume_um3, expected_second, 1e-5 * expected_second);
  EXPECT_LT(second.blood_volume_um3, 0.5 * first.blood_volume_um3);
  // Damage is carried over and saturates: still within [0, 1].
  const auto d = b.fields.field(model::index(Species::Damage));
  EXPECT_LE(*std::max_element(d.begin(), d.end()), 1.0f);
}

}  // namespace
}  // namespace skintwin
