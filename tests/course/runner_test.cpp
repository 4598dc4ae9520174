#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <memory>
#include <optional>
#include <stdexcept>
#include <vector>

#include "skintwin/core/units.hpp"
#include "skintwin/course/runner.hpp"
#include "skintwin/grid/field_set.hpp"
#include "skintwin/grid/grid.hpp"
#include "skintwin/solver/stepper.hpp"

namespace course = skintwin::course;
namespace grid = skintwin::grid;
namespace solver = skintwin::solver;

namespace {

constexpr double kDecayPerMin = 1.0 / 1440.0;  // e-fold per day

// A model-free course: species 0 decays at kDecayPerMin, species 1 grows logistically, so the
// exact solution is known and the reactions are nonlinear (a round-off difference in any step
// would show in the bits).
struct ToyRhs {
  void operator()(const double* u, double* du, std::size_t n, const solver::VoxelContext&) const {
    for (std::size_t s = 0; s < n; ++s) du[s] = 0.0;
    du[0] = -kDecayPerMin * u[0];
    du[1] = 2.0 * kDecayPerMin * u[1] * (1.0 - u[1]);
  }
};

solver::Stepper toy_stepper(double t_start_min) {
  std::vector<std::unique_ptr<solver::SplitOperator>> ops;
  ops.push_back(std::make_unique<solver::ReactionOperator<ToyRhs>>(ToyRhs{}));
  return solver::Stepper(solver::Splitting::Lie, std::move(ops), t_start_min);
}

course::CourseState toy_state() {
  const grid::Grid g = grid::Grid::make_2d(4, 3, 10.0, 10.0);
  grid::FieldSet f(g, {"decaying", "logistic"});
  for (auto& v : f.field(0)) v = 1.0;
  for (auto& v : f.field(1)) v = 0.1;
  course::CourseState state{.fields = f, .wound = f};
  state.sessions.push_back({.t_min = 0.0, .seed = 1, .punctures = 0});
  return state;
}

const solver::DtSchedule kSchedule{.dt_initial_min = 0.5, .dt_max_min = 30.0, .growth = 0.004};

bool same_bits(const grid::FieldSet& a, const grid::FieldSet& b) {
  for (std::size_t s = 0; s < a.count(); ++s)
    if (std::memcmp(a.field(s).data(), b.field(s).data(), a.field(s).size_bytes()) != 0) return false;
  return true;
}

}  // namespace

// The runner lands on the requested times: after 3 days the decaying species is e^-3 and the
// logistic one follows 1 / (1 + 9 e^{-2t}) (t in days), within the integrator's tolerance.
TEST(Runner, ReachesTheEndWithTheExactSolution) {
  auto stops = course::make_timeline({.duration_days = 3.0, .output_every_days = 0.25, .fields_every_days = 1.0});
  auto state = toy_state();
  auto stepper = toy_stepper(0.0);
  std::vector<double> sampled;
  course::run_to_end(state, stepper, stops, kSchedule,
                     {.at_stop = [&](const course::Stop& s, const course::CourseState& st) {
                       EXPECT_DOUBLE_EQ(st.t_min, skintwin::units::minutes(s.t_days));
                       if (s.sample) sampled.push_back(s.t_days);
                     }});
  EXPECT_EQ(sampled.size(), 13u);
  EXPECT_EQ(state.t_min, skintwin::units::minutes(3.0));
  EXPECT_NEAR(state.fields.field(0)[0], std::exp(-3.0), 1e-4);
  EXPECT_NEAR(state.fields.field(1)[5], 1.0 / (1.0 + 9.0 * std::exp(-6.0)), 1e-4);
}

// dt grows from 0.5 min by 0.004 per minute and is capped at 30 min: the number of steps over
// 3 days is the integral of 1/dt, ln(1 + 0.004 t1 / 0.5) / 0.004 to the cap at t1 = 7375 min
// (beyond 3 days here, so the cap is never reached), plus at most one shortened step per stop.
TEST(Runner, StepCountFollowsTheSchedule) {
  auto stops = course::make_timeline({.duration_days = 3.0, .output_every_days = 0.25, .fields_every_days = 0.0});
  auto state = toy_state();
  auto stepper = toy_stepper(0.0);
  course::run_to_end(state, stepper, stops, kSchedule, {});
  const double t_end = 3.0 * 1440.0;
  const double expected = std::log(1.0 + 0.004 * t_end / 0.5) / 0.004;
  EXPECT_GE(static_cast<double>(state.steps), expected - 1.0);
  EXPECT_LE(static_cast<double>(state.steps), expected + 1.0 + static_cast<double>(stops.size()));
}

// A run stopped at a checkpoint and continued with a fresh stepper ends bit-identical to one run
// straight through (and to one run without checkpoints at all).
TEST(Runner, ResumingFromACheckpointIsBitIdentical) {
  const course::TimelineSettings plain{.duration_days = 4.0, .output_every_days = 0.25, .fields_every_days = 1.0};
  course::TimelineSettings with_checkpoints = plain;
  with_checkpoints.checkpoint_every_days = 1.3;

  auto straight = toy_state();
  auto straight_stepper = toy_stepper(0.0);
  course::run_to_end(straight, straight_stepper, course::make_timeline(plain), kSchedule, {});

  const auto stops = course::make_timeline(with_checkpoints);
  std::optional<course::CourseState> saved;
  auto first = toy_state();
  auto first_stepper = toy_stepper(0.0);
  course::run_to_end(first, first_stepper, stops, kSchedule,
                     {.at_stop = [&](const course::Stop& s, const course::CourseState& st) {
                       if (s.checkpoint && !saved) saved = st;  // the "killed" run's last checkpoint
                     }});
  ASSERT_TRUE(saved.has_value());
  EXPECT_GT(saved->t_min, 0.0);
  EXPECT_LT(saved->t_min, skintwin::units::minutes(4.0));

  course::CourseState resumed = *saved;
  auto resumed_stepper = toy_stepper(resumed.t_min);
  course::run_to_end(resumed, resumed_stepper, stops, kSchedule, {});

  EXPECT_TRUE(same_bits(first.fields, straight.fields));
  EXPECT_TRUE(same_bits(resumed.fields, straight.fields));
  EXPECT_EQ(resumed.steps, straight.steps);
  EXPECT_EQ(resumed.t_min, straight.t_min);
}

TEST(Runner, RejectsAStepperThatIsNotWhereTheStateIs) {
  auto stops = course::make_timeline({.duration_days = 1.0});
  auto state = toy_state();
  state.t_min = 360.0;
  auto stepper = toy_stepper(0.0);
  EXPECT_THROW(course::run_to_end(state, stepper, stops, kSchedule, {}), std::invalid_argument);
}

TEST(Runner, ReportsProgressInDays) {
  auto stops = course::make_timeline({.duration_days = 1.0, .output_every_days = 0.5, .fields_every_days = 0.0});
  auto state = toy_state();
  auto stepper = toy_stepper(0.0);
  std::vector<double> days;
  course::run_to_end(state, stepper, stops, kSchedule,
                     {.progress = [&](double t_days, std::int64_t) { days.push_back(t_days); }});
  EXPECT_EQ(days, (std::vector<double>{0.5, 1.0}));
}
