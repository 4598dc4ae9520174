// A resumed run can only end bit-identical to an uninterrupted one if the checkpoint gives back
// exactly the bits it was given: every float pattern (NaN payloads, -0, subnormals included) and
// every double of the stepper state.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include "skintwin/core/error.hpp"
#include "skintwin/core/rng.hpp"
#include "skintwin/io/checkpoint.hpp"
#include "skintwin/io/field_writer.hpp"
#include "skintwin/io/files.hpp"
#include "scratch_folder.hpp"

namespace skintwin::io {
namespace {

namespace fs = std::filesystem;

fs::path fresh_dir(const std::string& name) { return test::scratch_folder("checkpoint_" + name); }

using RealBits = std::conditional_t<sizeof(grid::Real) == 8, std::uint64_t, std::uint32_t>;

// Every field gets arbitrary bit patterns (so all NaN payloads, infinities, subnormals and -0
// occur in a large enough field), plus a few named special values at the start.
grid::FieldSet arbitrary_fields(const grid::Grid& g, const std::vector<std::string>& names) {
  grid::FieldSet fields(g, names);
  for (std::size_t s = 0; s < names.size(); ++s) {
    CounterRng rng(20240917, 7, static_cast<std::uint32_t>(s));
    for (grid::Real& v : fields.field(s)) {
      RealBits bits = rng.next_u32();
      if constexpr (sizeof(RealBits) == 8) bits = (bits << 32) | rng.next_u32();
      v = std::bit_cast<grid::Real>(bits);
    }
    const std::vector<grid::Real> specials{grid::Real{-0.0}, std::numeric_limits<grid::Real>::denorm_min(),
                                           std::numeric_limits<grid::Real>::infinity(),
                                           std::numeric_limits<grid::Real>::quiet_NaN(),
                                           std::numeric_limits<grid::Real>::max(), grid::Real{1} / grid::Real{3}};
    std::copy(specials.begin(), specials.end(), fields.field(s).begin());
  }
  return fields;
}

Checkpoint sample(const grid::Grid& g) {
  Checkpoint c{.fields = arbitrary_fields(g, {"damage", "fibrin", "collagen_I", "vessels"})};
  c.t_days = 0.1 + 0.2;  // not 0.3: the stored bits must be these
  c.step = 9'007'199'254'740'993;  // 2^53 + 1: not representable as a double
  c.dt_min = 1.0 / 3.0;
  c.seed = std::numeric_limits<std::uint64_t>::max();
  c.config_toml = "[device]\nset_depth_mm = 1.5 # \"quoted\" \xc2\xb5m\n\n[output]\nfields = true\n";
  c.extra["last_session_t_days"] = 14.000000000000002;
  c.extra["sessions_done"] = std::int64_t{-3};
  c.extra["controller.error"] = std::numeric_limits<double>::denorm_min();
  c.extra["min_int"] = std::numeric_limits<std::int64_t>::min();
  return c;
}

void expect_identical(const Checkpoint& a, const Checkpoint& b) {
  const grid::Grid& ga = a.fields.grid();
  const grid::Grid& gb = b.fields.grid();
  EXPECT_EQ(ga.dimensions(), gb.dimensions());
  for (const grid::Axis axis : {grid::Axis::X, grid::Axis::Y, grid::Axis::Z}) {
    EXPECT_EQ(ga.n(axis), gb.n(axis));
    EXPECT_EQ(std::bit_cast<std::uint64_t>(ga.spacing_um(axis)), std::bit_cast<std::uint64_t>(gb.spacing_um(axis)));
  }
  ASSERT_EQ(a.fields.names(), b.fields.names());
  for (std::size_t s = 0; s < a.fields.count(); ++s)
    EXPECT_EQ(std::memcmp(a.fields.field(s).data(), b.fields.field(s).data(), a.fields.field(s).size_bytes()), 0)
        << a.fields.names()[s];
  EXPECT_EQ(std::bit_cast<std::uint64_t>(a.t_days), std::bit_cast<std::uint64_t>(b.t_days));
  EXPECT_EQ(std::bit_cast<std::uint64_t>(a.dt_min), std::bit_cast<std::uint64_t>(b.dt_min));
  EXPECT_EQ(a.step, b.step);
  EXPECT_EQ(a.seed, b.seed);
  EXPECT_EQ(a.config_toml, b.config_toml);
  ASSERT_EQ(a.extra.size(), b.extra.size());
  for (const auto& [key, value] : a.extra) {
    ASSERT_TRUE(b.extra.contains(key)) << key;
    const CheckpointValue& other = b.extra.at(key);
    ASSERT_EQ(value.index(), other.index()) << key << ": integer must stay integer";
    if (std::holds_alternative<double>(value))
      EXPECT_EQ(std::bit_cast<std::uint64_t>(std::get<double>(value)), std::bit_cast<std::uint64_t>(std::get<double>(other)))
          << key;
    else
      EXPECT_EQ(std::get<std::int64_t>(value), std::get<std::int64_t>(other)) << key;
  }
}

InputError expect_input_error(const fs::path& path) {
  try {
    read_checkpoint(path);
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "expected an InputError for " << path;
  return InputError("none");
}

TEST(Checkpoint, RoundTrip3dIsBitIdentical) {
  const fs::path path = checkpoint_path(fresh_dir("3d"));
  const Checkpoint written = sample(grid::Grid::make_3d(17, 9, 33, 10.0, 12.5, 0.1 + 0.7));
  write_checkpoint(path, written);
  expect_identical(written, read_checkpoint(path));
}

TEST(Checkpoint, RoundTrip2dKeepsTheGridTwoDimensional) {
  const fs::path path = checkpoint_path(fresh_dir("2d"));
  Checkpoint written = sample(grid::Grid::make_2d(40, 25, 15.0, 20.0));
  written.extra.clear();
  written.config_toml.clear();
  write_checkpoint(path, written);
  const Checkpoint read = read_checkpoint(path);
  EXPECT_TRUE(read.fields.grid().is_2d());
  expect_identical(written, read);
}

TEST(Checkpoint, RewriteReplacesThePreviousOneWhole) {
  const fs::path path = checkpoint_path(fresh_dir("rewrite"));
  const grid::Grid g = grid::Grid::make_2d(8, 8, 10.0, 10.0);
  Checkpoint first = sample(g);
  write_checkpoint(path, first);
  Checkpoint second = sample(g);
  second.step = 7;
  second.extra = {{"only", 1.5}};
  second.fields.field(0)[0] = grid::Real{42};
  write_checkpoint(path, second);
  expect_identical(second, read_checkpoint(path));
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(path.parent_path())) ++files;
  EXPECT_EQ(files, 1u) << "no temporary file left behind";
}

TEST(Checkpoint, MissingFileIsAnInputErrorNamingIt) {
  const fs::path path = fresh_dir("missing") / "checkpoint.h5";
  EXPECT_EQ(expect_input_error(path).value(), path.string());
}

TEST(Checkpoint, TruncatedFileIsAnInputErrorNamingIt) {
  const fs::path dir = fresh_dir("truncated");
  const fs::path path = checkpoint_path(dir);
  write_checkpoint(path, sample(grid::Grid::make_3d(16, 16, 16, 10.0, 10.0, 10.0)));
  const std::string whole = read_text_file(path);
  for (const std::size_t keep : {whole.size() / 2, whole.size() - 1, std::size_t{100}}) {
    write_file_atomic(path, std::string_view(whole).substr(0, keep));
    const InputError e = expect_input_error(path);
    EXPECT_EQ(e.key(), "checkpoint");
    EXPECT_EQ(e.value(), path.string()) << "kept " << keep << " of " << whole.size() << " bytes";
  }
}

TEST(Checkpoint, DamagedFieldDataIsDetected) {
  const fs::path path = checkpoint_path(fresh_dir("damaged"));
  const grid::Grid g = grid::Grid::make_3d(20, 20, 20, 10.0, 10.0, 10.0);
  Checkpoint c = sample(g);
  // A recognisable run of values to find the field data in the file.
  const grid::Real marker = grid::Real{1234.5};
  std::fill(c.fields.field(2).begin(), c.fields.field(2).end(), marker);
  write_checkpoint(path, c);
  std::string bytes = read_text_file(path);
  std::string run;
  for (int i = 0; i < 64; ++i) run.append(reinterpret_cast<const char*>(&marker), sizeof marker);
  const std::size_t at = bytes.find(run);
  ASSERT_NE(at, std::string::npos);
  bytes[at + run.size() / 2] ^= 0x10;  // one flipped bit: still a valid float, so only a checksum sees it
  write_file_atomic(path, bytes);
  EXPECT_EQ(expect_input_error(path).value(), path.string());
}

TEST(Checkpoint, ForeignFilesAreInputErrors) {
  const fs::path dir = fresh_dir("foreign");
  const fs::path text = dir / "notes.h5";
  write_file_atomic(text, "[device]\nset_depth_mm = 1.5\n");
  EXPECT_EQ(expect_input_error(text).value(), text.string());

  // A valid HDF5 file that is not a checkpoint: a field snapshot.
  const grid::Grid g = grid::Grid::make_2d(3, 3, 10.0, 10.0);
  FieldSeriesWriter writer(dir, "fields", g, {"damage"});
  writer.append(grid::FieldSet(g, {"damage"}), 1.0);
  const InputError e = expect_input_error(writer.snapshot_path(0));
  EXPECT_EQ(e.value(), writer.snapshot_path(0).string());
  EXPECT_NE(std::string(e.what()).find("not a skintwin checkpoint"), std::string::npos) << e.what();
}

TEST(Checkpoint, RejectsNamesThatCannotBeStored) {
  const fs::path path = checkpoint_path(fresh_dir("names"));
  Checkpoint c{.fields = grid::FieldSet(grid::Grid::make_2d(2, 2, 1.0, 1.0), {"a/b"})};
  EXPECT_THROW(write_checkpoint(path, c), std::invalid_argument);
  Checkpoint d{.fields = grid::FieldSet(grid::Grid::make_2d(2, 2, 1.0, 1.0), {"a"})};
  d.extra[""] = 1.0;
  EXPECT_THROW(write_checkpoint(path, d), std::invalid_argument);
  EXPECT_FALSE(fs::exists(path));
}

}  // namespace
}  // namespace skintwin::io
