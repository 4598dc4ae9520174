// The descriptor table of HealingParameters (src/model/parameter_table.cpp): every member has
// exactly one row, the rows carry their documentation, and validate() names the offending key.
#include <cmath>
#include <cstddef>
#include <cstring>
#include <limits>
#include <set>
#include <string>
#include <type_traits>
#include <vector>

#include <gtest/gtest.h>

#include "skintwin/core/error.hpp"
#include "core/parameter_table_checks.hpp"
#include "skintwin/model/parameters.hpp"

namespace skintwin::model {
namespace {

// Every member of HealingParameters is a double or an array of doubles (PerLayer), so the struct
// is a dense run of doubles without padding and its size counts its scalar parameters. A member of
// another type would break this count: give it its own row (the table takes integers too) and
// adapt kScalarCount.
static_assert(std::is_trivially_copyable_v<HealingParameters>);
static_assert(std::is_standard_layout_v<HealingParameters>);
static_assert(sizeof(HealingParameters) % sizeof(double) == 0);
constexpr std::size_t kScalarCount = sizeof(HealingParameters) / sizeof(double);

TEST(HealingParameterTable, OneRowPerMemberDocumentedAndValidated) {
  EXPECT_EQ(healing_parameter_table().prefix(), "model");
  test::expect_complete_table(healing_parameter_table(), kScalarCount);
}

TEST(HealingParameterTable, KeysReadLikeTheMemberPaths) {
  std::set<std::string> names;
  for (const auto& row : healing_parameter_table().rows()) names.insert(row.info.name);
  // Per-layer arrays: one key per layer.
  for (const char* name : {"baselines.fibroblasts.papillary_dermis", "baselines.vessels.epidermis",
                           "baselines.growth_factor", "transport.D_oxygen_um2_per_min.hypodermis",
                           "transport.D_fibroblasts_um2_per_min", "rates.r_F_per_min",
                           "rates.q_0_mmHg_per_min.reticular_dermis", "rates.g_open"})
    EXPECT_EQ(names.count(name), 1u) << name;
}

template <class Change>
std::string rejected_key(Change change) {
  HealingParameters p = default_healing_parameters();
  change(p);
  try {
    validate(p);
  } catch (const InputError& e) {
    return e.key();
  }
  return "(accepted)";
}

TEST(HealingParameterTable, ValidateNamesTheKey) {
  EXPECT_NO_THROW(validate(default_healing_parameters()));
  EXPECT_EQ(rejected_key([](HealingParameters& p) { p.rates.r_F_per_min = -1e-4; }), "model.rates.r_F_per_min");
  EXPECT_EQ(rejected_key([](HealingParameters& p) { p.rates.f3_max = 1.5; }), "model.rates.f3_max");
  EXPECT_EQ(rejected_key([](HealingParameters& p) { p.rates.K_G = 0.0; }), "model.rates.K_G");
  EXPECT_EQ(rejected_key([](HealingParameters& p) { p.baselines.vessels[1] = std::nan(""); }),
            "model.baselines.vessels.papillary_dermis");
  EXPECT_EQ(rejected_key([](HealingParameters& p) { p.rates.q_0_mmHg_per_min[2] = -1.0; }),
            "model.rates.q_0_mmHg_per_min.reticular_dermis");
  // Zero is allowed where a term may be switched off.
  EXPECT_EQ(rejected_key([](HealingParameters& p) { p.rates.r_F_per_min = 0.0; }), "(accepted)");
}

}  // namespace
}  // namespace skintwin::model
