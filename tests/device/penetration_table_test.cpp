// The penetration descriptor table: one row per double of PenetrationModel, validation through it,
// and the resolution of the fitted support areas.
#include <array>
#include <cstring>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "core/parameter_table_checks.hpp"
#include "skintwin/core/error.hpp"
#include "skintwin/device/penetration.hpp"

namespace skintwin::device {
namespace {

constexpr std::size_t kSlots = sizeof(PenetrationModel) / sizeof(double);
static_assert(sizeof(PenetrationModel) % sizeof(double) == 0, "PenetrationModel holds doubles only");

TEST(PenetrationTable, OneRowPerMemberDocumentedAndValidated) {
  EXPECT_EQ(penetration_parameter_table().prefix(), "penetration");
  test::expect_complete_table(penetration_parameter_table(), kSlots);
}

TEST(PenetrationTable, RowNames) {
  const auto& rows = penetration_parameter_table().rows();
  std::set<std::string> names;
  for (const auto& row : rows) names.insert(row.info.name);
  for (const char* name : {"layer_modulus_kPa.epidermis", "layer_modulus_kPa.papillary_dermis",
                           "layer_modulus_kPa.reticular_dermis", "layer_modulus_kPa.hypodermis", "puncture_stress_MPa",
                           "support_area_pressed_mm2", "support_area_rolled_mm2", "stretch_stiffening", "depth_cv",
                           "channel_recoil"})
    EXPECT_TRUE(names.contains(name)) << name;
  for (const auto& row : rows) EXPECT_FALSE(row.info.source.empty()) << row.info.name;
}

TEST(PenetrationTable, DefaultsAreValid) {
  EXPECT_NO_THROW(validate(PenetrationModel{}));
  EXPECT_NO_THROW(validate(default_penetration_model()));
}

TEST(PenetrationTable, ValidateNamesTheKey) {
  PenetrationModel m{};
  m.puncture_stress_MPa = -1.0;
  try {
    validate(m);
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.key(), "penetration.puncture_stress_MPa");
  }
  PenetrationModel n{};
  n.layer_modulus_kPa[static_cast<std::size_t>(tissue::LayerKind::ReticularDermis)] = 0.0;
  try {
    validate(n);
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.key(), "penetration.layer_modulus_kPa.reticular_dermis");
  }
  PenetrationModel a{};
  a.support_area_rolled_mm2 = -0.1;
  EXPECT_THROW(resolve_penetration_model(a), InputError);
}

void expect_same(const PenetrationModel& a, const PenetrationModel& b) {
  for (std::size_t i = 0; i < tissue::kLayerCount; ++i) EXPECT_EQ(a.layer_modulus_kPa[i], b.layer_modulus_kPa[i]);
  EXPECT_EQ(a.puncture_stress_MPa, b.puncture_stress_MPa);
  EXPECT_EQ(a.support_area_pressed_mm2, b.support_area_pressed_mm2);
  EXPECT_EQ(a.support_area_rolled_mm2, b.support_area_rolled_mm2);
  EXPECT_EQ(a.stretch_stiffening, b.stretch_stiffening);
  EXPECT_EQ(a.depth_cv, b.depth_cv);
  EXPECT_EQ(a.channel_recoil, b.channel_recoil);
}

// The default model is what it was before the table: the literature values with both support
// areas calibrated on the references (docs/model.md: 3.42 and 0.164 mm²).
TEST(PenetrationTable, ResolvedDefaultIsTheDefaultModel) {
  const PenetrationModel resolved = resolve_penetration_model(PenetrationModel{});
  expect_same(resolved, default_penetration_model());
  expect_same(resolved, calibrate_penetration(PenetrationModel{}, penetration_references()));
  EXPECT_NEAR(resolved.support_area_pressed_mm2, 3.42, 0.005);
  EXPECT_NEAR(resolved.support_area_rolled_mm2, 0.164, 0.0005);
}

TEST(PenetrationTable, GivenSupportAreaIsKept) {
  const PenetrationModel fitted = default_penetration_model();
  PenetrationModel pressed{};
  pressed.support_area_pressed_mm2 = 1.25;
  const PenetrationModel a = resolve_penetration_model(pressed);
  EXPECT_EQ(a.support_area_pressed_mm2, 1.25);
  EXPECT_EQ(a.support_area_rolled_mm2, fitted.support_area_rolled_mm2);

  PenetrationModel rolled{};
  rolled.support_area_rolled_mm2 = 0.5;
  const PenetrationModel b = resolve_penetration_model(rolled);
  EXPECT_EQ(b.support_area_rolled_mm2, 0.5);
  EXPECT_EQ(b.support_area_pressed_mm2, fitted.support_area_pressed_mm2);

  PenetrationModel both{};
  both.support_area_pressed_mm2 = 2.0;
  both.support_area_rolled_mm2 = 0.2;
  expect_same(resolve_penetration_model(both), both);
}

// A fit uses the configured values of the other parameters.
TEST(PenetrationTable, FitFollowsTheOtherParameters) {
  PenetrationModel stiffer{};
  stiffer.puncture_stress_MPa = 2.0 * PenetrationModel{}.puncture_stress_MPa;
  const PenetrationModel m = resolve_penetration_model(stiffer);
  EXPECT_NEAR(m.support_area_pressed_mm2, 2.0 * default_penetration_model().support_area_pressed_mm2, 1e-9);
  EXPECT_NEAR(m.support_area_rolled_mm2, 2.0 * default_penetration_model().support_area_rolled_mm2, 1e-9);
}

}  // namespace
}  // namespace skintwin::device
