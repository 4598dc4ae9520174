// Too many stops: the error names the cadence that asks for the most of them, in its own unit.
#include <gtest/gtest.h>

#include <string>

#include "skintwin/core/error.hpp"
#include "skintwin/course/timeline.hpp"

namespace skintwin::course {
namespace {

InputError error_of(const TimelineSettings& s) {
  try {
    validate(s);
  } catch (const InputError& e) {
    return e;
  }
  return InputError("no error");
}

TEST(TimelineStopLimit, BlamesTheEarlyCadenceWhenItGivesTheMostStops) {
  // One early sample every 0.036 s (1e-5 h) for 2 days: 4.8e6 stops; the 0.25 d outputs are 113.
  const auto e = error_of({.duration_days = 28.0, .output_every_days = 0.25, .early_output_every_days = 1e-5 / 24.0,
                           .early_output_until_days = 2.0, .fields_every_days = 1.0});
  EXPECT_EQ(e.key(), "simulate.early_output_every_h");
  EXPECT_EQ(e.value(), "1e-05") << "shown in hours, as configured: " << e.what();
  EXPECT_NE(e.allowed().find("200000"), std::string::npos) << e.what();
}

TEST(TimelineStopLimit, BlamesTheFieldCadenceWhenItGivesTheMostStops) {
  // A snapshot every 1e-4 day over 28 days: 2.8e5 field stops.
  const auto e = error_of({.duration_days = 28.0, .output_every_days = 0.25, .fields_every_days = 1e-4});
  EXPECT_EQ(e.key(), "simulate.fields_every_days");
  EXPECT_EQ(e.value(), "0.0001");
}

TEST(TimelineStopLimit, StillBlamesTheOutputCadenceWhenItGivesTheMostStops) {
  const auto e = error_of({.duration_days = 3650.0, .output_every_days = 0.01, .fields_every_days = 1.0});
  EXPECT_EQ(e.key(), "simulate.output_every_days");
}

}  // namespace
}  // namespace skintwin::course
