// The calibrated timeline (docs/validation.md): the default example, a 1.5 mm pen session on the
// cheek healed for 28 days, checked against the literature targets from the pipeline's typed
// outcomes and time series (the library, as a program linking skintwin would run it; the CLI
// writes the same numbers to summary.json and timeseries.csv). One test, one run: each ctest test
// is a process of its own, and the run is the expensive part.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "skintwin/course/simulation.hpp"
#include "skintwin/io/config.hpp"
#include "skintwin/io/simulation_config.hpp"
#include "skintwin/io/simulation_files.hpp"
#include "skintwin/model/species.hpp"
#include "validation/reference_outcomes.hpp"

namespace {

namespace fs = std::filesystem;
using skintwin::outcome::Snapshot;

struct SimRun {
  skintwin::outcome::SessionOutcomes outcomes;
  std::vector<Snapshot> series;
};

// The default example with `overrides` (as --set would give them), run through the pipeline.
SimRun simulate(const std::vector<std::string>& overrides) {
  namespace io = skintwin::io;
  const io::Schema schema = io::default_schema();
  const io::Config config =
      io::Config::resolve(schema, {fs::path(SKINTWIN_SOURCE_DIR) / "examples" / "cheek_pen_1p5mm.toml"}, overrides);
  const skintwin::course::Simulation simulation(io::plan_simulation(config, 0.0).plan);
  skintwin::course::RunRecord record;
  skintwin::course::CourseState state = simulation.start(record);
  const skintwin::outcome::SessionOutcomes outcomes = simulation.run(state, record, {});
  return {outcomes, std::move(record.series)};
}

const Snapshot& at_day(const std::vector<Snapshot>& series, double t_days) {
  for (const Snapshot& s : series)
    if (s.t_days >= t_days - 1e-9) return s;
  return series.back();
}

// Targets and tolerances, as tabulated in docs/validation.md.
struct Window {
  double low;
  double high;
};
constexpr Window kClosureHours{2.0, 18.0};          // Kalluri 2011 (12-18 h, rat), Gupta 2011 (< 2 h, human)
constexpr Window kGrowthFactorPeakDay{0.5, 3.0};    // T2
constexpr Window kInflammationPeakDay{0.5, 3.0};    // T3
constexpr Window kFibroblastPeakDay{4.0, 10.0};     // T4: peak near day 7
constexpr double kMaxCollagenIIIFraction = 0.35;    // T5: up to about 30 % early
constexpr Window kVesselPeakDay{5.0, 16.0};         // T6: peak days 7-14, +- 2 d
constexpr double kVesselFinalRatioMax = 1.2;        // T6: back within 20 % of baseline by day 28
constexpr Window kRednessDays{3.5, 5.5};            // T7: 4-5 days at 0.8-1.5 mm, +- 0.5 d

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kUnderSanitizer = true;
#else
constexpr bool kUnderSanitizer = false;
#endif

void expect_within(const char* what, double value, Window w) {
  EXPECT_GE(value, w.low) << what << " = " << value << ", target " << w.low << "-" << w.high;
  EXPECT_LE(value, w.high) << what << " = " << value << ", target " << w.low << "-" << w.high;
}

TEST(CalibratedTimeline, CheekPen1p5mmMatchesTheLiteratureTargets) {
  if (kUnderSanitizer) GTEST_SKIP() << "28 simulated days take minutes under ASan; the ci preset runs this";
  const SimRun run = simulate({});
  const auto& o = run.outcomes;
  const auto& series = run.series;
  ASSERT_EQ(series.back().t_days, 28.0);
  std::cout << "[ outcomes ] " << skintwin::io::outcomes_json(o).dump() << "\n";
  skintwin::test::expect_reference_outcomes("cheek_pen_1p5mm", skintwin::io::outcomes_json(o));

  ASSERT_TRUE(o.closure_time_h.has_value()) << "the channels never closed";
  expect_within("closure time (h)", *o.closure_time_h, kClosureHours);
  EXPECT_GE(series.back().closure_fraction, 0.99) << "the epidermis must re-close, not stay open";

  expect_within("growth factor peak day", o.growth_factor_wound.t_days, kGrowthFactorPeakDay);
  EXPECT_GT(o.growth_factor_wound.value, 2.0 * o.growth_factor_healthy);
  expect_within("inflammation peak day", o.inflammation_ratio_wound.t_days, kInflammationPeakDay);
  EXPECT_GT(o.inflammation_ratio_wound.value, 2.0);
  // Resolving: back under 1.5x resident density by day 10 (spec T3).
  EXPECT_LT(at_day(series, 10.0).inflammation_ratio_wound, 1.5);

  expect_within("fibroblast peak day", o.fibroblast_ratio_wound.t_days, kFibroblastPeakDay);
  EXPECT_GT(o.fibroblast_ratio_wound.value, 1.5);
  // Rising from day 1.
  EXPECT_GT(at_day(series, 2.0).fibroblast_ratio_wound, at_day(series, 1.0).fibroblast_ratio_wound);

  const double iii_max = o.collagen_iii_fraction_wound.value;
  EXPECT_LE(iii_max, kMaxCollagenIIIFraction);
  EXPECT_GT(iii_max, o.collagen_iii_fraction_healthy) << "no collagen III surge";
  EXPECT_LT(at_day(series, 21.0).collagen_iii_fraction_wound, iii_max - 0.01) << "collagen I not dominant again";

  expect_within("vessel peak day", o.vessel_ratio_wound.t_days, kVesselPeakDay);
  EXPECT_GT(o.vessel_ratio_wound.value, 1.1) << "no angiogenic surplus";
  EXPECT_LE(o.vessel_ratio_wound_final, kVesselFinalRatioMax);
  // Redness is an areal observable: its windows are checked over the area (RednessOverTheArea...).
}

// Depth series on the same cheek and protocol (issue 4), on a channel: deeper needles reach and
// change deeper layers, every channel re-closes, and the channel's surroundings stay red longer the
// deeper the needles went. 2.0 mm reaches into the fat of an average cheek, which the
// "rejuvenation" indication forbids; "research" allows it with a warning.
TEST(CalibratedTimeline, DeeperNeedlesReachDeeperAndRedLonger) {
  if (kUnderSanitizer) GTEST_SKIP() << "three 28-day runs take many minutes under ASan; the ci preset runs this";
  struct Case {
    double depth_mm;
  };
  const Case cases[] = {{0.5}, {1.5}, {2.0}};
  const std::size_t reticular = static_cast<std::size_t>(skintwin::tissue::LayerKind::ReticularDermis);
  const std::size_t damage = skintwin::model::index(skintwin::model::Species::Damage);
  std::vector<double> reticular_damage;
  std::vector<double> downtime;
  for (const Case& c : cases) {
    const SimRun run = simulate({"protocol.indication=research", "device.set_depth_mm=" + std::to_string(c.depth_mm)});
    std::cout << "[ depth " << c.depth_mm << " mm ] " << skintwin::io::outcomes_json(run.outcomes).dump() << "\n";
    skintwin::test::expect_reference_outcomes(fmt::format("depth_{:.1f}_mm", c.depth_mm),
                                              skintwin::io::outcomes_json(run.outcomes));
    reticular_damage.push_back(run.series.front().layer_means[reticular][damage]);
    downtime.push_back(run.outcomes.redness_downtime_days);
    EXPECT_GE(run.series.back().closure_fraction, 0.99) << c.depth_mm << " mm: the epidermis did not re-close";
  }
  EXPECT_LT(reticular_damage[0], reticular_damage[1]) << "1.5 mm did not damage more reticular dermis than 0.5 mm";
  EXPECT_LT(reticular_damage[1], reticular_damage[2]) << "2.0 mm did not damage more reticular dermis than 1.5 mm";
  EXPECT_LT(downtime[0], downtime[1]);
  EXPECT_LT(downtime[1], downtime[2]);
}

// Redness over the treated area by depth (issue 9): about 2-3 days at 0.25-0.5 mm, 4-5 at 1.0-1.5 mm,
// 6-7 at 2-2.5 mm (manufacturer depth chart, data/literature.md), each +- 0.5 d, at least a day at
// 0.25 mm, and never shorter for a deeper needle. The erythema parameters were fitted to these
// windows on the same ensembles at 20 um (docs/validation.md, "Redness over the area"); this runs
// them at 40 um (5x cheaper), where the durations differ from the fitted ones by 0.2 day at most.
TEST(CalibratedTimeline, RednessOverTheAreaByDepth) {
  if (kUnderSanitizer) GTEST_SKIP() << "48 sections take many minutes under ASan; the ci preset runs this";
  struct Case {
    double depth_mm;
    Window redness_days;
  };
  const Case cases[] = {{0.25, {1.0, 3.5}}, {0.5, {1.5, 3.5}}, {1.0, {3.5, 5.5}},
                        {1.5, kRednessDays}, {2.0, {5.5, 7.5}}, {2.5, {5.5, 7.5}}};
  namespace io = skintwin::io;
  const io::Schema schema = io::default_schema();
  double previous = 0.0;
  for (const Case& c : cases) {
    const io::Config config = io::Config::resolve(
        schema, {fs::path(SKINTWIN_SOURCE_DIR) / "examples" / "cheek_pen_1p5mm.toml"},
        {"simulate.section_on_channel=false", "simulate.sections=8", "simulate.spacing_um=40",
         "simulate.duration_days=10", "protocol.indication=research", fmt::format("device.set_depth_mm={}", c.depth_mm)});
    const auto area = skintwin::course::run_sections(io::plan_simulation(config, 0.0).plan);
    const double days = area.pooled.redness_downtime_days;
    std::cout << "[ redness over the area, " << c.depth_mm << " mm ] " << days << " days\n";
    expect_within(fmt::format("redness downtime at {} mm (days)", c.depth_mm).c_str(), days, c.redness_days);
    EXPECT_GE(days, previous) << c.depth_mm << " mm reddens for less time than a shallower needle";
    previous = days;
  }
}

// Months after the session (issue 9): new collagen still forming after day 28 (papillary collagen
// higher at day 90), cells and vessels back at their healthy levels, the collagen III share back to
// healthy, deficits refilled by the cells (no layer below its healthy collagen), elastin lost to
// elastolysis back within 1 % of baseline by day 180, and the gain in collagen kept (it fades only
// at the years-long turnover of mature collagen).
TEST(CalibratedTimeline, MonthsAfterTheSessionTheSkinRegainsItsBalanceAndKeepsTheGain) {
  if (kUnderSanitizer) GTEST_SKIP() << "180 simulated days take minutes under ASan; the ci preset runs this";
  const SimRun run = simulate({"simulate.duration_days=180"});
  const auto& series = run.series;
  ASSERT_EQ(series.back().t_days, 180.0);
  const auto& baseline = run.outcomes.baseline;
  const auto layer_collagen = [](const Snapshot& s, std::size_t l) {
    return s.layer_means[l][skintwin::model::index(skintwin::model::Species::CollagenI)] +
           s.layer_means[l][skintwin::model::index(skintwin::model::Species::CollagenIII)];
  };
  const std::size_t elastin = skintwin::model::index(skintwin::model::Species::Elastin);
  const std::size_t papillary = static_cast<std::size_t>(skintwin::tissue::LayerKind::PapillaryDermis);
  const std::size_t reticular = static_cast<std::size_t>(skintwin::tissue::LayerKind::ReticularDermis);
  const Snapshot& day28 = at_day(series, 28.0);
  const Snapshot& day90 = at_day(series, 90.0);
  const Snapshot& last = series.back();
  for (const std::size_t l : {papillary, reticular}) {
    ASSERT_TRUE(baseline[l].has_value());
    EXPECT_GE(layer_collagen(day90, l), baseline[l]->collagen_total) << "layer " << l << " below its healthy collagen";
    EXPECT_GE(layer_collagen(last, l), 0.98 * layer_collagen(day28, l)) << "layer " << l << " lost its gain";
    EXPECT_NEAR(last.vessel_ratio[l], 1.0, 0.01) << "layer " << l;
  }
  EXPECT_GT(layer_collagen(day90, papillary), layer_collagen(day28, papillary)) << "no collagen formed after day 28";
  EXPECT_LT(day28.layer_means[papillary][elastin], 0.97 * baseline[papillary]->species[elastin])
      << "no elastin lost at day 28: the check below would test nothing";
  EXPECT_GE(last.layer_means[papillary][elastin], 0.99 * baseline[papillary]->species[elastin]);
  EXPECT_NEAR(last.collagen_iii_fraction_wound, run.outcomes.collagen_iii_fraction_healthy, 0.003);
  EXPECT_NEAR(last.fibroblast_ratio_wound, 1.0, 0.02);
  EXPECT_NEAR(last.inflammation_ratio_wound, 1.0, 0.02);
  // What the meters read follows: firmer (R0 lower) with the collagen gained, less elastic while
  // elastin is down at day 28, and elasticity back within 1 % once elastin is.
  const auto& healthy_meters = run.outcomes.instruments_baseline;
  EXPECT_LT(last.instruments.r0_mm, 0.95 * healthy_meters.r0_mm);
  EXPECT_LT(day28.instruments.r7, 0.98 * healthy_meters.r7);
  EXPECT_NEAR(last.instruments.r7, healthy_meters.r7, 0.01 * healthy_meters.r7);
  EXPECT_GT(last.instruments.echo_density_change, 0.0);
  // Maturation: the wound is weak long after it is filled (its new collagen I is not yet
  // cross-linked), and its strength keeps rising for months while the fibres mature.
  const std::size_t c1 = skintwin::model::index(skintwin::model::Species::CollagenI);
  const std::size_t cross_linked = skintwin::model::index(skintwin::model::Species::CollagenCrossLinked);
  const Snapshot& day21 = at_day(series, 21.0);
  // Healthy skin is fully cross-linked (X = C1), so this is the wound zone's healthy collagen I.
  const double healthy_c1 = series.front().wound_means[cross_linked] / series.front().tensile_strength_wound;
  const auto recovery = [&](const Snapshot& s) {
    const double after = series.front().tensile_strength_wound;
    return (s.tensile_strength_wound - after) / (1.0 - after);
  };
  ASSERT_LT(series.front().tensile_strength_wound, 0.9) << "the injury took too little strength to test recovery";
  EXPECT_GE(day21.wound_means[c1], healthy_c1) << "collagen I not back at 3 weeks: the checks below would not show maturation";
  EXPECT_LT(recovery(day21), 0.5);
  EXPECT_LT(day21.wound_means[cross_linked], 0.8 * day21.wound_means[c1]);
  EXPECT_GT(last.wound_means[cross_linked], 0.95 * last.wound_means[c1]);
  double previous = at_day(series, 14.0).tensile_strength_wound;
  for (const Snapshot& s : series) {
    if (s.t_days <= 14.0) continue;
    EXPECT_GE(s.tensile_strength_wound, previous) << "day " << s.t_days;
    previous = s.tensile_strength_wound;
  }
  EXPECT_GT(recovery(day90), recovery(day21) + 0.5);
  EXPECT_EQ(run.outcomes.tensile_strength_final, last.tensile_strength_wound);
}

}  // namespace

