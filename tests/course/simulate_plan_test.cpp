// From a config to a simulation plan: the grid, where it lies, and the errors before any work.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "skintwin/core/error.hpp"
#include "skintwin/course/simulation.hpp"
#include "skintwin/io/config.hpp"
#include "skintwin/io/simulation_config.hpp"
#include "skintwin/io/site_catalog.hpp"
#include "skintwin/model/healing_model.hpp"

using skintwin::InputError;
namespace io = skintwin::io;

namespace {

skintwin::course::SimulationPlan plan_with(const std::vector<std::string>& overrides) {
  const io::Schema schema = io::default_schema();
  const io::Config config = io::Config::resolve(schema, {}, overrides);
  return io::plan_simulation(config, 0.0).plan;
}

std::string error_key(const std::vector<std::string>& overrides) {
  try {
    plan_with(overrides);
  } catch (const InputError& e) {
    return e.key();
  }
  return "no error";
}

}  // namespace

// Automatic depth: 0.5 mm below the deeper of the dermis bottom and the deepest channel,
// rounded up to whole voxels; an explicit depth is used as given.
TEST(GridDepth, AutomaticAndExplicit) {
  EXPECT_DOUBLE_EQ(io::grid_depth_um(0.0, 1510.0, 1300.0, 20.0), 2020.0);  // 2010 -> 101 voxels
  EXPECT_DOUBLE_EQ(io::grid_depth_um(0.0, 1000.0, 1720.0, 20.0), 2220.0);
  EXPECT_DOUBLE_EQ(io::grid_depth_um(2.5, 1000.0, 1720.0, 20.0), 2500.0);
}

// Defaults: 4 mm cross-sections at 20 um (200 columns); in a band they are centred in the 20 x 20 mm
// treated area, so x from 8 to 12 mm.
TEST(SimulationPlan, DefaultIsACentredCrossSection) {
  const auto plan = plan_with({"simulate.sections_band_mm=4"});
  EXPECT_EQ(plan.grid.dimensions(), 2);
  EXPECT_EQ(plan.grid.nx(), 200);
  EXPECT_DOUBLE_EQ(plan.placement.origin_x_mm, 8.0);
  const auto& site = plan.session.setup.site;
  const double expected_depth = io::grid_depth_um(0.0, site.dermis_bottom_um(plan.session.setup.sex),
                                                  plan.session.stats.depth_max_um, 20.0);
  EXPECT_DOUBLE_EQ(plan.grid.extent_um(skintwin::grid::Axis::Z), expected_depth);
  EXPECT_GE(plan.grid.extent_um(skintwin::grid::Axis::Z), plan.session.stats.depth_max_um + 500.0);
  EXPECT_EQ(plan.timeline.duration_days, 28.0);
  EXPECT_NEAR(plan.timeline.early_output_every_days, 1.0 / 24.0, 1e-15);
  EXPECT_FALSE(plan.session.punctures.empty());
}

// With section_on_channel (and one section) the section lies on the centre of the channel nearest
// to y = 10 mm: no puncture in the section's x range lies closer to 10 mm than the section itself,
// and the section is on one of them.
TEST(SimulationPlan, SectionGoesThroughTheNearestChannel) {
  for (const char* protocol : {"protocol.hand_speed_mm_per_s=10", "protocol.hand_speed_mm_per_s=200"}) {
    const auto plan = plan_with({protocol, "protocol.passes=2", "simulate.sections=1", "simulate.section_on_channel=true"});
    EXPECT_EQ(plan.sampling.method, skintwin::course::SamplingMethod::OnChannel);
    ASSERT_EQ(plan.sampling.sections(), 1u);
    const double y0 = plan.placement.origin_y_mm;
    EXPECT_EQ(plan.sampling.section_y_mm.front(), y0);
    bool on_a_channel = false;
    for (const auto& p : plan.session.punctures) {
      if (p.x_mm < 8.0 || p.x_mm > 12.0) continue;
      EXPECT_GE(std::abs(p.y_mm - 10.0), std::abs(y0 - 10.0) - 1e-12) << protocol;
      on_a_channel = on_a_channel || p.y_mm == y0;
    }
    EXPECT_TRUE(on_a_channel) << protocol;
  }
  // A band means nothing for one section on a channel: refused, naming it.
  EXPECT_EQ(error_key({"simulate.sections=1", "simulate.section_on_channel=true", "simulate.sections_band_mm=4"}),
            "simulate.sections_band_mm");
  // Several sections cannot all sit on one channel: refused, naming the key.
  EXPECT_EQ(error_key({"simulate.section_on_channel=true", "simulate.sections=4"}), "simulate.section_on_channel");
}

