#include "skintwin/io/files.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <system_error>

#include <unistd.h>

#include "skintwin/core/error.hpp"

namespace skintwin::io {

void write_file_atomic(const std::filesystem::path& path, std::string_view content) {
  std::filesystem::path tmp = path;
  tmp += ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw InputError("output", path.string(), "cannot create file in this folder (check it exists and is writable)");
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
    if (!out) throw InputError("output", path.string(), "write failed (disk full?)");
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    throw InputError("output", path.string(), "cannot rename the finished file into place");
  }
}

void write_file_atomic_with(const std::filesystem::path& path,
                            const std::function<void(const std::filesystem::path& temp_path)>& write_temp) {
  std::filesystem::path tmp = path;
  tmp += ".tmp." + std::to_string(::getpid());
  std::error_code ec;
  try {
    write_temp(tmp);
  } catch (...) {
    std::filesystem::remove(tmp, ec);
    throw;
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    throw InputError("output", path.string(), "cannot rename the finished file into place");
  }
}

std::string read_text_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("file", path.string(), "cannot be opened for reading (does it exist?)");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void ensure_directory(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir))
    throw InputError("output", dir.string(), "cannot create this folder: " + ec.message());
}

}  // namespace skintwin::io
