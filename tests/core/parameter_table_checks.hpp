#pragma once
// Checks every descriptor table must pass (used by the tests of each stage's table): one row per
// scalar member, no two rows writing the same member, defaults that are the member initialisers
// and lie in their own range, every row named, documented and validated under its own key.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstring>
#include <limits>
#include <set>
#include <string>
#include <type_traits>
#include <vector>

#include "skintwin/core/error.hpp"
#include "skintwin/core/parameter_table.hpp"

namespace skintwin::test {

// The bytes of `a` and `b` that differ, grouped into the members they belong to (a member's
// bytes are [offset, offset + size) of the row that wrote it).
template <class Params>
std::vector<std::size_t> differing_bytes(const Params& a, const Params& b) {
  static_assert(std::is_trivially_copyable_v<Params>);
  const auto* pa = reinterpret_cast<const unsigned char*>(&a);
  const auto* pb = reinterpret_cast<const unsigned char*>(&b);
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < sizeof(Params); ++i)
    if (pa[i] != pb[i]) out.push_back(i);
  return out;
}

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
    const double value = 7.0 + static_cast<double>(r);  // a whole number, distinct from the others
    row.set(p, value);
    EXPECT_EQ(row.get(p), value) << name;
    const auto bytes = differing_bytes(defaults, p);
    ASSERT_FALSE(bytes.empty()) << name << " writes no member";
    EXPECT_LT(bytes.back() - bytes.front(), sizeof(double)) << name << " writes more than one member";
    // No other row writes the same member.
    for (std::size_t other = 0; other < table.rows().size(); ++other) {
      if (other == r) continue;
      Params q = defaults;
      row.set(q, value);
      table.rows()[other].set(q, 1e6 + static_cast<double>(other));
      EXPECT_EQ(row.get(q), value) << name << " and " << table.rows()[other].info.name << " write the same member";
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