namespace {

// A course of `sessions` monthly sessions of the default example's protocol, read at day 180, over
// an ensemble of four stratified sections at 40 um (a cheap, unbiased areal answer).
skintwin::outcome::EnsembleOutcomes course_to_six_months(int sessions, const std::vector<std::string>& more = {}) {
  namespace io = skintwin::io;
  const io::Schema schema = io::default_schema();
  const double follow_up_days = 180.0 - 28.0 * (sessions - 1);
  std::vector<std::string> overrides = {"simulate.section_on_channel=false", "simulate.sections=4", "simulate.spacing_um=40",
                                        "simulate.output_every_days=1", fmt::format("course.sessions={}", sessions),
                                        "course.interval_days=28", fmt::format("simulate.duration_days={}", follow_up_days)};
  overrides.insert(overrides.end(), more.begin(), more.end());
  const io::Config config = io::Config::resolve(
      schema, {fs::path(SKINTWIN_SOURCE_DIR) / "examples" / "cheek_pen_1p5mm.toml"}, overrides);
  return skintwin::course::run_sections(io::plan_simulation(config, 0.0).plan);
}

}  // namespace

// Issue 10: more sessions never reduce collagen at 6 months; every session reddens the skin again
// and its wound closes.
TEST(CourseOfSessions, MoreSessionsNeverReduceCollagenAtSixMonths) {
  if (kUnderSanitizer) GTEST_SKIP() << "twelve 180-day sections take many minutes under ASan; the ci preset runs this";
  std::vector<double> papillary;
  std::vector<double> reticular;
  for (const int sessions : {1, 2, 3}) {
    const auto course = course_to_six_months(sessions);
    EXPECT_EQ(course.pooled.final_day, 180.0);
    ASSERT_EQ(course.sessions.size(), static_cast<std::size_t>(sessions));
    for (const auto& session : course.sessions) {
      EXPECT_GT(session.redness_downtime_days, 1.0) << sessions << " sessions";
      EXPECT_TRUE(session.closure_time_h.has_value()) << sessions << " sessions";
    }
    const auto& change = course.pooled.final_change;
    papillary.push_back(*change[static_cast<std::size_t>(skintwin::tissue::LayerKind::PapillaryDermis)]->collagen_total_pct);
    reticular.push_back(*change[static_cast<std::size_t>(skintwin::tissue::LayerKind::ReticularDermis)]->collagen_total_pct);
  }
  for (std::size_t k = 1; k < papillary.size(); ++k) {
    EXPECT_GE(papillary[k], papillary[k - 1]) << k + 1 << " sessions: papillary collagen " << papillary[k] << " % vs "
                                              << papillary[k - 1] << " % with one fewer";
    EXPECT_GE(reticular[k], reticular[k - 1]) << k + 1 << " sessions: reticular collagen " << reticular[k] << " % vs "
                                              << reticular[k - 1] << " % with one fewer";
  }
  EXPECT_GT(papillary.front(), 0.0);
}

