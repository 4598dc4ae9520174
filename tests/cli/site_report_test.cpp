// Text and JSON reports of sites, checked on a hand-made catalog whose numbers are known.
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cli/site_report.hpp"
#include "skintwin/core/notice.hpp"
#include "skintwin/io/site_catalog.hpp"

namespace skintwin::cli {
namespace {

using io::builtin_site_catalog;
using tissue::Sex;

// Female: 50 / 100 / 400 / 1000 µm; male: 60 / 120 / 480 / 2000 µm (sds 10% of the means).
tissue::Site hand_made(const std::string& name) {
  tissue::Site site;
  site.name = name;
  site.display_name = "Hand-made " + name;
  site.region = "face";
  site.layers[0] = {{50, 5}, {60, 6}};
  site.layers[1] = {{100, 10}, {120, 12}};
  site.layers[2] = {{400, 40}, {480, 48}};
  site.layers[3] = {{1000, 100}, {2000, 200}};
  site.sources = "Source one 2020; Source two 2021";
  site.derivation = "papillary = 20% of dermis; hypodermis assumed";
  return site;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::size_t columns_before(const std::string& line, std::size_t byte_pos) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < byte_pos; ++i)
    if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++width;
  return width;
}

TEST(SiteTable, OneAlignedRowPerSiteAndTheNotice) {
  const tissue::SiteCatalog catalog({hand_made("alpha"), hand_made("long_site_name")});
  const std::string text = site_table_text(catalog, Sex::Female);
  const auto lines = lines_of(text);
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines.back(), std::string(kNotice));
  std::vector<std::string> rows;
  for (const auto& line : lines)
    if (line.rfind("alpha", 0) == 0 || line.rfind("long_site_name", 0) == 0 || line.rfind("site", 0) == 0)
      rows.push_back(line);
  ASSERT_EQ(rows.size(), 3u);
  // Dermis = papillary + reticular: 500 ± 50 µm for the female hand-made site.
  EXPECT_NE(rows[1].find("500 ± 50"), std::string::npos) << rows[1];
  EXPECT_NE(rows[1].find("50 ± 5"), std::string::npos) << rows[1];
  EXPECT_NE(rows[1].find("1000 ± 100"), std::string::npos) << rows[1];
  // The region column starts at the same terminal column in the header and every row.
  const std::size_t region_col = columns_before(rows[0], rows[0].find("region"));
  EXPECT_EQ(columns_before(rows[1], rows[1].find("face")), region_col);
  EXPECT_EQ(columns_before(rows[2], rows[2].find("face")), region_col);
  // The last column (hypodermis) lines up too, despite the multi-byte "±".
  const std::size_t hypo_col = columns_before(rows[0], rows[0].find("hypodermis"));
  EXPECT_EQ(columns_before(rows[1], rows[1].rfind("1000")), hypo_col);
}

TEST(SiteTable, UnspecifiedSexShowsPooledValues) {
  const tissue::SiteCatalog catalog({hand_made("alpha")});
  // Hypodermis pooled: mean (1000 + 2000)/2 = 1500; sd sqrt((100² + 200²)/2 + 500²) = 524.4.
  EXPECT_NE(site_table_text(catalog, Sex::Unspecified).find("1500 ± 524"), std::string::npos);
}

TEST(SiteTable, BuiltinCatalogListsEverySite) {
  const std::string text = site_table_text(builtin_site_catalog(), Sex::Male);
  for (const auto& site : builtin_site_catalog().sites())
    EXPECT_NE(text.find("\n" + site.name + " "), std::string::npos) << site.name;
}

TEST(SiteDetail, ShowsEverySexBoundariesSourcesAndNotice) {
  const std::string text = site_detail_text(hand_made("alpha"));
  for (const char* needle : {"Hand-made alpha [alpha], face", "female", "male", "unspecified", "epidermis",
                             "papillary dermis", "reticular dermis", "hypodermis", "- Source one 2020",
                             "- Source two 2021", "- hypodermis assumed"})
    EXPECT_NE(text.find(needle), std::string::npos) << needle;
  // Boundary depths, female / male / unspecified: dermis/hypodermis at 550 / 660 / 605 µm,
  // bottom of the hypodermis at 1550 / 2660 / 2105 µm.
  bool found_dermis_boundary = false;
  bool found_bottom = false;
  for (const auto& line : lines_of(text)) {
    if (line.rfind("reticular dermis / hypodermis", 0) == 0) {
      found_dermis_boundary = true;
      EXPECT_NE(line.find("550"), std::string::npos);
      EXPECT_NE(line.find("660"), std::string::npos);
      EXPECT_NE(line.find("605"), std::string::npos);
    }
    if (line.rfind("bottom of the hypodermis", 0) == 0) {
      found_bottom = true;
      EXPECT_NE(line.find("2105"), std::string::npos) << line;
    }
  }
  EXPECT_TRUE(found_dermis_boundary);
  EXPECT_TRUE(found_bottom);
  EXPECT_EQ(lines_of(text).back(), std::string(kNotice));
}

TEST(SiteJson, CarriesLayersDepthsSourcesAndNotice) {
  const auto j = site_json(hand_made("alpha"));
  EXPECT_EQ(j.at("name"), "alpha");
  EXPECT_EQ(j.at("notice"), std::string(kNotice));
  ASSERT_EQ(j.at("layers").size(), 4u);
  EXPECT_EQ(j.at("layers")[1].at("layer"), "papillary_dermis");
  EXPECT_DOUBLE_EQ(j.at("layers")[1].at("top_um").at("male").get<double>(), 60.0);
  EXPECT_DOUBLE_EQ(j.at("layers")[2].at("bottom_um").at("female").get<double>(), 550.0);
  EXPECT_DOUBLE_EQ(j.at("layers")[3].at("thickness").at("unspecified").at("mean_um").get<double>(), 1500.0);
  EXPECT_DOUBLE_EQ(j.at("dermis_bottom_um").at("unspecified").get<double>(), 605.0);
  EXPECT_DOUBLE_EQ(j.at("dermis").at("female").at("sd_um").get<double>(), 50.0);
  EXPECT_EQ(j.at("sources").size(), 2u);
  EXPECT_EQ(j.at("derivation")[1], "hypodermis assumed");
}

TEST(SiteJson, CatalogCarriesTheNoticeOnceAndEverySite) {
  const auto j = site_catalog_json(builtin_site_catalog());
  EXPECT_EQ(j.at("notice"), std::string(kNotice));
  ASSERT_EQ(j.at("sites").size(), builtin_site_catalog().sites().size());
  for (const auto& site : j.at("sites")) {
    EXPECT_FALSE(site.contains("notice"));
    EXPECT_FALSE(site.at("sources").empty()) << site.at("name");
  }
}

}  // namespace
}  // namespace skintwin::cli
