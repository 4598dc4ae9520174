// The field series must open in ParaView as a time series. ParaView is too heavy for CI, so this
// reads what ParaView's XDMF readers read: the XDMF text is parsed as XML, every HDF5 reference in
// it is followed with the HDF5 C API, and the shapes, spacing, times and values are checked
// against the grid and against the analytic pattern that was written.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>
#include <hdf5.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "skintwin/core/error.hpp"
#include "skintwin/core/notice.hpp"
#include "skintwin/grid/field_set.hpp"
#include "skintwin/io/field_writer.hpp"
#include "skintwin/io/files.hpp"
#include "scratch_folder.hpp"

namespace skintwin::io {
namespace {

namespace fs = std::filesystem;

fs::path fresh_dir(const std::string& name) { return test::scratch_folder("fields_" + name, false); }

// Exactly representable in float for the grids below (integers < 2^24 plus binary fractions).
double pattern(std::size_t species, int i, int j, int k, double t_days) {
  return 1000.0 * static_cast<double>(species) + i + 10.0 * j + 100.0 * k + t_days;
}

grid::FieldSet filled(const grid::Grid& g, const std::vector<std::string>& names, double t_days) {
  grid::FieldSet fields(g, names);
  for (std::size_t s = 0; s < names.size(); ++s)
    for (int k = 0; k < g.nz(); ++k)
      for (int j = 0; j < g.ny(); ++j)
        for (int i = 0; i < g.nx(); ++i) fields.field(s)[g.index(i, j, k)] = static_cast<grid::Real>(pattern(s, i, j, k, t_days));
  return fields;
}

// ---- a small XML reader: enough for XDMF, strict about nesting ------------------------------
struct Element {
  std::string name;
  std::map<std::string, std::string> attributes;
  std::string text;
  std::vector<Element> children;

  std::vector<const Element*> all(const std::string& child) const {
    std::vector<const Element*> found;
    for (const Element& c : children)
      if (c.name == child) found.push_back(&c);
    return found;
  }
  const Element& one(const std::string& child) const {
    const auto found = all(child);
    if (found.size() != 1) throw std::runtime_error("expected one <" + child + "> in <" + name + ">");
    return *found.front();
  }
  const std::string& attr(const std::string& key) const {
    const auto it = attributes.find(key);
    if (it == attributes.end()) throw std::runtime_error("<" + name + "> has no attribute " + key);
    return it->second;
  }
};

class XmlReader {
public:
  explicit XmlReader(std::string text) : s_(std::move(text)) {}

  Element document() {
    skip_misc();
    Element root = element();
    skip_misc();
    if (pos_ != s_.size()) fail("content after the root element");
    return root;
  }

private:
  [[noreturn]] void fail(const std::string& why) const {
    throw std::runtime_error("XML: " + why + " at offset " + std::to_string(pos_));
  }
  bool starts(const std::string& token) const { return s_.compare(pos_, token.size(), token) == 0; }
  void skip_space() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }
  void skip_past(const std::string& end) {
    const std::size_t at = s_.find(end, pos_);
    if (at == std::string::npos) fail("unterminated " + end);
    pos_ = at + end.size();
  }
  void skip_misc() {
    for (;;) {
      skip_space();
      if (starts("<?")) skip_past("?>");
      else if (starts("<!--")) skip_past("-->");
      else return;
    }
  }
  std::string name() {
    const std::size_t begin = pos_;
    while (pos_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == ':' || s_[pos_] == '_'))
      ++pos_;
    if (pos_ == begin) fail("expected a name");
    return s_.substr(begin, pos_ - begin);
  }
  Element element() {
    if (!starts("<")) fail("expected '<'");
    ++pos_;
    Element e;
    e.name = name();
    for (;;) {
      skip_space();
      if (starts("/>")) {
        pos_ += 2;
        return e;
      }
      if (starts(">")) break;
      const std::string key = name();
      skip_space();
      if (!starts("=\"")) fail("expected =\"");
      pos_ += 2;
      const std::size_t end = s_.find('"', pos_);
      if (end == std::string::npos) fail("unterminated attribute");
      if (!e.attributes.emplace(key, s_.substr(pos_, end - pos_)).second) fail("duplicate attribute " + key);
      pos_ = end + 1;
    }
    ++pos_;
    for (;;) {
      skip_misc();
      if (starts("</")) {
        pos_ += 2;
        if (name() != e.name) fail("mismatched closing tag for <" + e.name + ">");
        skip_space();
        if (!starts(">")) fail("expected '>'");
        ++pos_;
        return e;
      }
      if (starts("<")) {
        e.children.push_back(element());
      } else {
        const std::size_t end = s_.find('<', pos_);
        if (end == std::string::npos) fail("unterminated element <" + e.name + ">");
        e.text += s_.substr(pos_, end - pos_);
        pos_ = end;
      }
    }
  }

