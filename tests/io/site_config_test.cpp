// Choosing the site and sex from a resolved config.
#include <gtest/gtest.h>

#include "skintwin/core/error.hpp"
#include "skintwin/io/config.hpp"
#include "skintwin/io/site_catalog.hpp"

namespace skintwin::io {
namespace {

SiteChoice choose(const std::vector<std::string>& overrides) {
  static const Schema schema = default_schema();
  const Config config = Config::resolve_text(schema, "", "test.toml", overrides);
  return site_from_config(config, builtin_site_catalog());
}

TEST(SiteConfig, DefaultIsTheCheekWithBothSexesPooled) {
  const SiteChoice choice = choose({});
  ASSERT_NE(choice.site, nullptr);
  EXPECT_EQ(choice.site->name, "cheek");
  EXPECT_EQ(choice.sex, tissue::Sex::Unspecified);
}

TEST(SiteConfig, OverridesPickSiteAndSex) {
  const SiteChoice choice = choose({"site.name=back", "site.sex=male"});
  EXPECT_EQ(choice.site, builtin_site_catalog().find("back"));
  EXPECT_EQ(choice.sex, tissue::Sex::Male);
}

TEST(SiteConfig, UnknownSiteSuggestsTheNearestName) {
  try {
    choose({"site.name=cheeck"});
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.key(), "site.name");
    EXPECT_EQ(e.value(), "'cheeck'");
    EXPECT_NE(e.allowed().find("unknown site; did you mean 'cheek'?"), std::string::npos) << e.allowed();
    EXPECT_NE(e.allowed().find("upper_eyelid"), std::string::npos) << e.allowed();
  }
}

TEST(SiteConfig, UnknownSexIsRejectedByTheSchema) { EXPECT_THROW(choose({"site.sex=other"}), InputError); }

}  // namespace
}  // namespace skintwin::io
