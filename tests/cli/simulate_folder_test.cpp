// The output folder belongs to one run at a time, and --resume only continues the run whose
// outputs are in the folder: a second run into a busy folder is refused, a stale lock file does
// not block, an edited or foreign checkpoint is refused naming what differs, an edited config.toml
// is put back with a warning, and temporaries of a killed writer do not survive a new run.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "cli/run_cli.hpp"

namespace skintwin::test {
namespace {

namespace fs = std::filesystem;

void use_passive_openmp_waits() { ::setenv("OMP_WAIT_POLICY", "passive", 0); }

// A small, fast run (well under a second) with a checkpoint in the middle and at the end.
const std::string kQuick =
    "simulate examples/cheek_pen_1p5mm.toml --set simulate.width_mm=1 --set simulate.spacing_um=40 "
    "--set simulate.duration_days=0.5 --quiet --checkpoint-every 0.25";

void write_bytes(const fs::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << bytes;
}

std::string slurp_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

CliResult quick_run(const fs::path& dir, const std::string& extra = "") {
  return run_cli(kQuick + " " + extra + " -o '" + dir.string() + "'");
}

CliResult resume(const fs::path& dir) { return run_cli("simulate --resume '" + dir.string() + "' --quiet"); }

TEST(SimulateFolder, SecondRunIntoABusyFolderIsRefusedAndTheFirstFinishesCleanly) {
  use_passive_openmp_waits();
  const fs::path root = scratch_dir("folder_busy");
  const fs::path dir = root / "run";
  // Several seconds, so the second run lands while the first holds the folder.
  const pid_t first = spawn({"simulate", "examples/cheek_pen_1p5mm.toml", "--set", "simulate.width_mm=3", "--set",
                             "simulate.spacing_um=40", "--set", "simulate.duration_days=6", "--set",
                             "simulate.fields_every_days=0.5", "--quiet", "--checkpoint-every", "0.25", "-o",
                             dir.string()},
                            root / "first.log");
  ASSERT_GT(first, 0);
  const fs::path lock = dir / ".skintwin.lock";
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  int status = 0;
  bool first_running = true;
  while (!fs::exists(lock) && first_running && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    first_running = ::waitpid(first, &status, WNOHANG) == 0;
  }
  ASSERT_TRUE(first_running) << "the first run ended without (or before we saw) its lock file: "
                             << slurp(root / "first.log");
  ASSERT_TRUE(fs::exists(lock)) << slurp(root / "first.log");

  const auto second = quick_run(dir, "--set simulate.fields_every_days=0.25");
  const auto resumed = resume(dir);
  ASSERT_EQ(::waitpid(first, &status, WNOHANG), 0) << "the first run ended before the second started; make it longer";

  EXPECT_EQ(second.exit_code, 2) << second.err;
  EXPECT_EQ(count_lines(second.err), 1) << second.err;
  EXPECT_NE(second.err.find(dir.string()), std::string::npos) << second.err;
  EXPECT_NE(second.err.find("pid " + std::to_string(first)), std::string::npos) << second.err;
  EXPECT_EQ(resumed.exit_code, 2) << resumed.err;
  EXPECT_NE(resumed.err.find("pid " + std::to_string(first)), std::string::npos) << resumed.err;

  ASSERT_EQ(::waitpid(first, &status, 0), first);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << slurp(root / "first.log");
  // Everything in the folder is the first run's.
  EXPECT_NE(slurp(dir / "config.toml").find("duration_days = 6.0\n"), std::string::npos);
  EXPECT_NE(slurp(dir / "config.toml").find("fields_every_days = 0.5\n"), std::string::npos);
  EXPECT_TRUE(fs::exists(dir / "summary.json"));
  const std::string series = slurp(dir / "timeseries.csv");
  EXPECT_NE(series.rfind("\n6,"), std::string::npos) << "the time series ends at day 6";
  EXPECT_TRUE(fs::exists(dir / "fields_000012.h5"));
  EXPECT_FALSE(fs::exists(dir / "fields_000013.h5"));
  EXPECT_FALSE(fs::exists(lock)) << "the lock file is removed when the run ends";
  // And the folder is free again.
  EXPECT_EQ(resume(dir).exit_code, 0);
  fs::remove_all(root);
}

TEST(SimulateFolder, StaleLockFileOfAKilledRunDoesNotBlock) {
  use_passive_openmp_waits();
  const fs::path dir = scratch_dir("folder_stale");
  write_bytes(dir / ".skintwin.lock", "pid 999999999\nstarted 2000-01-01T00:00:00Z\ncommand simulate\n");
  const auto r = quick_run(dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(dir / "summary.json"));
  EXPECT_FALSE(fs::exists(dir / ".skintwin.lock")) << "taken over and removed at the end";
  write_bytes(dir / ".skintwin.lock", "pid 999999999\n");
  const auto p = run_cli("punctures examples/cheek_pen_1p5mm.toml -o '" + dir.string() + "'");
  EXPECT_EQ(p.exit_code, 0) << p.err;
  EXPECT_FALSE(fs::exists(dir / ".skintwin.lock"));
  fs::remove_all(dir);
}

TEST(SimulateFolder, CheckpointWithAnEditedConfigIsRefusedNamingIt) {
  use_passive_openmp_waits();
  const fs::path dir = scratch_dir("folder_tampered");
  ASSERT_EQ(quick_run(dir).exit_code, 0);
  std::string bytes = slurp_bytes(dir / "checkpoint.h5");
  const std::string was = "duration_days = 0.5\n";
  const std::size_t at = bytes.find(was);
  ASSERT_NE(at, std::string::npos) << "the config is stored as plain text";
  bytes.replace(at, was.size(), "duration_days = 0.7\n");  // a longer run: HDF5 cannot tell
  write_bytes(dir / "checkpoint.h5", bytes);
  const std::string series = slurp(dir / "timeseries.csv");

  const auto r = resume(dir);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find((dir / "checkpoint.h5").string()), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("config_toml"), std::string::npos) << r.err;
  EXPECT_EQ(slurp(dir / "timeseries.csv"), series) << "nothing changed";
  fs::remove_all(dir);
}

TEST(SimulateFolder, CheckpointOfA3dRunCopiedIntoA2dFolderIsRefused) {
  use_passive_openmp_waits();
  const fs::path root = scratch_dir("folder_3d_in_2d");
  const std::string three_d = "--set simulate.dimensions=3 --set simulate.length_mm=1";
  ASSERT_EQ(quick_run(root / "3d", three_d).exit_code, 0);

  // With field snapshots: the snapshots' grid differs from the checkpoint's.
  const fs::path with_fields = root / "2d";
  ASSERT_EQ(quick_run(with_fields).exit_code, 0);
  fs::copy_file(root / "3d" / "checkpoint.h5", with_fields / "checkpoint.h5", fs::copy_options::overwrite_existing);
  const std::string config = slurp(with_fields / "config.toml");
  const auto r = resume(with_fields);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("fields_000000.h5"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("2D grid"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("3D grid"), std::string::npos) << r.err;
  EXPECT_EQ(slurp(with_fields / "config.toml"), config) << "refused before anything was changed";
  EXPECT_TRUE(fs::exists(with_fields / "fields_000001.h5"));

  // Without snapshots: the time series is not the one the checkpoint was written with.
  const fs::path no_fields = root / "2d_no_fields";
  ASSERT_EQ(quick_run(no_fields, "--set simulate.fields_every_days=0").exit_code, 0);
  fs::copy_file(root / "3d" / "checkpoint.h5", no_fields / "checkpoint.h5", fs::copy_options::overwrite_existing);
  const auto s = resume(no_fields);
  EXPECT_EQ(s.exit_code, 2) << s.err;
  EXPECT_NE(s.err.find("timeseries.csv"), std::string::npos) << s.err;
  EXPECT_NE(s.err.find("another run"), std::string::npos) << s.err;
  fs::remove_all(root);
}

TEST(SimulateFolder, EditedConfigTomlIsIgnoredWithAWarningAndRewritten) {
  use_passive_openmp_waits();
  const fs::path dir = scratch_dir("folder_edited_config");
  ASSERT_EQ(quick_run(dir).exit_code, 0);
  const std::string original = slurp(dir / "config.toml");
  const std::string series = slurp(dir / "timeseries.csv");
  std::string edited = original;
  const std::size_t at = edited.find("duration_days = 0.5\n");
  ASSERT_NE(at, std::string::npos);
  edited.replace(at, 20, "duration_days = 2.0\n");
  write_bytes(dir / "config.toml", edited);

  const auto r = resume(dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("warning"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find((dir / "config.toml").string()), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--resume"), std::string::npos) << r.err;
  EXPECT_EQ(slurp(dir / "config.toml"), original) << "the folder's config reproduces the run again";
  EXPECT_EQ(slurp(dir / "timeseries.csv"), series) << "the checkpointed run, not the edited config";
  // Unchanged: no warning.
  const auto again = resume(dir);
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_EQ(again.err.find("warning"), std::string::npos) << again.err;
  fs::remove_all(dir);
}

TEST(SimulateFolder, LeftoverTemporariesOfEveryWriterAreRemoved) {
  use_passive_openmp_waits();
  const fs::path dir = scratch_dir("folder_leftovers");
  const std::vector<std::string> leftovers = {"fields_000003.h5.tmp.12345", "fields.xdmf.tmp.12345",
                                              "summary.json.tmp.7", "checkpoint.h5.tmp.99",
                                              "timeseries.partial.csv.tmp.4242"};
  const auto plant = [&] {
    for (const auto& name : leftovers) write_bytes(dir / name, "half written");
  };
  write_bytes(dir / "notes.tmp.txt", "the user's");
  plant();
  ASSERT_EQ(quick_run(dir).exit_code, 0);
  for (const auto& name : leftovers) EXPECT_FALSE(fs::exists(dir / name)) << name << " survived a new run";
  plant();
  ASSERT_EQ(resume(dir).exit_code, 0);
  for (const auto& name : leftovers) EXPECT_FALSE(fs::exists(dir / name)) << name << " survived a resume";
  EXPECT_TRUE(fs::exists(dir / "notes.tmp.txt")) << "not ours: kept";
  fs::remove_all(dir);
}

}  // namespace
}  // namespace skintwin::test
