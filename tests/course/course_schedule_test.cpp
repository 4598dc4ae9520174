// A course whose sessions differ: each session's day, device, depth and passes from the course.*
// lists, a deeper setting over a lesion, and the errors that name the key.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "skintwin/core/error.hpp"
#include "skintwin/course/simulation.hpp"
#include "skintwin/io/config.hpp"
#include "skintwin/io/simulation_config.hpp"
#include "skintwin/lesion/lesion.hpp"
#include "skintwin/model/species.hpp"

namespace {

namespace io = skintwin::io;
namespace course = skintwin::course;
using skintwin::InputError;

course::SimulationPlan plan_with(std::vector<std::string> overrides) {
  const io::Schema schema = io::default_schema();
  std::vector<std::string> all{"simulate.width_mm=2", "simulate.spacing_um=40", "simulate.sections=1",
                               "simulate.sections_band_mm=1", "simulate.fields_every_days=0"};
  all.insert(all.end(), overrides.begin(), overrides.end());
  return io::plan_simulation(io::Config::resolve(schema, {}, all), 0.0).plan;
}

InputError error_of(const std::vector<std::string>& overrides) {
  try {
    plan_with(overrides);
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "expected an InputError";
  return InputError("none");
}

TEST(CourseSchedule, EachSessionTakesItsOwnDayDeviceDepthAndPasses) {
  const auto plan = plan_with({"course.sessions=3", "course.session_days=0,21,63", "course.set_depth_mm=0.5,1,1.5",
                               "course.passes=1,2,3", "course.devices=pen-12,pen-12,pen-36-nano", "simulate.duration_days=5"});
  ASSERT_EQ(course::course_sessions(plan), 3u);
  const std::vector<double> days{0.0, 21.0, 63.0};
  const std::vector<double> depths_mm{0.5, 1.0, 1.5};
  const std::vector<std::string> devices{"pen-12", "pen-12", "pen-36-nano"};
  for (std::size_t k = 0; k < 3; ++k) {
    const auto session = course::course_session(plan, k);
    EXPECT_DOUBLE_EQ(session.t_days, days[k]);
    EXPECT_DOUBLE_EQ(session.punctures.setup.request.set_depth_mm, depths_mm[k]);
    EXPECT_EQ(session.punctures.setup.request.passes, static_cast<int>(k) + 1);
    EXPECT_EQ(session.punctures.setup.device.name, devices[k]);
    EXPECT_EQ(session.seed, course::session_seed(plan.seed, k));
    // The needles follow the setting: each session's strikes are set to its depth.
    for (const auto& p : session.punctures.punctures) ASSERT_DOUBLE_EQ(p.set_depth_um, depths_mm[k] * 1000.0);
  }
  EXPECT_DOUBLE_EQ(plan.timeline.duration_days, 68.0);  // the follow-up counts from the last session
  // The grid holds the deepest session's channels, not only the first's.
  const double deepest_um = course::course_session(plan, 2).punctures.stats.depth_max_um;
  EXPECT_GT(plan.grid.extent_um(skintwin::grid::Axis::Z), deepest_um + 100.0);
}

TEST(CourseSchedule, WithoutListsEverySessionIsTheConfiguredOne) {
  const auto plan = plan_with({"course.sessions=2", "course.interval_days=10", "device.set_depth_mm=1",
                               "protocol.passes=2", "simulate.duration_days=5"});
  const auto second = course::course_session(plan, 1);
  EXPECT_DOUBLE_EQ(second.t_days, 10.0);
  EXPECT_DOUBLE_EQ(second.punctures.setup.request.set_depth_mm, 1.0);
  EXPECT_EQ(second.punctures.setup.request.passes, 2);
  EXPECT_TRUE(second.punctures.lesion_zone_punctures.empty());
}

TEST(CourseSchedule, ADeeperSessionLeavesADeeperFootprint) {
  const auto plan = plan_with({"course.sessions=2", "course.set_depth_mm=0.25,1.25", "protocol.passes=3",
                               "protocol.hand_speed_mm_per_s=10", "simulate.duration_days=1", "course.interval_days=1"});
  const course::Simulation simulation(plan);
  // The deepest row each session's footprint damages.
  const auto deepest_damaged_row = [&](std::size_t k) {
    const auto footprint = simulation.session_footprint(k);
    const auto damage = footprint.field(std::string(skintwin::model::species_name(skintwin::model::Species::Damage)));
    const auto nx = static_cast<std::size_t>(plan.grid.nx());
    std::size_t deepest = 0;
    for (std::size_t v = 0; v < damage.size(); ++v)
      if (damage[v] > 0.1f) deepest = std::max(deepest, v / nx);
    return deepest;
  };
  EXPECT_GT(deepest_damaged_row(1), deepest_damaged_row(0) + 5);  // 1 mm deeper, at 40 um
}

TEST(CourseSchedule, NeedlesOverTheLesionAreSetToItsDepth) {
  const std::vector<std::string> scar{"lesion.type=boxcar", "lesion.width_mm=0.6", "lesion.depth_mm=0.6",
                                      "device.set_depth_mm=0.5", "protocol.passes=3", "protocol.hand_speed_mm_per_s=10",
                                      "simulate.duration_days=1"};
  auto zoned = scar;
  zoned.push_back("course.lesion_set_depth_mm=1.5");
  const auto plain = plan_with(scar);
  const auto deep = plan_with(zoned);
  ASSERT_TRUE(deep.lesion);
  const auto strikes = course::session_strikes(deep, 0, deep.placement);
  const double half_width_mm = 0.3;
  const double centre_x_mm = deep.placement.origin_x_mm + 0.5 * deep.grid.extent_um(skintwin::grid::Axis::X) / 1000.0;
  std::size_t on = 0, off = 0;
  for (const auto& p : strikes) {
    const bool on_lesion = std::abs(p.x_mm - centre_x_mm) <= half_width_mm - 1e-6;
    const bool off_lesion = std::abs(p.x_mm - centre_x_mm) >= half_width_mm + 1e-6;
    if (on_lesion) {
      ++on;
      EXPECT_DOUBLE_EQ(p.set_depth_um, 1500.0);
    }
    if (off_lesion) {
      ++off;
      EXPECT_DOUBLE_EQ(p.set_depth_um, 500.0);
    }
  }
  EXPECT_GT(on, 0u);
  EXPECT_GT(off, on);
  // A 0.5 mm needle loses the 0.6 mm depression: only those near the sloping edge reach the floor;
  // set to 1.5 mm over the scar, more reach it and go far deeper below it.
  const auto reach_plain = skintwin::lesion::floor_reach(course::session_strikes(plain, 0, plain.placement), *plain.lesion,
                                                         plain.grid, plain.placement);
  const auto reach_deep = skintwin::lesion::floor_reach(strikes, *deep.lesion, deep.grid, deep.placement);
  EXPECT_EQ(reach_plain.landed, reach_deep.landed);
  EXPECT_GT(reach_deep.reached, reach_plain.reached);
  EXPECT_GT(reach_deep.reached, reach_deep.landed / 2);
  EXPECT_GT(reach_deep.mean_depth_below_floor_um, reach_plain.mean_depth_below_floor_um + 400.0);
}

TEST(CourseSchedule, AScalarKeyAListReplacesIsReportedAsNotUsed) {
  const io::Schema schema = io::default_schema();
  const io::Config config = io::Config::resolve(schema, {},
                                                {"course.sessions=2", "course.session_days=0,30", "course.interval_days=21",
                                                 "course.set_depth_mm=1,1.5", "simulate.duration_days=1"});
  const auto plan = io::plan_simulation(config, 0.0).plan;
  const auto warnings = io::unused_key_warnings(config);
  const auto mentions = [&](const std::string& text) {
    return std::any_of(warnings.begin(), warnings.end(), [&](const std::string& w) { return w.find(text) != std::string::npos; });
  };
  EXPECT_TRUE(mentions("course.interval_days = 21 is not used: course.session_days"));
  EXPECT_FALSE(mentions("device.set_depth_mm"));  // left at its default: nothing to report
  EXPECT_DOUBLE_EQ(course::course_session(plan, 1).t_days, 30.0);
  // Not part of the run: a checkpoint's config (every key given) would repeat them.
  EXPECT_TRUE(plan.session.warnings.empty());
}

TEST(CourseSchedule, ErrorsNameTheKey) {
  EXPECT_EQ(error_of({"course.sessions=3", "course.set_depth_mm=1,1.5"}).key(), "course.set_depth_mm");
  EXPECT_EQ(error_of({"course.sessions=2", "course.passes=1,2,3"}).key(), "course.passes");
  EXPECT_EQ(error_of({"course.sessions=2", "course.session_days=5,30"}).key(), "course.session_days");
  EXPECT_EQ(error_of({"course.sessions=2", "course.session_days=0,0"}).key(), "course.session_days");
  EXPECT_EQ(error_of({"course.sessions=2", "course.session_days=0,1e-10"}).key(), "course.session_days");
  EXPECT_EQ(error_of({"course.sessions=2", "course.devices=pen-12,no-such-pen"}).key(), "course.devices");
  EXPECT_EQ(error_of({"course.lesion_set_depth_mm=1"}).key(), "course.lesion_set_depth_mm");
  EXPECT_EQ(error_of({"course.sessions=2", "course.set_depth_mm=1,2.2"}).key(), "course.set_depth_mm");  // into fat
  EXPECT_EQ(error_of({"course.sessions=2", "course.devices=pen-12,roller-192", "course.set_depth_mm=1,0.75"}).key(),
            "course.set_depth_mm");  // a depth the roller does not offer
  EXPECT_EQ(error_of({"lesion.type=boxcar", "lesion.width_mm=0.6", "lesion.depth_mm=0.3",
                      "course.lesion_set_depth_mm=2.2"}).key(),
            "course.lesion_set_depth_mm");
  const auto e = error_of({"course.sessions=3", "course.set_depth_mm=1,1.5"});
  EXPECT_NE(std::string(e.what()).find("3 items, one per session"), std::string::npos) << e.what();
}

}  // namespace
