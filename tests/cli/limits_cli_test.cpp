// Limits and option mistakes as a user meets them: one line `skintwin: error: ...`, exit 2,
// nothing written; no clamped seeds, no 309-digit ranges, no silent defaults.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "cli/run_cli.hpp"

namespace skintwin::test {
namespace {

namespace fs = std::filesystem;

struct Refusal {
  std::string command;  // punctures | simulate
  std::string args;     // after the command, before -o
  std::string mention;  // must appear in the error line
};

// Runs `command args -o DIR` and checks the house error format; returns the error line.
std::string expect_refused(const Refusal& r) {
  ::setenv("OMP_WAIT_POLICY", "passive", 0);
  const auto dir = scratch_dir("limits");
  const auto out = dir / "out";
  const auto result = run_cli(r.command + " " + r.args + " -o '" + out.string() + "'");
  EXPECT_EQ(result.exit_code, 2) << r.args << "\n" << result.err;
  EXPECT_EQ(count_lines(result.err), 1) << r.args << "\n" << result.err;
  EXPECT_EQ(result.err.rfind("skintwin: error: ", 0), 0u) << r.args << "\n" << result.err;
  EXPECT_NE(result.err.find(r.mention), std::string::npos) << r.args << "\n" << result.err;
  EXPECT_FALSE(fs::exists(out)) << "a refused run wrote output: " << r.args;
  fs::remove_all(dir);
  return result.err;
}

// Short and coarse, so that a build without these checks runs quickly (and fails) instead of
// simulating 28 days.
const std::string kCheek =
    "examples/cheek_pen_1p5mm.toml --quiet --set simulate.width_mm=1 --set simulate.spacing_um=40 "
    "--set simulate.duration_days=0.1 --set simulate.fields_every_days=0 ";
// A 36-needle pen at 200 Hz and 0.5 mm/s prints 2.4e5 /cm2 per pass: one pass over 72 x 72 mm is
// about 1.24e7 punctures, just over the cap (the 300 x 300 mm x 100 passes, 2e10, is in
// tests/device; here the case stays small enough that a build without the cap finishes and fails).
const std::string kOverCap =
    "examples/pen_36_nano_forehead.toml --set protocol.area_width_mm=72 --set protocol.area_length_mm=72 "
    "--set protocol.hand_speed_mm_per_s=0.5 --set protocol.pen_frequency_hz=200 --set protocol.passes=1 "
    "--set simulate.width_mm=1 --set simulate.spacing_um=40 --set simulate.duration_days=0.1 "
    "--set simulate.fields_every_days=0";

TEST(LimitsCli, TooManyPuncturesAreRefusedByPuncturesAndSimulate) {
  for (const char* command : {"punctures", "simulate"}) {
    const auto err = expect_refused({command, kOverCap, "protocol.area_width_mm = 72"});
    for (const char* key : {"protocol.hand_speed_mm_per_s", "protocol.pen_frequency_hz", "protocol.passes"})
      EXPECT_NE(err.find(key), std::string::npos) << key << " in " << err;
  }
}

TEST(LimitsCli, CheckpointEveryZeroSaysWhatIsAllowed) {
  const auto err = expect_refused({"simulate", kCheek + "--checkpoint-every 0", "--checkpoint-every = 0"});
  EXPECT_NE(err.find("above 0"), std::string::npos) << err;
  EXPECT_LT(err.size(), 200u) << "no range of 309 digits: " << err;
}

TEST(LimitsCli, SeedBeyondRunSeedIsRefusedNotClamped) {
  expect_refused({"simulate", kCheek + "--seed 18446744073709551616", "--seed = 18446744073709551616"});
  expect_refused({"punctures", "examples/pen_12_cheek.toml --seed 9007199254740992", "9007199254740991"});
  expect_refused({"punctures", "examples/pen_12_cheek.toml --seed 12abc", "--seed = '12abc'"});
}

TEST(LimitsCli, LargestSeedIsAccepted) {
  const auto dir = scratch_dir("limits_seed");
  const auto r = run_cli("punctures examples/pen_12_cheek.toml --seed 9007199254740991 -o '" + (dir / "out").string() + "'");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(slurp(dir / "out" / "config.toml").find("9007199254740991"), std::string::npos);
  fs::remove_all(dir);
}

TEST(LimitsCli, SeedTwiceIsAnError) {
  expect_refused({"simulate", kCheek + "--seed 3 --set run.seed=4", "--seed = 3"});
  expect_refused({"punctures", "examples/pen_12_cheek.toml --set run.seed=3 --set run.seed=4", "run.seed"});
}

TEST(LimitsCli, SameKeyTwiceInSetIsAnError) {
  const auto err = expect_refused(
      {"simulate", kCheek + "--set device.set_depth_mm=1.0 --set device.set_depth_mm=2.0", "device.set_depth_mm"});
  EXPECT_NE(err.find("twice"), std::string::npos) << err;
}

TEST(LimitsCli, EmptyOutputFolderIsAnErrorNotTheDefault) {
  const auto r = run_cli("punctures examples/pen_12_cheek.toml -o ''");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(count_lines(r.err), 1) << r.err;
  EXPECT_EQ(r.err.rfind("skintwin: error: -o = '':", 0), 0u) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
}

TEST(LimitsCli, ShallowGridIsRefused) {
  expect_refused({"simulate", kCheek + "--set simulate.depth_mm=0.5", "simulate.depth_mm = 0.5: at least"});
}

TEST(LimitsCli, ParseErrorsHaveThePrefixAndAUsageHint) {
  const auto unknown = run_cli("simulate examples/cheek_pen_1p5mm.toml --bogus");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_EQ(count_lines(unknown.err), 1) << unknown.err;
  EXPECT_EQ(unknown.err.rfind("skintwin: error: ", 0), 0u) << unknown.err;
  EXPECT_NE(unknown.err.find("--bogus"), std::string::npos) << unknown.err;
  EXPECT_NE(unknown.err.find("run 'skintwin simulate --help'"), std::string::npos) << unknown.err;

  const auto missing_value = run_cli("punctures examples/pen_12_cheek.toml --seed");
  EXPECT_EQ(missing_value.exit_code, 2);
  EXPECT_EQ(missing_value.err.rfind("skintwin: error: ", 0), 0u) << missing_value.err;
  EXPECT_NE(missing_value.err.find("run 'skintwin punctures --help'"), std::string::npos) << missing_value.err;

  const auto no_command = run_cli("");
  EXPECT_EQ(no_command.exit_code, 2);
  EXPECT_EQ(no_command.err.rfind("skintwin: error: ", 0), 0u) << no_command.err;
  EXPECT_NE(no_command.err.find("run 'skintwin --help'"), std::string::npos) << no_command.err;

  EXPECT_EQ(run_cli("--help").exit_code, 0);
  EXPECT_EQ(run_cli("simulate --help").exit_code, 0);
}

TEST(LimitsCli, MarkdownWithoutDefaultsIsAnError) {
  const auto r = run_cli("config examples/pen_12_cheek.toml --markdown");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(count_lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("--markdown"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--defaults"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << "printed a config despite the error";
  EXPECT_EQ(run_cli("config --defaults --markdown").exit_code, 0);
}

}  // namespace
}  // namespace skintwin::test
