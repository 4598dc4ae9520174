#pragma once
// Private to src/io: RAII ownership of HDF5 ids and the few typed reads and writes the field
// series and the checkpoints need. Every failure throws h5::Failure; the public functions turn
// it into an InputError (reading) or OutputError (writing) that names the file.
//
// Files are written in memory (HDF5's core driver, no backing store) and their bytes are put on
// disk by io::write_file_atomic, which checks every write, fsync, close and rename. HDF5 itself
// never writes to the disk: in HDF5 1.10 a file whose H5Fclose fails (its last flush hit a full
// disk) stays half-destroyed in the library's id table, and the library's shutdown at exit then
// crashes on it (segfault in H5F__close_cb). Built in memory, a close cannot meet the disk.
#include <hdf5.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "skintwin/grid/grid.hpp"
#include "skintwin/grid/real.hpp"

namespace skintwin::io::h5 {

class Failure : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// Owns one HDF5 id and closes it with the matching H5?close function. Write paths close
// explicitly (close()) so that a failure is seen; the destructor closes what is left (after an
// exception) and ignores the status, so it never throws.
class Handle {
public:
  using Closer = herr_t (*)(hid_t);
  Handle(hid_t id, Closer closer, std::string_view what);  // throws Failure if id < 0
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle(Handle&& other) noexcept;
  Handle& operator=(Handle&& other) noexcept;
  ~Handle();

  hid_t id() const noexcept { return id_; }
  // Closes now and throws Failure if the close fails. The id is released either way: neither
  // this nor the destructor touches it again.
  void close();

private:
  hid_t id_ = H5I_INVALID_HID;
  Closer close_ = nullptr;
};

// HDF5 prints its error stack to stderr by default; we report our own errors instead. The
// previous handler is restored when this goes out of scope.
class QuietErrors {
public:
  QuietErrors();
  QuietErrors(const QuietErrors&) = delete;
  QuietErrors& operator=(const QuietErrors&) = delete;
  ~QuietErrors();

private:
  H5E_auto2_t saved_func_ = nullptr;
  void* saved_data_ = nullptr;
};

enum class Checksum { None, Fletcher32 };

struct DatasetLayout {
  int gzip_level = 0;  // 0: stored uncompressed
  Checksum checksum = Checksum::None;
};

// A new file held in memory; `name` only identifies it in messages and to HDF5. `size_hint`:
// the expected size in bytes (memory is reserved in steps of about that size).
Handle create_memory_file(const std::filesystem::path& name, bool latest_format, std::size_t size_hint);
// Flushes and closes a file made by create_memory_file and returns its complete bytes.
std::string close_to_image(Handle& file);
Handle open_file_read(const std::filesystem::path& path);
Handle create_group(hid_t parent, const std::string& name);
Handle open_group(hid_t parent, const std::string& name);

bool has_attribute(hid_t object, const std::string& name);
void write_attribute(hid_t object, const std::string& name, std::string_view text);
void write_attribute(hid_t object, const std::string& name, double value);
void write_attribute(hid_t object, const std::string& name, std::int64_t value);
void write_attribute(hid_t object, const std::string& name, std::uint64_t value);
void write_attribute(hid_t object, const std::string& name, std::span<const double> values);
void write_attribute(hid_t object, const std::string& name, std::span<const std::int64_t> values);
std::string read_string_attribute(hid_t object, const std::string& name);
double read_double_attribute(hid_t object, const std::string& name);
std::int64_t read_int64_attribute(hid_t object, const std::string& name);
std::uint64_t read_uint64_attribute(hid_t object, const std::string& name);
std::vector<double> read_double_attributes(hid_t object, const std::string& name);
std::vector<std::int64_t> read_int64_attributes(hid_t object, const std::string& name);
// Names of all attributes of `object` in name order, and whether each holds an integer.
struct AttributeInfo {
  std::string name;
  bool is_integer = false;
};
std::vector<AttributeInfo> list_attributes(hid_t object);

// A scalar fixed-length string dataset (for text too long for an attribute, e.g. a config file).
void write_text_dataset(hid_t parent, const std::string& name, std::string_view text);
std::string read_text_dataset(hid_t parent, const std::string& name);

// Fields are stored in grid order, x fastest: HDF5 dims (nz, ny, nx).
std::array<hsize_t, 3> field_dims(const grid::Grid& grid);
Handle write_field(hid_t parent, const std::string& name, const grid::Grid& grid, std::span<const grid::Real> values,
                   const DatasetLayout& layout);
// Reads exactly the stored bits; the stored type must be the IEEE type of grid::Real.
void read_field(hid_t parent, const std::string& name, const grid::Grid& grid, std::span<grid::Real> out);

// "float32" or "float64": the storage type of this build (grid::Real).
std::string_view real_type_name();

}  // namespace skintwin::io::h5
