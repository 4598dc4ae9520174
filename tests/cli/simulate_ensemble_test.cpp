// A 2D ensemble through the CLI: each section is a complete run folder of its own, DIR holds the
// pooled time series and summary (sampling, spread, members), and --resume DIR continues every
// section: finished ones read back, interrupted ones resumed, missing ones run, to the same bits.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/run_cli.hpp"
#include "skintwin/outcome/observables.hpp"

namespace skintwin::test {
namespace {

namespace fs = std::filesystem;

// Three 1 mm sections at 40 um over half a day (well under a second each), checkpointed; passes
// slower than the example's so that the sections cut channels.
const std::string kEnsemble =
    "simulate examples/cheek_pen_1p5mm.toml --set simulate.width_mm=1 --set simulate.spacing_um=40 "
    "--set simulate.duration_days=0.5 --set simulate.fields_every_days=0 --set simulate.section_on_channel=false "
    "--set simulate.sections=3 --set protocol.hand_speed_mm_per_s=40 --quiet --checkpoint-every 0.25";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

nlohmann::json json_of(const fs::path& p) { return nlohmann::json::parse(slurp(p)); }

// Column `name` of a time series CSV.
std::vector<double> column(const fs::path& csv, const std::string& name) {
  std::istringstream in(slurp(csv));
  std::string line;
  std::getline(in, line);
  std::size_t at = 0;
  {
    std::istringstream header(line);
    std::string cell;
    for (std::size_t i = 0; std::getline(header, cell, ','); ++i)
      if (cell == name) at = i;
  }
  std::vector<double> values;
  while (std::getline(in, line)) {
    std::istringstream row(line);
    std::string cell;
    for (std::size_t i = 0; std::getline(row, cell, ','); ++i)
      if (i == at) values.push_back(std::stod(cell));
  }
  return values;
}

CliResult run_ensemble(const fs::path& dir) { return run_cli(kEnsemble + " -o '" + dir.string() + "'"); }

TEST(SimulateEnsemble, EachSectionIsARunAndDirHoldsThePool) {
  ::setenv("OMP_WAIT_POLICY", "passive", 0);
  const fs::path dir = scratch_dir("ensemble_run") / "run";
  const auto r = run_ensemble(dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto summary = json_of(dir / "summary.json");
  EXPECT_EQ(summary["sampling"]["method"], "injury_stratified_sections");
  EXPECT_EQ(summary["sampling"]["sections"], 3);
  EXPECT_EQ(summary["sampling"]["candidates_per_section"], 8);
  ASSERT_EQ(summary["sampling"]["section_damage_um2"].size(), 3u);
  // Stratified members: the areal outcomes' spread has the design's standard error too.
  EXPECT_TRUE(summary["spread"]["erythema_index.value"].contains("sem_stratified"));
  // The terminal gives the pooled answer's error under that design, not the sections' spread alone.
  EXPECT_NE(r.out.find("redness downtime: standard error"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("(stratified sections)"), std::string::npos) << r.out;
  ASSERT_EQ(summary["members"].size(), 3u);
  EXPECT_TRUE(summary.contains("spread") && summary["spread"].contains("erythema_index.value"));
  EXPECT_TRUE(summary["outcomes"].contains("layer_change"));
  EXPECT_NE(summary["notice"].get<std::string>().find("not a medical device"), std::string::npos);
  const std::vector<std::string> components = {"erythema.column_damage_um", "erythema.column_inflammation_um",
                                               "erythema.new_vessel_blood"};
  std::vector<std::vector<std::vector<double>>> member_columns(components.size());
  for (int k = 0; k < 3; ++k) {
    const std::string name = "section_0" + std::to_string(k + 1);
    EXPECT_EQ(summary["members"][k]["dir"], name);
    const auto own = json_of(dir / name / "summary.json");
    EXPECT_EQ(own["sampling"]["section"], k + 1);
    EXPECT_EQ(own["sampling"]["of_sections"], 3);
    EXPECT_EQ(own["sampling"]["section_y_mm"][0], summary["sampling"]["section_y_mm"][k]);
    EXPECT_EQ(own["sampling"]["section_x_mm"][0], summary["sampling"]["section_x_mm"][k]);
    EXPECT_EQ(own["sampling"]["section_damage_um2"][0], summary["sampling"]["section_damage_um2"][k]);
    EXPECT_EQ(own["outcomes"]["erythema_index"], summary["members"][k]["outcomes"]["erythema_index"]);
    for (std::size_t c = 0; c < components.size(); ++c)
      member_columns[c].push_back(column(dir / name / "timeseries.csv", components[c]));
  }
  // The sections are equally wide, so the area's erythema components are their plain means, row by
  // row, and the area's index is the index of those means (the dilation saturates in the area's load).
  const auto pooled_index = column(dir / "timeseries.csv", "erythema_index");
  std::vector<std::vector<double>> pooled(components.size());
  for (std::size_t c = 0; c < components.size(); ++c) pooled[c] = column(dir / "timeseries.csv", components[c]);
  ASSERT_GT(pooled_index.size(), 3u);
  bool any_load = false;
  for (std::size_t n = 0; n < pooled_index.size(); ++n) {
    outcome::ErythemaComponents mean;
    double* fields[] = {&mean.column_damage_um, &mean.column_inflammation_um, &mean.new_vessel_blood};
    for (std::size_t c = 0; c < components.size(); ++c) {
      const auto& m = member_columns[c];
      *fields[c] = (m[0][n] + m[1][n] + m[2][n]) / 3.0;
      EXPECT_NEAR(pooled[c][n], *fields[c], 1e-9 * (1.0 + std::abs(*fields[c]))) << components[c] << " row " << n;
    }
    any_load = any_load || mean.column_damage_um > 0.0;
    EXPECT_NEAR(pooled_index[n], outcome::erythema_index(mean, outcome::ErythemaParameters{}),
                1e-9 * (1.0 + std::abs(pooled_index[n])))
        << "row " << n;
  }
  EXPECT_TRUE(any_load) << "no section cut a channel: the check above tests nothing";
  // A second run into the folder with fewer sections leaves no stale section behind.
  std::string two = kEnsemble;
  two.replace(two.find("simulate.sections=3"), 19, "simulate.sections=2");
  const auto again = run_cli(two + " -o '" + dir.string() + "'");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_FALSE(fs::exists(dir / "section_03"));
  EXPECT_EQ(json_of(dir / "summary.json")["members"].size(), 2u);
}

// A course of two sessions over an ensemble: summary.json has one row per session, each pooled over
// the sections (punctures summed, outcomes of the pooled segment with days from the session), and a
// finished course read back by --resume gives the same rows.
TEST(SimulateEnsemble, ACourseHasOneRowPerSessionPooledOverTheSections) {
  ::setenv("OMP_WAIT_POLICY", "passive", 0);
  const fs::path dir = scratch_dir("ensemble_course") / "run";
  std::string course = kEnsemble;
  course.replace(course.find("simulate.sections=3"), 19, "simulate.sections=2");
  course += " --set course.sessions=2 --set course.interval_days=1";  // then 0.5 day (kEnsemble's duration)
  const auto r = run_cli(course + " -o '" + dir.string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto summary = json_of(dir / "summary.json");
  ASSERT_EQ(summary["sessions"].size(), 2u);
  EXPECT_EQ(summary["sessions"][0]["day"], 0.0);
  EXPECT_EQ(summary["sessions"][1]["day"], 1.0);
  EXPECT_EQ(summary["time"]["duration_days"], 1.5);
  EXPECT_NE(summary["sessions"][1]["seed"], summary["sessions"][0]["seed"]);
  for (std::size_t k = 0; k < 2; ++k) {
    std::int64_t on_grid = 0;
    for (const char* member : {"section_01", "section_02"}) {
      const auto own = json_of(dir / member / "summary.json");
      ASSERT_EQ(own["sessions"].size(), 2u);
      on_grid += own["sessions"][k]["punctures_on_grid"].get<std::int64_t>();
    }
    EXPECT_EQ(summary["sessions"][k]["punctures_on_grid"], on_grid) << k;
  }
  // Days from the session: the second session's rows end 0.5 day after it.
  EXPECT_EQ(summary["sessions"][1]["outcomes"]["final_day"], 0.5);
  // The first session's rows end on the eve of the second (hourly samples: 23 h).
  EXPECT_NEAR(summary["sessions"][0]["outcomes"]["final_day"].get<double>(), 23.0 / 24.0, 1e-12);
  const auto again = run_cli("simulate --resume '" + dir.string() + "' --quiet");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(json_of(dir / "summary.json")["sessions"], summary["sessions"]);
}

// A folder holds one kind of run at a time: an ensemble run into a single run's folder removes its
// checkpoint and field series (so --resume continues the ensemble, not the stale single run), and a
// single run into an ensemble's folder removes its sections.
TEST(SimulateEnsemble, OneKindOfRunPerFolder) {
  ::setenv("OMP_WAIT_POLICY", "passive", 0);
  const fs::path dir = scratch_dir("ensemble_switch") / "run";
  const std::string single = "simulate examples/cheek_pen_1p5mm.toml --set simulate.width_mm=1 "
                             "--set simulate.spacing_um=40 --set simulate.duration_days=0.25 --quiet "
                             "--checkpoint-every 0.125 -o '" + dir.string() + "'";
  ASSERT_EQ(run_cli(single).exit_code, 0);
  ASSERT_TRUE(fs::exists(dir / "checkpoint.h5"));
  ASSERT_EQ(run_ensemble(dir).exit_code, 0);
  EXPECT_FALSE(fs::exists(dir / "checkpoint.h5"));
  EXPECT_FALSE(fs::exists(dir / "fields.xdmf"));
  const auto resumed = run_cli("simulate --resume '" + dir.string() + "' --quiet");
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_EQ(json_of(dir / "summary.json")["members"].size(), 3u) << "--resume did not continue the ensemble";
  ASSERT_EQ(run_cli(single).exit_code, 0);
  EXPECT_FALSE(fs::exists(dir / "section_01"));
  EXPECT_FALSE(json_of(dir / "summary.json").contains("members"));
}

// Resuming pools only sections of the same run: a section folder written with another config
// (copied in, or left by another run) is refused, naming it; a section's own folder cannot be
// resumed alone (it would plan the ensemble's first section); folders that merely start with
// "section_" are not ours and survive a new run.
TEST(SimulateEnsemble, ResumePoolsOnlyItsOwnSections) {
  ::setenv("OMP_WAIT_POLICY", "passive", 0);
  const fs::path root = scratch_dir("ensemble_foreign");
  const fs::path a = root / "a";
  const fs::path b = root / "b";
  ASSERT_EQ(run_ensemble(a).exit_code, 0);
  ASSERT_EQ(run_cli(kEnsemble + " --set device.set_depth_mm=1.0 -o '" + b.string() + "'").exit_code, 0);
  fs::remove(b / "summary.json");
  fs::remove_all(b / "section_02");
  fs::copy(a / "section_02", b / "section_02", fs::copy_options::recursive);
  const auto foreign = run_cli("simulate --resume '" + b.string() + "' --quiet");
  EXPECT_EQ(foreign.exit_code, 2);
  EXPECT_NE(foreign.err.find("section_02"), std::string::npos) << foreign.err;
  EXPECT_FALSE(fs::exists(b / "summary.json"));
  // The same foreign section caught from its checkpoint when it has no summary (killed while ending).
  fs::remove(b / "section_02" / "summary.json");
  const auto foreign_checkpoint = run_cli("simulate --resume '" + b.string() + "' --quiet");
  EXPECT_EQ(foreign_checkpoint.exit_code, 2);
  EXPECT_NE(foreign_checkpoint.err.find("section_02"), std::string::npos) << foreign_checkpoint.err;
  EXPECT_FALSE(fs::exists(b / "summary.json"));
  const auto alone = run_cli("simulate --resume '" + (a / "section_01").string() + "' --quiet");
  EXPECT_EQ(alone.exit_code, 2);
  EXPECT_NE(alone.err.find("ensemble"), std::string::npos) << alone.err;
  fs::create_directories(a / "section_photos");
  ASSERT_EQ(run_ensemble(a).exit_code, 0);
  EXPECT_TRUE(fs::exists(a / "section_photos")) << "a folder that is not ours was removed";
}

TEST(SimulateEnsemble, ResumeFinishesEverySectionToTheSameBits) {
  ::setenv("OMP_WAIT_POLICY", "passive", 0);
  const fs::path root = scratch_dir("ensemble_resume");
  const fs::path straight = root / "straight";
  const fs::path broken = root / "broken";
  ASSERT_EQ(run_ensemble(straight).exit_code, 0);
  fs::copy(straight, broken, fs::copy_options::recursive);
  // As if killed while the third section was finishing (its final checkpoint and rows written,
  // not its summary), with the second never started: no pooled outputs either.
  fs::remove(broken / "summary.json");
  fs::remove(broken / "timeseries.csv");
  fs::remove_all(broken / "section_02");
  fs::remove(broken / "section_03" / "summary.json");
  const auto r = run_cli("simulate --resume '" + broken.string() + "' --quiet");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(slurp(broken / "timeseries.csv"), slurp(straight / "timeseries.csv"));
  const auto a = json_of(straight / "summary.json");
  const auto b = json_of(broken / "summary.json");
  EXPECT_EQ(b["outcomes"], a["outcomes"]);
  EXPECT_EQ(b["spread"], a["spread"]);
  EXPECT_EQ(b["sampling"], a["sampling"]);
  EXPECT_GE(b["resumed"].get<int>(), 1);
  for (const char* name : {"section_01", "section_02", "section_03"})
    EXPECT_EQ(slurp(broken / name / "timeseries.csv"), slurp(straight / name / "timeseries.csv")) << name;
}

}  // namespace
}  // namespace skintwin::test
