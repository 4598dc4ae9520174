// The calibrated healing timeline after one 1.5 mm pen channel on the cheek, against the targets of
// the issue and literature.md (docs/model.md, "Calibration"). The channel is made by hand here, as
// the injury model's defaults would make it; the full pipeline is tested by the simulate command.
#include <algorithm>
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "model_fixture.hpp"

namespace skintwin::model {
namespace {

struct Sample {
  double t_days = 0.0;
  double G = 0.0, M_rel = 0.0, F_rel = 0.0, iii_share = 0.0, V_rel = 0.0;
};

struct Timeline {
  std::vector<Sample> samples;
  double closure_h = -1.0;

  Sample peak(double Sample::*field, double from_day = 0.0) const {
    Sample best = samples.back();
    bool found = false;
    for (const Sample& s : samples)
      if (s.t_days >= from_day && (!found || s.*field > best.*field)) {
        best = s;
        found = true;
      }
    return best;
  }
  Sample at(double day) const {
    Sample best = samples.front();
    for (const Sample& s : samples)
      if (std::fabs(s.t_days - day) < std::fabs(best.t_days - day)) best = s;
    return best;
  }
};

// One channel 1200 µm deep (a 1.5 mm pen), shaft radius 100 µm, 15° tip, recoil 0.6, crush zone
// e^(-(rho - r) / 15 µm); the injury defaults of docs/design/healing-model-spec.md section 4.
Timeline run_channel() {
  const auto grid = grid::Grid::make_2d(50, 80, 20.0, 20.0);  // 1.0 mm x 1.6 mm
  const HealingModel model = testing::make_model(grid);
  grid::FieldSet f = model.healthy_state();
  const grid::FieldSet healthy = model.healthy_state();
  const double depth_um = 1200.0, centre_um = 500.0, crush_um = 15.0;
  std::vector<char> wound(grid.voxels(), 0);
  std::vector<std::size_t> mouth;
  for (int k = 0; k < grid.nz(); ++k) {
    for (int i = 0; i < grid.nx(); ++i) {
      const double z = grid.center_um(grid::Axis::Z, k);
      const double rho = std::fabs(grid.center_um(grid::Axis::X, i) - centre_um);
      const double r = z <= depth_um ? 0.6 * std::min(100.0, (depth_um - z) * std::tan(15.0 * M_PI / 180.0)) : 0.0;
      const bool lumen = r > 0.0 && rho <= r;
      const double beyond = z <= depth_um ? 1.0 : std::exp(-(z - depth_um) / crush_um);
      const double d = lumen ? 1.0 : std::exp(-(rho - r) / crush_um) * beyond;
      if (d < 1e-4) continue;
      const std::size_t idx = grid.index(i, 0, k);
      auto field = [&](Species s) -> grid::Real& { return f.field(index(s))[idx]; };
      field(Species::Damage) = static_cast<grid::Real>(d);
      for (Species s : {Species::Vessels, Species::Fibroblasts, Species::InflammatoryCells, Species::EpidermalCoverage})
        field(s) = static_cast<grid::Real>(field(s) * (1.0 - d));
      const double torn = (lumen ? 0.7 : 0.3) * d;
      for (Species s : {Species::CollagenI, Species::CollagenIII, Species::Elastin})
        field(s) = static_cast<grid::Real>(field(s) * (1.0 - torn));
      field(Species::Fibrin) = static_cast<grid::Real>(lumen ? 1.0 : 0.3 * d);
      field(Species::ClotGrowthFactor) = static_cast<grid::Real>(10.0 * 0.7 * d);
      field(Species::GrowthFactor) += static_cast<grid::Real>(10.0 * 0.3 * d);
      const bool epidermis = model.layers().layer_of_z(k) == tissue::LayerKind::Epidermis;
      if (epidermis && lumen) mouth.push_back(idx);
      wound[idx] = d > 0.1 && !epidermis;
    }
  }
  auto wound_sum = [&](const grid::FieldSet& fs, Species s) {
    double sum = 0.0;
    for (std::size_t i = 0; i < grid.voxels(); ++i)
      if (wound[i]) sum += fs.field(index(s))[i];
    return sum;
  };
  auto sample = [&](double t_days) {
    Sample s;
    s.t_days = t_days;
    double cells = 0.0;
    for (std::size_t i = 0; i < grid.voxels(); ++i) cells += wound[i];
    s.G = wound_sum(f, Species::GrowthFactor) / cells;
    s.M_rel = wound_sum(f, Species::InflammatoryCells) / wound_sum(healthy, Species::InflammatoryCells);
    s.F_rel = wound_sum(f, Species::Fibroblasts) / wound_sum(healthy, Species::Fibroblasts);
    const double iii = wound_sum(f, Species::CollagenIII);
    s.iii_share = iii / (iii + wound_sum(f, Species::CollagenI));
    s.V_rel = wound_sum(f, Species::Vessels) / wound_sum(healthy, Species::Vessels);
    return s;
  };
  Timeline timeline;
  solver::Stepper stepper = model.make_stepper(0.0, 0.0);
  const solver::DtSchedule schedule{0.5, 60.0, 0.1};
  timeline.samples.push_back(sample(0.0));
  // Half-hour looks while the mouth closes, then 12-hour samples (the schedule's dt reaches 60 min).
  for (double t_h = 0.5; t_h <= 28.0 * 24.0 + 1e-9; t_h += (t_h < 24.0 ? 0.5 : 12.0)) {
    stepper.advance_to(f, t_h * 60.0, schedule, 0.0);
    if (timeline.closure_h < 0.0) {
      double lowest = 1.0;
      for (std::size_t idx : mouth) lowest = std::min<double>(lowest, f.field(index(Species::EpidermalCoverage))[idx]);
      if (lowest >= 0.9) timeline.closure_h = t_h;
    }
    if (std::fmod(t_h, 12.0) == 0.0) timeline.samples.push_back(sample(t_h / 24.0));
  }
  return timeline;
}

// One 28-day run shared by the checks below (about 3 s optimised, a minute under ASan).
class CalibratedTimeline : public ::testing::Test {
protected:
  static const Timeline& timeline() {
    static const Timeline run = run_channel();
    return run;
  }
};

TEST_F(CalibratedTimeline, ChannelClosesAtTheEpidermisWithinHours) {
  // Closure 2-18 h by depth (Kalluri et al. 2011; Gupta et al. 2011); 1.5 mm channels about 7-9 h.
  EXPECT_GE(timeline().closure_h, 2.0);
  EXPECT_LE(timeline().closure_h, 18.0);
}

TEST_F(CalibratedTimeline, GrowthFactorAndInflammationPeakInDaysOneToThreeAndResolve) {
  const Sample g = timeline().peak(&Sample::G, 0.5);  // after the platelet spike of the first hours
  EXPECT_GE(g.t_days, 0.5);
  EXPECT_LE(g.t_days, 3.0);
  EXPECT_LT(timeline().at(7.0).G, 0.5 * g.G);
  const Sample m = timeline().peak(&Sample::M_rel);
  EXPECT_GE(m.t_days, 1.0);
  EXPECT_LE(m.t_days, 3.5);
  EXPECT_GE(m.M_rel, 5.0);  // spec target 10-20 resident densities
  EXPECT_LT(timeline().at(14.0).M_rel, 1.5);
}

TEST_F(CalibratedTimeline, FibroblastsRiseFromDayOneAndPeakNearDaySeven) {
  EXPECT_GT(timeline().at(2.0).F_rel, timeline().at(0.5).F_rel);
  const Sample f = timeline().peak(&Sample::F_rel);
  EXPECT_GE(f.t_days, 5.0);
  EXPECT_LE(f.t_days, 9.0);
  EXPECT_GE(f.F_rel, 2.0);
}

TEST_F(CalibratedTimeline, CollagenIIIRisesEarlyAndTypeIReturnsByWeekThree) {
  const double healthy_share = timeline().at(0.0).iii_share;
  const Sample iii = timeline().peak(&Sample::iii_share);
  EXPECT_GE(iii.t_days, 3.0);
  EXPECT_LE(iii.t_days, 10.0);
  EXPECT_GT(iii.iii_share, healthy_share + 0.04);
  EXPECT_LE(iii.iii_share, 0.35);  // up to about 30 % in healing wounds (literature.md)
  EXPECT_LT(timeline().at(21.0).iii_share, healthy_share + 0.5 * (iii.iii_share - healthy_share));
}

TEST_F(CalibratedTimeline, VesselsPeakInTheSecondWeekAndReturnTowardBaseline) {
  // Mouse wounds: angiogenesis from day 3-7, peak day 7-14, back toward baseline by day 28 (PMC2739287).
  const Sample v = timeline().peak(&Sample::V_rel);
  EXPECT_GE(v.t_days, 7.0);
  EXPECT_LE(v.t_days, 14.0);
  EXPECT_GT(v.V_rel, 1.2);
  EXPECT_LT(timeline().at(2.0).V_rel, 1.0);  // no surplus before about day 3
  EXPECT_LT(timeline().at(28.0).V_rel, 1.2);
}

}  // namespace
}  // namespace skintwin::model
