#pragma once
// Checks every descriptor table must pass (used by the tests of each stage's table): one row per
// scalar member, no two rows writing the same member, defaults that are the member initialisers
// and lie in their own range, every row named, documented and validated under its own key.
#include <gtest/gtest.h>

#include <cstddef>
#include <limits>
#include <set>
#include <string>

#include "skintwin/core/error.hpp"
#include "skintwin/core/parameter_table.hpp"

namespace skintwin::test {

// `scalar_count`: the number of scalar members of Params (for a struct of doubles and arrays of
// doubles, sizeof(Params) / sizeof(double)).
template <class Params>
void expect_complete_table(const ParameterTable<Params>& table, std::size_t scalar_count) {
  ASSERT_EQ(table.rows().size(), scalar_count) << table.prefix() << ": one row per scalar member";
  const Params defaults{};
  std::set<std::string> names;
  for (std::size_t r = 0; r < table.rows().size(); ++r) {
    const auto& row = table.rows()[r];
    const std::string& name = row.info.name;
    EXPECT_TRUE(names.insert(name).second) << name << " twice";
    EXPECT_FALSE(row.info.meaning.empty()) << name;
    EXPECT_FALSE(row.info.source.empty()) << name;
    EXPECT_EQ(row.default_value, row.get(defaults)) << name;
    EXPECT_TRUE(row.info.range.contains(row.default_value)) << name;

    Params p = defaults;
    // Distinct from every default (whole numbers only for integer members).
    const double value = static_cast<double>(r) + (row.info.range.integer ? 7.0 : 7.390625);
    row.set(p, value);
    EXPECT_EQ(row.get(p), value) << name;
    // Rows are independent: setting this one leaves every other row's member alone, and setting
    // any other one leaves this one alone. With one row per scalar member, every member has its row.
    for (std::size_t other = 0; other < table.rows().size(); ++other) {
      if (other == r) continue;
      const auto& o = table.rows()[other];
      EXPECT_EQ(o.get(p), o.get(defaults)) << name << " also writes " << o.info.name;
      Params q = p;
      o.set(q, 1e6 + static_cast<double>(other));
      EXPECT_EQ(row.get(q), value) << name << " and " << o.info.name << " write the same member";
    }

    // Every row is validated under its own key.
    const auto& range = row.info.range;
    const double outside = !range.integer ? std::numeric_limits<double>::infinity()
                           : range.max   ? *range.max + 1.0
                                         : *range.min - 1.0;
    Params bad = defaults;
    row.set(bad, outside);
    try {
      table.validate(bad);
      ADD_FAILURE() << name << ": infinity accepted";
    } catch (const InputError& e) {
      EXPECT_EQ(e.key(), table.key(row));
    }
  }
  EXPECT_NO_THROW(table.validate(defaults));
}

}  // namespace skintwin::test
