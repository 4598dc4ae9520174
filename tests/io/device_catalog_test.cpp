#include "skintwin/io/device_catalog.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include <gtest/gtest.h>

#include "skintwin/core/error.hpp"

namespace skintwin::io {
namespace {

using device::DeviceType;

constexpr const char* kPen = R"(
[[device]]
name = "p"
display_name = "P"
type = "pen"
layout = "grid"
rows = 2
columns = 3
pitch_mm = 0.5
needle_base_diameter_um = 250.0
needle_tip_radius_um = 4.0
needle_taper_length_um = 500.0
material = "steel"
needle_angle_deg = 0.0
depth_min_mm = 0.25
depth_max_mm = 2.0
stroke_frequency_hz = 100.0
sources = "test"
)";

std::string with(const std::string& from, const std::string& to) {
  std::string text = kPen;
  const auto at = text.find(from);
  if (at == std::string::npos) throw std::logic_error("no " + from);
  return text.replace(at, from.size(), to);
}

// Parses `text` and returns the error, failing the test if there is none.
InputError parse_error(const std::string& text) {
  try {
    parse_device_catalog_toml(text, "test.toml");
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "no error for:\n" << text;
  return InputError("none");
}

TEST(DeviceCatalog, BuiltinHasTheRequiredDevices) {
  const auto& catalog = builtin_device_catalog();
  auto count_of = [&](const std::string& name) { return catalog.get(name).needle_count(); };
  EXPECT_EQ(count_of("pen-12"), 12u);
  EXPECT_EQ(count_of("pen-36-nano"), 36u);
  EXPECT_EQ(count_of("roller-192"), 192u);
  EXPECT_EQ(count_of("roller-540"), 540u);
  EXPECT_TRUE(std::any_of(catalog.devices().begin(), catalog.devices().end(),
                          [](const auto& d) { return d.type == DeviceType::Stamp; }));
  for (const auto& d : catalog.devices()) EXPECT_FALSE(d.sources.empty()) << d.name;
}

// Doddaballapur 2009: 192 needles in 8 rows; Schwarz & Laaff 2011: 2 cm x 2 cm drum, needles at 15
// degrees; pens 0.25-2.5 mm at 90-120 Hz.
TEST(DeviceCatalog, BuiltinMatchesLiterature) {
  const auto& roller = builtin_device_catalog().get("roller-192");
  EXPECT_EQ(roller.type, DeviceType::Roller);
  EXPECT_DOUBLE_EQ(roller.drum_diameter_mm, 20.0);
  EXPECT_DOUBLE_EQ(roller.drum_width_mm, 20.0);
  EXPECT_DOUBLE_EQ(roller.needle_angle_deg, 15.0);
  EXPECT_NEAR(roller.imprint_length_mm, 20.0 * std::numbers::pi, 1e-12);
  EXPECT_TRUE(roller.accepts_depth(1.5));
  EXPECT_FALSE(roller.accepts_depth(1.2));
  const auto& pen = builtin_device_catalog().get("pen-12");
  EXPECT_GE(pen.stroke_frequency_hz, 90.0);
  EXPECT_LE(pen.stroke_frequency_hz, 120.0);
  EXPECT_TRUE(pen.accepts_depth(0.25));
  EXPECT_TRUE(pen.accepts_depth(2.5));
  EXPECT_FALSE(pen.accepts_depth(2.6));
}

TEST(DeviceCatalog, UnknownDeviceSuggestsNearest) {
  try {
    builtin_device_catalog().get("roller-129", "device.name");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.key(), "device.name");
    EXPECT_NE(std::string(e.what()).find("did you mean 'roller-192'"), std::string::npos) << e.what();
  }
}

TEST(DeviceCatalog, ParsesAValidPen) {
  const auto catalog = parse_device_catalog_toml(kPen, "test.toml");
  ASSERT_EQ(catalog.devices().size(), 1u);
  const auto& d = catalog.devices()[0];
  EXPECT_EQ(d.needle_count(), 6u);
  EXPECT_DOUBLE_EQ(d.imprint_width_mm, 1.5);
  EXPECT_DOUBLE_EQ(d.imprint_length_mm, 1.0);
}

TEST(DeviceCatalog, RejectsUnknownKeyWithSuggestion) {
  const auto e = parse_error(with("pitch_mm", "pich_mm"));
  EXPECT_EQ(e.key(), "device[0].pich_mm");
  EXPECT_NE(std::string(e.what()).find("did you mean 'pitch_mm'"), std::string::npos) << e.what();
  EXPECT_NE(std::string(e.what()).find("test.toml:"), std::string::npos) << e.what();
}

TEST(DeviceCatalog, RejectsMissingWrongAndBadValues) {
  EXPECT_EQ(parse_error(with("rows = 2\n", "")).key(), "device[0].rows");
  EXPECT_EQ(parse_error(with("pitch_mm = 0.5", "pitch_mm = -0.5")).key(), "device[0].pitch_mm");
  EXPECT_EQ(parse_error(with("pitch_mm = 0.5", "pitch_mm = \"wide\"")).key(), "device[0].pitch_mm");
  EXPECT_EQ(parse_error(with("pitch_mm = 0.5", "pitch_mm = nan")).key(), "device[0].pitch_mm");
  EXPECT_EQ(parse_error(with("type = \"pen\"", "type = \"laser\"")).key(), "device[0].type");
  EXPECT_EQ(parse_error(with("depth_max_mm = 2.0", "depth_max_mm = 0.1")).key(), "device[0].depth_max_mm");
  EXPECT_EQ(parse_error(with("layout = \"grid\"", "layout = \"drum\"")).key(), "device[0].needles");
  EXPECT_EQ(parse_error(with("needle_tip_radius_um = 4.0", "needle_tip_radius_um = 200.0")).key(),
            "device[0].needle_tip_radius_um");
}

TEST(DeviceCatalog, RejectsDuplicateNamesAndMalformedToml) {
  EXPECT_EQ(parse_error(std::string(kPen) + kPen).key(), "device[1].name");
  const auto malformed = parse_error("[[device]\nname = 1");
  EXPECT_NE(std::string(malformed.what()).find("test.toml:1"), std::string::npos) << malformed.what();
  EXPECT_EQ(parse_error("").key(), "device");
  EXPECT_EQ(parse_error("colour = 1\n").key(), "colour");
}

TEST(DeviceCatalog, RollerRingsMustDivideNeedles) {
  const std::string roller = R"(
[[device]]
name = "r"
display_name = "R"
type = "roller"
layout = "drum"
needles = 100
rings = 8
drum_diameter_mm = 20.0
drum_width_mm = 20.0
needle_base_diameter_um = 250.0
needle_tip_radius_um = 4.0
needle_taper_length_um = 500.0
material = "steel"
needle_angle_deg = 15.0
lengths_mm = [1.0]
sources = "test"
)";
  EXPECT_EQ(parse_error(roller).key(), "device[0].rings");
}

}  // namespace
}  // namespace skintwin::io
