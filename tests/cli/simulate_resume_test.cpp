// A run killed with SIGKILL mid-way and resumed from its checkpoint ends bit-identical to an
// uninterrupted run, and the kill leaves no final-named file that looks complete.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/run_cli.hpp"
#include "skintwin/io/checkpoint.hpp"
#include "skintwin/model/species.hpp"

namespace skintwin::test {
namespace {

namespace fs = std::filesystem;

// The child `skintwin` processes inherit this: on a machine shared with other jobs, OpenMP's
// default spin-waiting at barriers makes a 2-thread run several times slower (measured 1.7 s vs
// 0.28 s for the same small run under a load of 4 on 2 cores). Results do not depend on it.
inline void use_passive_openmp_waits() { ::setenv("OMP_WAIT_POLICY", "passive", 0); }

// Long enough (several seconds) that the kill lands between the first checkpoint and the end.
const std::vector<std::string> kRunArgs = {
    "simulate", "examples/cheek_pen_1p5mm.toml", "--set", "simulate.width_mm=3", "--set", "simulate.spacing_um=40",
    "--set", "simulate.duration_days=6", "--set", "simulate.fields_every_days=0.5", "--quiet", "--checkpoint-every",
    "0.25"};

std::string joined(const std::vector<std::string>& args) {
  std::string s;
  for (const auto& a : args) s += "'" + a + "' ";
  return s;
}

bool same_field_bits(const io::Checkpoint& a, const io::Checkpoint& b) {
  if (a.fields.count() != b.fields.count() || a.fields.names() != b.fields.names()) return false;
  for (std::size_t s = 0; s < a.fields.count(); ++s) {
    const auto fa = a.fields.field(s);
    const auto fb = b.fields.field(s);
    if (fa.size() != fb.size() || std::memcmp(fa.data(), fb.data(), fa.size_bytes()) != 0) return false;
  }
  return true;
}

TEST(SimulateResume, KilledRunResumesBitIdentical) {
  use_passive_openmp_waits();
  const fs::path root = scratch_dir("simulate_kill");
  const fs::path straight = root / "straight";
  const fs::path killed = root / "killed";

  auto with_output = [](std::vector<std::string> args, const fs::path& dir) {
    args.push_back("-o");
    args.push_back(dir.string());
    return args;
  };
  const auto reference = run_cli(joined(with_output(kRunArgs, straight)));
  ASSERT_EQ(reference.exit_code, 0) << reference.err;

  const pid_t pid = spawn(with_output(kRunArgs, killed), root / "killed.log");
  ASSERT_GT(pid, 0);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (!fs::exists(io::checkpoint_path(killed)) && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_EQ(::kill(pid, SIGKILL), 0);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the run ended before it could be killed; make it longer";

  // Killed mid-way: nothing under a final name claims to be a finished result.
  EXPECT_FALSE(fs::exists(killed / "summary.json"));
  EXPECT_FALSE(fs::exists(killed / "timeseries.csv"));
  const io::Checkpoint at_kill = io::read_checkpoint(io::checkpoint_path(killed));  // complete, not torn
  EXPECT_LT(at_kill.t_days, 6.0);

  const auto resumed = run_cli("simulate --resume '" + killed.string() + "' --quiet");
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;

  const io::Checkpoint a = io::read_checkpoint(io::checkpoint_path(straight));
  const io::Checkpoint b = io::read_checkpoint(io::checkpoint_path(killed));
  EXPECT_EQ(a.t_days, 6.0);
  EXPECT_EQ(b.t_days, 6.0);
  EXPECT_EQ(a.step, b.step);
  EXPECT_TRUE(same_field_bits(a, b)) << "final state differs after resume";
  EXPECT_EQ(slurp(straight / "timeseries.csv"), slurp(killed / "timeseries.csv"));
  const auto sa = nlohmann::json::parse(slurp(straight / "summary.json"));
  const auto sb = nlohmann::json::parse(slurp(killed / "summary.json"));
  EXPECT_EQ(sa["outcomes"], sb["outcomes"]);
  EXPECT_EQ(sb["resumed"], 1);
  EXPECT_FALSE(fs::exists(killed / "timeseries.partial.csv"));
  for (const auto& e : fs::directory_iterator(killed))
    EXPECT_EQ(e.path().filename().string().find(".tmp."), std::string::npos) << "left over: " << e.path();
  // The field series lists the same time points (file names are relative to the folder).
  EXPECT_EQ(slurp(straight / "fields.xdmf"), slurp(killed / "fields.xdmf"));
  // Resuming a finished run takes no step and rewrites the same results.
  const std::string finished_series = slurp(killed / "timeseries.csv");
  const auto again = run_cli("simulate --resume '" + killed.string() + "' --quiet");
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(slurp(killed / "timeseries.csv"), finished_series);
  EXPECT_EQ(nlohmann::json::parse(slurp(killed / "summary.json"))["time"]["steps"], sa["time"]["steps"]);
  fs::remove_all(root);
}

// Half a day on a 1 mm section at 40 um, checkpointed at its middle and end (well under a second).
CliResult small_checkpointed_run(const fs::path& dir) {
  return run_cli("simulate examples/cheek_pen_1p5mm.toml --set simulate.width_mm=1 --set simulate.spacing_um=40"
                 " --set simulate.duration_days=0.5 --set simulate.fields_every_days=0 --checkpoint-every 0.25"
                 " --quiet -o '" + dir.string() + "'");
}

// Checkpoints written before 2026-11-30 kept the whole injured state (wound.<species> for every
// species) where they now keep its footprint (wound.damage, wound.epidermal_coverage). One rewritten
// in the old layout still resumes, and to the same results (the outcomes are read over the wound zone
// and openings that the footprint defines).
TEST(SimulateResume, ACheckpointWithTheWholeInjuredStateStillResumes) {
  use_passive_openmp_waits();
  const fs::path dir = scratch_dir("simulate_old_checkpoint");
  const auto run = small_checkpointed_run(dir);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::string summary = slurp(dir / "summary.json");
  io::Checkpoint ck = io::read_checkpoint(io::checkpoint_path(dir));
  ASSERT_EQ(ck.fields.count(), model::kSpeciesCount + 2);  // the species and the footprint
  std::vector<std::string> names(ck.fields.names().begin(), ck.fields.names().begin() + model::kSpeciesCount);
  for (auto species : model::kSpeciesNames) names.push_back("wound." + std::string(species));
  grid::FieldSet old(ck.fields.grid(), names);
  for (std::size_t f = 0; f < old.count(); ++f) {
    const std::string& name = old.names()[f];
    const bool kept = f < model::kSpeciesCount || name == "wound.damage" || name == "wound.epidermal_coverage";
    // Species the footprint dropped get the current state: they must not matter.
    const auto from = ck.fields.field(kept ? name : name.substr(6));
    std::copy(from.begin(), from.end(), old.field(f).begin());
  }
  ck.fields = old;
  io::write_checkpoint(io::checkpoint_path(dir), ck);
  const auto resumed = run_cli("simulate --resume '" + dir.string() + "' --quiet");
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_EQ(nlohmann::json::parse(slurp(dir / "summary.json"))["outcomes"], nlohmann::json::parse(summary)["outcomes"]);
  fs::remove_all(dir);
}

// A checkpoint of an older model, before a species was added (fibroblast_activation, issue 9), cannot
// continue in this one: refused, naming the checkpoint and the species it lacks, and nothing written.
TEST(SimulateResume, ACheckpointOfAnOlderModelIsRefusedNamingTheMissingSpecies) {
  use_passive_openmp_waits();
  const fs::path dir = scratch_dir("simulate_older_model");
  const auto run = small_checkpointed_run(dir);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  io::Checkpoint ck = io::read_checkpoint(io::checkpoint_path(dir));
  const std::string last(model::kSpeciesNames.back());
  std::vector<std::string> names;
  for (const auto& n : ck.fields.names())
    if (n != last) names.push_back(n);
  grid::FieldSet older(ck.fields.grid(), names);
  for (std::size_t f = 0; f < older.count(); ++f) {
    const auto from = ck.fields.field(names[f]);
    std::copy(from.begin(), from.end(), older.field(f).begin());
  }
  ck.fields = older;
  io::write_checkpoint(io::checkpoint_path(dir), ck);
  const std::string summary_before = slurp(dir / "summary.json");
  const auto resumed = run_cli("simulate --resume '" + dir.string() + "' --quiet");
  EXPECT_EQ(resumed.exit_code, 2);
  EXPECT_NE(resumed.err.find(last), std::string::npos) << resumed.err;
  EXPECT_NE(resumed.err.find("checkpoint.h5"), std::string::npos) << resumed.err;
  EXPECT_EQ(slurp(dir / "summary.json"), summary_before);
  fs::remove_all(dir);
}

// A checkpoint keeps where its grid lay in the treated area. Resumed with a config that today
// places it elsewhere (resolved with another version's defaults), or without a placement where
// the sections are now stratified on their injury, it is refused, naming the checkpoint.
TEST(SimulateResume, ACheckpointOfAGridPlacedElsewhereIsRefused) {
  use_passive_openmp_waits();
  const fs::path dir = scratch_dir("simulate_moved_grid");
  const auto run = small_checkpointed_run(dir);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  io::Checkpoint ck = io::read_checkpoint(io::checkpoint_path(dir));
  ASSERT_TRUE(ck.extra.contains("placement.origin_y_mm"));
  ck.extra["placement.origin_y_mm"] = std::get<double>(ck.extra["placement.origin_y_mm"]) + 0.5;
  io::write_checkpoint(io::checkpoint_path(dir), ck);
  const auto moved = run_cli("simulate --resume '" + dir.string() + "' --quiet");
  EXPECT_EQ(moved.exit_code, 2);
  EXPECT_NE(moved.err.find("checkpoint.h5"), std::string::npos) << moved.err;
  EXPECT_NE(moved.err.find("placement"), std::string::npos) << moved.err;
  // One section on a channel places itself as it always did: an older checkpoint without a
  // placement still resumes.
  ck.extra.erase("placement.origin_x_mm");
  ck.extra.erase("placement.origin_y_mm");
  io::write_checkpoint(io::checkpoint_path(dir), ck);
  const auto older = run_cli("simulate --resume '" + dir.string() + "' --quiet");
  EXPECT_EQ(older.exit_code, 0) << older.err;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace skintwin::test
