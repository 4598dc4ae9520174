// A treatment course: later sessions puncture the tissue as the earlier ones left it, at their own
// stops, with punctures of their own, and a run restarted between or after sessions ends where an
// uninterrupted one does, bit for bit.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "skintwin/core/units.hpp"
#include "skintwin/course/simulation.hpp"
#include "skintwin/injury/injury.hpp"
#include "skintwin/io/config.hpp"
#include "skintwin/io/simulation_config.hpp"
#include "skintwin/model/species.hpp"

namespace {

namespace io = skintwin::io;
namespace course = skintwin::course;
using skintwin::model::index;
using skintwin::model::Species;

// Two sessions 1.5 days apart, then a day: one 1 mm section at 40 um in a band at the area's
// centre; dense needling (three slow passes), so that both sessions cut the plane.
course::SimulationPlan two_sessions(std::vector<std::string> extra = {}) {
  const io::Schema schema = io::default_schema();
  std::vector<std::string> overrides{
      "simulate.width_mm=1", "simulate.spacing_um=40", "simulate.duration_days=1", "simulate.sections=1",
      "simulate.sections_band_mm=1", "simulate.fields_every_days=0", "protocol.hand_speed_mm_per_s=10",
      "protocol.passes=3", "course.sessions=2", "course.interval_days=1.5"};
  overrides.insert(overrides.end(), extra.begin(), extra.end());
  const io::Config config = io::Config::resolve(schema, {}, overrides);
  return io::plan_simulation(config, 0.0).plan;
}

bool same_bits(const skintwin::grid::FieldSet& a, const skintwin::grid::FieldSet& b) {
  if (a.count() != b.count()) return false;
  for (std::size_t s = 0; s < a.count(); ++s)
    if (std::memcmp(a.field(s).data(), b.field(s).data(), a.field(s).size_bytes()) != 0) return false;
  return true;
}

struct Captured {
  std::optional<course::CourseState> before;  // the last stop before the second session
  std::optional<course::CourseState> after;   // the second session's own stop
  std::optional<course::RunRecord> record_before;
  std::optional<course::RunRecord> record_after;
};

// Runs the plan through, keeping the states around the second session.
course::CourseState run_through(const course::Simulation& simulation, course::RunRecord& record, Captured* captured) {
  course::CourseState state = simulation.start(record);
  course::RunObserver observer;
  if (captured)
    observer.at_stop = [&](const course::Stop& stop, const course::CourseState& st, const course::RunRecord& rec) {
      if (st.sessions.size() == 1) {
        captured->before = st;
        captured->record_before = rec;
      } else if (stop.session == 1) {
        captured->after = st;
        captured->record_after = rec;
      }
    };
  simulation.run(state, record, observer);
  return state;
}

}  // namespace

TEST(Course, SecondSessionPuncturesTheHealingTissue) {
  const course::SimulationPlan plan = two_sessions();
  ASSERT_EQ(course::course_sessions(plan), 2u);
  const course::CourseSession later = course::course_session(plan, 1);
  EXPECT_EQ(later.t_days, 1.5);
  EXPECT_EQ(plan.timeline.duration_days, 2.5);
  EXPECT_NE(later.seed, plan.seed);
  EXPECT_EQ(later.seed, course::session_seed(plan.seed, 1));
  EXPECT_EQ(course::course_session(plan, 0).seed, plan.seed);
  const course::Simulation simulation(plan);
  course::RunRecord record;
  Captured captured;
  const course::CourseState end = run_through(simulation, record, &captured);
  ASSERT_EQ(end.sessions.size(), 2u);
  EXPECT_EQ(end.sessions[1].t_min, skintwin::units::minutes(1.5));
  EXPECT_GT(end.sessions[1].punctures, 0);
  ASSERT_TRUE(captured.before && captured.after);
  // The tissue just before the second session: the last stop before it, stepped on to its day as
  // the runner steps (a run resumed from that stop takes the same steps).
  skintwin::grid::FieldSet before = captured.before->fields;
  auto stepper = simulation.model().make_stepper(captured.before->t_min, 0.0);
  stepper.advance_to(before, skintwin::units::minutes(1.5), plan.schedule, 0.0);
  const auto& after = captured.after->fields;
  // The second session's own survival: where it cut, the tissue loses what it had at that moment
  // (a wound 1.5 days old, not fresh skin); where it did not, nothing changes at the session.
  const auto& second = course::course_session(plan, 1).punctures;
  const auto survival =
      skintwin::injury::session_survival(plan.grid, plan.parameters.injury, second.punctures,
                                         second.setup.device.needle, second.setup.penetration, plan.placement);
  const auto d_before = before.field(index(Species::Damage));
  const auto d_after = after.field(index(Species::Damage));
  const auto v_before = before.field(index(Species::Vessels));
  const auto v_after = after.field(index(Species::Vessels));
  std::size_t cut = 0;
  bool damage_of_the_first_still_there = false;
  for (std::size_t v = 0; v < survival.size(); ++v) {
    if (survival[v] < 1.0) {
      ++cut;
      EXPECT_GE(d_after[v], d_before[v]) << v;
      EXPECT_NEAR(v_after[v], v_before[v] * survival[v], 1e-6 * (1.0 + v_before[v])) << v;
    }
    if (survival[v] == 1.0) {
      EXPECT_EQ(d_after[v], d_before[v]) << v;
    }
    if (d_before[v] > 0.05f) damage_of_the_first_still_there = true;
  }
  EXPECT_GT(cut, 10u);
  EXPECT_TRUE(damage_of_the_first_still_there) << "the first session's wound had healed: the test shows nothing";
  // The observables follow the latest session: its wound zone is where it cut fresh skin.
  const auto footprint = simulation.session_footprint(1);
  EXPECT_TRUE(same_bits(captured.after->wound, footprint));
  EXPECT_TRUE(same_bits(simulation.session_footprint(0), [&] {
    course::RunRecord r;
    return simulation.start(r).wound;
  }()));
}

