#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/run_cli.hpp"
#include "skintwin/io/config.hpp"
#include "skintwin/io/files.hpp"

namespace skintwin::test {
namespace {

std::vector<std::filesystem::path> example_configs() {
  std::vector<std::filesystem::path> out;
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(SKINTWIN_SOURCE_DIR) / "examples"))
    if (entry.path().extension() == ".toml") out.push_back(entry.path());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(Cli, HelpTeachesTheSubcommands) {
  const auto r = run_cli("--help");
  EXPECT_EQ(r.exit_code, 0);
  for (const char* word : {"sites", "devices", "config", "punctures", "simulate", "sensitivity", "not a medical device"})
    EXPECT_NE(r.out.find(word), std::string::npos) << word;
}

TEST(Cli, UnknownSubcommandIsAnInputError) {
  const auto r = run_cli("simulat");
  EXPECT_EQ(r.exit_code, 2);
}

TEST(Cli, SitesTableAndDetail) {
  const auto table = run_cli("sites");
  ASSERT_EQ(table.exit_code, 0) << table.err;
  for (const char* site : {"forehead", "cheek", "upper_eyelid", "neck", "abdomen", "back"})
    EXPECT_NE(table.out.find(site), std::string::npos) << site;
  EXPECT_NE(table.out.find("not a medical device"), std::string::npos);

  const auto detail = run_cli("sites cheek");
  ASSERT_EQ(detail.exit_code, 0) << detail.err;
  EXPECT_NE(detail.out.find("epidermis"), std::string::npos);
  EXPECT_NE(detail.out.find("ource"), std::string::npos) << "the detail view must show sources";
}

TEST(Cli, SitesJson) {
  const auto all = run_cli("sites --json");
  ASSERT_EQ(all.exit_code, 0) << all.err;
  const auto parsed = nlohmann::json::parse(all.out);
  EXPECT_TRUE(parsed.dump().find("cheek") != std::string::npos);
  const auto one = run_cli("sites forehead --json");
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_TRUE(nlohmann::json::accept(one.out));
}

TEST(Cli, UnknownSiteSuggestsNearest) {
  const auto r = run_cli("sites cheeck");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(count_lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("did you mean 'cheek'"), std::string::npos) << r.err;
}

TEST(Cli, DevicesListAndJson) {
  const auto table = run_cli("devices");
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("pen"), std::string::npos);
  EXPECT_NE(table.out.find("roller"), std::string::npos);
  EXPECT_NE(table.out.find("stamp"), std::string::npos);
  const auto json = run_cli("devices --json");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_TRUE(nlohmann::json::accept(json.out));
}

TEST(Cli, ConfigDefaultsListsEveryKey) {
  const auto r = run_cli("config --defaults");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const auto& key : io::default_schema().key_names()) EXPECT_NE(r.out.find(key), std::string::npos) << key;
  const auto j = run_cli("config --defaults --json");
  ASSERT_EQ(j.exit_code, 0);
  EXPECT_EQ(nlohmann::json::parse(j.out).size(), io::default_schema().keys().size());
}

TEST(Cli, EveryExampleRunsAndRecordsItsConfigAndSeed) {
  const auto examples = example_configs();
  ASSERT_GE(examples.size(), 5u) << "one example per device is expected";
  for (const auto& example : examples) {
    const auto dir = scratch_dir("example");
    const auto r = run_cli("punctures '" + example.string() + "' -o '" + dir.string() + "'");
    ASSERT_EQ(r.exit_code, 0) << example << ": " << r.err;
    EXPECT_NE(r.out.find("/cm"), std::string::npos) << example << " prints densities";
    for (const char* f : {"punctures.csv", "summary.json", "config.toml"})
      EXPECT_TRUE(std::filesystem::exists(dir / f)) << example << " " << f;
    const std::string resolved = slurp(dir / "config.toml");
    EXPECT_NE(resolved.find("seed"), std::string::npos);
    const auto summary = nlohmann::json::parse(slurp(dir / "summary.json"));
    EXPECT_NE(summary.dump().find("not a medical device"), std::string::npos);
    std::filesystem::remove_all(dir);
  }
}

