#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "skintwin/core/text.hpp"

namespace skintwin {
namespace {

TEST(EditDistance, ClassicCases) {
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("Cheek", "cheek"), 0u);
}

TEST(NearestName, SuggestsTyposAndRejectsNonsense) {
  const std::vector<std::string> names{"cheek", "chin", "forehead", "neck"};
  EXPECT_EQ(nearest_name("cheeck", names).value_or(""), "cheek");
  EXPECT_EQ(nearest_name("forhead", names).value_or(""), "forehead");
  EXPECT_FALSE(nearest_name("zzzzzzzzzz", names).has_value());
}

TEST(NearestName, HintListsAllNames) {
  const std::vector<std::string> names{"cheek", "chin"};
  const std::string hint = allowed_names_hint("cheak", names);
  EXPECT_NE(hint.find("did you mean 'cheek'"), std::string::npos);
  EXPECT_NE(hint.find("known: cheek, chin"), std::string::npos);
}

}  // namespace
}  // namespace skintwin
