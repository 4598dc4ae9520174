#include "skintwin/solver/stepper.hpp"

#include <gtest/gtest.h>
#include <omp.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include <stdexcept>

namespace {

namespace solver = skintwin::solver;
using skintwin::grid::BoundarySet;
using skintwin::grid::Face;
using skintwin::grid::FieldSet;
using skintwin::grid::Grid;
using skintwin::grid::Real;

struct Call {
  std::string op;
  double t_min, dt_min;
};

class Recorder final : public solver::SplitOperator {
public:
  Recorder(std::string name, std::vector<Call>& log) : name_(std::move(name)), log_(log) {}
  void advance(FieldSet&, double t_min, double dt_min) override { log_.push_back({name_, t_min, dt_min}); }
  std::string name() const override { return name_; }

private:
  std::string name_;
  std::vector<Call>& log_;
};

solver::Stepper recording_stepper(solver::Splitting s, std::vector<Call>& log, double t0 = 0.0) {
  std::vector<std::unique_ptr<solver::SplitOperator>> ops;
  for (const char* n : {"R", "T", "D"}) ops.push_back(std::make_unique<Recorder>(n, log));
  return solver::Stepper(s, std::move(ops), t0);
}

TEST(Stepper, LieAppliesEachOperatorOnceWithTheFullStep) {
  std::vector<Call> log;
  auto stepper = recording_stepper(solver::Splitting::Lie, log, 10.0);
  FieldSet f(Grid::make_2d(2, 2, 1.0, 1.0), {"u"});
  stepper.step(f, 3.0);
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[0].op + log[1].op + log[2].op, "RTD");
  for (const Call& c : log) {
    EXPECT_EQ(c.dt_min, 3.0);
    EXPECT_EQ(c.t_min, 10.0);
  }
  EXPECT_EQ(stepper.t_min(), 13.0);
  EXPECT_EQ(stepper.steps(), 1);
}

TEST(Stepper, StrangIsSymmetricWithTheLastOperatorInTheMiddle) {
  std::vector<Call> log;
  auto stepper = recording_stepper(solver::Splitting::Strang, log);
  FieldSet f(Grid::make_2d(2, 2, 1.0, 1.0), {"u"});
  stepper.step(f, 4.0);
  ASSERT_EQ(log.size(), 5u);
  std::string order;
  for (const Call& c : log) order += c.op;
  EXPECT_EQ(order, "RTDTR");
  const double dts[] = {2.0, 2.0, 4.0, 2.0, 2.0};
  const double ts[] = {0.0, 0.0, 0.0, 2.0, 2.0};
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(log[i].dt_min, dts[i]);
    EXPECT_EQ(log[i].t_min, ts[i]);
  }
}

TEST(Stepper, AdvanceToLandsExactlyWithAShortLastStep) {
  std::vector<Call> log;
  auto stepper = recording_stepper(solver::Splitting::Lie, log);
  FieldSet f(Grid::make_2d(2, 2, 1.0, 1.0), {"u"});
  EXPECT_EQ(stepper.advance_to(f, 10.0, 3.0), 4);  // 3 + 3 + 3 + 1
  EXPECT_EQ(stepper.t_min(), 10.0);
  EXPECT_DOUBLE_EQ(log.back().dt_min, 1.0);
  // Variable dt: the caller changes the step between calls.
  stepper.step(f, 60.0);
  EXPECT_EQ(stepper.t_min(), 70.0);
}

TEST(Stepper, ScheduleGrowsFromMinutesToHours) {
  const solver::DtSchedule sched{1.0, 60.0, 0.1};
  EXPECT_EQ(sched.dt_min_at(0.0), 1.0);
  EXPECT_DOUBLE_EQ(sched.dt_min_at(100.0), 11.0);
  EXPECT_EQ(sched.dt_min_at(5000.0), 60.0);
  std::vector<Call> log;
  auto stepper = recording_stepper(solver::Splitting::Lie, log);
  FieldSet f(Grid::make_2d(2, 2, 1.0, 1.0), {"u"});
  // One day after an event at t = 0: dt grows as 1.1^n while below the cap (dt_{n+1} =
  // dt_n (1 + 0.1)), reaching 60 min after ln(60)/ln(1.1) = 43 steps and 590 min; the remaining
  // 848 min take 15 capped steps: 58 steps in all, far fewer than 1440 one-minute steps.
  const long long steps = stepper.advance_to(f, 1440.0, sched, 0.0);
  EXPECT_EQ(steps, 58);
  EXPECT_EQ(stepper.t_min(), 1440.0);
  EXPECT_THROW((solver::DtSchedule{0.0, 60.0, 0.1}.validate()), std::invalid_argument);
  EXPECT_THROW((solver::DtSchedule{10.0, 5.0, 0.1}.validate()), std::invalid_argument);
}

