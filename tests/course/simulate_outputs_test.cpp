// The time series CSV and the outcomes of `skintwin simulate`, on hand-made series.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "skintwin/core/error.hpp"
#include "skintwin/core/notice.hpp"
#include "skintwin/io/simulation_files.hpp"
#include "skintwin/outcome/session_outcomes.hpp"
#include "skintwin/model/species.hpp"

using skintwin::InputError;
using skintwin::model::Species;
using skintwin::outcome::Snapshot;
namespace io = skintwin::io;
namespace outcome = skintwin::outcome;

namespace {

constexpr std::size_t idx(Species s) { return skintwin::model::index(s); }

Snapshot awkward_snapshot(double t_days) {
  Snapshot s;
  s.t_days = t_days;
  s.closure_fraction = 1.0 / 3.0;
  s.erythema_index = 0.1 + 0.2;
  s.collagen_iii_fraction_wound = 1e-300;
  s.fibroblast_ratio_wound = 2.0 / 7.0;
  s.inflammation_ratio_wound = 12345.678901234567;
  s.hypoxic_fraction_wound = 5e-324;  // the smallest subnormal
  for (std::size_t l = 0; l < s.layer_means.size(); ++l) {
    s.vessel_ratio[l] = std::sqrt(2.0) * static_cast<double>(l);
    for (std::size_t k = 0; k < s.layer_means[l].size(); ++k)
      s.layer_means[l][k] = std::exp(static_cast<double>(l * 17 + k)) / 3.0;
  }
  for (std::size_t k = 0; k < s.wound_means.size(); ++k) s.wound_means[k] = std::cos(static_cast<double>(k));
  return s;
}

bool same_bits(const Snapshot& a, const Snapshot& b) {
  auto eq = [](double x, double y) { return std::memcmp(&x, &y, sizeof x) == 0; };
  bool ok = eq(a.t_days, b.t_days) && eq(a.closure_fraction, b.closure_fraction) &&
            eq(a.erythema_index, b.erythema_index) && eq(a.collagen_iii_fraction_wound, b.collagen_iii_fraction_wound) &&
            eq(a.fibroblast_ratio_wound, b.fibroblast_ratio_wound) &&
            eq(a.inflammation_ratio_wound, b.inflammation_ratio_wound) &&
            eq(a.hypoxic_fraction_wound, b.hypoxic_fraction_wound);
  for (std::size_t l = 0; l < a.layer_means.size(); ++l) {
    ok = ok && eq(a.vessel_ratio[l], b.vessel_ratio[l]);
    for (std::size_t k = 0; k < a.layer_means[l].size(); ++k) ok = ok && eq(a.layer_means[l][k], b.layer_means[l][k]);
  }
  for (std::size_t k = 0; k < a.wound_means.size(); ++k) ok = ok && eq(a.wound_means[k], b.wound_means[k]);
  return ok;
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

}  // namespace

// A resumed run rebuilds its series from the CSV, so the CSV must give back the exact bits.
TEST(TimeseriesCsv, ParsesBackToTheSameBits) {
  const std::vector<Snapshot> series{awkward_snapshot(0.0), awkward_snapshot(1.0 / 24.0), awkward_snapshot(28.0)};
  const auto back = io::parse_timeseries_csv(io::timeseries_csv(series), "test");
  ASSERT_EQ(back.size(), series.size());
  for (std::size_t i = 0; i < series.size(); ++i) EXPECT_TRUE(same_bits(back[i], series[i])) << "row " << i;
}

// The header first (CSV readers take the first line as the column names); t_days, the
// wound-zone summaries, and every species in every layer.
TEST(TimeseriesCsv, HeaderHasEverySpeciesPerLayer) {
  const std::string csv = io::timeseries_csv(std::vector<Snapshot>{});
  const auto columns = io::timeseries_columns();
  std::string header;
  for (const auto& c : columns) header += (header.empty() ? "" : ",") + c;
  EXPECT_EQ(first_line(csv), header);
  EXPECT_EQ(csv, header + "\n");
  EXPECT_EQ(columns.front(), "t_days");
  for (const char* layer : {"epidermis", "papillary_dermis", "reticular_dermis", "hypodermis"})
    for (auto species : skintwin::model::kSpeciesNames) {
      const std::string name = std::string(layer) + "." + std::string(species);
      EXPECT_EQ(std::count(columns.begin(), columns.end(), name), 1) << name;
    }
  for (const char* name : {"closure_fraction", "erythema_index", "collagen_iii_fraction_wound", "wound.vessels",
                           "scar_depth_um", "scar_mean_depth_um", "scar_width_mm", "scar_area_mm2",
                           "melanin_ratio_lesion", "vessel_ratio_lesion", "cutometer_r0_mm", "cutometer_r2",
                           "cutometer_r7", "echo_density_change", "tensile_strength_wound"})
    EXPECT_EQ(std::count(columns.begin(), columns.end(), name), 1) << name;
  const std::size_t species = skintwin::model::kSpeciesCount;
  EXPECT_EQ(columns.size(), 22u + 4u + species + 4u * species);
}

// Output folders written before the header moved to the first line start with a "# notice" line
// (with a comma in it); they must still resume, so the parser skips it.
TEST(TimeseriesCsv, ReadsTheOldLayoutWithALeadingNoticeLine) {
  const std::vector<Snapshot> series{awkward_snapshot(0.0), awkward_snapshot(0.5)};
  const std::string csv = io::timeseries_csv(series);
  EXPECT_NE(csv.front(), '#');
  const std::string old_layout = "# " + std::string(skintwin::kNotice) + "\n" + csv;
  const auto back = io::parse_timeseries_csv(old_layout, "old.csv");
  ASSERT_EQ(back.size(), series.size());
  for (std::size_t i = 0; i < series.size(); ++i) EXPECT_TRUE(same_bits(back[i], series[i])) << "row " << i;
}

TEST(TimeseriesCsv, RejectsAForeignHeaderOrAShortRow) {
  EXPECT_THROW(io::parse_timeseries_csv("t,x\n1,2\n", "f.csv"), InputError);
  EXPECT_THROW(io::parse_timeseries_csv("", "f.csv"), InputError);
  std::string csv = io::timeseries_csv(std::vector<Snapshot>{awkward_snapshot(1.0)});
  csv.resize(csv.rfind(','));  // drop the last cell
  csv += "\n";
  EXPECT_THROW(io::parse_timeseries_csv(csv, "f.csv"), InputError);
  std::string bad = io::timeseries_csv(std::vector<Snapshot>{awkward_snapshot(1.0)});
  bad.replace(bad.rfind(',') + 1, 1, "x");
  EXPECT_THROW(io::parse_timeseries_csv(bad, "f.csv"), InputError);
}

// Outcomes on a series built by hand: growth factor a tent peaking at day 1.5, vessels at 1.8x
// the healthy wound zone on day 9, closure from 0 at 6 h to 1 at 12 h (0.99 reached at
// 6 + 0.99 x 6 = 11.94 h, half at 9 h), redness 40 falling linearly to 0 at day 5 (threshold 15
// crossed at 5 x (1 - 15/40) = 3.125 d).
TEST(SessionOutcomes, PeaksClosureAndDowntimeFromTheSeries) {
  Snapshot healthy;
  healthy.wound_means[idx(Species::Vessels)] = 0.5;
  healthy.collagen_iii_fraction_wound = 0.15;
  std::vector<Snapshot> series;
  for (double t : {0.0, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0, 9.0, 14.0, 28.0}) {
    Snapshot s;
    s.t_days = t;
    s.wound_means[idx(Species::GrowthFactor)] = std::max(0.0, 4.0 - 2.0 * std::abs(t - 1.5));
    s.wound_means[idx(Species::Vessels)] = t == 9.0 ? 0.9 : 0.5;
    s.closure_fraction = t <= 0.25 ? 0.0 : 1.0;
    s.erythema_index = std::max(0.0, 40.0 * (1.0 - t / 5.0));
    s.collagen_iii_fraction_wound = t == 5.0 ? 0.3 : 0.15;
    series.push_back(s);
  }
  const auto o = outcome::session_outcomes(series, healthy, 15.0, {});
  EXPECT_DOUBLE_EQ(o.growth_factor_wound.t_days, 1.5);
  EXPECT_DOUBLE_EQ(o.growth_factor_wound.value, 4.0);
  EXPECT_DOUBLE_EQ(o.vessel_ratio_wound.value, 1.8);
  EXPECT_DOUBLE_EQ(o.vessel_ratio_wound.t_days, 9.0);
  EXPECT_DOUBLE_EQ(o.vessel_ratio_wound_final, 1.0);
  EXPECT_DOUBLE_EQ(o.collagen_iii_fraction_wound.t_days, 5.0);
  ASSERT_TRUE(o.closure_time_h && o.half_closure_time_h);
  EXPECT_NEAR(*o.closure_time_h, 11.94, 1e-9);
  EXPECT_NEAR(*o.half_closure_time_h, 9.0, 1e-9);
  EXPECT_NEAR(o.redness_downtime_days, 3.125, 1e-12);
  // summary.json's "outcomes" carries the same numbers under its documented names.
  const auto j = io::outcomes_json(o);
  EXPECT_DOUBLE_EQ(j["vessel_ratio_wound"]["final"].get<double>(), o.vessel_ratio_wound_final);
  EXPECT_DOUBLE_EQ(j["closure_time_h"].get<double>(), *o.closure_time_h);
  EXPECT_DOUBLE_EQ(j["growth_factor_wound"]["day"].get<double>(), o.growth_factor_wound.t_days);
}

// A lesion read in a 2D section: its grade from the floor's depth against the thresholds given,
// its width without an area (null in summary.json), and its colour.
TEST(SessionOutcomes, ALesionInASectionHasAGradeAWidthNoAreaAndAColour) {
  Snapshot healthy;
  healthy.lesion = {.depth_um = 300.0, .mean_depth_um = 200.0, .melanin_ratio = 1.0, .vessel_ratio = 1.0, .width_mm = 2.2};
  std::vector<Snapshot> series(2, healthy);
  series[1].t_days = 30.0;
  series[1].lesion = {.depth_um = 180.0, .mean_depth_um = 120.0, .melanin_ratio = 1.0, .vessel_ratio = 1.3, .width_mm = 1.6};
  const outcome::ScarGrading grading{.mild_um = 100.0, .moderate_um = 250.0, .severe_um = 500.0};
  const auto o = outcome::session_outcomes(series, healthy, 15.0, grading);
  ASSERT_TRUE(o.scar.has_value() && o.colour.has_value());
  EXPECT_EQ(o.scar->baseline_grade, 3);
  EXPECT_EQ(o.scar->grade, 2);
  EXPECT_EQ(outcome::session_outcomes(series, healthy, 15.0, {.mild_um = 50.0, .moderate_um = 150.0, .severe_um = 250.0})
                .scar->baseline_grade,
            4)
      << "the thresholds given, not built-in ones";
  const auto j = io::outcomes_json(o);
  EXPECT_EQ(j["scar"]["baseline_grade"].get<int>(), 3);
  EXPECT_EQ(j["scar"]["grade"].get<int>(), 2);
  EXPECT_DOUBLE_EQ(j["scar"]["baseline_width_mm"].get<double>(), 2.2);
  EXPECT_DOUBLE_EQ(j["scar"]["width_mm"].get<double>(), 1.6);
  EXPECT_TRUE(j["scar"]["area_mm2"].is_null()) << "a section has no area";
  EXPECT_TRUE(j["scar"]["baseline_area_mm2"].is_null());
  EXPECT_DOUBLE_EQ(j["lesion_colour"]["vessel_ratio"].get<double>(), 1.3);
  EXPECT_DOUBLE_EQ(j["lesion_colour"]["baseline_vessel_ratio"].get<double>(), 1.0);
  EXPECT_FALSE(j.contains("pigment")) << "no melanin excess, no pigment outcome";
}

TEST(SessionOutcomes, AChannelThatNeverClosesHasNoClosureTime) {
  std::vector<Snapshot> series(3);
  for (std::size_t i = 0; i < series.size(); ++i) series[i].t_days = static_cast<double>(i);
  const auto o = outcome::session_outcomes(series, Snapshot{}, 15.0, {});
  EXPECT_FALSE(o.closure_time_h.has_value());
  EXPECT_EQ(o.redness_downtime_days, 0.0);
  EXPECT_TRUE(io::outcomes_json(o)["closure_time_h"].is_null());
}
