// `skintwin simulate` as a user runs it: errors before any work, outputs that parse, every example.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/run_cli.hpp"
#include "skintwin/core/notice.hpp"
#include "skintwin/io/simulation_files.hpp"
#include "skintwin/model/species.hpp"

namespace skintwin::test {
namespace {

namespace fs = std::filesystem;

// The child `skintwin` processes inherit this: on a machine shared with other jobs, OpenMP's
// default spin-waiting at barriers makes a 2-thread run several times slower (measured 1.7 s vs
// 0.28 s for the same small run under a load of 4 on 2 cores). Results do not depend on it.
inline void use_passive_openmp_waits() { ::setenv("OMP_WAIT_POLICY", "passive", 0); }

// A narrow, short run: 1 mm wide section, half a day, coarse grid; enough for every output.
const std::string kSmall =
    "--set simulate.width_mm=1 --set simulate.spacing_um=40 --set simulate.duration_days=0.5 "
    "--set simulate.output_every_days=0.125 --set simulate.early_output_every_h=2 "
    "--set simulate.fields_every_days=0.25 --quiet";

std::vector<fs::path> example_configs() {
  std::vector<fs::path> out;
  for (const auto& entry : fs::directory_iterator(fs::path(SKINTWIN_SOURCE_DIR) / "examples"))
    if (entry.path().extension() == ".toml") out.push_back(entry.path());
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1)
    lines.push_back(text.substr(start, end - start));
  return lines;
}

bool has_temporary_files(const fs::path& dir) {
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename().string().find(".tmp") != std::string::npos) return true;
  return false;
}

void expect_input_error(const std::string& args, const std::string& mention) {
  const auto dir = scratch_dir("simulate_err");
  const auto r = run_cli("simulate " + args + " -o '" + (dir / "out").string() + "'");
  EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.err;
  EXPECT_EQ(count_lines(r.err), 1) << args << "\n" << r.err;
  EXPECT_NE(r.err.find(mention), std::string::npos) << args << "\n" << r.err;
  EXPECT_FALSE(fs::exists(dir / "out")) << "an invalid run wrote output: " << args;
  fs::remove_all(dir);
}

TEST(SimulateCli, ConfigErrorsStopBeforeAnyOutput) {
  use_passive_openmp_waits();
  expect_input_error("examples/cheek_pen_1p5mm.toml --set simulate.width_mm=25", "simulate.width_mm");
  expect_input_error("examples/cheek_pen_1p5mm.toml --set simulate.widht_mm=2", "simulate.width_mm");
  expect_input_error("examples/cheek_pen_1p5mm.toml --set simulate.dimensions=4", "simulate.dimensions");
  expect_input_error("examples/cheek_pen_1p5mm.toml --set simulate.dt_max_min=0.1", "simulate.dt_max_min");
  expect_input_error("examples/cheek_pen_1p5mm.toml --set simulate.duration_days=nan", "simulate.duration_days");
  expect_input_error("examples/cheek_pen_1p5mm.toml --set device.set_depth_mm=9", "device.set_depth_mm");
  expect_input_error("", "CONFIG");
  expect_input_error("examples/cheek_pen_1p5mm.toml --set lesion.type=boxcra", "did you mean 'boxcar'");
  expect_input_error("examples/cheek_pen_1p5mm.toml --set lesion.type=boxcar", "simulate.width_mm");
  expect_input_error("examples/cheek_pen_1p5mm.toml --set delivery.hours=-1", "delivery.hours");
  // Each key in its range, but the grades' depths out of order.
  expect_input_error("examples/cheek_pen_1p5mm.toml --set observables.scar_grade_moderate_um=50",
                     "observables.scar_grade_moderate_um");
}

TEST(SimulateCli, OptionErrorsAreInputErrors) {
  use_passive_openmp_waits();
  EXPECT_EQ(run_cli("simulate examples/cheek_pen_1p5mm.toml --checkpoint-every -1 --quiet").exit_code, 2);
  EXPECT_EQ(run_cli("simulate examples/cheek_pen_1p5mm.toml --checkpoint-every x --quiet").exit_code, 2);
  EXPECT_EQ(run_cli("simulate no_such_file.toml").exit_code, 2);
  EXPECT_EQ(run_cli("simulate --resume /no/such/dir").exit_code, 2);
  const auto dir = scratch_dir("simulate_resume_mix");
  const auto r = run_cli("simulate examples/cheek_pen_1p5mm.toml --resume '" + dir.string() + "'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--resume"), std::string::npos) << r.err;
  // A folder without a checkpoint cannot be resumed.
  const auto empty = run_cli("simulate --resume '" + dir.string() + "'");
  EXPECT_EQ(empty.exit_code, 2);
  EXPECT_EQ(count_lines(empty.err), 1) << empty.err;
  fs::remove_all(dir);
}

