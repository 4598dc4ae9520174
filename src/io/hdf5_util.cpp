#include "hdf5_util.hpp"

#include <algorithm>
#include <functional>
#include <type_traits>
#include <utility>

namespace skintwin::io::h5 {
namespace {

void check(herr_t status, std::string_view what) {
  if (status < 0) throw Failure(std::string(what));
}

// Chunks of about 1 MiB along z: large enough for fast I/O, small enough that a 2D grid with
// few cells per plane still gets many planes per chunk.
std::array<hsize_t, 3> chunk_dims(const std::array<hsize_t, 3>& dims) {
  constexpr hsize_t kChunkBytes = hsize_t{1} << 20;
  const hsize_t plane_bytes = dims[1] * dims[2] * sizeof(grid::Real);
  const hsize_t planes = std::clamp<hsize_t>(kChunkBytes / std::max<hsize_t>(plane_bytes, 1), 1, dims[0]);
  return {planes, dims[1], dims[2]};
}

hid_t file_real_type() { return std::is_same_v<grid::Real, double> ? H5T_IEEE_F64LE : H5T_IEEE_F32LE; }
hid_t native_real_type() { return std::is_same_v<grid::Real, double> ? H5T_NATIVE_DOUBLE : H5T_NATIVE_FLOAT; }

Handle string_type(std::size_t length) {  // closed by the caller
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "copy string type");
  // HDF5 rejects zero-sized string types: an empty text is stored as one NUL byte.
  check(H5Tset_size(type.id(), std::max<std::size_t>(length, 1)), "set string size");
  check(H5Tset_strpad(type.id(), H5T_STR_NULLPAD), "set string padding");
  return type;
}

Handle open_attribute(hid_t object, const std::string& name) {
  return Handle(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose, "open attribute '" + name + "'");
}

template <class T>
void write_numeric_attribute(hid_t object, const std::string& name, hid_t file_type, hid_t mem_type,
                             std::span<const T> values, bool scalar) {
  const hsize_t count = values.size();
  Handle space = scalar ? Handle(H5Screate(H5S_SCALAR), H5Sclose, "create scalar space")
                        : Handle(H5Screate_simple(1, &count, nullptr), H5Sclose, "create attribute space");
  Handle attribute(H5Acreate2(object, name.c_str(), file_type, space.id(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
                   "create attribute '" + name + "'");
  check(H5Awrite(attribute.id(), mem_type, values.data()), "write attribute '" + name + "'");
  attribute.close();
  space.close();
}

hsize_t attribute_element_count(hid_t attribute) {
  Handle space(H5Aget_space(attribute), H5Sclose, "attribute space");
  const hssize_t count = H5Sget_simple_extent_npoints(space.id());
  if (count < 0) throw Failure("attribute size");
  return static_cast<hsize_t>(count);
}

H5T_class_t attribute_class(hid_t attribute) {
  Handle type(H5Aget_type(attribute), H5Tclose, "attribute type");
  return H5Tget_class(type.id());
}

template <class T>
std::vector<T> read_numeric_attribute(hid_t object, const std::string& name, H5T_class_t expected, hid_t mem_type) {
  Handle attribute = open_attribute(object, name);
  if (attribute_class(attribute.id()) != expected) throw Failure("attribute '" + name + "' has the wrong type");
  std::vector<T> values(attribute_element_count(attribute.id()));
  check(H5Aread(attribute.id(), mem_type, values.data()), "read attribute '" + name + "'");
  return values;
}

template <class T>
T read_single(hid_t object, const std::string& name, H5T_class_t expected, hid_t mem_type) {
  const std::vector<T> values = read_numeric_attribute<T>(object, name, expected, mem_type);
  if (values.size() != 1) throw Failure("attribute '" + name + "' is not a single value");
  return values.front();
}

std::string trim_padding(std::string text) {
  text.erase(std::find(text.begin(), text.end(), '\0'), text.end());
  return text;
}

std::string read_fixed_string(hid_t stored_type, const std::string& what, const std::function<herr_t(hid_t, void*)>& read) {
  if (H5Tget_class(stored_type) != H5T_STRING || H5Tis_variable_str(stored_type) != 0)
    throw Failure(what + " is not a fixed-length string");
  const std::size_t size = H5Tget_size(stored_type);
  std::string text(size, '\0');
  Handle mem_type = string_type(size);
  check(read(mem_type.id(), text.data()), "read " + what);
  return trim_padding(std::move(text));
}

}  // namespace

Handle::Handle(hid_t id, Closer closer, std::string_view what) : id_(id), close_(closer) {
  if (id_ < 0) throw Failure("HDF5: cannot " + std::string(what));
}

Handle::Handle(Handle&& other) noexcept
    : id_(std::exchange(other.id_, H5I_INVALID_HID)), close_(std::exchange(other.close_, nullptr)) {}

Handle& Handle::operator=(Handle&& other) noexcept {
  if (this != &other) {
    if (id_ >= 0 && close_ != nullptr) static_cast<void>(close_(id_));  // status ignored: cannot throw here
    id_ = std::exchange(other.id_, H5I_INVALID_HID);
    close_ = std::exchange(other.close_, nullptr);
  }
  return *this;
}

Handle::~Handle() {
  // Only ids not closed explicitly get here, on an error path: the error already on its way is
  // the one to report, so this close's status is ignored.
  if (id_ >= 0 && close_ != nullptr) static_cast<void>(close_(id_));
}

void Handle::close() {
  const hid_t id = std::exchange(id_, H5I_INVALID_HID);
  const Closer closer = std::exchange(close_, nullptr);
  if (id >= 0 && closer != nullptr && closer(id) < 0) throw Failure("HDF5: cannot close an object (write not finished)");
}

QuietErrors::QuietErrors() {
  H5Eget_auto2(H5E_DEFAULT, &saved_func_, &saved_data_);
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

QuietErrors::~QuietErrors() { H5Eset_auto2(H5E_DEFAULT, saved_func_, saved_data_); }

Handle create_memory_file(const std::filesystem::path& name, bool latest_format, std::size_t size_hint) {
  Handle access(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "create file access list");
  // The newest format checksums the file's metadata; ParaView's bundled HDF5 reads the 1.8
  // format, so field files keep the earliest one.
  if (latest_format) check(H5Pset_libver_bounds(access.id(), H5F_LIBVER_V18, H5F_LIBVER_LATEST), "set file format");
  constexpr std::size_t kMinIncrement = std::size_t{64} << 10;
  constexpr std::size_t kMaxIncrement = std::size_t{256} << 20;
  const std::size_t increment = std::clamp(size_hint + kMinIncrement, kMinIncrement, kMaxIncrement);
  check(H5Pset_fapl_core(access.id(), increment, /*backing_store=*/0), "use the in-memory file driver");
  Handle file(H5Fcreate(name.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, access.id()), H5Fclose, "create " + name.string());
  access.close();
  return file;
}

std::string close_to_image(Handle& file) {
  check(H5Fflush(file.id(), H5F_SCOPE_GLOBAL), "flush the file");
  // The copy, unlike the live image, has the superblock's "open for writing" flags cleared.
  const ssize_t size = H5Fget_file_image(file.id(), nullptr, 0);
  if (size <= 0) throw Failure("HDF5: cannot size the file image");
  std::string image(static_cast<std::size_t>(size), '\0');
  if (H5Fget_file_image(file.id(), image.data(), image.size()) != size) throw Failure("HDF5: cannot copy the file image");
  // HDF5 1.10.8 zeroes the superblock's status-flags byte in the copy but leaves the superblock
  // checksum (superblock v2 and later) as it was, so the copy would fail its checksum on open.
  // The live image's superblock is consistent: take its flags byte back. (The Checkpoint tests
  // read such files back with HDF5 1.10.8; without this they fail the checksum.)
  constexpr std::size_t kVersionOffset = 8, kFlagsOffset = 11, kSuperblockV2Bytes = 48;
  void* handle = nullptr;
  if (image.size() >= kSuperblockV2Bytes && static_cast<unsigned char>(image[kVersionOffset]) >= 2) {
    check(H5Fget_vfd_handle(file.id(), H5P_DEFAULT, &handle), "get the in-memory image");
    const auto* live = *static_cast<const unsigned char* const*>(handle);  // the core driver's buffer
    image[kFlagsOffset] = static_cast<char>(live[kFlagsOffset]);
  }
  file.close();
  return image;
}

Handle open_file_read(const std::filesystem::path& path) {
  return Handle(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open " + path.string());
}

// Objects are created without HDF5's modification times, so a run's files are the same bytes every
// time it is run (the times are the file's own, on disk).
Handle untimed(hid_t property_class, const char* what) {
  Handle list(H5Pcreate(property_class), H5Pclose, what);
  check(H5Pset_obj_track_times(list.id(), false), "switch off object times");
  return list;
}

Handle create_group(hid_t parent, const std::string& name) {
  const Handle create = untimed(H5P_GROUP_CREATE, "create group property list");
  return Handle(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, create.id(), H5P_DEFAULT), H5Gclose,
                "create group '" + name + "'");
}

Handle open_group(hid_t parent, const std::string& name) {
  return Handle(H5Gopen2(parent, name.c_str(), H5P_DEFAULT), H5Gclose, "open group '" + name + "'");
}

bool has_attribute(hid_t object, const std::string& name) { return H5Aexists(object, name.c_str()) > 0; }

void write_attribute(hid_t object, const std::string& name, std::string_view text) {
  Handle type = string_type(text.size());
  Handle space(H5Screate(H5S_SCALAR), H5Sclose, "create scalar space");
  Handle attribute(H5Acreate2(object, name.c_str(), type.id(), space.id(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
                   "create attribute '" + name + "'");
  std::string padded(text);
  padded.resize(std::max<std::size_t>(text.size(), 1), '\0');
  check(H5Awrite(attribute.id(), type.id(), padded.data()), "write attribute '" + name + "'");
  attribute.close();
  space.close();
  type.close();
}

void write_attribute(hid_t object, const std::string& name, double value) {
  write_numeric_attribute<double>(object, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, std::span(&value, 1), true);
}

void write_attribute(hid_t object, const std::string& name, std::int64_t value) {
  write_numeric_attribute<std::int64_t>(object, name, H5T_STD_I64LE, H5T_NATIVE_INT64, std::span(&value, 1), true);
}

void write_attribute(hid_t object, const std::string& name, std::uint64_t value) {
  write_numeric_attribute<std::uint64_t>(object, name, H5T_STD_U64LE, H5T_NATIVE_UINT64, std::span(&value, 1), true);
}

void write_attribute(hid_t object, const std::string& name, std::span<const double> values) {
  write_numeric_attribute<double>(object, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, values, false);
}

void write_attribute(hid_t object, const std::string& name, std::span<const std::int64_t> values) {
  write_numeric_attribute<std::int64_t>(object, name, H5T_STD_I64LE, H5T_NATIVE_INT64, values, false);
}

std::string read_string_attribute(hid_t object, const std::string& name) {
  Handle attribute = open_attribute(object, name);
  Handle stored(H5Aget_type(attribute.id()), H5Tclose, "attribute type");
  return read_fixed_string(stored.id(), "attribute '" + name + "'",
                           [&](hid_t mem, void* buffer) { return H5Aread(attribute.id(), mem, buffer); });
}

double read_double_attribute(hid_t object, const std::string& name) {
  return read_single<double>(object, name, H5T_FLOAT, H5T_NATIVE_DOUBLE);
}

std::int64_t read_int64_attribute(hid_t object, const std::string& name) {
  return read_single<std::int64_t>(object, name, H5T_INTEGER, H5T_NATIVE_INT64);
}

std::uint64_t read_uint64_attribute(hid_t object, const std::string& name) {
  return read_single<std::uint64_t>(object, name, H5T_INTEGER, H5T_NATIVE_UINT64);
}

std::vector<double> read_double_attributes(hid_t object, const std::string& name) {
  return read_numeric_attribute<double>(object, name, H5T_FLOAT, H5T_NATIVE_DOUBLE);
}

std::vector<std::int64_t> read_int64_attributes(hid_t object, const std::string& name) {
  return read_numeric_attribute<std::int64_t>(object, name, H5T_INTEGER, H5T_NATIVE_INT64);
}

std::vector<AttributeInfo> list_attributes(hid_t object) {
  std::vector<std::string> names;
  const H5A_operator2_t collect = [](hid_t, const char* name, const H5A_info_t*, void* data) -> herr_t {
    static_cast<std::vector<std::string>*>(data)->emplace_back(name);
    return 0;
  };
  hsize_t position = 0;
  check(H5Aiterate2(object, H5_INDEX_NAME, H5_ITER_INC, &position, collect, &names), "list attributes");
  std::vector<AttributeInfo> result;
  for (const std::string& name : names) {
    Handle attribute = open_attribute(object, name);
    result.push_back({name, attribute_class(attribute.id()) == H5T_INTEGER});
  }
  return result;
}

void write_text_dataset(hid_t parent, const std::string& name, std::string_view text) {
  Handle type = string_type(text.size());
  Handle space(H5Screate(H5S_SCALAR), H5Sclose, "create scalar space");
  const Handle create = untimed(H5P_DATASET_CREATE, "create dataset property list");
  Handle dataset(H5Dcreate2(parent, name.c_str(), type.id(), space.id(), H5P_DEFAULT, create.id(), H5P_DEFAULT),
                 H5Dclose, "create dataset '" + name + "'");
  std::string padded(text);
  padded.resize(std::max<std::size_t>(text.size(), 1), '\0');
  check(H5Dwrite(dataset.id(), type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, padded.data()), "write dataset '" + name + "'");
  dataset.close();
  space.close();
  type.close();
}

std::string read_text_dataset(hid_t parent, const std::string& name) {
  Handle dataset(H5Dopen2(parent, name.c_str(), H5P_DEFAULT), H5Dclose, "open dataset '" + name + "'");
  Handle stored(H5Dget_type(dataset.id()), H5Tclose, "dataset type");
  return read_fixed_string(stored.id(), "dataset '" + name + "'", [&](hid_t mem, void* buffer) {
    return H5Dread(dataset.id(), mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer);
  });
}

std::array<hsize_t, 3> field_dims(const grid::Grid& grid) {
  return {static_cast<hsize_t>(grid.nz()), static_cast<hsize_t>(grid.ny()), static_cast<hsize_t>(grid.nx())};
}

Handle write_field(hid_t parent, const std::string& name, const grid::Grid& grid, std::span<const grid::Real> values,
                   const DatasetLayout& layout) {
  const std::array<hsize_t, 3> dims = field_dims(grid);
  if (values.size() != grid.voxels()) throw Failure("field '" + name + "' does not match the grid");
  Handle space(H5Screate_simple(3, dims.data(), nullptr), H5Sclose, "create field space");
  Handle create = untimed(H5P_DATASET_CREATE, "create dataset property list");
  if (layout.gzip_level > 0 || layout.checksum == Checksum::Fletcher32) {
    const std::array<hsize_t, 3> chunks = chunk_dims(dims);
    check(H5Pset_chunk(create.id(), 3, chunks.data()), "set chunking");
    if (layout.checksum == Checksum::Fletcher32) check(H5Pset_fletcher32(create.id()), "set Fletcher32 checksum");
    if (layout.gzip_level > 0) check(H5Pset_deflate(create.id(), static_cast<unsigned>(layout.gzip_level)), "set gzip");
  }
  Handle dataset(H5Dcreate2(parent, name.c_str(), file_real_type(), space.id(), H5P_DEFAULT, create.id(), H5P_DEFAULT),
                 H5Dclose, "create dataset '" + name + "'");
  check(H5Dwrite(dataset.id(), native_real_type(), H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
        "write dataset '" + name + "'");
  create.close();
  space.close();
  return dataset;
}

void read_field(hid_t parent, const std::string& name, const grid::Grid& grid, std::span<grid::Real> out) {
  Handle dataset(H5Dopen2(parent, name.c_str(), H5P_DEFAULT), H5Dclose, "open dataset '" + name + "'");
  Handle stored(H5Dget_type(dataset.id()), H5Tclose, "dataset type");
  if (H5Tequal(stored.id(), file_real_type()) <= 0)
    throw Failure("dataset '" + name + "' is not stored as " + std::string(real_type_name()));
  Handle space(H5Dget_space(dataset.id()), H5Sclose, "dataset space");
  std::array<hsize_t, 3> dims{};
  if (H5Sget_simple_extent_ndims(space.id()) != 3) throw Failure("dataset '" + name + "' is not three-dimensional");
  H5Sget_simple_extent_dims(space.id(), dims.data(), nullptr);
  if (dims != field_dims(grid) || out.size() != grid.voxels())
    throw Failure("dataset '" + name + "' does not match the grid");
  check(H5Dread(dataset.id(), native_real_type(), H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()),
        "read dataset '" + name + "' (damaged data?)");
}

std::string_view real_type_name() { return std::is_same_v<grid::Real, double> ? "float64" : "float32"; }

}  // namespace skintwin::io::h5
