// The observables read the state the injury leaves: one opening and one wound per channel.
#include <gtest/gtest.h>

#include "injury/skin_fixture.hpp"
#include "skintwin/injury/injury.hpp"
#include "skintwin/outcome/observables.hpp"

namespace skintwin {
namespace {

TEST(InjuryObservables, EachChannelOpensTheEpidermisOnceIn3d) {
  const auto g = grid::Grid::make_3d(40, 40, 40, 10.0, 10.0, 10.0);  // 400 µm patch
  const auto site = test::cheek_like();
  const tissue::LayerMap layers(g, site, tissue::Sex::Female);
  const auto healthy = test::healthy_fields(g, layers);
  auto injured = healthy;
  device::PenetrationModel pen;
  pen.channel_recoil = 0.6;
  const device::Needle needle{200.0, 4.0, 300.0, "stainless steel"};
  std::vector<device::Puncture> two(2);
  two[0].x_mm = 0.1;
  two[0].y_mm = 0.1;
  two[0].depth_um = 300.0;
  two[1].x_mm = 0.395;  // at the edge: its opening wraps around the periodic sides
  two[1].y_mm = 0.3;
  two[1].depth_um = 300.0;
  const auto summary = injury::apply_punctures(injured, layers, injury::default_injury_parameters(), two, needle, pen, {});
  EXPECT_EQ(summary.punctures_on_grid, 2u);
  const outcome::ObservableTracker tracker(layers, healthy, injured);
  EXPECT_EQ(tracker.openings(), 2u);
  EXPECT_GT(tracker.wound_voxels(), 0u);
  const auto snap = tracker.measure(injured, 0.0);
  EXPECT_EQ(snap.closure_fraction, 0.0);
  // The channels' damage dilates the plexus at once: redness is greatest right after the session.
  EXPECT_GT(snap.erythema_index, 0.0);
  EXPECT_LT(snap.vessel_ratio[1], 1.0);
}

}  // namespace
}  // namespace skintwin
