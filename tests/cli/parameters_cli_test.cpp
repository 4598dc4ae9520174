// Scientific parameters are config keys: set through --set or a TOML file, they move the outcome;
// out of range they are refused with the key and the range; the output's config.toml carries
// them, so re-running it reproduces the run.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/run_cli.hpp"

namespace skintwin::test {
namespace {

namespace fs = std::filesystem;

// A narrow half-day run: the platelet growth-factor spike and its decay happen in it.
const std::string kSmall =
    "--set simulate.width_mm=1 --set simulate.spacing_um=40 --set simulate.duration_days=0.5 "
    "--set simulate.output_every_days=0.125 --set simulate.early_output_every_h=2 "
    "--set simulate.fields_every_days=0 --quiet";

// The growth factor's decay rate: the default is 1.04e-2 /min (half-life 67 min).
constexpr const char* kDecayKey = "model.rates.k_growth_factor_per_min";

// GCC 12 warns falsely (-Wrestrict) on some chains of std::string operator+; append instead.
std::string quoted(const fs::path& p) {
  std::string out = "'";
  out.append(p.string());
  out.append("'");
  return out;
}

std::string words(std::initializer_list<std::string> parts) {
  std::string out;
  for (const auto& p : parts) out.append(p).append(" ");
  return out;
}

struct SimRun {
  fs::path dir;
  nlohmann::json summary;
};

SimRun simulate(const std::string& name, const std::string& args) {
  ::setenv("OMP_WAIT_POLICY", "passive", 0);
  const fs::path dir = scratch_dir("parameters_" + name) / "out";
  const auto r = run_cli(words({"simulate", args, kSmall, "-o", quoted(dir)}));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return {dir, nlohmann::json::parse(slurp(dir / "summary.json"))};
}

double growth_factor_peak(const SimRun& run) {
  return run.summary["outcomes"]["growth_factor_wound"]["value"].get<double>();
}

TEST(ModelParameters, SetOnTheCommandLineMovesTheOutcome) {
  const SimRun base = simulate("base", "examples/cheek_pen_1p5mm.toml");
  const SimRun faster = simulate("set", words({"examples/cheek_pen_1p5mm.toml --set", std::string(kDecayKey) + "=0.05"}));
  EXPECT_EQ(base.summary["config"][kDecayKey].get<double>(), 1.04e-2);
  EXPECT_EQ(faster.summary["config"][kDecayKey].get<double>(), 0.05);
  // Faster decay, lower growth factor everywhere in the wound after the first sample.
  EXPECT_LT(growth_factor_peak(faster), 0.9 * growth_factor_peak(base));
}

TEST(ModelParameters, SetInATomlFileIsTheSameAsOnTheCommandLine) {
  const fs::path toml = scratch_dir("parameters_toml") / "decay.toml";
  std::ofstream(toml) << "[model.rates]\nk_growth_factor_per_min = 0.05\n";
  const SimRun from_file = simulate("file", words({"examples/cheek_pen_1p5mm.toml", quoted(toml)}));
  const SimRun from_set = simulate("set2", words({"examples/cheek_pen_1p5mm.toml --set", std::string(kDecayKey) + "=0.05"}));
  EXPECT_EQ(growth_factor_peak(from_file), growth_factor_peak(from_set));
  EXPECT_EQ(slurp(from_file.dir / "timeseries.csv"), slurp(from_set.dir / "timeseries.csv"));
}

TEST(ModelParameters, OutputConfigReproducesTheRun) {
  const SimRun first = simulate("first", "examples/cheek_pen_1p5mm.toml --set injury.blood_growth_factor=5 "
                                      "--set observables.erythema.visible_threshold=20");
  const std::string config = slurp(first.dir / "config.toml");
  EXPECT_NE(config.find("blood_growth_factor = 5"), std::string::npos) << config;
  const SimRun again = simulate("again", quoted(first.dir / "config.toml"));
  EXPECT_EQ(slurp(first.dir / "timeseries.csv"), slurp(again.dir / "timeseries.csv"));
  EXPECT_EQ(again.summary["outcomes"]["redness_threshold"].get<double>(), 20.0);
}

void expect_refused(const std::string& set, const std::string& key, const std::string& range) {
  const fs::path dir = scratch_dir("parameters_refused") / "out";
  const auto r = run_cli(words({"simulate examples/cheek_pen_1p5mm.toml --set", set, "-o", quoted(dir)}));
  EXPECT_EQ(r.exit_code, 2) << set << "\n" << r.err;
  EXPECT_EQ(count_lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find(key), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(range), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir)) << "nothing is written before the config is valid";
}

TEST(ModelParameters, OutOfRangeIsRefusedNamingKeyAndRange) {
  expect_refused("model.rates.f3_max=1.5", "model.rates.f3_max = 1.5", "from 0 to 1");
  expect_refused("model.rates.K_G=0", "model.rates.K_G = 0", "above 0");
  expect_refused("injury.subsamples_per_axis=40", "injury.subsamples_per_axis = 40", "from 1 to 16");
  expect_refused("model.rates.r_F_per_min=-1", "model.rates.r_F_per_min", "at least 0");
}

TEST(ModelParameters, DefaultsListTheirSource) {
  const auto r = run_cli("config --defaults");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* key : {"model.rates.r_F_per_min", "model.baselines.fibroblasts.papillary_dermis",
                          "injury.crush_width_um", "penetration.puncture_stress_MPa",
                          "observables.erythema.visible_threshold"})
    EXPECT_NE(r.out.find(key), std::string::npos) << key;
  EXPECT_NE(r.out.find("Jin et al. 2011"), std::string::npos);
  EXPECT_NE(r.out.find("[F] fitted here"), std::string::npos);
}

}  // namespace
}  // namespace skintwin::test