  std::string s_;
  std::size_t pos_ = 0;
};

std::vector<double> numbers(const std::string& text) {
  std::istringstream in(text);
  std::vector<double> values;
  for (double v = 0; in >> v;) values.push_back(v);
  return values;
}

std::string trimmed(const std::string& text) {
  const auto begin = text.find_first_not_of(" \n\t");
  const auto end = text.find_last_not_of(" \n\t");
  return begin == std::string::npos ? "" : text.substr(begin, end - begin + 1);
}

// ---- HDF5 read-back with the C API directly --------------------------------------------------
struct Id {
  hid_t id;
  herr_t (*close)(hid_t);
  ~Id() {
    if (id >= 0) close(id);
  }
};

std::vector<hsize_t> dataset_dims(hid_t file, const std::string& name) {
  const Id dataset{H5Dopen2(file, name.c_str(), H5P_DEFAULT), H5Dclose};
  if (dataset.id < 0) return {};
  const Id space{H5Dget_space(dataset.id), H5Sclose};
  std::vector<hsize_t> dims(static_cast<std::size_t>(H5Sget_simple_extent_ndims(space.id)));
  H5Sget_simple_extent_dims(space.id, dims.data(), nullptr);
  return dims;
}

std::vector<double> dataset_values(hid_t file, const std::string& name) {
  const Id dataset{H5Dopen2(file, name.c_str(), H5P_DEFAULT), H5Dclose};
  const Id space{H5Dget_space(dataset.id), H5Sclose};
  std::vector<double> values(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.id)));
  EXPECT_GE(H5Dread(dataset.id, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), 0);
  return values;
}

std::string string_attribute(hid_t object, const std::string& name) {
  const Id attribute{H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose};
  const Id type{H5Aget_type(attribute.id), H5Tclose};
  std::string text(H5Tget_size(type.id), '\0');
  H5Aread(attribute.id, type.id, text.data());
  return text.substr(0, text.find('\0'));
}

double double_attribute(hid_t object, const std::string& name) {
  const Id attribute{H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose};
  double value = 0;
  H5Aread(attribute.id, H5T_NATIVE_DOUBLE, &value);
  return value;
}

