// A session's punctures from a config (io::session_setup_from + course::puncture_session): the
// errors a user can make, the safety rules, the outputs.
#include "skintwin/course/punctures.hpp"
#include "skintwin/io/puncture_outputs.hpp"
#include "skintwin/io/simulation_config.hpp"

#include <cmath>
#include <filesystem>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "device/test_sites.hpp"
#include "skintwin/core/error.hpp"
#include "skintwin/core/notice.hpp"

namespace skintwin::io {
namespace {

using tissue::Sex;

const Schema& schema() {
  static const Schema s = default_schema();
  return s;
}

Config config(const std::string& toml, const std::vector<std::string>& overrides = {}) {
  return Config::resolve_text(schema(), toml, "test.toml", overrides);
}

// The config's session on a test site (the catalog's sites may change; these tests pin theirs).
course::PunctureSession run_punctures(const Config& c, const tissue::Site& site, Sex sex) {
  course::SessionSetup setup = session_setup_from(c);
  setup.site = site;
  setup.sex = sex;
  return course::puncture_session(setup);
}

InputError run_error(const Config& c, const tissue::Site& site, Sex sex = Sex::Female) {
  try {
    run_punctures(c, site, sex);
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "no error";
  return InputError("none");
}

InputError config_error(const std::string& toml, const std::vector<std::string>& overrides = {}) {
  try {
    config(toml, overrides);
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "no error for " << toml;
  return InputError("none");
}

constexpr const char* kSmall = "[protocol]\narea_width_mm = 5.0\narea_length_mm = 5.0\n";

TEST(PunctureRun, UnknownDeviceNamesKeyAndSuggests) {
  const auto e = run_error(config(kSmall, {"device.name=pen-21"}), test::cheek());
  EXPECT_EQ(e.key(), "device.name");
  EXPECT_NE(std::string(e.what()).find("did you mean 'pen-12'"), std::string::npos) << e.what();
}

TEST(PunctureRun, DepthOutsideDeviceRange) {
  auto e = run_error(config(kSmall, {"device.set_depth_mm=2.8"}), test::cheek(), Sex::Male);
  EXPECT_EQ(e.key(), "device.set_depth_mm");
  EXPECT_NE(std::string(e.what()).find("0.25 to 2.5 mm"), std::string::npos) << e.what();
  e = run_error(config(kSmall, {"device.name=roller-192", "device.set_depth_mm=1.2"}), test::cheek());
  EXPECT_EQ(e.key(), "device.set_depth_mm");
  EXPECT_NE(std::string(e.what()).find("0.5, 1, 1.5 mm"), std::string::npos) << e.what();
}

// Forehead (female): dermis ends at 50 + 150 + 710 = 910 um. A 1.5 mm pen would reach fat.
TEST(PunctureRun, DepthIntoFatIsAnErrorForRejuvenation) {
  const auto e = run_error(config(kSmall, {"device.set_depth_mm=1.5", "protocol.indication=rejuvenation"}),
                           test::forehead());
  EXPECT_EQ(e.key(), "device.set_depth_mm");
  EXPECT_NE(std::string(e.what()).find("910 um"), std::string::npos) << e.what();
  EXPECT_EQ(run_error(config(kSmall, {"device.set_depth_mm=1.5", "protocol.indication=acne_scars"}), test::forehead())
                .key(),
            "device.set_depth_mm");
}

TEST(PunctureRun, DepthIntoFatIsAWarningForStretchMarksAndResearch) {
  for (const char* indication : {"stretch_marks", "research"}) {
    const auto run = run_punctures(
        config(kSmall, {"device.set_depth_mm=1.5", std::string("protocol.indication=") + indication}),
        test::forehead(), Sex::Female);
    ASSERT_FALSE(run.warnings.empty()) << indication;
    EXPECT_NE(run.warnings.front().find("bottom of the dermis"), std::string::npos);
  }
}

// The roller's 15 degree tilt keeps a 1.0 mm needle's reach (966 um) above the forehead's male
// dermis bottom (55 + 200 + 970 = 1225 um) but not the 1.5 mm one (1449 um).
TEST(PunctureRun, DermisCheckUsesVerticalReach) {
  EXPECT_NO_THROW(run_punctures(config(kSmall, {"device.name=roller-192", "device.set_depth_mm=1.0"}),
                                test::forehead(), Sex::Male));
  EXPECT_EQ(run_error(config(kSmall, {"device.name=roller-192", "device.set_depth_mm=1.5"}), test::forehead(),
                      Sex::Male)
                .key(),
            "device.set_depth_mm");
}

TEST(PunctureRun, ConfigRejectsBadNumbers) {
  EXPECT_EQ(config_error("[protocol]\npasses = 0\n").key(), "protocol.passes");
  EXPECT_EQ(config_error("[protocol]\nhand_speed_mm_per_s = -3.0\n").key(), "protocol.hand_speed_mm_per_s");
  EXPECT_EQ(config_error("[protocol]\narea_width_mm = nan\n").key(), "protocol.area_width_mm");
  EXPECT_EQ(config_error("", {"protocol.area_length_mm=-1"}).key(), "protocol.area_length_mm");
  EXPECT_EQ(config_error("", {"device.set_depth_mm=nan"}).key(), "device.set_depth_mm");
  EXPECT_EQ(config_error("", {"protocol.hand_jitter_mm=-0.2"}).key(), "protocol.hand_jitter_mm");
  EXPECT_EQ(config_error("", {"protocol.indication=wrinkles"}).key(), "protocol.indication");
  EXPECT_EQ(config_error("", {"protocol.passes=0"}).key(), "protocol.passes");
}

TEST(PunctureRun, FrequencyOverrideIgnoredForRollersWithWarning) {
  const auto run = run_punctures(
      config(kSmall, {"device.name=roller-540", "device.set_depth_mm=0.5", "protocol.pen_frequency_hz=100"}),
      test::cheek(), Sex::Female);
  bool warned = false;
  for (const auto& w : run.warnings) warned = warned || w.find("pen_frequency_hz") != std::string::npos;
  EXPECT_TRUE(warned);
}

TEST(PunctureRun, SummaryJsonAndCsvAgree) {
  const auto run = run_punctures(config(kSmall, {"device.set_depth_mm=1.0", "protocol.passes=2"}), test::cheek(),
                                 Sex::Female);
  const auto json = puncture_summary_json(run);
  EXPECT_EQ(json["count"], run.punctures.size());
  EXPECT_EQ(json["notice"], std::string(kNotice));
  EXPECT_EQ(json["density_per_pass_per_cm2"].size(), 2u);
  EXPECT_NEAR(json["density_total_per_cm2"].get<double>(), run.punctures.size() / 0.25, 1e-9);
  const std::string csv = punctures_csv(run);
  std::istringstream lines(csv);
  // The header is the first line, so CSV readers with their defaults take it as the column names.
  std::string header;
  std::getline(lines, header);
  EXPECT_EQ(header.rfind("pass,needle,x_mm,y_mm,set_depth_um,depth_um,surface_radius_um,deepest_layer", 0), 0u);
  std::size_t rows = 0;
  for (std::string line; std::getline(lines, line);) ++rows;
  EXPECT_EQ(rows, run.punctures.size());
}

// Every example config resolves and runs (on a small area, to keep the test quick).
TEST(PunctureRun, ExamplesRun) {
  const std::filesystem::path dir = std::filesystem::path(SKINTWIN_SOURCE_DIR) / "examples";
  int ran = 0;
  for (const char* name : {"pen_12_cheek.toml", "pen_36_nano_forehead.toml", "roller_192.toml", "roller_540.toml",
                           "stamp.toml"}) {
    const auto c = Config::resolve(schema(), {dir / name}, {"protocol.area_width_mm=5", "protocol.area_length_mm=5"});
    const auto site = c.text("site.name") == "forehead" ? test::forehead() : test::cheek();
    const auto run = run_punctures(c, site, Sex::Female);
    EXPECT_GT(run.punctures.size(), 0u) << name;
    ++ran;
  }
  EXPECT_EQ(ran, 5);
}

}  // namespace
}  // namespace skintwin::io
