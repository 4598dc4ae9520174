// io's writers when the disk refuses a write. A file-size limit (RLIMIT_FSIZE, with SIGXFSZ
// ignored) makes every write past it fail with EFBIG, as a full disk fails with ENOSPC; it is
// set in a forked child (a death test) so the test process keeps its own limits.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "skintwin/core/error.hpp"
#include "skintwin/io/checkpoint.hpp"
#include "skintwin/io/field_writer.hpp"
#include "skintwin/io/files.hpp"
#include "scratch_folder.hpp"

namespace skintwin::io {
namespace {

namespace fs = std::filesystem;

fs::path fresh_dir(const std::string& name) { return test::scratch_folder("write_failure_" + name); }

void limit_file_size(rlim_t bytes) {
  std::signal(SIGXFSZ, SIG_IGN);
  const rlimit limit{bytes, bytes};
  if (::setrlimit(RLIMIT_FSIZE, &limit) != 0) std::_Exit(90);
}

Checkpoint checkpoint_on(int nx, double t_days) {
  Checkpoint c{.fields = grid::FieldSet(grid::Grid::make_2d(nx, 8, 10.0, 10.0), {"a", "b"}), .t_days = t_days,
               .step = 3, .dt_min = 1.0, .seed = 7, .config_toml = "[simulate]\n"};
  for (std::size_t s = 0; s < c.fields.count(); ++s)
    for (auto& v : c.fields.field(s)) v = static_cast<grid::Real>(t_days + static_cast<double>(s));
  c.extra["next_stop"] = std::int64_t{2};
  return c;
}

bool has_temporaries(const fs::path& dir) {
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().filename().string().find(".tmp.") != std::string::npos) return true;
  return false;
}

// Exits 0 if `write` throws an OutputError naming `path` and the file-size limit.
template <class Write>
void expect_output_error_exit(const fs::path& path, Write write) {
  try {
    write();
  } catch (const OutputError& e) {
    const std::string what = e.what();
    const bool clear = e.path() == path.string() && what.starts_with("could not write " + path.string() + ": ") &&
                       what.find("File too large") != std::string::npos;
    std::_Exit(clear ? 0 : 2);
  } catch (...) {
    std::_Exit(3);
  }
  std::_Exit(4);
}

TEST(WriteFailureDeathTest, CheckpointThatDoesNotFitKeepsThePreviousOne) {
  const fs::path dir = fresh_dir("checkpoint");
  const fs::path path = checkpoint_path(dir);
  write_checkpoint(path, checkpoint_on(4, 0.5));
  const std::uintmax_t small = fs::file_size(path);
  const Checkpoint big = checkpoint_on(4000, 1.0);  // 256 kB of fields: well past the limit below
  EXPECT_EXIT(
      {
        limit_file_size(small + 16 * 1024);
        expect_output_error_exit(path, [&] { write_checkpoint(path, big); });
      },
      ::testing::ExitedWithCode(0), "");
  const Checkpoint kept = read_checkpoint(path);
  EXPECT_DOUBLE_EQ(kept.t_days, 0.5);
  EXPECT_EQ(kept.fields.grid().nx(), 4);
  EXPECT_FALSE(has_temporaries(dir));
  fs::remove_all(dir);
}

TEST(WriteFailureDeathTest, TextFileThatDoesNotFitKeepsThePreviousOne) {
  const fs::path dir = fresh_dir("text");
  const fs::path path = dir / "timeseries.partial.csv";
  write_file_atomic(path, "previous\n");
  EXPECT_EXIT(
      {
        limit_file_size(4096);
        expect_output_error_exit(path, [&] { write_file_atomic(path, std::string(100000, 'x')); });
      },
      ::testing::ExitedWithCode(0), "");
  EXPECT_EQ(read_text_file(path), "previous\n");
  EXPECT_FALSE(has_temporaries(dir));
  fs::remove_all(dir);
}

TEST(WriteFailureDeathTest, FieldSnapshotThatDoesNotFitKeepsTheSeries) {
  const fs::path dir = fresh_dir("fields");
  const grid::Grid g = grid::Grid::make_2d(200, 40, 10.0, 10.0);  // 32 kB per species
  grid::FieldSet fields(g, {"a", "b"});
  FieldSeriesWriter writer(dir, "fields", g, {"a", "b"});
  writer.append(fields, 1.0);
  const std::string xdmf = read_text_file(writer.xdmf_path());
  EXPECT_EXIT(
      {
        limit_file_size(16 * 1024);
        expect_output_error_exit(writer.snapshot_path(1), [&] { writer.append(fields, 2.0); });
      },
      ::testing::ExitedWithCode(0), "");
  EXPECT_FALSE(fs::exists(writer.snapshot_path(1)));
  EXPECT_EQ(read_text_file(writer.xdmf_path()), xdmf);
  EXPECT_FALSE(has_temporaries(dir));
  fs::remove_all(dir);
}

TEST(WriteFailure, OutputErrorSaysWhatWasTriedOnWhichPathAndWhy) {
  const fs::path dir = fresh_dir("messages");
  const fs::path blocked = dir / "file" / "out";
  write_file_atomic(dir / "file", "a file where a folder should be");
  try {
    ensure_directory(blocked);
    FAIL() << "expected an OutputError";
  } catch (const OutputError& e) {
    EXPECT_EQ(e.path(), blocked.string());
    EXPECT_EQ(std::string(e.what()).rfind("could not create the folder " + blocked.string() + ": ", 0), 0u) << e.what();
  }
  try {
    write_file_atomic(blocked / "x.csv", "x");
    FAIL() << "expected an OutputError";
  } catch (const OutputError& e) {
    EXPECT_EQ(e.path(), (blocked / "x.csv").string());
    EXPECT_NE(std::string(e.what()).find("Not a directory"), std::string::npos) << e.what();
  }
  EXPECT_EQ(describe_write_error(ENOSPC), "disk full (No space left on device)");
  EXPECT_FALSE(remove_file(dir / "none"));
  EXPECT_TRUE(remove_file(dir / "file"));
  EXPECT_THROW(remove_file(dir), OutputError);  // a folder is not removed as a file
  fs::remove_all(dir);
}

}  // namespace
}  // namespace skintwin::io