// Checks the whole series the way a reader of the XDMF file sees it.
void expect_paraview_series(const fs::path& dir, const grid::Grid& g, const std::vector<std::string>& species,
                            const std::vector<double>& times) {
  const Element xdmf = XmlReader(read_text_file(dir / "fields.xdmf")).document();
  ASSERT_EQ(xdmf.name, "Xdmf");
  EXPECT_EQ(xdmf.attr("Version"), "3.0");
  const Element& collection = xdmf.one("Domain").one("Grid");
  EXPECT_EQ(collection.attr("GridType"), "Collection");
  EXPECT_EQ(collection.attr("CollectionType"), "Temporal");
  const auto steps = collection.all("Grid");
  ASSERT_EQ(steps.size(), times.size());

  const std::vector<double> node_dims{double(g.nz() + 1), double(g.ny() + 1), double(g.nx() + 1)};
  const std::vector<double> cell_dims{double(g.nz()), double(g.ny()), double(g.nx())};
  double previous_t = -1e300;
  for (std::size_t n = 0; n < steps.size(); ++n) {
    const Element& step = *steps[n];
    EXPECT_EQ(step.attr("GridType"), "Uniform");
    const double t = std::stod(step.one("Time").attr("Value"));
    EXPECT_GT(t, previous_t) << "times must increase";
    EXPECT_EQ(t, times[n]);
    previous_t = t;

    const Element& topology = step.one("Topology");
    EXPECT_EQ(topology.attr("TopologyType"), "3DCoRectMesh");
    EXPECT_EQ(numbers(topology.attr("Dimensions")), node_dims);
    const Element& geometry = step.one("Geometry");
    EXPECT_EQ(geometry.attr("GeometryType"), "ORIGIN_DXDYDZ");
    const auto items = geometry.all("DataItem");
    ASSERT_EQ(items.size(), 2u);
    EXPECT_EQ(numbers(items[0]->text), (std::vector<double>{0, 0, 0}));
    // XDMF's order is z, y, x (slowest first), like the dimensions.
    EXPECT_EQ(numbers(items[1]->text), (std::vector<double>{g.spacing_um(grid::Axis::Z), g.spacing_um(grid::Axis::Y),
                                                            g.spacing_um(grid::Axis::X)}));

    const auto attributes = step.all("Attribute");
    ASSERT_EQ(attributes.size(), species.size());
    for (std::size_t s = 0; s < species.size(); ++s) {
      const Element& attribute = *attributes[s];
      EXPECT_EQ(attribute.attr("Name"), species[s]);
      EXPECT_EQ(attribute.attr("Center"), "Cell");
      const Element& item = attribute.one("DataItem");
      EXPECT_EQ(item.attr("Format"), "HDF");
      EXPECT_EQ(std::stoul(item.attr("Precision")), sizeof(grid::Real));
      EXPECT_EQ(numbers(item.attr("Dimensions")), cell_dims);
      const std::string reference = trimmed(item.text);
      const auto colon = reference.find(':');
      ASSERT_NE(colon, std::string::npos) << reference;
      const fs::path file_path = dir / reference.substr(0, colon);  // relative to the XDMF file
      ASSERT_TRUE(fs::exists(file_path)) << file_path;
      const Id file{H5Fopen(file_path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose};
      ASSERT_GE(file.id, 0);
      const std::string dataset = reference.substr(colon + 1);
      const std::vector<hsize_t> dims = dataset_dims(file.id, dataset);
      ASSERT_EQ(dims.size(), 3u) << dataset;
      EXPECT_EQ((std::vector<double>{double(dims[0]), double(dims[1]), double(dims[2])}), cell_dims);
      EXPECT_EQ(double_attribute(file.id, "t_days"), times[n]);
      EXPECT_EQ(string_attribute(file.id, "notice"), kNotice);

      // Element [k][j][i] of the (nz, ny, nx) dataset is cell (i, j, k): x varies fastest.
      const std::vector<double> values = dataset_values(file.id, dataset);
      std::size_t flat = 0;
      for (int k = 0; k < g.nz(); ++k)
        for (int j = 0; j < g.ny(); ++j)
          for (int i = 0; i < g.nx(); ++i, ++flat)
            ASSERT_EQ(values[flat], pattern(s, i, j, k, times[n])) << species[s] << " at " << i << "," << j << "," << k;
    }
  }
}

void write_series(const fs::path& dir, const grid::Grid& g, const std::vector<std::string>& species,
                  const std::vector<double>& times, FieldSeriesOptions options = {}) {
  FieldSeriesWriter writer(dir, "fields", g, species, std::move(options));
  for (const double t : times) writer.append(filled(g, species, t), t);
  EXPECT_EQ(writer.size(), times.size());
}

TEST(FieldSeriesWriter, Series2dOpensAsParaViewTimeSeries) {
  const fs::path dir = fresh_dir("2d");
  const grid::Grid g = grid::Grid::make_2d(7, 5, 10.0, 20.0);
  const std::vector<std::string> species{"damage", "collagen_I", "VEGF"};
  const std::vector<double> times{0.0, 0.25, 3.5};
  write_series(dir, g, species, times);
  expect_paraview_series(dir, g, species, times);
}

TEST(FieldSeriesWriter, Series3dOpensAsParaViewTimeSeries) {
  const fs::path dir = fresh_dir("3d");
  const grid::Grid g = grid::Grid::make_3d(6, 4, 3, 12.5, 15.0, 10.0);
  const std::vector<std::string> species{"fibroblasts", "oxygen"};
  const std::vector<double> times{1.0, 2.0, 28.0};
  write_series(dir, g, species, times);
  expect_paraview_series(dir, g, species, times);
  for (std::size_t n = 0; n < times.size(); ++n)
    EXPECT_TRUE(fs::exists(dir / ("fields_00000" + std::to_string(n) + ".h5")));
  // Only final names are left behind, no temporaries.
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir)) ++files;
  EXPECT_EQ(files, times.size() + 1);
}

