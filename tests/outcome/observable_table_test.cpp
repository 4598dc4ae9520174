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
}

}  // namespace
}  // namespace skintwin::outcome
