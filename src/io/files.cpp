#include "skintwin/io/files.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>

#include <fcntl.h>
#include <unistd.h>

#include "skintwin/core/error.hpp"

namespace skintwin::io {
namespace {

std::filesystem::path temp_path_for(const std::filesystem::path& path) {
  std::filesystem::path tmp = path;
  tmp += ".tmp." + std::to_string(::getpid());
  return tmp;
}

// Closes the descriptor, removes the temporary file and reports the error that stopped the write.
[[noreturn]] void abandon(int fd, const std::filesystem::path& tmp, const std::filesystem::path& path, int errnum) {
  if (fd >= 0) ::close(fd);
  ::unlink(tmp.c_str());
  throw OutputError(path.string(), describe_write_error(errnum));
}

}  // namespace

std::string describe_write_error(int errnum) {
  const std::string text = std::strerror(errnum);
  switch (errnum) {
    case ENOSPC: return "disk full (" + text + ")";
#ifdef EDQUOT
    case EDQUOT: return "disk quota exceeded (" + text + ")";
#endif
    case EFBIG: return "file size limit reached (" + text + ")";
    case EACCES:
    case EPERM: return "no permission to write in this folder (" + text + ")";
    case EROFS: return "the folder is on a read-only file system (" + text + ")";
    case ENOENT: return "the folder does not exist (" + text + ")";
    case ENOTDIR: return "a file is in the way of a folder on this path (" + text + ")";
    case EIO: return "input/output error on the disk (" + text + ")";
    default: return text;
  }
}

void write_file_atomic(const std::filesystem::path& path, std::string_view content) {
  const std::filesystem::path tmp = temp_path_for(path);
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) throw OutputError(path.string(), describe_write_error(errno));
  const char* data = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    const ssize_t written = ::write(fd, data, left);
    if (written < 0) {
      if (errno == EINTR) continue;
      abandon(fd, tmp, path, errno);
    }
    data += written;
    left -= static_cast<std::size_t>(written);
  }
  // A file system may report a full disk only when the data reaches it (delayed allocation,
  // quotas, network file systems): fsync and close are where that shows.
  if (::fsync(fd) != 0 && errno != EINVAL) abandon(fd, tmp, path, errno);
  if (::close(fd) != 0 && errno != EINTR) abandon(-1, tmp, path, errno);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int errnum = errno;
    ::unlink(tmp.c_str());
    throw OutputError("rename the finished file to", path.string(), describe_write_error(errnum));
  }
}

void write_file_atomic_with(const std::filesystem::path& path,
                            const std::function<void(const std::filesystem::path& temp_path)>& write_temp) {
  const std::filesystem::path tmp = temp_path_for(path);
  std::error_code ec;
  try {
    write_temp(tmp);
  } catch (const std::filesystem::filesystem_error& e) {
    std::filesystem::remove(tmp, ec);
    throw OutputError(path.string(), describe_write_error(e.code().value()));
  } catch (...) {
    std::filesystem::remove(tmp, ec);
    throw;
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int errnum = errno;
    ::unlink(tmp.c_str());
    throw OutputError("rename the finished file to", path.string(), describe_write_error(errnum));
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
  if (ec) throw OutputError("create the folder", dir.string(), describe_write_error(ec.value()));
  if (!std::filesystem::is_directory(dir, ec))
    throw OutputError("create the folder", dir.string(), "a file of that name is in the way");
}

bool remove_file(const std::filesystem::path& path) {
  if (::unlink(path.c_str()) == 0) return true;
  if (errno == ENOENT) return false;
  throw OutputError("remove", path.string(), describe_write_error(errno));
}

}  // namespace skintwin::io
