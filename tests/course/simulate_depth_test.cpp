// simulate.depth_mm set shallower than the channels: refused, since a grid that cuts the channels
// off silently changes the wound they make.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "skintwin/core/error.hpp"
#include "skintwin/io/config.hpp"
#include "skintwin/io/simulation_config.hpp"

namespace skintwin {
namespace {

course::SimulationPlan plan_with(const std::vector<std::string>& overrides) {
  const io::Schema schema = io::default_schema();
  const io::Config config = io::Config::resolve(schema, {}, overrides);
  return io::plan_simulation(config, 0.0).plan;
}

TEST(SimulateDepth, ShallowerThanTheChannelsIsRefusedNamingTheDepthNeeded) {
  const std::vector<std::string> base{"device.set_depth_mm=1.5", "simulate.duration_days=1"};
  const double deepest_um = plan_with(base).session.stats.depth_max_um;
  ASSERT_GT(deepest_um, 500.0);
  auto with_depth = [&](double mm) {
    auto overrides = base;
    overrides.push_back(fmt::format("simulate.depth_mm={}", mm));
    return overrides;
  };
  const double enough_mm = std::ceil((deepest_um + 100.0) / 10.0) / 100.0;
  try {
    plan_with(with_depth(0.5));
    FAIL() << "a 0.5 mm grid under channels of " << deepest_um << " um was accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.key(), "simulate.depth_mm");
    EXPECT_EQ(e.value(), "0.5");
    EXPECT_NE(e.allowed().find(fmt::format("at least {:.2f} mm", enough_mm)), std::string::npos)
        << e.what();
  }
  // Just at the channel tip is still too shallow; 0.1 mm below it is enough.
  EXPECT_THROW(plan_with(with_depth(std::ceil(deepest_um) / 1000.0)), InputError);
  const auto plan = plan_with(with_depth(enough_mm));
  EXPECT_GE(plan.grid.extent_um(grid::Axis::Z), deepest_um + 100.0);
}

TEST(SimulateDepth, AutomaticAndDeepGridsAreAccepted) {
  EXPECT_NO_THROW(plan_with({"device.set_depth_mm=1.5", "simulate.duration_days=1", "simulate.depth_mm=0"}));
  EXPECT_NO_THROW(plan_with({"device.set_depth_mm=1.5", "simulate.duration_days=1", "simulate.depth_mm=4"}));
}

}  // namespace
}  // namespace skintwin
