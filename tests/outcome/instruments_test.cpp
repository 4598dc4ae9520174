// The instrument readings (Cutometer-style R0, R2, R7 and 20 MHz echo density) from layer means:
// healthy skin reads the healthy values, and each reading moves the way its constitutive relation
// (docs/model.md, "Instrument readings") says composition moves it.
#include <gtest/gtest.h>

#include "skintwin/outcome/instruments.hpp"

namespace {

using skintwin::model::index;
using skintwin::model::Species;
using skintwin::outcome::InstrumentParameters;
using skintwin::outcome::instrument_readings;
using skintwin::outcome::LayerMeans;
using skintwin::tissue::LayerKind;

constexpr auto kPapillary = static_cast<std::size_t>(LayerKind::PapillaryDermis);
constexpr auto kReticular = static_cast<std::size_t>(LayerKind::ReticularDermis);

LayerMeans healthy_skin() {
  LayerMeans m{};
  for (const std::size_t l : {kPapillary, kReticular}) {
    m[l][index(Species::CollagenI)] = 0.8;
    m[l][index(Species::CollagenIII)] = 0.15;
    m[l][index(Species::Elastin)] = 0.05;
  }
  return m;
}

// Papillary dermis 1 part, reticular 3 parts thick (voxels); epidermis and fat do not count.
constexpr std::array<std::size_t, skintwin::tissue::kLayerCount> kVoxels{5, 10, 30, 20};

TEST(Instruments, HealthySkinReadsTheHealthyValues) {
  const InstrumentParameters p;
  const auto r = instrument_readings(healthy_skin(), healthy_skin(), kVoxels, p);
  EXPECT_DOUBLE_EQ(r.r0_mm, p.r0_healthy_mm);
  EXPECT_DOUBLE_EQ(r.r2, p.r2_healthy);
  EXPECT_DOUBLE_EQ(r.r7, p.r7_healthy);
  EXPECT_DOUBLE_EQ(r.echo_density_change, 0.0);
}

TEST(Instruments, LayersInSeriesUnderTheProbe) {
  const InstrumentParameters p;
  LayerMeans now = healthy_skin();
  now[kPapillary][index(Species::CollagenI)] *= 2.0;
  now[kPapillary][index(Species::CollagenIII)] *= 2.0;  // papillary collagen doubled: c = 2, e = 1
  const auto r = instrument_readings(now, healthy_skin(), kVoxels, p);
  const double m = p.elastin_stiffness_share + (1.0 - p.elastin_stiffness_share) * 2.0;
  EXPECT_NEAR(r.r0_mm, p.r0_healthy_mm * (10.0 / m + 30.0) / 40.0, 1e-12);  // firmer: less deformation
  EXPECT_NEAR(r.r7, p.r7_healthy, 1e-12);  // elastin unchanged: recovery share unchanged
  EXPECT_NEAR(r.echo_density_change, 10.0 * 1.0 / 40.0, 1e-12);  // a quarter of the dermis twice as dense
}

TEST(Instruments, LostElastinLowersElasticityAndSoftensTheSkin) {
  const InstrumentParameters p;
  LayerMeans now = healthy_skin();
  now[kPapillary][index(Species::Elastin)] *= 0.5;
  const auto r = instrument_readings(now, healthy_skin(), kVoxels, p);
  EXPECT_GT(r.r0_mm, p.r0_healthy_mm);
  EXPECT_LT(r.r2, p.r2_healthy);
  EXPECT_LT(r.r7, p.r7_healthy);
  EXPECT_DOUBLE_EQ(r.echo_density_change, 0.0);  // the echo follows collagen
}

TEST(Instruments, NewCollagenIIIStiffensLessThanMatureCollagenI) {
  const InstrumentParameters p;
  LayerMeans as_iii = healthy_skin();
  LayerMeans as_i = healthy_skin();
  as_iii[kReticular][index(Species::CollagenIII)] += 0.2;
  as_i[kReticular][index(Species::CollagenI)] += 0.2;
  const auto iii = instrument_readings(as_iii, healthy_skin(), kVoxels, p);
  const auto i = instrument_readings(as_i, healthy_skin(), kVoxels, p);
  EXPECT_LT(i.r0_mm, iii.r0_mm);
  EXPECT_LT(iii.r0_mm, p.r0_healthy_mm);
  EXPECT_GT(i.echo_density_change, iii.echo_density_change);
  EXPECT_GT(iii.echo_density_change, 0.0);
}

TEST(Instruments, ElasticityNeverExceedsFullRecovery) {
  const InstrumentParameters p;
  LayerMeans now = healthy_skin();
  for (const std::size_t l : {kPapillary, kReticular}) now[l][index(Species::Elastin)] *= 10.0;
  const auto r = instrument_readings(now, healthy_skin(), kVoxels, p);
  EXPECT_LE(r.r2, 1.0);
  EXPECT_LE(r.r7, 1.0);
}

}  // namespace