TEST(Cli, ResolvedConfigReproducesTheRun) {
  const auto first = scratch_dir("first");
  const auto second = scratch_dir("second");
  const auto examples = example_configs();
  ASSERT_FALSE(examples.empty());
  ASSERT_EQ(run_cli("punctures '" + examples.front().string() + "' --seed 7 -o '" + first.string() + "'").exit_code, 0);
  // Re-running from the copied config alone gives the same punctures, bit for bit.
  ASSERT_EQ(run_cli("punctures '" + (first / "config.toml").string() + "' -o '" + second.string() + "'").exit_code, 0);
  EXPECT_EQ(slurp(first / "punctures.csv"), slurp(second / "punctures.csv"));
  const auto third = scratch_dir("third");
  ASSERT_EQ(run_cli("punctures '" + examples.front().string() + "' --seed 8 -o '" + third.string() + "'").exit_code, 0);
  EXPECT_NE(slurp(first / "punctures.csv"), slurp(third / "punctures.csv"));
  for (const auto& d : {first, second, third}) std::filesystem::remove_all(d);
}

struct BadInput {
  std::string name;
  std::string toml;                // config file content
  std::vector<std::string> sets;   // --set overrides
  std::string expected_key;        // must appear in the one-line error
  std::string expected_fragment;   // and so must this
};

// Without it GoogleTest prints the parameter as raw bytes, pointers included, and CTest's test
// names (which carry that text) would change from build to build.
void PrintTo(const BadInput& bad, std::ostream* os) { *os << bad.name; }

class CliBadInput : public ::testing::TestWithParam<BadInput> {};

TEST_P(CliBadInput, OneClearLineAndExitCodeTwo) {
  const BadInput& bad = GetParam();
  const auto dir = scratch_dir("bad_" + bad.name);
  io::write_file_atomic(dir / "config.toml", bad.toml);
  std::string args = "punctures '" + (dir / "config.toml").string() + "' -o '" + (dir / "out").string() + "'";
  for (const auto& s : bad.sets) args += " --set '" + s + "'";
  const auto r = run_cli(args);
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_EQ(count_lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find(bad.expected_key), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(bad.expected_fragment), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "out")) << "nothing is written when the input is bad";
  std::filesystem::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(
    EveryBadInput, CliBadInput,
    ::testing::Values(
        BadInput{"malformed_toml", "[device]\nname = \"pen-12\"\nset_depth_mm = = 1\n", {}, "config.toml:3:", "malformed TOML"},
        BadInput{"unknown_site", "[site]\nname = \"cheeck\"\n", {}, "site.name", "did you mean 'cheek'"},
        BadInput{"unknown_device", "[device]\nname = \"pen-21\"\n", {}, "device.name", "did you mean"},
        BadInput{"unknown_key", "[device]\nset_dept_mm = 1.0\n", {}, "device.set_dept_mm", "did you mean 'device.set_depth_mm'"},
        BadInput{"depth_out_of_device_range", "[device]\nname = \"pen-12\"\nset_depth_mm = 4.0\n", {}, "device.set_depth_mm", "4"},
        BadInput{"depth_into_fat", "[site]\nname = \"upper_eyelid\"\n[device]\nname = \"pen-12\"\nset_depth_mm = 2.0\n", {},
                 "device.set_depth_mm", "fat"},
        BadInput{"nan_depth", "[device]\nset_depth_mm = nan\n", {}, "device.set_depth_mm", "finite"},
        BadInput{"negative_depth", "", {"device.set_depth_mm=-0.5"}, "device.set_depth_mm", "-0.5"},
        BadInput{"zero_passes", "[protocol]\npasses = 0\n", {}, "protocol.passes", "0"},
        BadInput{"bad_sex", "[site]\nsex = \"femal\"\n", {}, "site.sex", "did you mean 'female'"}),
    [](const ::testing::TestParamInfo<BadInput>& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace skintwin::test
