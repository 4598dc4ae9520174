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

// The indices of the double slots in which a and b differ (bytewise).
std::vector<std::size_t> differing_slots(const HealingParameters& a, const HealingParameters& b) {
  const auto* pa = reinterpret_cast<const unsigned char*>(&a);
  const auto* pb = reinterpret_cast<const unsigned char*>(&b);
  std::vector<std::size_t> slots;
  for (std::size_t i = 0; i < kScalarCount; ++i)
    if (std::memcmp(pa + i * sizeof(double), pb + i * sizeof(double), sizeof(double)) != 0) slots.push_back(i);
  return slots;
}

TEST(HealingParameterTable, OneRowPerDouble) {
  const auto& table = healing_parameter_table();
  EXPECT_EQ(table.prefix(), "model");
  ASSERT_EQ(table.rows().size(), kScalarCount);
}

TEST(HealingParameterTable, EveryRowSetsExactlyOneMemberAndNoTwoRowsShareOne) {
  const auto& table = healing_parameter_table();
  const HealingParameters defaults = default_healing_parameters();
  std::set<std::size_t> seen;
  for (std::size_t r = 0; r < table.rows().size(); ++r) {
    const auto& row = table.rows()[r];
    EXPECT_EQ(row.default_value, row.get(defaults)) << row.info.name;
    HealingParameters p = defaults;
    const double value = 1234.5 + static_cast<double>(r);  // differs from every default
    row.set(p, value);
    EXPECT_EQ(row.get(p), value) << row.info.name;
    const auto slots = differing_slots(defaults, p);
    ASSERT_EQ(slots.size(), 1u) << row.info.name;
    EXPECT_TRUE(seen.insert(slots[0]).second) << row.info.name << " writes a member another row writes too";
  }
  // With one row per slot and no slot written twice, every member has its row.
  EXPECT_EQ(seen.size(), kScalarCount);
}

TEST(HealingParameterTable, RowsAreNamedAndDocumented) {
  const auto& table = healing_parameter_table();
  std::set<std::string> names;
  for (const auto& row : table.rows()) {
    EXPECT_TRUE(names.insert(row.info.name).second) << row.info.name << " twice";
    EXPECT_FALSE(row.info.symbol.empty()) << row.info.name;  // the unit may be empty (dimensionless)
    EXPECT_FALSE(row.info.meaning.empty()) << row.info.name;
    EXPECT_FALSE(row.info.source.empty()) << row.info.name;
    EXPECT_TRUE(row.info.range.contains(row.default_value)) << row.info.name;
  }
  // Keys read like the members' paths, per-layer arrays one key per layer.
  for (const char* name : {"baselines.fibroblasts.papillary_dermis", "baselines.vessels.epidermis",
                           "baselines.growth_factor", "transport.D_oxygen_um2_per_min.hypodermis",
                           "transport.D_fibroblasts_um2_per_min", "rates.r_F_per_min",
                           "rates.q_0_mmHg_per_min.reticular_dermis", "rates.g_open"})
    EXPECT_EQ(names.count(name), 1u) << name;
}

TEST(HealingParameterTable, DefaultsAreTheMemberInitialisers) {
  const auto& table = healing_parameter_table();
  const HealingParameters defaults{};
  HealingParameters rebuilt{};
  std::memset(static_cast<void*>(&rebuilt), 0, sizeof rebuilt);
  for (const auto& row : table.rows()) row.set(rebuilt, row.default_value);
  EXPECT_TRUE(differing_slots(defaults, rebuilt).empty());
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

TEST(HealingParameterTable, EveryRowIsValidated) {
  const auto& table = healing_parameter_table();
  for (const auto& row : table.rows()) {
    const std::string key = rejected_key([&](HealingParameters& p) {
      row.set(p, std::numeric_limits<double>::infinity());
    });
    EXPECT_EQ(key, table.key(row));
  }
}

}  // namespace
}  // namespace skintwin::model
