// A checkpoint edited after it was written (its config or its state rewritten with a valid HDF5
// tool, so HDF5's own checksums pass) is refused, naming what no longer matches: resuming it would
// give another run under the old run's name.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <filesystem>
#include <string>

#include "skintwin/core/error.hpp"
#include "skintwin/io/checkpoint.hpp"
#include "scratch_folder.hpp"

namespace skintwin::io {
namespace {

namespace fs = std::filesystem;

fs::path fresh_checkpoint(const std::string& name) {
  const fs::path dir = test::scratch_folder("checkpoint_sum_" + name);
  const grid::Grid g = grid::Grid::make_2d(6, 5, 10.0, 10.0);
  Checkpoint c{.fields = grid::FieldSet(g, {"damage", "collagen_I"})};
  c.t_days = 0.5;
  c.step = 40;
  c.dt_min = 30.0;
  c.seed = 42;
  c.config_toml = "[simulate]\nduration_days = 0.5\n";
  c.extra["next_stop"] = std::int64_t{7};
  c.fields.field(1)[3] = grid::Real{2};
  const fs::path path = checkpoint_path(dir);
  write_checkpoint(path, c);
  return path;
}

std::string refusal(const fs::path& path) {
  try {
    read_checkpoint(path);
  } catch (const InputError& e) {
    EXPECT_EQ(e.key(), "checkpoint");
    EXPECT_EQ(e.value(), path.string());
    return e.what();
  }
  ADD_FAILURE() << "an edited checkpoint was read without complaint";
  return {};
}

TEST(CheckpointChecksum, UneditedCheckpointReadsBack) {
  const fs::path path = fresh_checkpoint("plain");
  const Checkpoint c = read_checkpoint(path);
  EXPECT_EQ(c.config_toml, "[simulate]\nduration_days = 0.5\n");
}

TEST(CheckpointChecksum, EditedConfigIsRefusedNamingIt) {
  const fs::path path = fresh_checkpoint("config");
  {
    const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    ASSERT_GE(file, 0);
    const hid_t dataset = H5Dopen2(file, "config_toml", H5P_DEFAULT);
    ASSERT_GE(dataset, 0);
    const hid_t type = H5Dget_type(dataset);
    std::string text = "[simulate]\nduration_days = 9.5\n";  // same length, another run
    text.resize(H5Tget_size(type), '\0');
    ASSERT_GE(H5Dwrite(dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, text.data()), 0);
    H5Tclose(type);
    H5Dclose(dataset);
    H5Fclose(file);
  }
  const std::string what = refusal(path);
  EXPECT_NE(what.find("config_toml"), std::string::npos) << what;
}

TEST(CheckpointChecksum, EditedStateIsRefusedNamingIt) {
  const fs::path path = fresh_checkpoint("state");
  {
    const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    ASSERT_GE(file, 0);
    const hid_t attribute = H5Aopen(file, "t_days", H5P_DEFAULT);
    ASSERT_GE(attribute, 0);
    const double later = 0.75;
    ASSERT_GE(H5Awrite(attribute, H5T_NATIVE_DOUBLE, &later), 0);
    H5Aclose(attribute);
    H5Fclose(file);
  }
  const std::string what = refusal(path);
  EXPECT_NE(what.find("state"), std::string::npos) << what;
}

}  // namespace
}  // namespace skintwin::io
