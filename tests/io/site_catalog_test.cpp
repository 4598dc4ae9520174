// The strict site CSV parser: every malformed input names its line and column.
#include <string>

#include <gtest/gtest.h>

#include "skintwin/core/error.hpp"
#include "skintwin/io/site_catalog.hpp"

namespace skintwin::io {
namespace {

std::string header() {
  std::string out;
  for (const auto& c : site_csv_columns()) out += (out.empty() ? "" : ",") + c;
  return out;
}

// A valid row; `numbers` replaces the 16 thickness fields when given.
std::string row(const std::string& name, const std::string& numbers =
                                             "50,5,60,6,100,10,120,12,400,40,480,48,1000,100,2000,200") {
  return name + ",\"Test, site\",face," + numbers + ",\"Src A; Src B\",\"rule \"\"x\"\"\"";
}

// Line 1: comment, line 2: blank, line 3: header, line 4 on: rows.
std::string csv(const std::string& rows) { return "# comment, with a comma\n\n" + header() + "\n" + rows; }

InputError parse_error(const std::string& text) {
  try {
    parse_site_catalog_csv(text, "test.csv");
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "expected InputError for:\n" << text;
  return InputError("none");
}

TEST(SiteCsv, ParsesAValidRowWithQuotedFields) {
  const auto catalog = parse_site_catalog_csv(csv(row("alpha") + "\n" + row("beta") + "\n"), "test.csv");
  ASSERT_EQ(catalog.sites().size(), 2u);
  const auto& alpha = catalog.sites()[0];
  EXPECT_EQ(alpha.name, "alpha");
  EXPECT_EQ(alpha.display_name, "Test, site");
  EXPECT_EQ(alpha.region, "face");
  EXPECT_EQ(alpha.sources, "Src A; Src B");
  EXPECT_EQ(alpha.derivation, "rule \"x\"");
  EXPECT_DOUBLE_EQ(alpha.layer(tissue::LayerKind::Epidermis).female.mean_um, 50.0);
  EXPECT_DOUBLE_EQ(alpha.layer(tissue::LayerKind::PapillaryDermis).male.sd_um, 12.0);
  EXPECT_DOUBLE_EQ(alpha.layer(tissue::LayerKind::Hypodermis).male.mean_um, 2000.0);
  EXPECT_DOUBLE_EQ(alpha.dermis_bottom_um(tissue::Sex::Female), 550.0);
}

TEST(SiteCsv, ToleratesWindowsLineEndsAndNoFinalNewline) {
  std::string text = "# c\r\n" + header() + "\r\n" + row("alpha") + "\r\n" + row("beta");
  EXPECT_EQ(parse_site_catalog_csv(text, "test.csv").sites().size(), 2u);
}

TEST(SiteCsv, NonNumericThicknessNamesLineAndColumn) {
  const auto e = parse_error(csv(row("alpha") + "\n" + row("beta", "50,5,60,6,1OO,10,120,12,400,40,480,48,1000,100,2000,200")));
  EXPECT_EQ(e.key(), "test.csv:5 column 'pap_f_mean'");
  EXPECT_EQ(e.value(), "'1OO'");
}

TEST(SiteCsv, TrailingGarbageAfterANumberIsRejected) {
  const auto e = parse_error(csv(row("alpha", "50um,5,60,6,100,10,120,12,400,40,480,48,1000,100,2000,200")));
  EXPECT_EQ(e.key(), "test.csv:4 column 'epi_f_mean'");
}

TEST(SiteCsv, NanAndInfinityAreRejected) {
  auto e = parse_error(csv(row("alpha", "50,5,60,6,100,10,120,12,400,nan,480,48,1000,100,2000,200")));
  EXPECT_EQ(e.key(), "test.csv:4 column 'ret_f_sd'");
  EXPECT_EQ(e.value(), "'nan'");
  e = parse_error(csv(row("alpha", "50,5,60,6,100,10,120,12,400,40,480,48,inf,100,2000,200")));
  EXPECT_EQ(e.key(), "test.csv:4 column 'hyp_f_mean'");
}

TEST(SiteCsv, NegativeThicknessAndZeroMeanAreRejectedButZeroSdIsNot) {
  auto e = parse_error(csv(row("alpha", "50,5,60,6,100,10,120,12,400,40,-480,48,1000,100,2000,200")));
  EXPECT_EQ(e.key(), "test.csv:4 column 'ret_m_mean'");
  EXPECT_EQ(e.value(), "'-480'");
  e = parse_error(csv(row("alpha", "50,5,60,6,100,10,120,12,400,40,480,48,1000,100,0,200")));
  EXPECT_EQ(e.key(), "test.csv:4 column 'hyp_m_mean'");
  e = parse_error(csv(row("alpha", "50,-5,60,6,100,10,120,12,400,40,480,48,1000,100,2000,200")));
  EXPECT_EQ(e.key(), "test.csv:4 column 'epi_f_sd'");
  EXPECT_NO_THROW(parse_site_catalog_csv(csv(row("alpha", "50,0,60,0,100,0,120,0,400,0,480,0,1000,0,2000,0")), "t"));
}

TEST(SiteCsv, WrongColumnCountNamesTheLine) {
  const auto e = parse_error(csv(row("alpha") + "\n" + row("beta") + ",extra\n"));
  EXPECT_EQ(e.key(), "test.csv:5");
  EXPECT_EQ(e.value(), "22 columns");
  EXPECT_NE(e.allowed().find("21 columns"), std::string::npos);
}

TEST(SiteCsv, DuplicateNameNamesBothLines) {
  const auto e = parse_error(csv(row("alpha") + "\n" + row("beta") + "\n" + row("alpha") + "\n"));
  EXPECT_EQ(e.key(), "test.csv:6 column 'name'");
  EXPECT_EQ(e.value(), "'alpha'");
  EXPECT_NE(e.allowed().find("line 4"), std::string::npos) << e.allowed();
}

TEST(SiteCsv, BadHeaderIsRejected) {
  std::string bad_header = header();
  bad_header.replace(bad_header.find("epi_f_mean"), 10, "epi_mean_f");
  const auto e = parse_error("# c\n" + bad_header + "\n" + row("alpha"));
  EXPECT_EQ(e.key(), "test.csv:2 header");
}

TEST(SiteCsv, MalformedNameRegionSourcesAndQuotesAreRejected) {
  EXPECT_EQ(parse_error(csv(row("Cheek"))).key(), "test.csv:4 column 'name'");
  EXPECT_EQ(parse_error(csv(row("alpha") + "\n" + row("2nd"))).key(), "test.csv:5 column 'name'");
  std::string body_row = row("alpha");
  body_row.replace(body_row.find(",face,"), 6, ",limb,");
  EXPECT_EQ(parse_error(csv(body_row)).key(), "test.csv:4 column 'region'");
  std::string no_sources = row("alpha");
  no_sources.replace(no_sources.find("\"Src A; Src B\""), 14, "\"\"");
  EXPECT_EQ(parse_error(csv(no_sources)).key(), "test.csv:4 column 'sources'");
  EXPECT_EQ(parse_error(csv("alpha,\"open quote,face\n")).key(), "test.csv:4");
}

TEST(SiteCsv, NoRowsIsAnError) {
  EXPECT_EQ(parse_error(csv("")).key(), "test.csv");
  EXPECT_EQ(parse_error("# only comments\n").key(), "test.csv");
}

}  // namespace
}  // namespace skintwin::io