TEST(Stepper, ScheduleGrowsAgainOnceTheWoundHasSettled) {
  const solver::DtSchedule sched{.dt_initial_min = 1.0, .dt_max_min = 60.0, .growth = 0.1,
                                 .settled_after_min = 1440.0, .dt_settled_max_min = 360.0};
  EXPECT_EQ(sched.dt_min_at(1000.0), 60.0);                // first phase, capped
  EXPECT_EQ(sched.dt_min_at(1440.0), 60.0);                // continuous where the second phase starts
  EXPECT_DOUBLE_EQ(sched.dt_min_at(1440.0 + 1000.0), 160.0);  // dt_max + growth x time since settling
  EXPECT_EQ(sched.dt_min_at(1e6), 360.0);
  // A settled cap at or below dt_max leaves the first phase alone.
  const solver::DtSchedule off{.dt_initial_min = 1.0, .dt_max_min = 60.0, .growth = 0.1,
                               .settled_after_min = 1440.0, .dt_settled_max_min = 30.0};
  EXPECT_EQ(off.dt_min_at(1e6), 60.0);
  // Ten days: the settled phase takes far fewer steps than the capped schedule.
  std::vector<Call> log;
  FieldSet f(Grid::make_2d(2, 2, 1.0, 1.0), {"u"});
  auto capped = recording_stepper(solver::Splitting::Lie, log);
  auto settled = recording_stepper(solver::Splitting::Lie, log);
  const long long capped_steps = capped.advance_to(f, 14400.0, solver::DtSchedule{1.0, 60.0, 0.1}, 0.0);
  const long long settled_steps = settled.advance_to(f, 14400.0, sched, 0.0);
  EXPECT_LT(settled_steps, capped_steps / 2);
  EXPECT_EQ(settled.t_min(), 14400.0);
  EXPECT_THROW((solver::DtSchedule{1.0, 60.0, 0.1, -1.0, 360.0}.validate()), std::invalid_argument);
  EXPECT_THROW((solver::DtSchedule{1.0, 60.0, 0.1, 10.0, 0.0}.validate()), std::invalid_argument);
}

TEST(Stepper, RejectsBadStepsAndOperatorLists) {
  std::vector<Call> log;
  auto stepper = recording_stepper(solver::Splitting::Lie, log);
  FieldSet f(Grid::make_2d(2, 2, 1.0, 1.0), {"u"});
  EXPECT_THROW(stepper.step(f, 0.0), std::invalid_argument);
  EXPECT_THROW(stepper.step(f, std::nan("")), std::invalid_argument);
  EXPECT_THROW(solver::Stepper(solver::Splitting::Lie, {}), std::invalid_argument);
}

// Cells u climb attractant c (made by u, consumed), both diffuse; w is inert and only decays.
struct Chemotaxis {
  SKINTWIN_HOST_DEVICE void operator()(const double* u, double* du, std::size_t, const solver::VoxelContext&) const {
    du[0] = 0.02 * u[0] * (1.0 - u[0]);
    du[1] = 0.1 * u[0] - 0.05 * u[1] * u[0] / (0.5 + u[1]);
    du[2] = 0.0;
  }
};

std::vector<Real> run_full_stepper(int threads, bool take_steps = true) {
  const int saved = omp_get_max_threads();
  omp_set_num_threads(threads);
  // Above kParallelMinVoxels, so every operator really forks threads.
  const Grid g = Grid::make_3d(64, 64, 64, 10.0, 10.0, 10.0);
  EXPECT_GE(g.voxels(), solver::kParallelMinVoxels);
  FieldSet fields(g, {"u", "c", "w"});
  std::mt19937 gen(2024);
  std::uniform_real_distribution<double> dist(0.0, 1.0);
  for (std::size_t s = 0; s < 3; ++s)
    for (auto& x : fields.field(s)) x = static_cast<Real>(dist(gen));
  BoundarySet bcs(3);
  bcs.set_periodic(Face::XMin);
  bcs.set_periodic(Face::YMin);
  bcs.set(1, Face::ZMin, {skintwin::grid::BoundaryKind::FixedValue, 1.0});
  std::vector<std::unique_ptr<solver::SplitOperator>> ops;
  ops.push_back(std::make_unique<solver::ReactionOperator<Chemotaxis>>(Chemotaxis{}));
  ops.push_back(std::make_unique<solver::TaxisOperator>(solver::TaxisSolver(g, {{0, 1, 200.0, 1.0, {}}}, bcs)));
  ops.push_back(std::make_unique<solver::DiffusionOperator>(solver::DiffusionSolver(
      g, {solver::DiffusionSpec{20.0, 0.0, {}}, solver::DiffusionSpec{600.0, 0.01, {}}, solver::DiffusionSpec{0.0, 0.02, {}}},
      bcs)));
  solver::Stepper stepper(solver::Splitting::Strang, std::move(ops));
  if (take_steps)
    for (double dt : {0.5, 1.0, 2.0, 5.0}) stepper.step(fields, dt);
  omp_set_num_threads(saved);
  std::vector<Real> out;
  for (std::size_t s = 0; s < 3; ++s) out.insert(out.end(), fields.field(s).begin(), fields.field(s).end());
  return out;
}

TEST(Stepper, OneAndTwoThreadsGiveBitIdenticalFields) {
  const auto one = run_full_stepper(1);
  const auto two = run_full_stepper(2);
  ASSERT_EQ(one.size(), two.size());
  EXPECT_EQ(std::memcmp(one.data(), two.data(), one.size() * sizeof(Real)), 0);
  // The comparison means something only if the steps changed the fields.
  const auto initial = run_full_stepper(1, false);
  EXPECT_NE(std::memcmp(one.data(), initial.data(), one.size() * sizeof(Real)), 0);
  EXPECT_GE(*std::min_element(one.begin(), one.end()), 0.0f);
}

}  // namespace