TEST(SimulateCli, WritesEveryOutputAndTheyParse) {
  use_passive_openmp_waits();
  const auto dir = scratch_dir("simulate_out");
  const auto r = run_cli("simulate examples/cheek_pen_1p5mm.toml " + kSmall + " --seed 5 -o '" + dir.string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.find("day"), std::string::npos) << "--quiet printed progress: " << r.err;
  for (const char* name : {"timeseries.csv", "summary.json", "config.toml", "fields.xdmf", "fields_000000.h5"})
    EXPECT_TRUE(fs::exists(dir / name)) << name;
  EXPECT_FALSE(fs::exists(dir / "checkpoint.h5")) << "no checkpoint was asked for";
  EXPECT_FALSE(fs::exists(dir / "timeseries.partial.csv"));
  EXPECT_FALSE(has_temporary_files(dir));

  const std::string csv = slurp(dir / "timeseries.csv");
  const auto lines = lines_of(csv);
  ASSERT_GE(lines.size(), 2u);
  // The header is the first line (the notice is in summary.json and config.toml).
  EXPECT_EQ(lines[0].rfind("t_days,", 0), 0u) << lines[0];
  for (auto species : model::kSpeciesNames)
    for (const char* layer : {"epidermis.", "papillary_dermis.", "reticular_dermis.", "hypodermis."})
      EXPECT_NE(lines[0].find(std::string(",") + layer + std::string(species)), std::string::npos) << layer << species;
  // Rows: every 2 h to 0.5 d (7 stops: 0, 2, ..., 12 h) merged with every 3 h (0, 3, ..., 12 h):
  // 0 2 3 4 6 8 9 10 12 -> 9 rows.
  const auto series = io::parse_timeseries_csv(csv, "timeseries.csv");
  ASSERT_EQ(series.size(), 9u);
  EXPECT_EQ(series.front().t_days, 0.0);
  EXPECT_EQ(series.back().t_days, 0.5);

  const auto summary = nlohmann::json::parse(slurp(dir / "summary.json"));
  EXPECT_EQ(summary["notice"], std::string(kNotice));
  EXPECT_EQ(summary["seed"], 5);
  EXPECT_EQ(summary["config"]["run.seed"], 5);
  EXPECT_EQ(summary["grid"]["nx"], 25);
  EXPECT_GT(summary["session"]["punctures_on_grid"].get<int>(), 0);
  EXPECT_GT(summary["time"]["steps"].get<int>(), 0);
  for (const char* key : {"growth_factor_wound", "inflammation_ratio_wound", "fibroblast_ratio_wound",
                          "vessel_ratio_wound", "collagen_iii_fraction_wound", "erythema_index"})
    EXPECT_TRUE(summary["outcomes"][key]["day"].is_number()) << key;
  EXPECT_TRUE(summary["outcomes"].contains("closure_time_h"));
  EXPECT_TRUE(summary["outcomes"]["redness_downtime_days"].is_number());
  // The healthy, pre-treatment state of every layer, not the injured state the series starts from.
  for (const char* layer : {"epidermis", "papillary_dermis", "reticular_dermis", "hypodermis"}) {
    const auto& b = summary["baseline"][layer];
    ASSERT_TRUE(b.is_object()) << layer;
    for (auto species : model::kSpeciesNames) EXPECT_TRUE(b[std::string(species)].is_number()) << layer << species;
    EXPECT_EQ(b["damage"].get<double>(), 0.0) << layer;
    EXPECT_EQ(b["epidermal_coverage"].get<double>(), std::string(layer) == "epidermis" ? 1.0 : 0.0) << layer;
    EXPECT_DOUBLE_EQ(b["collagen_total"].get<double>(), b["collagen_i"].get<double>() + b["collagen_iii"].get<double>());
    if (std::string(layer) != "epidermis") {
      EXPECT_GT(b["collagen_total"].get<double>(), 0.0) << layer;
    }
  }
  const auto papillary = static_cast<std::size_t>(tissue::LayerKind::PapillaryDermis);
  EXPECT_GT(series.front().layer_means[papillary][model::index(model::Species::Damage)], 0.0);  // the series starts injured
  EXPECT_GE(summary["wall_time_s"].get<double>(), 0.0);
  EXPECT_NE(slurp(dir / "config.toml").find("seed = 5"), std::string::npos);
  EXPECT_NE(slurp(dir / "config.toml").find(std::string(kNotice)), std::string::npos);
  fs::remove_all(dir);
}

// Progress goes to stderr as plain lines when stderr is not a terminal (here: a file).
TEST(SimulateCli, PlainProgressLinesWhenNotATerminal) {
  use_passive_openmp_waits();
  const auto dir = scratch_dir("simulate_progress");
  std::string args = "simulate examples/cheek_pen_1p5mm.toml " + kSmall + " -o '" + dir.string() + "'";
  args.erase(args.find(" --quiet"), 8);
  const auto r = run_cli(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("day"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find('\r'), std::string::npos) << "a terminal bar went to a file";
  fs::remove_all(dir);
}

// Every example runs (briefly: a quarter of a day on a narrow, coarse section, a course's sessions a
// day apart, so the suite stays fast; the default example runs in full in tests/validation).
TEST(SimulateCli, EveryExampleRuns) {
  use_passive_openmp_waits();
  for (const auto& example : example_configs()) {
    const auto dir = scratch_dir("simulate_example");
    const auto r = run_cli("simulate '" + example.string() +
                           "' --set simulate.duration_days=0.25 --set simulate.width_mm=0.8 --set simulate.spacing_um=40 "
                           "--set simulate.length_mm=0.4 --set simulate.fields_every_days=0.25 "
                           "--set lesion.width_mm=0.1 --set course.interval_days=1 --quiet -o '" +
                           dir.string() + "'");
    EXPECT_EQ(r.exit_code, 0) << example << "\n" << r.err;
    EXPECT_TRUE(fs::exists(dir / "summary.json")) << example;
    fs::remove_all(dir);
  }
}

}  // namespace
}  // namespace skintwin::test
