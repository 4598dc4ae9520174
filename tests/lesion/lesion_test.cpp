// Lesions as geometry: their depression profiles, the tissue they leave, the needles that reach
// their floor, and that an untreated lesion stays as it is (docs/model.md, "Lesions").
#include <cmath>
#include <cstdio>
#include <numbers>

#include <fmt/format.h>

#include <gtest/gtest.h>

#include "../model/model_fixture.hpp"
#include "skintwin/core/error.hpp"
#include "skintwin/lesion/lesion.hpp"
#include "skintwin/model/species.hpp"
#include "skintwin/outcome/lesion_gauge.hpp"
#include "skintwin/outcome/observables.hpp"

namespace skintwin::lesion {
namespace {

using model::Species;

Lesion make(Profile profile, double width_mm, double depth_mm, double share = 0.5) {
  LesionKind kind;
  kind.name = "test";
  kind.profile = profile;
  kind.edge_fraction = 0.1;
  kind.matrix_share = share;
  return {.kind = kind, .width_mm = width_mm, .depth_mm = depth_mm};
}

TEST(LesionProfile, EachShapeIsDeepestAtTheCentreAndZeroAtTheRim) {
  for (const Profile p : {Profile::Cone, Profile::Box, Profile::Bowl}) {
    const Lesion l = make(p, 2.0, 0.4);
    EXPECT_DOUBLE_EQ(depression_um(l, 0.0), 400.0);
    EXPECT_DOUBLE_EQ(depression_um(l, 1000.0), 0.0);
    EXPECT_DOUBLE_EQ(depression_um(l, 1500.0), 0.0);
    EXPECT_GT(depression_um(l, 500.0), 0.0);
    EXPECT_LE(depression_um(l, 600.0), depression_um(l, 500.0));
  }
  // A cone halves at half the radius, a box keeps its floor up to its edge (10 % of the width), a
  // bowl halves at half the radius too.
  EXPECT_DOUBLE_EQ(depression_um(make(Profile::Cone, 2.0, 0.4), 500.0), 200.0);
  EXPECT_DOUBLE_EQ(depression_um(make(Profile::Box, 2.0, 0.4), 799.0), 400.0);
  EXPECT_NEAR(depression_um(make(Profile::Box, 2.0, 0.4), 900.0), 200.0, 1e-9);
  EXPECT_NEAR(depression_um(make(Profile::Bowl, 2.0, 0.4), 500.0), 200.0, 1e-9);
}

// The pre-treatment tissue carries each column's depression as missing collagen, so the scar gauge
// reads back the depth it was given (to within a row's rounding of the lesion's zone).
TEST(LesionTissue, TheGaugeReadsBackTheDepressionOfTheShapedTissue) {
  const auto grid = grid::Grid::make_2d(200, 90, 20.0, 20.0);  // 4 mm, 1.8 mm deep
  const model::HealingModel m = model::testing::make_model(grid);
  for (const Profile p : {Profile::Cone, Profile::Box, Profile::Bowl}) {
    const Lesion l = make(p, 1.5, 0.3);
    grid::FieldSet skin = m.healthy_state();
    shape_tissue(skin, m.layers(), l);
    const outcome::LesionGauge gauge(m.layers(), gauge_columns(grid, l), skin, 500.0);
    const outcome::LesionReading r = gauge.read(skin);
    const double floor_expected = p == Profile::Box ? 300.0 : (p == Profile::Cone ? 0.875 * 300.0 : 0.93 * 300.0);
    EXPECT_NEAR(r.depth_um, floor_expected, 0.06 * 300.0) << static_cast<int>(p);
    // Column by column (λ_S = 0), the missing matrix put back reads as no depression at all.
    const grid::FieldSet healthy = m.healthy_state();
    const outcome::LesionGauge column_gauge(m.layers(), gauge_columns(grid, l), skin, 0.0);
    EXPECT_NEAR(column_gauge.read(healthy).depth_um, 0.0, 1e-6);
    EXPECT_NEAR(column_gauge.read(skin).depth_um, r.depth_um, 1e-9);
    // Where the set point is below 1, collagen and elastin are that share of healthy.
    const std::size_t v = grid.index(100, 0, 10);
    const double s = skin.field(model::index(Species::MatrixSetPoint))[v];
    EXPECT_LT(s, 1.0);
    EXPECT_NEAR(skin.field(model::index(Species::CollagenI))[v], s * healthy.field(model::index(Species::CollagenI))[v], 1e-6);
    EXPECT_NEAR(skin.field(model::index(Species::Elastin))[v], s * healthy.field(model::index(Species::Elastin))[v], 1e-6);
  }
}

// The extent at half the floor's depth: a box's edge falls linearly over a tenth of its width, so
// half its depth lies half an edge inside its rim (0.9 of its width across). A 2D section reads a
// width, a 3D patch an area (a disc for a round lesion, a band for a groove), and a lesion whose
// matrix is put back has none left. The grade follows the floor's depth.
TEST(LesionTissue, TheGaugeReadsTheWidthAndAreaAtHalfTheDepth) {
  const double width_mm = 1.5;
  const double expected_mm = 0.9 * width_mm;
  {
    const auto grid = grid::Grid::make_2d(200, 90, 20.0, 20.0);
    const model::HealingModel m = model::testing::make_model(grid);
    const Lesion l = make(Profile::Box, width_mm, 0.3);
    grid::FieldSet skin = m.healthy_state();
    shape_tissue(skin, m.layers(), l);
    const outcome::LesionGauge gauge(m.layers(), gauge_columns(grid, l), skin, 500.0);
    const outcome::LesionReading r = gauge.read(skin);
    EXPECT_NEAR(r.width_mm, expected_mm, 0.041);  // a column on either side
    EXPECT_TRUE(std::isnan(r.area_mm2)) << "a section has no area";
    const outcome::LesionGauge column_gauge(m.layers(), gauge_columns(grid, l), skin, 0.0);
    EXPECT_EQ(column_gauge.read(m.healthy_state()).width_mm, 0.0);
    EXPECT_EQ(outcome::scar_grade(r.depth_um, {}), 3);
    // Its colour: the shaped tissue keeps the healthy plexus and epidermis; twice the papillary
    // vessels under it read as a lesion twice as red as the skin beside it.
    EXPECT_DOUBLE_EQ(r.vessel_ratio, 1.0);
    EXPECT_DOUBLE_EQ(r.melanin_ratio, 1.0);
    grid::FieldSet red = skin;
    auto vessels = red.field(model::index(Species::Vessels));
    for (const std::size_t c : gauge_columns(grid, l).lesion)
      for (int k = 0; k < grid.nz(); ++k)
        if (m.layers().layer_of_z(k) == tissue::LayerKind::PapillaryDermis) vessels[static_cast<std::size_t>(k) * 200 + c] *= 2.0f;
    EXPECT_NEAR(gauge.read(red).vessel_ratio, 2.0, 1e-6);
    EXPECT_EQ(outcome::scar_grade(column_gauge.read(m.healthy_state()).depth_um, {}), 1);
  }
  for (const bool line : {false, true}) {
    // 3 x 3 mm for the disc (its corners are the skin around it), 4 x 2 mm for the groove along y.
    const auto grid = line ? grid::Grid::make_3d(80, 40, 90, 50.0, 50.0, 20.0) : grid::Grid::make_3d(60, 60, 90, 50.0, 50.0, 20.0);
    const model::HealingModel m = model::testing::make_model(grid);
    Lesion l = make(Profile::Box, width_mm, 0.3);
    l.kind.line = line;
    grid::FieldSet skin = m.healthy_state();
    shape_tissue(skin, m.layers(), l);
    const outcome::LesionGauge gauge(m.layers(), gauge_columns(grid, l), skin, 500.0);
    const outcome::LesionReading r = gauge.read(skin);
    const double area_mm2 = line ? expected_mm * 2.0 : std::numbers::pi * 0.25 * expected_mm * expected_mm;
    EXPECT_NEAR(r.area_mm2, area_mm2, 0.06 * area_mm2) << (line ? "groove" : "round");
    EXPECT_NEAR(r.width_mm, expected_mm, 0.06) << (line ? "groove" : "round");
    // Column by column (λ_S = 0) the matrix put back leaves no depression; over λ_S the floor of a
    // lesion this narrow rises with the skin beside it and keeps part of its depth.
    const outcome::LesionGauge column_gauge(m.layers(), gauge_columns(grid, l), skin, 0.0);
    EXPECT_EQ(column_gauge.read(m.healthy_state()).area_mm2, 0.0);
    EXPECT_LT(gauge.read(m.healthy_state()).area_mm2, r.area_mm2);
  }
}

// New matrix lifts the surface over λ_S: the same share of the missing matrix put back fills a
// narrow pit less than a wide one, which rises less against the skin beside it.
TEST(LesionTissue, PuttingBackTheMatrixFillsAWideLesionMoreThanANarrowOne) {
  const auto grid = grid::Grid::make_2d(400, 90, 20.0, 20.0);  // 8 mm
  const model::HealingModel m = model::testing::make_model(grid);
  std::vector<double> filled;
  for (const double width_mm : {0.5, 1.0, 2.5}) {
    const Lesion l = make(Profile::Box, width_mm, 0.3);
    grid::FieldSet skin = m.healthy_state();
    shape_tissue(skin, m.layers(), l);
    const outcome::LesionGauge gauge(m.layers(), gauge_columns(grid, l), skin, 500.0);
    filled.push_back(1.0 - gauge.read(m.healthy_state()).depth_um / gauge.read(skin).depth_um);
  }
  RecordProperty("filled", fmt::format("{:.3f} {:.3f} {:.3f}", filled[0], filled[1], filled[2]));
  std::printf("filled %.3f %.3f %.3f\n", filled[0], filled[1], filled[2]);
  EXPECT_GT(filled[0], 0.0);
  EXPECT_LT(filled[0], filled[1]);
  EXPECT_LT(filled[1], filled[2]);
  EXPECT_LT(filled[2], 1.0);
}

// Without needling a scar stays: its tissue keeps the lower set point (docs/model.md, "Lesions").
TEST(LesionTissue, AnUntreatedScarStaysAsItIsForHalfAYear) {
  const auto grid = grid::Grid::make_2d(60, 80, 25.0, 20.0);
  const model::HealingModel m = model::testing::make_model(grid);
  const Lesion l = make(Profile::Box, 0.5, 0.25);
  grid::FieldSet skin = m.healthy_state();
  shape_tissue(skin, m.layers(), l);
  const outcome::LesionGauge gauge(m.layers(), gauge_columns(grid, l), skin, 500.0);
  const double before = gauge.read(skin).depth_um;
  grid::FieldSet fields = skin;
  solver::Stepper stepper = m.make_stepper(0.0);
  stepper.advance_to(fields, 180.0 * 1440.0, 1440.0);
  EXPECT_NEAR(gauge.read(fields).depth_um, before, 0.5);
  for (const Species s : {Species::CollagenI, Species::CollagenIII, Species::Elastin, Species::Fibroblasts}) {
    double worst = 0.0;
    for (std::size_t i = 0; i < grid.voxels(); ++i) {
      const double ref = skin.field(model::index(s))[i];
      worst = std::max(worst, std::fabs(fields.field(model::index(s))[i] - ref) / std::max(std::fabs(ref), 1e-3));
    }
    EXPECT_LT(worst, 1e-4) << model::species_name(s);
  }
}

// A needle pressed on the skin around the scar reaches its floor with what is left of its depth.
TEST(LesionNeedles, TheDepressionShortensTheNeedlesThatLandOnIt) {
  const auto grid = grid::Grid::make_2d(200, 90, 20.0, 20.0);
  const Lesion l = make(Profile::Box, 2.0, 0.5);
  const injury::GridPlacement placement{.origin_x_mm = 10.0, .origin_y_mm = 3.0};  // centre at x = 12 mm
  std::vector<device::Puncture> punctures(3);
  punctures[0].x_mm = 12.0, punctures[0].depth_um = 800.0;  // on the floor
  punctures[1].x_mm = 12.5, punctures[1].depth_um = 400.0;  // on the floor, shorter than the scar is deep
  punctures[2].x_mm = 14.0, punctures[2].depth_um = 800.0;  // beside the scar
  const auto reaching = punctures_on_lesion(punctures, l, grid, placement);
  ASSERT_EQ(reaching.size(), 2u);
  EXPECT_DOUBLE_EQ(reaching[0].depth_um, 300.0);
  EXPECT_DOUBLE_EQ(reaching[1].depth_um, 800.0);
  const FloorReach r = floor_reach(punctures, l, grid, placement);
  EXPECT_EQ(r.landed, 2u);
  EXPECT_EQ(r.reached, 1u);
  EXPECT_DOUBLE_EQ(r.mean_depth_below_floor_um, 150.0);
}

TEST(LesionValidation, AGridTooNarrowForTheSkinAroundTheLesionIsRefusedNamingTheKey) {
  const auto narrow = grid::Grid::make_2d(100, 90, 20.0, 20.0);  // 2 mm
  try {
    validate(make(Profile::Box, 1.5, 0.3), narrow);
    FAIL() << "accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.key(), "simulate.width_mm");
  }
  const auto wide = grid::Grid::make_2d(300, 90, 20.0, 20.0);
  EXPECT_NO_THROW(validate(make(Profile::Box, 1.5, 0.3), wide));
  EXPECT_THROW(validate(make(Profile::Box, 1.5, 0.0), wide), InputError);
}

}  // namespace
}  // namespace skintwin::lesion
