// skintwin sensitivity: a small Morris screening through the binary ranks a parameter that moves
// the outcome above one that cannot, writes every run and the table, and refuses bad designs
// naming the option.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "cli/run_cli.hpp"

namespace skintwin::test {
namespace {

namespace fs = std::filesystem;

// One section on a channel, 1 mm at 40 um, 12 days (its redness fades within them): a fraction of
// a second per run.
const std::string kTiny =
    "sensitivity examples/cheek_pen_1p5mm.toml --set simulate.width_mm=1 --set simulate.spacing_um=40 "
    "--set simulate.duration_days=12 --set simulate.fields_every_days=0 --quiet ";

std::vector<std::vector<std::string>> csv_rows(const fs::path& path) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(slurp(path));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cells;
    std::string cell;
    std::istringstream l(line);
    while (std::getline(l, cell, ',')) cells.push_back(cell);
    rows.push_back(cells);
  }
  return rows;
}

TEST(Sensitivity, RanksWhatMovesTheOutcomeAboveWhatCannot) {
  ::setenv("OMP_WAIT_POLICY", "passive", 0);
  const fs::path dir = scratch_dir("sensitivity_run") / "run";
  // The visible threshold decides how long the redness lasts; the hypoxia threshold only labels
  // hypoxic voxels and cannot move it.
  const auto r = run_cli(kTiny + "--parameters 'observables.hypoxia_threshold_mmHg,observables.erythema.visible_threshold' "
                                 "--outcomes redness_downtime_days --trajectories 2 -o '" + dir.string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("not a medical device"), std::string::npos);
  EXPECT_TRUE(fs::exists(dir / "config.toml"));
  const auto runs = csv_rows(dir / "runs.csv");
  ASSERT_EQ(runs.size(), 1u + 2u * 3u) << "a header and r (k + 1) runs";
  // The parameters in the order of the tables (docs/model.md), then the outcomes.
  EXPECT_EQ(runs.front()[2], "observables.erythema.visible_threshold");
  EXPECT_EQ(runs.front()[3], "observables.hypoxia_threshold_mmHg");
  EXPECT_EQ(runs.front()[4], "redness_downtime_days");
  const auto table = csv_rows(dir / "sensitivity.csv");
  ASSERT_EQ(table.size(), 3u);
  EXPECT_EQ(table[0][6], "mu");
  EXPECT_EQ(table[1][1], "observables.erythema.visible_threshold");
  EXPECT_EQ(table[1][10], "1");
  EXPECT_GT(std::stod(table[1][7]), 0.1) << "mu* of the threshold";
  EXPECT_LT(std::stod(table[1][6]), 0.0) << "a higher threshold shortens the redness";
  EXPECT_EQ(std::stod(table[2][7]), 0.0) << "the hypoxia threshold moved the redness";
  // Its range: half to double the configured 10 mmHg.
  EXPECT_EQ(std::stod(table[2][4]), 5.0);
  EXPECT_EQ(std::stod(table[2][5]), 20.0);
}

TEST(Sensitivity, RefusesBadDesignsNamingTheOption) {
  const auto key_of = [](const std::string& extra) {
    const auto r = run_cli(kTiny + extra + " -o '" + (scratch_dir("sensitivity_bad") / "run").string() + "'");
    EXPECT_EQ(r.exit_code, 2) << extra;
    return r.err;
  };
  EXPECT_NE(key_of("--levels 3").find("--levels"), std::string::npos);
  EXPECT_NE(key_of("--trajectories 1").find("--trajectories"), std::string::npos);
  EXPECT_NE(key_of("--factor 1").find("--factor"), std::string::npos);
  EXPECT_NE(key_of("--outcomes redness_downtime").find("redness_downtime_days"), std::string::npos)
      << "no suggestion of the nearest outcome";
  EXPECT_NE(key_of("--parameters 'nothing.*'").find("--parameters"), std::string::npos);
}

}  // namespace
}  // namespace skintwin::test
