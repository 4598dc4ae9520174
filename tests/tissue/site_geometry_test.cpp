// Layer geometry of a Site and the pooling of the two sexes, on hand-made sites whose expected
// values follow from arithmetic alone.
#include <cmath>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "skintwin/core/error.hpp"
#include "skintwin/tissue/site.hpp"

namespace skintwin::tissue {
namespace {

// Female: 50 / 100 / 400 / 1000 µm; male: 60 / 120 / 480 / 2000 µm.
Site layered_site() {
  Site site;
  site.name = "test_site";
  site.region = "face";
  site.sources = "hand-made";
  site.layers[0] = {{50, 5}, {60, 6}};
  site.layers[1] = {{100, 10}, {120, 12}};
  site.layers[2] = {{400, 40}, {480, 48}};
  site.layers[3] = {{1000, 100}, {2000, 200}};
  return site;
}

TEST(SiteGeometry, LayerTopsAndBottomsAccumulateFromTheSurface) {
  const Site site = layered_site();
  EXPECT_DOUBLE_EQ(site.top_um(LayerKind::Epidermis, Sex::Female), 0.0);
  EXPECT_DOUBLE_EQ(site.top_um(LayerKind::PapillaryDermis, Sex::Female), 50.0);
  EXPECT_DOUBLE_EQ(site.top_um(LayerKind::ReticularDermis, Sex::Female), 150.0);
  EXPECT_DOUBLE_EQ(site.top_um(LayerKind::Hypodermis, Sex::Female), 550.0);
  EXPECT_DOUBLE_EQ(site.bottom_um(LayerKind::Hypodermis, Sex::Female), 1550.0);
  EXPECT_DOUBLE_EQ(site.dermis_bottom_um(Sex::Female), 550.0);
  EXPECT_DOUBLE_EQ(site.dermis_bottom_um(Sex::Male), 660.0);
  // Unspecified: each layer is the mean of the sexes, so depths are too.
  EXPECT_DOUBLE_EQ(site.dermis_bottom_um(Sex::Unspecified), 605.0);
}

TEST(SiteGeometry, LayerAtPutsEachBoundaryInTheDeeperLayer) {
  const Site site = layered_site();
  EXPECT_EQ(site.layer_at(0.0, Sex::Female), LayerKind::Epidermis);
  EXPECT_EQ(site.layer_at(49.9, Sex::Female), LayerKind::Epidermis);
  EXPECT_EQ(site.layer_at(50.0, Sex::Female), LayerKind::PapillaryDermis);
  EXPECT_EQ(site.layer_at(149.9, Sex::Female), LayerKind::PapillaryDermis);
  EXPECT_EQ(site.layer_at(150.0, Sex::Female), LayerKind::ReticularDermis);
  EXPECT_EQ(site.layer_at(549.9, Sex::Female), LayerKind::ReticularDermis);
  EXPECT_EQ(site.layer_at(550.0, Sex::Female), LayerKind::Hypodermis);
  // Below the modelled hypodermis everything still counts as fat.
  EXPECT_EQ(site.layer_at(1.0e6, Sex::Female), LayerKind::Hypodermis);
  // 600 µm is reticular dermis in a man (dermis ends at 660) but fat in a woman (550).
  EXPECT_EQ(site.layer_at(600.0, Sex::Male), LayerKind::ReticularDermis);
  EXPECT_EQ(site.layer_at(600.0, Sex::Female), LayerKind::Hypodermis);
}

TEST(SiteGeometry, DermisAddsSublayerMeansAndSds) {
  const Site site = layered_site();
  const Thickness female = site.dermis(Sex::Female);
  EXPECT_DOUBLE_EQ(female.mean_um, 500.0);
  EXPECT_DOUBLE_EQ(female.sd_um, 50.0);
}

TEST(SexPooling, UnspecifiedIsTheEqualMixtureOfTwoNormalPopulations) {
  // Mixture of N(100, 10²) and N(140, 20²) with equal weights: mean 120, variance
  // (10² + 20²)/2 + ((140 - 100)/2)² = 250 + 400 = 650.
  const LayerThickness layer{{100, 10}, {140, 20}};
  const Thickness pooled = layer.of(Sex::Unspecified);
  EXPECT_DOUBLE_EQ(pooled.mean_um, 120.0);
  EXPECT_NEAR(pooled.sd_um, std::sqrt(650.0), 1e-12);
  EXPECT_DOUBLE_EQ(layer.of(Sex::Female).mean_um, 100.0);
  EXPECT_DOUBLE_EQ(layer.of(Sex::Male).sd_um, 20.0);
}

TEST(SexPooling, EqualSexesPoolToThemselves) {
  const LayerThickness layer{{300, 30}, {300, 30}};
  EXPECT_DOUBLE_EQ(layer.of(Sex::Unspecified).mean_um, 300.0);
  EXPECT_NEAR(layer.of(Sex::Unspecified).sd_um, 30.0, 1e-12);
}

RC_GTEST_PROP(SiteGeometryProperty, EveryLayerTopLiesInThatLayer, ()) {
  Site site;
  for (auto& layer : site.layers) {
    layer.female.mean_um = *rc::gen::inRange(1, 5000);
    layer.male.mean_um = *rc::gen::inRange(1, 5000);
  }
  const Sex sex = *rc::gen::element(Sex::Female, Sex::Male, Sex::Unspecified);
  double depth = 0.0;
  for (std::size_t i = 0; i < kLayerCount; ++i) {
    const auto kind = static_cast<LayerKind>(i);
    RC_ASSERT(std::abs(site.top_um(kind, sex) - depth) < 1e-9);
    RC_ASSERT(site.layer_at(site.top_um(kind, sex), sex) == kind);
    depth += site.thickness_um(kind, sex);
    RC_ASSERT(std::abs(site.bottom_um(kind, sex) - depth) < 1e-9);
  }
  RC_ASSERT(site.layer_at(site.dermis_bottom_um(sex) - 1e-6, sex) == LayerKind::ReticularDermis);
}

TEST(SexNames, RoundTripAndRejectOthers) {
  for (const Sex sex : {Sex::Female, Sex::Male, Sex::Unspecified}) EXPECT_EQ(sex_from_name(sex_name(sex)), sex);
  EXPECT_FALSE(sex_from_name("Female").has_value());
  EXPECT_FALSE(sex_from_name("").has_value());
}

TEST(SiteCatalogLookup, UnknownNameSuggestsTheNearest) {
  Site cheek = layered_site();
  cheek.name = "cheek";
  Site chin = layered_site();
  chin.name = "chin";
  const SiteCatalog catalog({cheek, chin});
  EXPECT_EQ(&catalog.get("cheek"), &catalog.sites()[0]);
  EXPECT_EQ(catalog.find("forehead"), nullptr);
  try {
    catalog.get("cheeck");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.key(), "site.name");
    EXPECT_EQ(e.value(), "'cheeck'");
    EXPECT_NE(e.allowed().find("did you mean 'cheek'?"), std::string::npos) << e.allowed();
    EXPECT_NE(e.allowed().find("chin"), std::string::npos) << e.allowed();
  }
}

}  // namespace
}  // namespace skintwin::tissue