// A checkpoint is the state and the record at a stop: continuing from a copy of either (before the
// second session, or at its stop, after it was given) ends bit-identical to the uninterrupted run.
void expect_restarts_bit_identical(const course::SimulationPlan& plan) {
  const course::Simulation simulation(plan);
  course::RunRecord straight_record;
  Captured captured;
  const course::CourseState straight = run_through(simulation, straight_record, &captured);
  ASSERT_TRUE(captured.before && captured.after);
  for (const bool after_the_session : {false, true}) {
    course::CourseState state = after_the_session ? *captured.after : *captured.before;
    course::RunRecord record = after_the_session ? *captured.record_after : *captured.record_before;
    const course::Simulation again(plan);  // a new process: nothing carried but the state
    again.run(state, record, {});
    EXPECT_EQ(state.sessions.size(), 2u) << after_the_session;
    EXPECT_EQ(state.steps, straight.steps) << after_the_session;
    EXPECT_TRUE(same_bits(state.fields, straight.fields)) << after_the_session;
    ASSERT_EQ(record.series.size(), straight_record.series.size());
    EXPECT_EQ(record.series.back().erythema_index, straight_record.series.back().erythema_index);
    EXPECT_EQ(std::isnan(record.series.back().lesion.depth_um), std::isnan(straight_record.series.back().lesion.depth_um));
    if (plan.lesion) {
      EXPECT_EQ(record.series.back().lesion.depth_um, straight_record.series.back().lesion.depth_um);
    }
  }
}

TEST(Course, RestartBetweenOrAfterSessionsIsBitIdentical) { expect_restarts_bit_identical(two_sessions()); }

// Issue 10: a course's second session acts on the healed state of a lesion too (its tissue, with
// the lower set point, is part of the state a checkpoint carries).
TEST(Course, RestartOfACourseOnAScarIsBitIdentical) {
  const course::SimulationPlan plan = two_sessions({"lesion.type=boxcar", "lesion.width_mm=0.4", "lesion.depth_mm=0.3"});
  ASSERT_TRUE(plan.lesion.has_value());
  expect_restarts_bit_identical(plan);
}

// Sessions that differ (their own depth and passes, a deeper setting over the scar) restart the same.
TEST(Course, RestartOfACourseWhoseSessionsDifferIsBitIdentical) {
  const course::SimulationPlan plan =
      two_sessions({"lesion.type=boxcar", "lesion.width_mm=0.4", "lesion.depth_mm=0.3", "course.set_depth_mm=0.5,1",
                    "course.passes=3,2", "course.lesion_set_depth_mm=1,1.25"});
  ASSERT_FALSE(course::course_session(plan, 1).punctures.lesion_zone_punctures.empty());
  expect_restarts_bit_identical(plan);
}

// The series cut into its sessions: each segment starts at its session's stop, and each session's
// outcomes count days from it.
TEST(Course, SeriesAndOutcomesPerSession) {
  const course::SimulationPlan plan = two_sessions();
  const course::Simulation simulation(plan);
  course::RunRecord record;
  run_through(simulation, record, nullptr);
  const auto segments = simulation.section_series(record.series);
  ASSERT_EQ(segments.size(), 2u);
  EXPECT_EQ(segments[0].series.front().t_days, 0.0);
  EXPECT_DOUBLE_EQ(segments[1].series.front().t_days, 1.5);
  EXPECT_LT(segments[0].series.back().t_days, 1.5);
  EXPECT_EQ(segments[0].series.size() + segments[1].series.size(), record.series.size());
  EXPECT_GT(segments[1].wound_voxels, 0u);
  const auto sessions =
      skintwin::outcome::per_session_outcomes(segments, plan.parameters.observables.erythema.visible_threshold,
                                                       plan.parameters.observables.scar_grading);
  ASSERT_EQ(sessions.size(), 2u);
  EXPECT_DOUBLE_EQ(sessions[1].final_day, 1.0);
  EXPECT_LT(sessions[0].final_day, 1.5);
  // The second session's wound is inflamed again after it (its own peak, days from it).
  EXPECT_GT(sessions[1].inflammation_ratio_wound.value, 2.0);
  EXPECT_LT(sessions[1].inflammation_ratio_wound.t_days, 1.0 + 1e-9);
}

// One section on a channel of the first session would miss the others': refused for a course.
TEST(Course, ASectionOnAChannelIsRefusedForACourse) {
  const io::Schema schema = io::default_schema();
  try {
    io::plan_simulation(io::Config::resolve(schema, {},
                                            {"simulate.sections=1", "simulate.section_on_channel=true",
                                             "course.sessions=2"}),
                        0.0);
    FAIL() << "accepted";
  } catch (const skintwin::InputError& e) {
    EXPECT_EQ(e.key(), "simulate.section_on_channel");
  }
}
