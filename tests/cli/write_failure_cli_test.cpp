// `skintwin` when its outputs cannot be written: a full disk, a file-size limit, a read-only
// folder. Each ends with exit code 3 (kExitOutputError) and one line naming the path and the
// reason, never a crash or an "internal error"; the last complete files stay, no temporaries.
// g++ 12 warns falsely (-Wrestrict) on some std::string concatenations at -O3.
#pragma GCC diagnostic ignored "-Wrestrict"
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "cli/run_cli.hpp"
#include "skintwin/core/error.hpp"
#include "skintwin/io/checkpoint.hpp"

namespace skintwin::test {
namespace {

namespace fs = std::filesystem;

void use_passive_openmp_waits() { ::setenv("OMP_WAIT_POLICY", "passive", 0); }

std::string quoted(const fs::path& p) { return "'" + p.string() + "'"; }

// A small, quick run (about a second) that writes a gzip field snapshot every 0.25 days.
std::string small_gzip_run(const fs::path& out) {
  return "simulate examples/cheek_pen_1p5mm.toml --set simulate.width_mm=3 --set simulate.spacing_um=40"
         " --set simulate.duration_days=1 --set simulate.fields_every_days=0.25 --set simulate.fields_gzip_level=6"
         " --checkpoint-every 0.5 --quiet -o " +
         quoted(out);
}

// The CLI's args run under bash's `ulimit -f kib` (bash counts 1024-byte blocks, sh may count
// 512). skintwin ignores SIGXFSZ itself, so a write past the limit fails with EFBIG instead of
// killing the process.
CliResult run_cli_with_file_size_limit(std::uintmax_t kib, const std::string& args) {
  return run_cli("--version >/dev/null; bash -c 'ulimit -f " + std::to_string(kib) + "; exec \"$0\" \"$@\"' '" +
                 SKINTWIN_CLI_PATH + "' " + args);
}

void expect_no_temporaries(const fs::path& dir) {
  for (const auto& entry : fs::directory_iterator(dir))
    EXPECT_EQ(entry.path().filename().string().find(".tmp."), std::string::npos) << entry.path();
}

void expect_one_clear_line(const CliResult& r, const fs::path& path, const std::string& reason) {
  EXPECT_EQ(r.exit_code, kExitOutputError) << r.err;
  EXPECT_EQ(count_lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find(path.string()), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(reason), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("internal error"), std::string::npos) << r.err;
}

class MountedTmpfs {
public:
  explicit MountedTmpfs(fs::path dir) : dir_(std::move(dir)) {
    fs::create_directories(dir_);
    mounted_ = ::geteuid() == 0 && ::mount("tmpfs", dir_.c_str(), "tmpfs", 0, "size=3m") == 0;
  }
  ~MountedTmpfs() {
    if (mounted_) ::umount(dir_.c_str());
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  bool mounted() const { return mounted_; }
  const fs::path& dir() const { return dir_; }

private:
  fs::path dir_;
  bool mounted_ = false;
};

// The reproduction: the 3 MB disk holds one 1.9 MB checkpoint (20 species and the two fields
// of the injury footprint on 200 x 105 voxels; 2 MB until the lesion and delivery species), not two.
TEST(WriteFailureCli, DiskFullKeepsTheLastGoodCheckpointAndExitsCleanly) {
  use_passive_openmp_waits();
  const MountedTmpfs disk(scratch_dir("tmpfs"));
  if (!disk.mounted()) {
    GTEST_SKIP() << "needs root and `mount -t tmpfs` (the file-size-limit tests cover the rest)";
  }
  const fs::path out = disk.dir() / "b";
  const CliResult r = run_cli(
      "simulate examples/cheek_pen_1p5mm.toml --set simulate.duration_days=3 --set simulate.fields_every_days=0"
      " --checkpoint-every 0.5 --quiet -o " +
      quoted(out));
  EXPECT_NE(r.exit_code, 139) << "segfault";
  EXPECT_NE(r.exit_code, 134) << "abort";
  expect_one_clear_line(r, out / "checkpoint.h5", "disk full (No space left on device)");
  expect_no_temporaries(out);
  EXPECT_FALSE(fs::exists(out / "timeseries.csv"));  // the run did not finish
  ASSERT_TRUE(fs::exists(out / "checkpoint.h5"));
  const io::Checkpoint kept = io::read_checkpoint(out / "checkpoint.h5");
  EXPECT_DOUBLE_EQ(kept.t_days, 0.5);
}

// A gzip snapshot larger than the limit fails; the earlier snapshots and the XDMF index that
// lists only them stay, and nothing half-written is left.
TEST(WriteFailureCli, FileSizeLimitOnAFieldSnapshotIsAnOutputError) {
  use_passive_openmp_waits();
  const fs::path reference = scratch_dir("fsize_reference");
  ASSERT_EQ(run_cli(small_gzip_run(reference)).exit_code, 0);
  const std::uintmax_t first = fs::file_size(reference / "fields_000000.h5");
  const std::uintmax_t second = fs::file_size(reference / "fields_000001.h5");
  ASSERT_LT(first + 2048, second) << "the first snapshot (uniform fields) should compress much better";
  const std::uintmax_t limit_kib = (first + second) / 2 / 1024;

  const fs::path out = scratch_dir("fsize");
  const CliResult r = run_cli_with_file_size_limit(limit_kib, small_gzip_run(out));
  expect_one_clear_line(r, out / "fields_000001.h5", "File too large");
  expect_no_temporaries(out);
  EXPECT_TRUE(fs::exists(out / "fields_000000.h5"));
  EXPECT_FALSE(fs::exists(out / "fields_000001.h5"));
  const std::string xdmf = slurp(out / "fields.xdmf");
  EXPECT_NE(xdmf.find("fields_000000.h5"), std::string::npos);
  EXPECT_EQ(xdmf.find("fields_000001.h5"), std::string::npos);
  fs::remove_all(reference);
  fs::remove_all(out);
}

// A checkpoint larger than the limit (about 270 KB: 17 fields on 75 x 53 voxels): no checkpoint.h5
// that looks complete, no temporary.
TEST(WriteFailureCli, FileSizeLimitOnACheckpointLeavesNoCheckpoint) {
  use_passive_openmp_waits();
  const fs::path out = scratch_dir("fsize_checkpoint");
  const CliResult r = run_cli_with_file_size_limit(
      200, "simulate examples/cheek_pen_1p5mm.toml --set simulate.width_mm=3 --set simulate.spacing_um=40"
           " --set simulate.duration_days=1 --set simulate.fields_every_days=0 --checkpoint-every 0.5 --quiet -o " +
               quoted(out));
  expect_one_clear_line(r, out / "checkpoint.h5", "File too large");
  expect_no_temporaries(out);
  EXPECT_FALSE(fs::exists(out / "checkpoint.h5"));
  EXPECT_TRUE(fs::exists(out / "timeseries.partial.csv"));  // rows up to the failed checkpoint
  fs::remove_all(out);
}

// A folder where a file is: no permission bits involved, so it works as root too.
TEST(WriteFailureCli, OutputFolderBlockedByAFileIsAnOutputError) {
  const fs::path dir = scratch_dir("blocked");
  std::ofstream(dir / "file") << "not a folder";
  for (const std::string command : {"simulate examples/cheek_pen_1p5mm.toml --quiet", "punctures examples/pen_12_cheek.toml"}) {
    const CliResult r = run_cli(command + " -o " + quoted(dir / "file" / "out"));
    expect_one_clear_line(r, dir / "file" / "out", "Not a directory");
  }
  fs::remove_all(dir);
}

// chmod 0555 stops only a user without root's powers: as root the CLI runs as nobody.
std::string unprivileged_prefix() {
  if (::geteuid() != 0) return "";
  if (std::system("command -v setpriv >/dev/null 2>&1") != 0) return "-";
  return "setpriv --reuid=65534 --regid=65534 --clear-groups ";
}

TEST(WriteFailureCli, ReadOnlyOutputFolderIsAnOutputError) {
  const std::string prefix = unprivileged_prefix();
  if (prefix == "-") {
    GTEST_SKIP() << "running as root without setpriv: cannot drop the permission bypass";
  }
  const fs::path root = scratch_dir("readonly");
  fs::permissions(root, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec | fs::perms::others_read |
                            fs::perms::others_exec);
  struct Case {
    std::string command;
    bool with_previous_outputs;
  };
  // The unprivileged user may not be able to enter the checkout (a clone in a 0700 folder, as
  // `mktemp -d` makes): it runs a copy of the binary on copies of the configs, inside `root`.
  const fs::path examples = fs::path(SKINTWIN_SOURCE_DIR) / "examples";
  fs::copy_file(SKINTWIN_CLI_PATH, root / "skintwin");
  for (const char* name : {"cheek_pen_1p5mm.toml", "pen_12_cheek.toml"}) fs::copy_file(examples / name, root / name);
  for (const Case& c : {Case{"simulate cheek_pen_1p5mm.toml --quiet", false},
                        Case{"simulate cheek_pen_1p5mm.toml --quiet", true},
                        Case{"punctures pen_12_cheek.toml", false}}) {
    const fs::path out = root / ("out" + std::to_string(c.with_previous_outputs) + c.command.substr(0, 3));
    fs::create_directories(out);
    if (c.with_previous_outputs) std::ofstream(out / "timeseries.csv") << "from an earlier run\n";
    fs::permissions(out, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                             fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec);
    std::string cmd = "--version >/dev/null; cd ";
    cmd += quoted(root);
    cmd += " && ";
    cmd += prefix;
    cmd += quoted(root / "skintwin");
    cmd += " ";
    cmd += c.command;
    cmd += " -o ";
    cmd += quoted(out);
    const CliResult r = run_cli(cmd);
    expect_one_clear_line(r, out, "Permission denied");
    if (c.with_previous_outputs) {
      EXPECT_EQ(slurp(out / "timeseries.csv"), "from an earlier run\n");
    }
    fs::permissions(out, fs::perms::owner_all);
  }
  fs::remove_all(root);
}

}  // namespace
}  // namespace skintwin::test
