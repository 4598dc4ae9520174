// The observables descriptor table: one row per double of ObservableParameters and validation
// through it.
#include <array>
#include <cstring>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "core/parameter_table_checks.hpp"
#include "skintwin/core/error.hpp"
#include "skintwin/outcome/observables.hpp"

namespace skintwin::outcome {
namespace {

constexpr std::size_t kSlots = sizeof(ObservableParameters) / sizeof(double);
static_assert(sizeof(ObservableParameters) % sizeof(double) == 0, "ObservableParameters holds doubles only");

TEST(ObservableTable, OneRowPerMemberDocumentedAndValidated) {
  EXPECT_EQ(observable_parameter_table().prefix(), "observables");
  test::expect_complete_table(observable_parameter_table(), kSlots);
}

TEST(ObservableTable, RowNames) {
  const auto& rows = observable_parameter_table().rows();
  std::set<std::string> names;
  for (const auto& row : rows) names.insert(row.info.name);
  for (const char* name : {"erythema.optical_depth_um", "erythema.dilation_gain", "erythema.load_length_um",
                           "erythema.inflammation_per_damage", "erythema.new_vessel_perfusion",
                           "erythema.index_scale", "erythema.visible_threshold", "wound_damage_threshold",
                           "open_coverage_threshold", "hypoxia_threshold_mmHg"})
    EXPECT_TRUE(names.contains(name)) << name;
  for (const auto& row : rows) EXPECT_FALSE(row.info.source.empty()) << row.info.name;
}

TEST(ObservableTable, DefaultsAreValid) { EXPECT_NO_THROW(validate(ObservableParameters{})); }

std::string rejected_key(const ObservableParameters& p) {
  try {
    validate(p);
  } catch (const InputError& e) {
    return e.key();
  }
  return "";
}

TEST(ObservableTable, ValidateNamesTheKey) {
  ObservableParameters a{};
  a.erythema.optical_depth_um = -150.0;
  EXPECT_EQ(rejected_key(a), "observables.erythema.optical_depth_um");
  ObservableParameters b{};
  b.erythema.load_length_um = 0.0;
  EXPECT_EQ(rejected_key(b), "observables.erythema.load_length_um");
  ObservableParameters c{};
  c.open_coverage_threshold = 1.5;
  EXPECT_EQ(rejected_key(c), "observables.open_coverage_threshold");
  ObservableParameters d{};
  d.hypoxia_threshold_mmHg = -1.0;
  EXPECT_EQ(rejected_key(d), "observables.hypoxia_threshold_mmHg");
  // The grades' depths must increase: the key named is the one out of order.
  ObservableParameters e{};
  e.scar_grading.moderate_um = e.scar_grading.mild_um;
  EXPECT_EQ(rejected_key(e), "observables.scar_grade_moderate_um");
  ObservableParameters f{};
  f.scar_grading.severe_um = 200.0;
  EXPECT_EQ(rejected_key(f), "observables.scar_grade_severe_um");
}

TEST(ScarGrade, EachGradeBeginsAtItsDepth) {
  const ScarGrading g{};
  EXPECT_EQ(scar_grade(0.0, g), 1);
  EXPECT_EQ(scar_grade(-20.0, g), 1) << "a raised floor is no depression";
  EXPECT_EQ(scar_grade(g.mild_um - 1e-9, g), 1);
  EXPECT_EQ(scar_grade(g.mild_um, g), 2);
  EXPECT_EQ(scar_grade(g.moderate_um - 1e-9, g), 2);
  EXPECT_EQ(scar_grade(g.moderate_um, g), 3);
  EXPECT_EQ(scar_grade(g.severe_um - 1e-9, g), 3);
  EXPECT_EQ(scar_grade(g.severe_um, g), 4);
  EXPECT_EQ(scar_grade(5000.0, g), 4);
  const ScarGrading tight{.mild_um = 10.0, .moderate_um = 20.0, .severe_um = 30.0};
  EXPECT_EQ(scar_grade(25.0, tight), 3);
}

}  // namespace
}  // namespace skintwin::outcome