// Default 2D sampling: 8 sections over the whole 20 x 20 mm treated area, a Latin hypercube: one in
// each eighth of its length (y) and, at its own x, one in each eighth of the 16 mm the 4 mm section's
// left edge can take; drawn from run.seed. The plan's placement is the first section.
TEST(SimulationPlan, SectionsSpreadOverTheTreatedArea) {
  const auto plan = plan_with({"simulate.section_candidates=1"});
  const auto& s = plan.sampling;
  EXPECT_EQ(s.method, skintwin::course::SamplingMethod::StratifiedSections);
  ASSERT_EQ(s.sections(), 8u);
  ASSERT_EQ(s.section_x_mm.size(), 8u);
  EXPECT_DOUBLE_EQ(s.band_start_mm, 0.0);
  EXPECT_DOUBLE_EQ(s.band_end_mm, 20.0);
  std::vector<int> x_strata;
  for (std::size_t k = 0; k < 8; ++k) {
    EXPECT_GE(s.section_y_mm[k], 2.5 * static_cast<double>(k)) << k;
    EXPECT_LT(s.section_y_mm[k], 2.5 * static_cast<double>(k + 1)) << k;
    EXPECT_GE(s.section_x_mm[k], 0.0) << k;
    EXPECT_LE(s.section_x_mm[k] + 4.0, 20.0) << k;
    x_strata.push_back(static_cast<int>(s.section_x_mm[k] / 2.0));
  }
  std::sort(x_strata.begin(), x_strata.end());
  EXPECT_EQ(x_strata, (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7})) << "not one section per x stratum";
  EXPECT_EQ(plan.placement.origin_y_mm, s.section_y_mm.front());
  EXPECT_EQ(plan.placement.origin_x_mm, s.section_x_mm.front());
  EXPECT_EQ(plan_with({"simulate.section_candidates=1"}).sampling.section_x_mm, s.section_x_mm) << "not reproducible";
  EXPECT_NE(plan_with({"simulate.section_candidates=1", "run.seed=2"}).sampling.section_y_mm, s.section_y_mm)
      << "the seed does not move them";
  // A band: every section at the configured x, y stratified over the band.
  const auto shifted = plan_with({"simulate.section_offset_y_mm=3", "simulate.sections=2", "simulate.sections_band_mm=4"});
  EXPECT_DOUBLE_EQ(shifted.sampling.band_start_mm, 11.0);
  EXPECT_DOUBLE_EQ(shifted.sampling.band_end_mm, 15.0);
  ASSERT_EQ(shifted.sampling.sections(), 2u);
  EXPECT_EQ(shifted.sampling.section_x_mm, (std::vector<double>{8.0, 8.0}));
  EXPECT_EQ(error_key({"simulate.sections_band_mm=25"}), "simulate.sections_band_mm");
  // Over the whole area an offset would do nothing: refused, naming it.
  EXPECT_EQ(error_key({"simulate.section_offset_x_mm=1"}), "simulate.section_offset_x_mm");
  EXPECT_EQ(error_key({"simulate.section_offset_y_mm=1"}), "simulate.section_offset_y_mm");
  // Each section as a plan of its own: its placement, its index and the ensemble's size.
  const auto second = skintwin::course::section_plan(plan, 1);
  EXPECT_EQ(second.placement.origin_y_mm, plan.sampling.section_y_mm[1]);
  EXPECT_EQ(second.placement.origin_x_mm, plan.sampling.section_x_mm[1]);
  EXPECT_EQ(second.sampling.member, 1u);
  EXPECT_EQ(second.sampling.ensemble_sections, 8u);
  EXPECT_THROW(skintwin::course::section_plan(shifted, 2), std::out_of_range);
  // A 3D patch is one sample.
  const auto patch = plan_with({"simulate.dimensions=3", "simulate.width_mm=1", "simulate.length_mm=0.6",
                                "simulate.spacing_um=40"});
  EXPECT_EQ(patch.sampling.method, skintwin::course::SamplingMethod::Patch3d);
  EXPECT_EQ(patch.sampling.sections(), 0u);
}

