// The cap on how many punctures one request may generate: estimated before any is made, refused
// with the keys that drive the count, and the estimate close to what is generated.
#include <string>

#include <gtest/gtest.h>

#include "device/test_sites.hpp"
#include "skintwin/core/error.hpp"
#include "skintwin/device/punctures.hpp"
#include "skintwin/io/device_catalog.hpp"

namespace skintwin::device {
namespace {

using tissue::Sex;

const Device& catalog_device(const std::string& name) { return io::builtin_device_catalog().get(name); }

// The case: the largest area, a 200 Hz 36-needle pen at 0.5 mm/s, 100 passes: about 2e10.
PunctureRequest huge_request() {
  PunctureRequest r;
  r.set_depth_mm = 1.0;
  r.passes = 100;
  r.hand_speed_mm_per_s = 0.5;
  r.stroke_frequency_hz = 200.0;
  r.area_width_mm = 300.0;
  r.area_length_mm = 300.0;
  return r;
}

TEST(PunctureLimit, EstimateIsPassesTimesAreaTimesDensity) {
  const auto& pen = catalog_device("pen-12");
  PunctureRequest r;
  r.passes = 3;
  r.area_width_mm = 16.0;
  r.area_length_mm = 10.0;
  const PassPlan plan = plan_passes(pen, r);
  EXPECT_DOUBLE_EQ(estimated_puncture_count(plan, r), 3.0 * 1.6 * plan.per_pass_density_per_cm2);
}

TEST(PunctureLimit, EstimateIsCloseToWhatIsGenerated) {
  for (const char* name : {"pen-12", "roller-192", "stamp-35"}) {
    PunctureRequest r;
    r.set_depth_mm = 1.0;
    r.passes = 2;
    r.area_width_mm = 30.0;
    r.area_length_mm = 30.0;
    const PunctureGenerator gen(catalog_device(name), r, test::cheek(), Sex::Female);
    const double generated = static_cast<double>(gen.all().size());
    EXPECT_NEAR(generated, estimated_puncture_count(gen.plan(), r), 0.1 * generated) << name;
  }
}

TEST(PunctureLimit, HugeRequestIsRefusedBeforeGenerating) {
  const auto req = huge_request();
  const auto& pen = catalog_device("pen-36-nano");
  EXPECT_GT(estimated_puncture_count(plan_passes(pen, req), req), 1e10);
  try {
    const PunctureGenerator gen(pen, req, test::cheek(), Sex::Female);
    FAIL() << "a request for about 2e10 punctures was accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.key(), "protocol.area_width_mm");
    EXPECT_EQ(e.value(), "300");
    for (const char* word : {"1e+07", "protocol.hand_speed_mm_per_s", "protocol.pen_frequency_hz", "protocol.passes",
                             "protocol.area_length_mm", "cm2"})
      EXPECT_NE(e.allowed().find(word), std::string::npos) << word << " in: " << e.what();
  }
}

TEST(PunctureLimit, StampRefusalNamesOnlyTheKeysThatMatter) {
  // A stamp prints 35 needles per 5 x 7 mm face: 100 /cm2 per pass. 200 passes over 900 cm2 are
  // 1.8e7 (a library caller is not bound by the config's 100 passes).
  auto req = huge_request();
  req.passes = 200;
  try {
    const PunctureGenerator gen(catalog_device("stamp-35"), req, test::cheek(), Sex::Female);
    FAIL() << "a stamp request for about 1.8e7 punctures was accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.key(), "protocol.area_width_mm");
    EXPECT_NE(e.allowed().find("protocol.passes"), std::string::npos) << e.what();
    EXPECT_EQ(e.allowed().find("hand_speed"), std::string::npos) << e.what();
  }
}

TEST(PunctureLimit, CountJustUnderTheCapIsAccepted) {
  const auto& pen = catalog_device("pen-12");
  auto req = huge_request();
  const PassPlan plan = plan_passes(pen, req);
  // Shrink the passes until the estimate fits; the constructor must then accept it.
  while (req.passes > 1 && estimated_puncture_count(plan, req) > kMaxPunctures) --req.passes;
  if (estimated_puncture_count(plan, req) > kMaxPunctures) {
    req.area_width_mm = kMaxPunctures / (plan.per_pass_density_per_cm2 * req.area_length_mm / 100.0) * 0.99;
  }
  EXPECT_LE(estimated_puncture_count(plan, req), kMaxPunctures);
  EXPECT_NO_THROW(PunctureGenerator(pen, req, test::cheek(), Sex::Female));
}

}  // namespace
}  // namespace skintwin::device
