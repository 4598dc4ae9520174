#include "skintwin/device/punctures.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include <gtest/gtest.h>

#include "device/test_sites.hpp"
#include "skintwin/core/error.hpp"
#include "skintwin/io/device_catalog.hpp"

namespace skintwin::device {
namespace {

using tissue::Sex;

const Device& catalog_device(const std::string& name) { return io::builtin_device_catalog().get(name); }

PunctureRequest request(double depth_mm, int passes, double area_mm) {
  PunctureRequest r;
  r.set_depth_mm = depth_mm;
  r.passes = passes;
  r.area_width_mm = area_mm;
  r.area_length_mm = area_mm;
  r.seed = 42;
  return r;
}

bool same(const Puncture& a, const Puncture& b) {
  return a.pass == b.pass && a.needle == b.needle && a.x_mm == b.x_mm && a.y_mm == b.y_mm && a.depth_um == b.depth_um &&
         a.surface_radius_um == b.surface_radius_um && a.deepest_layer == b.deepest_layer;
}

// Schwarz & Laaff 2011: a 2 cm x 2 cm drum rolled 15 times gives about 250 holes/cm2. Per pass the
// drum prints its surface once: 192 / (pi x 2 cm x 2 cm) = 15.3 /cm2, 229 /cm2 after 15 passes.
TEST(Punctures, Roller192FifteenPassesGivesAbout250PerCm2) {
  const auto& roller = catalog_device("roller-192");
  EXPECT_NEAR(roller.drum_diameter_mm, 20.0, 1e-12);
  const auto req = request(1.5, 15, 30.0);
  const PunctureGenerator gen(roller, req, test::cheek(), Sex::Female);
  EXPECT_NEAR(gen.plan().per_pass_density_per_cm2, 192.0 / (std::numbers::pi * 2.0 * 2.0), 1e-9);
  const auto punctures = gen.all();
  const auto st = puncture_stats(punctures, req.passes, 30.0, 30.0, test::cheek(), Sex::Female, 20.0);
  EXPECT_NEAR(st.density_total_per_cm2, 250.0, 25.0);
  EXPECT_NEAR(st.density_total_per_cm2, 15.0 * 192.0 / (4.0 * std::numbers::pi), 0.03 * 229.2);
}

// Pen: density per pass = needles x frequency / (hand speed x footprint width). The 16 mm square
// holds a whole number of needle columns (0.8 mm) and of strokes (1/6 mm) whatever the random
// offset, so the count has no edge fluctuation at 0 and 90 degrees.
TEST(Punctures, PenDensityFollowsStrokeFormula) {
  const auto& pen = catalog_device("pen-12");
  auto req = request(1.0, 2, 16.0);
  req.hand_jitter_mm = 0.0;
  req.hand_speed_mm_per_s = 20.0;
  req.stroke_frequency_hz = 120.0;
  const PunctureGenerator gen(pen, req, test::cheek(), Sex::Male);
  const double expected_per_mm2 = 12.0 * 120.0 / (20.0 * 3.2);  // 3.2 mm: 4 columns at 0.8 mm
  EXPECT_NEAR(gen.plan().per_pass_density_per_cm2, 100.0 * expected_per_mm2, 1e-9);
  const auto punctures = gen.all();
  const auto st = puncture_stats(punctures, req.passes, 16.0, 16.0, test::cheek(), Sex::Male, 20.0);
  for (double d : st.density_per_pass_per_cm2) EXPECT_NEAR(d, 100.0 * expected_per_mm2, 0.01 * 100.0 * expected_per_mm2);
}

// Stamp set down edge to edge: 35 needles per 5 mm x 7 mm = 100 /cm2 per pass.
TEST(Punctures, StampDensityIsNeedlesPerFace) {
  const auto req = request(1.0, 3, 20.0);
  const PunctureGenerator gen(catalog_device("stamp-35"), req, test::cheek(), Sex::Female);
  const auto st = puncture_stats(gen.all(), 3, 20.0, 20.0, test::cheek(), Sex::Female, 20.0);
  EXPECT_NEAR(st.density_mean_per_pass_per_cm2, 100.0, 3.0);
}

TEST(Punctures, SameSeedSamePunctures) {
  const auto req = request(1.0, 2, 8.0);
  const auto site = test::cheek();
  const auto a = PunctureGenerator(catalog_device("pen-36-nano"), req, site, Sex::Female).all();
  const auto b = PunctureGenerator(catalog_device("pen-36-nano"), req, site, Sex::Female).all();
  ASSERT_EQ(a.size(), b.size());
  ASSERT_FALSE(a.empty());
  EXPECT_TRUE(std::equal(a.begin(), a.end(), b.begin(), same));
}

TEST(Punctures, DifferentSeedDifferentPunctures) {
  auto req = request(1.0, 1, 8.0);
  const auto site = test::cheek();
  const auto a = PunctureGenerator(catalog_device("pen-12"), req, site, Sex::Female).all();
  req.seed = 43;
  const auto b = PunctureGenerator(catalog_device("pen-12"), req, site, Sex::Female).all();
  const std::size_t n = std::min(a.size(), b.size());
  std::size_t equal_positions = 0;
  for (std::size_t i = 0; i < n; ++i) equal_positions += (a[i].x_mm == b[i].x_mm && a[i].y_mm == b[i].y_mm) ? 1 : 0;
  EXPECT_LT(equal_positions, n / 100 + 1);
}

// Each pass is a pure function of (seed, pass): generated alone, last-to-first, it is identical to
// its slice of the full run.
TEST(Punctures, PassesIndependentOfGenerationOrder) {
  const auto req = request(1.5, 4, 25.0);
  const auto site = test::forehead();
  const PunctureGenerator gen(catalog_device("roller-540"), req, site, Sex::Male);
  const auto all = gen.all();
  std::vector<Puncture> reversed;
  for (int p = req.passes - 1; p >= 0; --p) {
    auto one = gen.pass(static_cast<std::uint32_t>(p));
    reversed.insert(reversed.begin(), one.begin(), one.end());
  }
  ASSERT_EQ(all.size(), reversed.size());
  EXPECT_TRUE(std::equal(all.begin(), all.end(), reversed.begin(), same));
}

// Depth scatter: normal with sd = cv x mean (cv = 9.6 / 152.5, Kalluri 2011), censored at the
// needle's reach (1000 um: the hard stop). Censored-normal moments with a = (reach - mean) / sd:
// E = mean + sd (a (1 - Phi(a)) - phi(a)), E2 = Phi(a) - a phi(a) + a^2 (1 - Phi(a)) in sd units.
TEST(Punctures, DepthScatterMatchesModel) {
  const auto req = request(1.0, 1, 10.0);
  const auto site = test::cheek();
  const PunctureGenerator gen(catalog_device("pen-12"), req, site, Sex::Female);
  const auto punctures = gen.all();
  const auto st = puncture_stats(punctures, 1, 10.0, 10.0, site, Sex::Female, 20.0);
  const double mean = gen.penetration().depth_um;
  const double sd = 9.6 / 152.5 * mean;
  const double a = (1000.0 - mean) / sd;
  const double phi = std::exp(-0.5 * a * a) / std::sqrt(2.0 * std::numbers::pi);
  const double Phi = 0.5 * std::erfc(-a / std::sqrt(2.0));
  const double m1 = a * (1.0 - Phi) - phi;
  const double m2 = Phi - a * phi + a * a * (1.0 - Phi);
  const double n = static_cast<double>(st.count);
  ASSERT_GT(n, 1000.0);
  EXPECT_NEAR(st.depth_mean_um, mean + sd * m1, 4.0 * sd / std::sqrt(n));
  EXPECT_NEAR(st.depth_sd_um, sd * std::sqrt(m2 - m1 * m1), 0.05 * sd);
  EXPECT_LE(st.depth_max_um, 1000.0);
}

// Layers: cheek (female) has epidermis 0-50, papillary 50-250, reticular 250-1550 um. A 1.0 mm pen
// reaches about 980 um, so every needle crosses into reticular dermis and none into fat.
TEST(Punctures, LayersCrossedFollowSiteGeometry) {
  const auto req = request(1.0, 1, 6.0);
  const auto site = test::cheek();
  const auto punctures = PunctureGenerator(catalog_device("pen-12"), req, site, Sex::Female).all();
  const auto st = puncture_stats(punctures, 1, 6.0, 6.0, site, Sex::Female, 20.0);
  EXPECT_DOUBLE_EQ(st.fraction_reaching[0], 1.0);
  EXPECT_DOUBLE_EQ(st.fraction_reaching[2], 1.0);
  EXPECT_DOUBLE_EQ(st.fraction_reaching[3], 0.0);
  EXPECT_DOUBLE_EQ(st.fraction_deepest[2], 1.0);
  for (const auto& p : punctures) {
    const auto expected = p.depth_um < 50.0    ? tissue::LayerKind::Epidermis
                          : p.depth_um < 250.0  ? tissue::LayerKind::PapillaryDermis
                          : p.depth_um < 1550.0 ? tissue::LayerKind::ReticularDermis
                                                : tissue::LayerKind::Hypodermis;
    EXPECT_EQ(p.deepest_layer, expected);
  }
}

// Without overlap the covered fraction is the sum of channel-mouth areas over the area.
TEST(Punctures, CoverageMatchesDiscAreasWhenSparse) {
  auto req = request(1.0, 1, 10.0);
  req.hand_jitter_mm = 0.0;
  const auto punctures = PunctureGenerator(catalog_device("stamp-35"), req, test::cheek(), Sex::Female).all();
  double disc_area_mm2 = 0.0;
  for (const auto& p : punctures) disc_area_mm2 += std::numbers::pi * p.surface_radius_um * p.surface_radius_um * 1e-6;
  const double expected = disc_area_mm2 / 100.0;
  EXPECT_NEAR(coverage_fraction(punctures, 10.0, 10.0, 2.0), expected, 0.05 * expected);
}

TEST(Punctures, OverlappingPassesCoverLessThanSumOfDiscs) {
  auto req = request(1.5, 3, 5.0);
  req.hand_speed_mm_per_s = 5.0;
  const auto punctures = PunctureGenerator(catalog_device("pen-36-nano"), req, test::cheek(), Sex::Male).all();
  double disc_area_mm2 = 0.0;
  for (const auto& p : punctures) disc_area_mm2 += std::numbers::pi * p.surface_radius_um * p.surface_radius_um * 1e-6;
  const double coverage = coverage_fraction(punctures, 5.0, 5.0, 5.0);
  EXPECT_LT(coverage, disc_area_mm2 / 25.0);
  EXPECT_LE(coverage, 1.0);
  // Random (Poisson) placement would cover 1 - exp(-sum/area); lattices overlap less, never more
  // than the sum allows.
  EXPECT_GT(coverage, 0.5 * (1.0 - std::exp(-disc_area_mm2 / 25.0)));
}

TEST(Punctures, RejectsBadRequests) {
  const auto site = test::cheek();
  const auto& pen = catalog_device("pen-12");
  auto expect_key = [&](PunctureRequest r, const std::string& key) {
    try {
      PunctureGenerator gen(pen, r, site, Sex::Female);
      ADD_FAILURE() << "no error for " << key;
    } catch (const InputError& e) {
      EXPECT_EQ(e.key(), key);
    }
  };
  auto r = request(1.0, 1, 10.0);
  r.passes = 0;
  expect_key(r, "protocol.passes");
  r = request(std::nan(""), 1, 10.0);
  expect_key(r, "device.set_depth_mm");
  r = request(-1.0, 1, 10.0);
  expect_key(r, "device.set_depth_mm");
  r = request(1.0, 1, 10.0);
  r.hand_speed_mm_per_s = -5.0;
  expect_key(r, "protocol.hand_speed_mm_per_s");
  r = request(1.0, 1, 10.0);
  r.area_width_mm = std::nan("");
  expect_key(r, "protocol.area_width_mm");
  r = request(1.0, 1, 10.0);
  r.hand_jitter_mm = -0.1;
  expect_key(r, "protocol.hand_jitter_mm");
  r = request(1.0, 1, 10.0);
  r.stroke_frequency_hz = -1.0;
  expect_key(r, "protocol.pen_frequency_hz");
}

}  // namespace
}  // namespace skintwin::device