// The default ensemble is stratified on the injury: 8 x 8 candidate planes over the area, one
// section from each eighth of their ranks by damage, lowest first. Each section's listed damage is
// what the session leaves in it, within the candidates' range around their mean, and is what the
// injury then does on the section's grid.
TEST(SimulationPlan, DefaultSectionsAreStratifiedOnTheirInjury) {
  const auto plan = plan_with({});
  const auto& s = plan.sampling;
  EXPECT_EQ(s.method, skintwin::course::SamplingMethod::InjuryStratifiedSections);
  EXPECT_TRUE(s.stratified());
  EXPECT_EQ(s.candidates_per_section, 8);
  ASSERT_EQ(s.sections(), 8u);
  ASSERT_EQ(s.section_damage_um2.size(), 8u);
  EXPECT_TRUE(std::is_sorted(s.section_damage_um2.begin(), s.section_damage_um2.end()));
  EXPECT_GT(s.candidates_damage_mean_um2, 0.0);
  EXPECT_LT(s.section_damage_um2.front(), s.candidates_damage_mean_um2);
  EXPECT_GT(s.section_damage_um2.back(), s.candidates_damage_mean_um2);
  for (std::size_t k = 0; k < 8; ++k) {
    EXPECT_GE(s.section_y_mm[k], 0.0) << k;
    EXPECT_LE(s.section_y_mm[k], 20.0) << k;
    EXPECT_GE(s.section_x_mm[k], 0.0) << k;
    EXPECT_LE(s.section_x_mm[k] + 4.0, 20.0) << k;
  }
  EXPECT_EQ(plan_with({}).sampling.section_y_mm, s.section_y_mm) << "not reproducible";
  EXPECT_NE(plan_with({"run.seed=2"}).sampling.section_y_mm, s.section_y_mm) << "the seed does not move them";
  for (const std::size_t k : {std::size_t{0}, std::size_t{7}}) {
    const auto one = skintwin::course::section_plan(plan, k);
    ASSERT_EQ(one.sampling.section_damage_um2.size(), 1u);
    EXPECT_DOUBLE_EQ(skintwin::course::placement_damage_um2(one, one.placement), s.section_damage_um2[k]);
    const skintwin::course::Simulation simulation(one);
    skintwin::course::RunRecord record;
    simulation.start(record);
    // 2D: the damaged volume is µm² of the plane x 1 µm.
    EXPECT_NEAR(record.injury.damaged_volume_um3, s.section_damage_um2[k], 1e-9 * s.section_damage_um2[k]) << k;
  }
  EXPECT_EQ(error_key({"simulate.section_candidates=0"}), "simulate.section_candidates");
}

TEST(SimulationPlan, ThreeDimensionalPatchIsCentredToo) {
  const auto plan = plan_with({"simulate.dimensions=3", "simulate.width_mm=1", "simulate.length_mm=0.6",
                               "simulate.spacing_um=40", "simulate.section_offset_y_mm=2"});
  EXPECT_EQ(plan.grid.dimensions(), 3);
  EXPECT_EQ(plan.grid.nx(), 25);
  EXPECT_EQ(plan.grid.ny(), 15);
  EXPECT_DOUBLE_EQ(plan.placement.origin_x_mm, 9.5);
  EXPECT_DOUBLE_EQ(plan.placement.origin_y_mm, 11.7);
}

TEST(SimulationPlan, RejectsAGridOutsideTheTreatedArea) {
  EXPECT_EQ(error_key({"simulate.width_mm=25"}), "simulate.width_mm");
  EXPECT_EQ(error_key({"simulate.section_offset_x_mm=9"}), "simulate.section_offset_x_mm");
  EXPECT_EQ(error_key({"simulate.section_offset_y_mm=-10.5"}), "simulate.section_offset_y_mm");
  EXPECT_EQ(error_key({"simulate.dimensions=3", "simulate.length_mm=30"}), "simulate.length_mm");
}

TEST(SimulationPlan, RejectsBadSchedulesAndHugeGrids) {
  EXPECT_EQ(error_key({"simulate.dt_initial_min=10", "simulate.dt_max_min=5"}), "simulate.dt_max_min");
  EXPECT_EQ(error_key({"simulate.dimensions=3", "simulate.width_mm=10", "simulate.length_mm=10",
                       "simulate.spacing_um=5"}),
            "simulate.spacing_um");
  EXPECT_EQ(error_key({"simulate.output_every_days=0.001", "simulate.duration_days=3650",
                       "simulate.early_output_every_h=0"}),
            "simulate.output_every_days");
  EXPECT_EQ(error_key({"device.set_depth_mm=9"}), "device.set_depth_mm");
}

// The default step schedule is the one the model was calibrated with.
TEST(SimulationPlan, DefaultScheduleIsTheModelsRecommendedOne) {
  const auto plan = plan_with({});
  const auto recommended = skintwin::model::recommended_dt_schedule();
  EXPECT_EQ(plan.schedule.dt_initial_min, recommended.dt_initial_min);
  EXPECT_EQ(plan.schedule.dt_max_min, recommended.dt_max_min);
  EXPECT_EQ(plan.schedule.growth, recommended.growth);
}

// Parameters are data, so a set with which healthy skin would not be at rest is the user's input
// to fix (exit 2, naming the key), not an internal error: a VEGF threshold below the healthy VEGF
// would grow sprouts in healthy skin.
TEST(SimulationPlan, ParametersThatUnsettleHealthySkinAreAnInputError) {
  const auto plan = plan_with({"model.rates.v_thr=0.04", "simulate.width_mm=1", "simulate.spacing_um=40",
                               "simulate.sections=1", "simulate.sections_band_mm=1"});
  try {
    const skintwin::course::Simulation simulation(plan);
    FAIL() << "accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.key(), "model.rates.v_thr");
  }
}
