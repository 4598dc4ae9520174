// The injury of the catalog's 12-needle pen on the catalog cheek, by set depth: deeper settings
// must reach deeper layers and bleed more (spec 4.4). Prints the figures quoted in docs/model.md.
// The surface overflow is not monotone in depth (a deep lumen in the sparse reticular dermis holds
// more blood than it bleeds), so only the blood cut is required to grow.
#include <gtest/gtest.h>

#include <cstdio>

#include "injury/skin_fixture.hpp"
#include "skintwin/device/penetration.hpp"
#include "skintwin/injury/injury.hpp"
#include "skintwin/io/device_catalog.hpp"
#include "skintwin/io/site_catalog.hpp"

namespace skintwin {
namespace {

using model::Species;

struct DepthResult {
  double depth_um = 0.0;
  double blood_um3 = 0.0;
  double surface_um3 = 0.0;
  double deepest_lumen_um = 0.0;
};

DepthResult injure_at(double set_depth_mm) {
  const auto& pen = io::builtin_device_catalog().get("pen-12");
  const auto& cheek = io::builtin_site_catalog().get("cheek");
  const auto& model = device::default_penetration_model();
  const auto result = device::penetrate(model, pen, set_depth_mm, cheek, tissue::Sex::Female, 0.0);
  const auto g = grid::Grid::make_2d(100, 200, 10.0, 10.0);
  const tissue::LayerMap layers(g, cheek, tissue::Sex::Female);
  auto fields = test::healthy_fields(g, layers);
  device::Puncture p;
  p.x_mm = 0.505;
  p.depth_um = result.depth_um;
  const std::vector<device::Puncture> one{p};
  const auto params = injury::default_injury_parameters();
  const auto summary = injury::apply_punctures(fields, layers, params, one, pen.needle, model, {});
  DepthResult r{result.depth_um, summary.blood_volume_um3, summary.surface_bleed_um3, 0.0};
  for (const auto& h : injury::puncture_footprint(g, params, p, pen.needle, model, {}))
    if (h.lumen > 0.5) r.deepest_lumen_um = std::max(r.deepest_lumen_um, g.center_um(grid::Axis::Z, static_cast<int>(h.voxel / 100)));
  std::printf("set %.2f mm: depth %.0f um, blood %.0f um2 in the section, surface bleed %.0f um2, lumen to %.0f um\n",
              set_depth_mm, r.depth_um, r.blood_um3, r.surface_um3, r.deepest_lumen_um);
  return r;
}

TEST(InjuryByDepth, DeeperPenSettingsReachDeeperAndBleedMore) {
  const double papillary_bottom_um = io::builtin_site_catalog().get("cheek").bottom_um(tissue::LayerKind::PapillaryDermis, tissue::Sex::Female);
  DepthResult previous;
  for (const double set_mm : {0.25, 0.5, 1.0, 1.5}) {
    const DepthResult r = injure_at(set_mm);
    EXPECT_GT(r.depth_um, previous.depth_um);
    EXPECT_GT(r.blood_um3, previous.blood_um3);
    previous = r;
  }
  // A 1.5 mm setting cuts through the papillary plexus into the reticular dermis and bleeds at the surface.
  EXPECT_GT(previous.deepest_lumen_um, papillary_bottom_um);
  EXPECT_GT(previous.surface_um3, 0.0);
}

}  // namespace
}  // namespace skintwin