// The day-long steps of a course sampled daily take the linearly implicit method
// (simulate.implicit_reactions_from_min, default a day): the answers are those of the explicit
// method everywhere, to well within the reference outcomes' 2 %.
TEST(CourseOfSessions, DayLongStepsOfTheImplicitMethodGiveTheExplicitAnswers) {
  if (kUnderSanitizer) GTEST_SKIP() << "two 180-day ensembles take minutes under ASan; the ci preset runs this";
  const auto implicit = course_to_six_months(2);
  const auto explicit_rk = course_to_six_months(2, {"simulate.implicit_reactions_from_min=1e9"});
  for (std::size_t k = 0; k < implicit.sessions.size(); ++k) {
    EXPECT_NEAR(implicit.sessions[k].redness_downtime_days, explicit_rk.sessions[k].redness_downtime_days, 0.02);
    EXPECT_NEAR(*implicit.sessions[k].closure_time_h, *explicit_rk.sessions[k].closure_time_h, 0.1);
  }
  for (std::size_t l = 0; l < skintwin::tissue::kLayerCount; ++l) {
    const auto& a = implicit.pooled.final_change[l];
    const auto& b = explicit_rk.pooled.final_change[l];
    ASSERT_EQ(a.has_value(), b.has_value());
    if (!a) continue;
    for (const auto member : {&skintwin::outcome::LayerChange::collagen_total_pct, &skintwin::outcome::LayerChange::elastin_pct,
                              &skintwin::outcome::LayerChange::vessels_pct}) {
      if (!((*a).*member)) continue;
      EXPECT_NEAR(*((*a).*member), *((*b).*member), 0.05 + 0.002 * std::fabs(*((*b).*member))) << "layer " << l;
    }
  }
  EXPECT_NEAR(implicit.pooled.tensile_strength_final, explicit_rk.pooled.tensile_strength_final, 1e-3);
  EXPECT_NEAR(implicit.pooled.instruments.r0_mm, explicit_rk.pooled.instruments.r0_mm, 1e-3 * explicit_rk.pooled.instruments.r0_mm);
}