TEST(FieldSeriesWriter, UnitsAttributePerSpecies) {
  const fs::path dir = fresh_dir("units");
  const grid::Grid g = grid::Grid::make_2d(3, 3, 10.0, 10.0);
  FieldSeriesOptions options;
  options.units["oxygen"] = "mmHg";
  write_series(dir, g, {"oxygen", "damage"}, {0.5}, options);
  const Id file{H5Fopen((dir / "fields_000000.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose};
  const Id oxygen{H5Dopen2(file.id, "oxygen", H5P_DEFAULT), H5Dclose};
  const Id damage{H5Dopen2(file.id, "damage", H5P_DEFAULT), H5Dclose};
  EXPECT_EQ(string_attribute(oxygen.id, "units"), "mmHg");
  EXPECT_EQ(string_attribute(damage.id, "units"), "1");
  EXPECT_EQ(double_attribute(damage.id, "t_days"), 0.5);
  EXPECT_EQ(string_attribute(damage.id, "notice"), kNotice);
}

TEST(FieldSeriesWriter, GzipIsOptionalAndLossless) {
  const grid::Grid g = grid::Grid::make_3d(32, 32, 32, 10.0, 10.0, 10.0);
  const std::vector<std::string> species{"collagen_III"};
  const fs::path plain = fresh_dir("plain");
  const fs::path packed = fresh_dir("packed");
  write_series(plain, g, species, {1.0});
  FieldSeriesOptions options;
  options.gzip_level = 6;
  write_series(packed, g, species, {1.0}, options);
  expect_paraview_series(packed, g, species, {1.0});
  // The pattern is smooth: deflate must shrink it well below the raw 128 KiB.
  EXPECT_LT(fs::file_size(packed / "fields_000000.h5"), fs::file_size(plain / "fields_000000.h5") / 2);
  EXPECT_GE(fs::file_size(plain / "fields_000000.h5"), g.voxels() * sizeof(grid::Real));
}

// No modification times in the objects: the same snapshot written twice (a second apart) is the
// same bytes, so two runs of one config can be compared file by file.
TEST(FieldSeriesWriter, TheSameFieldsAreTheSameBytes) {
  const grid::Grid g = grid::Grid::make_2d(8, 6, 10.0, 10.0);
  const std::vector<std::string> species{"fibroblasts", "collagen_i"};
  const fs::path first = fresh_dir("bytes_first");
  const fs::path second = fresh_dir("bytes_second");
  write_series(first, g, species, {0.0, 1.0});
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // object times have 1 s resolution
  write_series(second, g, species, {0.0, 1.0});
  for (const char* file : {"fields_000000.h5", "fields_000001.h5", "fields.xdmf"})
    EXPECT_EQ(read_text_file(first / file), read_text_file(second / file)) << file;
}

TEST(FieldSeriesWriter, RejectsMisuse) {
  const fs::path dir = fresh_dir("misuse");
  const grid::Grid g = grid::Grid::make_2d(4, 4, 10.0, 10.0);
  EXPECT_THROW(FieldSeriesWriter(dir, "fields", g, {"bad name"}), std::invalid_argument);
  EXPECT_THROW(FieldSeriesWriter(dir, "fields", g, {"a/b"}), std::invalid_argument);
  EXPECT_THROW(FieldSeriesWriter(dir, "", g, {"a"}), std::invalid_argument);
  FieldSeriesOptions bad_gzip;
  bad_gzip.gzip_level = 10;
  EXPECT_THROW(FieldSeriesWriter(dir, "fields", g, {"a"}, bad_gzip), std::invalid_argument);

  FieldSeriesWriter writer(dir, "fields", g, {"a", "b"});
  writer.append(filled(g, {"a", "b"}, 1.0), 1.0);
  EXPECT_THROW(writer.append(filled(g, {"a", "b"}, 1.0), 1.0), std::invalid_argument);  // not later
  EXPECT_THROW(writer.append(filled(g, {"b", "a"}, 2.0), 2.0), std::invalid_argument);  // other order
  EXPECT_THROW(writer.append(filled(grid::Grid::make_2d(4, 5, 10.0, 10.0), {"a", "b"}, 2.0), 2.0),
               std::invalid_argument);
  EXPECT_EQ(writer.size(), 1u);
  EXPECT_FALSE(fs::exists(dir / "fields_000001.h5"));
}

TEST(FieldSeriesWriter, UnwritableFolderIsAnInputErrorNamingIt) {
  const fs::path dir = fresh_dir("blocked");
  fs::create_directories(dir.parent_path());
  std::ofstream(dir) << "a file where the folder should be";
  const grid::Grid g = grid::Grid::make_2d(2, 2, 10.0, 10.0);
  try {
    FieldSeriesWriter writer(dir, "fields", g, {"a"});
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.value(), dir.string());
  }
  fs::remove(dir);
}

TEST(FieldSeriesWriter, ResumeKeepsPointsUpToTheCheckpointAndContinues) {
  const fs::path dir = fresh_dir("resume");
  const grid::Grid g = grid::Grid::make_2d(5, 4, 10.0, 10.0);
  const std::vector<std::string> species{"damage", "oxygen"};
  write_series(dir, g, species, {0.5, 1.0, 2.0, 4.0});
  std::ofstream(dir / "fields_000004.h5.tmp.12345") << "half a file from a killed run";
  std::ofstream(dir / "other.csv") << "not ours";

  FieldSeriesWriter writer = FieldSeriesWriter::resume(dir, "fields", g, species, 1.0);
  EXPECT_EQ(writer.times_days(), (std::vector<double>{0.5, 1.0}));
  EXPECT_FALSE(fs::exists(dir / "fields_000002.h5"));
  EXPECT_FALSE(fs::exists(dir / "fields_000003.h5"));
  EXPECT_FALSE(fs::exists(dir / "fields_000004.h5.tmp.12345"));
  EXPECT_TRUE(fs::exists(dir / "other.csv"));
  expect_paraview_series(dir, g, species, {0.5, 1.0});

  writer.append(filled(g, species, 1.5), 1.5);
  expect_paraview_series(dir, g, species, {0.5, 1.0, 1.5});
}

TEST(FieldSeriesWriter, ResumeRejectsADamagedSnapshot) {
  const fs::path dir = fresh_dir("resume_bad");
  const grid::Grid g = grid::Grid::make_2d(3, 3, 10.0, 10.0);
  write_series(dir, g, {"a"}, {1.0});
  std::ofstream(dir / "fields_000000.h5", std::ios::trunc) << "garbage";
  try {
    FieldSeriesWriter::resume(dir, "fields", g, {"a"}, 1.0);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.value(), (dir / "fields_000000.h5").string());
  }
}

// ---- the temp + rename helper every HDF5 file goes through -----------------------------------
TEST(AtomicWriteDeathTest, ProcessKilledBeforeRenameLeavesNoFinalFile) {
  const fs::path dir = fresh_dir("crash");
  fs::create_directories(dir);
  const fs::path target = dir / "fields_000000.h5";
  EXPECT_EXIT(write_file_atomic_with(target,
                                     [](const fs::path& temp) {
                                       std::ofstream(temp, std::ios::binary) << "a complete-looking file";
                                       std::_Exit(0);  // killed between the write and the rename
                                     }),
              ::testing::ExitedWithCode(0), "");
  EXPECT_FALSE(fs::exists(target));
}

TEST(AtomicWriteDeathTest, ProcessKilledDuringRewriteKeepsThePreviousFile) {
  const fs::path dir = fresh_dir("crash_rewrite");
  fs::create_directories(dir);
  const fs::path target = dir / "fields.xdmf";
  write_file_atomic(target, "previous complete version");
  EXPECT_EXIT(write_file_atomic_with(target,
                                     [](const fs::path& temp) {
                                       std::ofstream(temp, std::ios::binary) << "new, half";
                                       std::_Exit(0);
                                     }),
              ::testing::ExitedWithCode(0), "");
  EXPECT_EQ(read_text_file(target), "previous complete version");
}

TEST(AtomicWrite, WriterErrorRemovesTheTemporaryAndPropagates) {
  const fs::path dir = fresh_dir("throw");
  fs::create_directories(dir);
  const fs::path target = dir / "checkpoint.h5";
  fs::path temp_seen;
  EXPECT_THROW(write_file_atomic_with(target,
                                      [&](const fs::path& temp) {
                                        temp_seen = temp;
                                        std::ofstream(temp) << "partial";
                                        throw std::runtime_error("disk full");
                                      }),
               std::runtime_error);
  EXPECT_NE(temp_seen, target);
  EXPECT_EQ(temp_seen.parent_path(), target.parent_path());  // same folder: rename is atomic
  EXPECT_FALSE(fs::exists(temp_seen));
  EXPECT_FALSE(fs::exists(target));
}

}  // namespace
}  // namespace skintwin::io
