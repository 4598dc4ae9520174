// The library's ensemble runner: each member is the run of its own section plan, and the pooled
// answer is the pool of the members' series.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include <omp.h>

#include "skintwin/course/simulation.hpp"
#include "skintwin/io/config.hpp"
#include "skintwin/io/simulation_config.hpp"

namespace {

namespace io = skintwin::io;
namespace course = skintwin::course;

course::SimulationPlan small_ensemble() {
  const io::Schema schema = io::default_schema();
  const io::Config config = io::Config::resolve(
      schema, {},
      {"simulate.width_mm=1", "simulate.spacing_um=40", "simulate.duration_days=0.25", "simulate.sections=2",
       "protocol.hand_speed_mm_per_s=40"});
  return io::plan_simulation(config, 0.0).plan;
}

}  // namespace

TEST(RunSections, EachMemberIsItsSectionRunAlone) {
  const course::SimulationPlan plan = small_ensemble();
  ASSERT_EQ(plan.sampling.sections(), 2u);
  std::vector<std::size_t> heard;
  const auto e = course::run_sections(plan, [&](std::size_t k, double) { heard.push_back(k); });
  ASSERT_EQ(e.members.size(), 2u);
  // Both sections were heard (side by side when there are two threads, so in any order).
  EXPECT_NE(std::find(heard.begin(), heard.end(), 0u), heard.end());
  EXPECT_NE(std::find(heard.begin(), heard.end(), 1u), heard.end());
  std::vector<skintwin::outcome::SectionSeries> alone;
  for (std::size_t k = 0; k < 2; ++k) {
    const course::Simulation simulation(course::section_plan(plan, k));
    course::RunRecord record;
    course::CourseState state = simulation.start(record);
    const auto o = simulation.run(state, record, {});
    EXPECT_EQ(e.members[k].erythema_index.value, o.erythema_index.value) << k;
    EXPECT_EQ(e.members[k].inflammation_ratio_wound.value, o.inflammation_ratio_wound.value) << k;
    const auto segments = simulation.section_series(record.series);
    ASSERT_EQ(segments.size(), 1u);  // one session
    alone.push_back(segments.front());
  }
  const auto pooled = skintwin::outcome::pool_sections(alone, plan.parameters.observables.erythema);
  ASSERT_EQ(pooled.series.size(), e.series.size());
  EXPECT_EQ(pooled.series.back().erythema_index, e.series.back().erythema_index);
  EXPECT_EQ(e.pooled.erythema_index.value, skintwin::outcome::session_outcomes(pooled.series, pooled.healthy,
                                                                               e.pooled.redness_threshold,
                                                                               plan.parameters.observables.scar_grading)
                                               .erythema_index.value);
}

// Sections side by side (one thread each) or one after the other (all threads each): the same bits.
TEST(RunSections, SideBySideOrOneAfterTheOtherGiveTheSameBits) {
  const course::SimulationPlan plan = small_ensemble();
  const int threads = omp_get_max_threads();
  omp_set_num_threads(1);
  const auto sequential = course::run_sections(plan);
  omp_set_num_threads(2);
  const auto side_by_side = course::run_sections(plan);
  omp_set_num_threads(threads);
  ASSERT_EQ(sequential.series.size(), side_by_side.series.size());
  for (std::size_t n = 0; n < sequential.series.size(); ++n) {
    EXPECT_EQ(sequential.series[n].erythema_index, side_by_side.series[n].erythema_index) << n;
    EXPECT_EQ(sequential.series[n].layer_means, side_by_side.series[n].layer_means) << n;
  }
  for (std::size_t k = 0; k < 2; ++k)
    EXPECT_EQ(sequential.members[k].fibroblast_ratio_wound.value, side_by_side.members[k].fibroblast_ratio_wound.value);
}
